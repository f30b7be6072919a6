"""A separate worker process for test_releases: reads paths on stdin, answers with the page's
marker check and its shared-cache hit count, as one gunicorn worker would serve them."""
from __future__ import annotations

import json
import sys


def main() -> None:
    config = json.loads(sys.argv[1])
    from organizer import create_app
    from organizer.platform import http_cache

    app = create_app(config)
    client = app.test_client()
    print("ready", flush=True)
    for line in sys.stdin:
        path, marker = line.rstrip("\n").split("\t")
        body = client.get(path).get_data(as_text=True)
        print(json.dumps({"found": marker in body, "hits": http_cache.stats(app).hits}), flush=True)


if __name__ == "__main__":
    main()
