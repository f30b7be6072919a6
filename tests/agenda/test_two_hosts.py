"""Issue 18: two app hosts (two separate gunicorn servers, two workers each, instance folders of
their own) on one PostgreSQL and one Redis behave as one site: a release made through one host
shows at once on the other, and the log-in limiter counts the attempts made on both.

Skipped when no Redis answers at ORGANIZER_TEST_REDIS_URL (default redis://127.0.0.1:6379/0)."""
from __future__ import annotations

import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from ..conftest import PASSWORD
from .conftest import local

REDIS_URL = os.environ.get("ORGANIZER_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
ROOT = Path(__file__).resolve().parents[2]
AGENDA = "/en/convenings/la-2013/agenda/"


def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Host:
    """One app host: a gunicorn server of its own."""

    def __init__(self, env: dict, folder: Path):
        self.port = _free_port()
        folder.mkdir(parents=True, exist_ok=True)
        self.log = open(folder / "gunicorn.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--graceful-timeout", "2", "--bind", f"127.0.0.1:{self.port}",
             "organizer:create_app()"],
            cwd=ROOT, env={**env, "ORGANIZER_INSTANCE_PATH": str(folder), "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL, stderr=self.log)
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies),
                                                  _NoRedirect())

    def wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.get("/en/")
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise AssertionError("the app server did not start")

    def request(self, path: str, data: dict | None = None, anonymous: bool = False):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=body)
        opener = urllib.request.build_opener(_NoRedirect()) if anonymous else self.opener
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def get(self, path: str):
        return self.request(path, anonymous=True)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)  # quick shutdown: workers stop now
        self.process.wait(timeout=30)
        self.log.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.backends("postgresql")
def test_two_hosts_on_one_database_and_one_redis(app, world, add_session, do_release, database_url, tmp_path):
    if not redis_available():
        pytest.skip(f"no Redis at {REDIS_URL}")
    env = {**os.environ, "ORGANIZER_ENV": "testing", "ORGANIZER_DATABASE_URL": database_url,
           "ORGANIZER_SECRET_KEY": "two-hosts-secret-0123456789abcdef", "ORGANIZER_PUBLIC_BASE_URL": "http://localhost",
           "ORGANIZER_CACHE_URL": REDIS_URL, "ORGANIZER_CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex}:",
           "ORGANIZER_WTF_CSRF_ENABLED": "false", "ORGANIZER_RENDER_AHEAD": "off",
           "ORGANIZER_MAIL_SEND_IMMEDIATELY": "false", "ORGANIZER_SMTP_PORT": "9"}
    add_session("First session", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10))
    do_release("v1")
    hosts = [Host(env, tmp_path / "host-a"), Host(env, tmp_path / "host-b")]
    try:
        for host in hosts:
            host.wait()
        for host in hosts:
            for _ in range(3):  # every worker of both hosts has the page cached
                status, page = host.get(AGENDA)
                assert status == 200 and "First session" in page

        # an organizer releases through host A; host B shows it at once
        a, b = hosts
        status, _page = a.request("/en/account/login", {"email": "organizer@example.org", "password": PASSWORD})
        assert status == 302
        add_session("Second session", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12))
        status, _page = a.request(AGENDA + "manage/release", {
            "name-en": "Second", "name-es": "Segunda", "despite_warnings": "y"})
        assert status == 302
        for _ in range(4):
            status, page = b.get(AGENDA)
            assert status == 200 and "Second session" in page
            assert "Second session" in b.get(AGENDA + "agenda.ics")[1]

        # the log-in limiter is one system: failures on both hosts add up
        limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
        answers = []
        for attempt in range(limit + 1):
            host = hosts[attempt % 2]
            answers.append(host.request("/en/account/login", {"email": "visitor@example.org", "password": "wrong"},
                                        anonymous=True)[0])
        assert answers[:limit] == [200] * limit and answers[limit] == 429
    finally:
        for host in hosts:
            host.stop()
