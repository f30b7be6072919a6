"""Foundation pages: how fast the layout renders (home, login form) in both languages."""
from __future__ import annotations

from .common import fresh_app, time_requests


def run(quick: bool = False) -> list[tuple[str, str, str]]:
    n = 50 if quick else 300
    rows = []
    with fresh_app() as app:
        client = app.test_client()
        for path in ("/en/", "/es/", "/es/account/login"):
            stats = time_requests(client, path, n)
            rows.append((f"page {path}", "requests/s (1 client)", f"{stats['rps']:.0f}"))
            rows.append((f"page {path}", "median / p95 ms", f"{stats['median_ms']:.2f} / {stats['p95_ms']:.2f}"))
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
