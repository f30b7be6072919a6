"""The limit for this stack: a bare Flask app answering each benchmarked address with the bytes
Organizer gave for it (read once from a manifest), a 304 when ``If-None-Match`` matches. Served by
gunicorn exactly as Organizer is: ``gunicorn "tests.benchmarks.bare_app:create('<folder>')"``."""
from __future__ import annotations

import json
from pathlib import Path

from flask import Flask, Response, request


def create(folder: str) -> Flask:
    manifest = json.loads((Path(folder) / "manifest.json").read_text())
    answers = {path: (Path(entry["file"]).read_bytes(), entry["mimetype"], entry.get("etag"))
               for path, entry in manifest.items()}
    app = Flask(__name__)

    @app.route("/<path:path>")
    def answer(path: str):
        body, mimetype, etag = answers["/" + path]
        if etag and request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(body, mimetype=mimetype, headers={"ETag": etag} if etag else {})

    return app
