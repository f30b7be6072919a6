"""Public pages and exports over real HTTP (issue 18): Organizer served by gunicorn (2 sync
workers) against a bare Flask app served the same way and answering the same addresses with the
same bytes, loaded by wrk at 1 and 16 connections in interleaved rounds (best of each), on SQLite
and, with ORGANIZER_TEST_DATABASE_URL, on PostgreSQL (shared cache in files; with Redis too when
ORGANIZER_BENCH_REDIS_URL or a local Redis answers). Also: cold renders of the agenda at 30, 300 and
1,000 sessions, and the workers' memory idle and after the load.

    python -m tests.benchmarks bench_http      (make benchmark runs it with the others)

Needs wrk: installed with apt-get when missing and possible, else the benchmark says it skipped.
Prints figures, asserts nothing about time.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

from .common import PG_URL

ROOT = Path(__file__).resolve().parents[2]
SECRET = "bench-secret-key-0123456789abcdef"
RANDOM_QUERY = """
request = function()
  return wrk.format(nil, wrk.path .. "?utm_source=" .. math.random(1, 1000000000) .. "&fbclid=" .. math.random(1, 1000000000))
end
"""


# ------------------------------------------------------------------------------ tools

def _wrk() -> str | None:
    if shutil.which("wrk") is None and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
    return shutil.which("wrk")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, app: str, env: dict, log: Path):
        self.port = _port()
        self.log = open(log, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--graceful-timeout", "2",
             "--bind", f"127.0.0.1:{self.port}", app],
            cwd=ROOT, env={**os.environ, **env, "PYTHONPATH": str(ROOT)}, stdout=self.log, stderr=self.log)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError as error:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"server did not start; see {log}") from error
                time.sleep(0.2)

    def get(self, path: str, headers: dict | None = None):
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers

    def worker_rss(self) -> list[int]:
        """Resident memory of each worker, in KiB."""
        out = subprocess.run(["ps", "-o", "rss=", "--ppid", str(self.process.pid)], capture_output=True, text=True)
        return [int(x) for x in out.stdout.split()]

    def settled_rss(self, workers: int = 2) -> list[int]:
        """The workers' memory once they have all booted (the app imported) and stopped growing."""
        before = self.worker_rss()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.worker_rss()
            if len(now) == workers and now == before:
                break
            before = now
        return before

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def _rate(wrk: str, url: str, connections: int, seconds: float, headers: dict, script: Path | None) -> float:
    command = [wrk, f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run(command + [url], capture_output=True, text=True).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(found.group(1)) if found else 0.0


# ------------------------------------------------------------------------------ data

def _declaration(app, clauses: int = 60) -> str:
    from organizer.accounts.models import User
    from organizer.convenings.models import Convening
    from organizer.declarations import services
    from organizer.declarations.models import Clause, Signatory
    from organizer.extensions import db
    from organizer.i18n.translated import TranslatedText as T
    from organizer.organizations.models import Organization

    with app.test_request_context("/en/"):
        user = User(email="c@example.org", name="Committee", password_hash="x", preferred_language="en")
        db.session.add(user)
        convening = db.session.scalar(db.select(Convening).where(Convening.slug == "bench"))
        declaration = services.create_declaration(convening, T(en="Declaration", es="Declaración"), user)
        words = "workers across three countries demand dignified wages safe workplaces and free unions ".split()
        db.session.add_all([Clause(declaration_id=declaration.id, position=i, kind="demand", original_language="en",
                                   text=T(en=" ".join(words[(i + k) % len(words)] for k in range(40)),
                                          es=f"Exigencia número {i}"), translation={"en": "reviewed", "es": "reviewed"})
                            for i in range(clauses)])
        for i in range(clauses):
            org = db.session.get(Organization, i + 1)
            if org is None:
                break
            db.session.add(Signatory(declaration_id=declaration.id, organization_id=org.id, country=org.country,
                                     authorized_by="A", contact_email="a@example.org", status="verified",
                                     withdraw_token_hash=f"{i:064d}"))
        declaration.status = "adopted"
        declaration.adopted_on = date(2030, 5, 1)
        declaration.method = "vote"
        declaration.votes_for, declaration.votes_against, declaration.votes_abstain = 10, 1, 0
        db.session.commit()
        return declaration.slug


def _database(backend: str, tmp: Path) -> tuple[str, str | None, str | None]:
    if backend == "sqlite":
        return f"sqlite:///{tmp}/bench.sqlite", None, None
    import psycopg
    from sqlalchemy.engine import make_url

    from organizer.config import normalize_database_url

    base = make_url(normalize_database_url(PG_URL))
    name = f"organizer_bench_{os.getpid()}_{int(time.time())}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.set(database=name).render_as_string(hide_password=False), admin, name


def _drop(admin: str | None, name: str | None) -> None:
    if admin and name:
        import psycopg

        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _build(url: str, tmp: Path, sessions: int = 300) -> tuple[str, str]:
    from organizer import create_app
    from organizer.extensions import db

    from . import bench_agenda

    app = create_app({"ENV": "testing", "TESTING": False, "SECRET_KEY": SECRET, "DATABASE_URL": url,
                      "INSTANCE_PATH": str(tmp / "build"), "RENDER_AHEAD": "off", "PUBLIC_BASE_URL": "http://127.0.0.1"})
    bench_agenda.SESSIONS = sessions
    agenda = bench_agenda._build(app)
    declaration = _declaration(app)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return agenda, declaration


# ------------------------------------------------------------------------------ the runs

def _pages(agenda: str, declaration: str) -> list[tuple[str, str]]:
    convening = agenda.removesuffix("agenda/")
    slug = convening.rstrip("/").rsplit("/", 1)[-1]
    return [("agenda page (300 sessions)", agenda), ("convening page", convening),
            ("directory", "/es/organizations/"), ("search", "/es/search/?q=sindicato"),
            ("agenda.ics", agenda + "agenda.ics"), ("agenda.json", agenda + "agenda.json"),
            ("schedule.xml", agenda + "schedule.xml"), ("declaration page", f"/es/declarations/{declaration}"),
            ("declaration PDF", f"/es/declarations/{declaration}.pdf"),
            ("API: latest agenda", f"/api/v1/convenings/{slug}/agendas/latest"),
            ("API: organizations", "/api/v1/organizations")]


def _compare(backend: str, cache: str, quick: bool, wrk: str) -> list[tuple[str, str, str]]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-http-"))
    url, admin, name = _database(backend, tmp)
    rows: list[tuple[str, str, str]] = []
    servers: list[Server] = []
    try:
        agenda, declaration = _build(url, tmp)
        env = {"ORGANIZER_ENV": "production", "ORGANIZER_SECRET_KEY": SECRET, "ORGANIZER_DATABASE_URL": url,
               "ORGANIZER_PUBLIC_BASE_URL": "http://127.0.0.1", "ORGANIZER_INSTANCE_PATH": str(tmp / "instance"),
               "ORGANIZER_RENDER_AHEAD": "off", "ORGANIZER_RENDER_AHEAD_INTERVAL": "0"}
        if cache != "files":
            env.update({"ORGANIZER_CACHE_URL": cache, "ORGANIZER_CACHE_KEY_PREFIX": f"bench-{tmp.name}:"})
        organizer = Server("organizer:create_app()", env, tmp / "organizer.log")
        servers.append(organizer)
        idle = organizer.settled_rss()  # before any request
        manifest, pages = {}, []
        (tmp / "bodies").mkdir()
        for label, path in _pages(agenda, declaration):
            status, body, headers = organizer.get(path)
            if status != 200:
                rows.append((label, f"{backend}: skipped", f"HTTP {status}"))
                continue
            organizer.get(path)
            bare_path = path  # the bare app answers by path, whatever the query string
            file = tmp / "bodies" / f"{len(manifest)}"
            file.write_bytes(body)
            manifest[path.split("?")[0]] = {"file": str(file), "mimetype": headers.get_content_type(),
                                                 "etag": headers.get("ETag")}
            pages.append((label, path, bare_path, {}, None, len(body)))
        etag = manifest[agenda]["etag"]
        script = tmp / "random.lua"
        script.write_text(RANDOM_QUERY)
        pages.insert(1, ("agenda page, random ?utm_source&fbclid", agenda, agenda, {}, script, pages[0][5]))
        pages.insert(2, ("agenda page, 304 (If-None-Match)", agenda, agenda, {"If-None-Match": etag}, None, 0))
        (tmp / "manifest.json").write_text(json.dumps(manifest))
        bare = Server(f"tests.benchmarks.bare_app:create('{tmp}')", {}, tmp / "bare.log")
        servers.append(bare)
        for *_rest, bare_path, _h, _s, _n in pages:
            bare.get(bare_path)
        seconds = 1 if quick else 2
        rounds = 1 if quick else 2
        for label, path, bare_path, headers, lua, size in pages:
            cells = []
            for connections in (1, 16):
                best_o = best_b = 0.0
                for _ in range(rounds):
                    best_o = max(best_o, _rate(wrk, organizer.base + path, connections, seconds, headers, lua))
                    best_b = max(best_b, _rate(wrk, bare.base + bare_path, connections, seconds, headers, lua))
                cells.append(f"{best_o:.0f} / {best_b:.0f} ({best_o / best_b:.2f})" if best_b else "n/a")
            rows.append((f"{label}, {size / 1024:.0f} KiB" if size else label,
                         f"{backend} + {'files' if cache == 'files' else 'Redis'}: req/s Organizer / bare (ratio), 1 | 16 conn",
                         " | ".join(cells)))
        after = organizer.worker_rss()
        rows.append(("gunicorn worker memory", f"{backend} + {'files' if cache == 'files' else 'Redis'}: RSS before any request → after the load",
                     ", ".join(f"{a / 1024:.0f} → {b / 1024:.0f} MiB ({(b - a) / a:+.0%})" for a, b in zip(idle, after))))
    finally:
        for server in servers:
            server.stop()
        _drop(admin, name)
        shutil.rmtree(tmp, ignore_errors=True)
    return rows


def _memory(quick: bool, wrk: str, ahead: bool) -> tuple[str, str, str]:
    """Workers' memory before any request and after a load on a 1,000-session agenda (its page and
    exports in every language), rendered ahead by another process (``flask organizer render-ahead``,
    as the mail worker does after a release) or by the workers themselves."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    server = None
    try:
        agenda, _declaration = _build(f"sqlite:///{tmp}/bench.sqlite", tmp, sessions=300 if quick else 1000)
        env = {"ORGANIZER_ENV": "production", "ORGANIZER_SECRET_KEY": SECRET,
               "ORGANIZER_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite", "ORGANIZER_PUBLIC_BASE_URL": "http://127.0.0.1",
               "ORGANIZER_INSTANCE_PATH": str(tmp / "instance"), "ORGANIZER_RENDER_AHEAD": "off",
               "ORGANIZER_RENDER_AHEAD_INTERVAL": "0"}
        if ahead:
            subprocess.run([sys.executable, "-m", "flask", "--app", "organizer", "organizer", "render-ahead"], cwd=ROOT,
                           env={**os.environ, **env, "PYTHONPATH": str(ROOT)}, check=True, capture_output=True)
        server = Server("organizer:create_app()", env, tmp / "organizer.log")
        idle = server.settled_rss()
        for lang in ("en", "es", "fr"):
            base = agenda.replace("/en/", f"/{lang}/", 1)
            for path in (base, base + "agenda.ics", base + "agenda.json", base + "schedule.xml"):
                for _ in range(4):  # both workers render it
                    server.get(path)
                _rate(wrk, server.base + path, 16, 1, {}, None)
        after = server.worker_rss()
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    sessions = 300 if quick else 1000
    how = "rendered ahead by another process" if ahead else "rendered by the workers"
    return ("gunicorn worker memory", f"{sessions}-session agenda {how}: RSS before any request → after the load",
            ", ".join(f"{a / 1024:.0f} → {b / 1024:.0f} MiB ({(b - a) / a:+.0%})" for a, b in zip(idle, after)))


def _cold_renders(quick: bool) -> list[tuple[str, str, str]]:
    """The agenda page rendered with nothing cached, in process (median of 3), by agenda size."""
    from organizer import create_app
    from organizer.extensions import db
    from organizer.platform import http_cache

    from . import bench_agenda

    cells = []
    for sessions in ((30, 300) if quick else (30, 300, 1000)):
        tmp = Path(tempfile.mkdtemp(prefix="bench-cold-"))
        app = create_app({"ENV": "testing", "TESTING": False, "SECRET_KEY": SECRET,
                          "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite", "INSTANCE_PATH": str(tmp / "instance"),
                          "RENDER_AHEAD": "off", "PUBLIC_BASE_URL": "http://localhost"})
        bench_agenda.SESSIONS = sessions
        url = bench_agenda._build(app)
        client = app.test_client()
        client.get(url)
        times = []
        for _ in range(3):
            with app.app_context():
                http_cache.backend(app).clear()
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append(time.perf_counter() - started)
        cells.append(f"{sessions}: {statistics.median(times) * 1000:.0f} ms")
        with app.app_context():
            db.engine.dispose()
        shutil.rmtree(tmp, ignore_errors=True)
    bench_agenda.SESSIONS = 300
    return [("agenda page, cold render (nothing cached)", "sessions: median of 3, in process", "; ".join(cells))]


def _redis() -> str | None:
    url = os.environ.get("ORGANIZER_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        import redis

        return url if redis.Redis.from_url(url, socket_connect_timeout=0.5).ping() else None
    except Exception:
        return None


def run(quick: bool = False) -> list[tuple[str, str, str]]:
    rows = _cold_renders(quick)
    wrk = _wrk()
    if wrk is None:
        return rows + [("HTTP comparison", "skipped", "wrk is not installed (apt-get install wrk)")]
    runs = [("sqlite", "files")]
    if PG_URL:
        runs.append(("postgresql", "files"))
        if _redis():
            runs.append(("postgresql", _redis()))
    for backend, cache in runs:
        rows += _compare(backend, cache, quick, wrk)
    return rows + [_memory(quick, wrk, ahead=True), _memory(quick, wrk, ahead=False)]


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(" | ".join(row))
