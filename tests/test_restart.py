"""A server killed (SIGKILL, no clean shutdown) in the middle of a registration loses nothing already
saved: a new process on the same database shows the draft and its member, and the lead carries on."""
from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from organizer.extensions import db
from organizer.i18n.translated import TranslatedText

from .conftest import PASSWORD, ROOT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A stdlib HTTP client with cookies that does not follow redirects."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  NoRedirect())

    def request(self, path: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=10) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, dict(error.headers), error.read().decode()


def _start(env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "organizer", "run", "--port", str(port),
                                "--no-reload", "--no-debugger"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise AssertionError("the server did not start in 15 s")


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


@pytest.mark.backends("sqlite")
def test_a_killed_server_loses_nothing_saved_and_the_lead_carries_on(app, backend, database_url, make_user, tmp_path):
    from organizer.convenings.models import Convening
    from organizer.delegations.models import RegistrationSettings

    lead = make_user("lupita@example.org", language="es")
    with app.app_context():
        convening = Convening(slug="encuentro", kind="trinational", status="registration_open",
                              title=TranslatedText(en="Convening", es="Encuentro"),
                              city=TranslatedText(en="Mexico City", es="Ciudad de México"),
                              timezone="America/Mexico_City")
        db.session.add(convening)
        db.session.flush()
        db.session.add(RegistrationSettings(convening_id=convening.id, capacity=10, review_required=False,
                                            questions={"organization": "off", "country": "required"}))
        db.session.commit()
        db.engine.dispose()
    assert lead

    env = {key: value for key, value in os.environ.items() if not key.startswith(("ORGANIZER_", "FLASK_"))}
    env.update({"PYTHONPATH": str(ROOT), "ORGANIZER_ENV": "testing", "ORGANIZER_DATABASE_URL": database_url,
                "ORGANIZER_SECRET_KEY": "restart-test-secret-0123456789abcdef",
                "ORGANIZER_WTF_CSRF_ENABLED": "false", "ORGANIZER_MAIL_SEND_IMMEDIATELY": "false",
                "ORGANIZER_INSTANCE_PATH": str(tmp_path / "server-instance")})
    port = _free_port()
    processes = []
    try:
        processes.append(_start(env, port))
        browser = Browser(f"http://127.0.0.1:{port}")
        status, headers, _ = browser.request("/es/account/login", {"email": "lupita@example.org", "password": PASSWORD})
        assert status == 302, status
        status, headers, page = browser.request("/es/registration/encuentro/", {
            "name-es": "Delegación magisterial", "new_org_name": "Colectivo de Maestras", "new_org_country": "MX",
            "new_org_kind": "union"})
        assert status == 302, page
        delegation_path = urllib.parse.urlparse(headers["Location"]).path
        delegation_id = int(re.search(r"/registration/d/(\d+)/", delegation_path).group(1))
        status, _, page = browser.request(f"/es/registration/d/{delegation_id}/members/new",
                                          {"name": "Rosa Martínez", "country": "MX"})
        assert status == 302, page

        # The power goes: no clean shutdown.
        _kill(processes[-1])
        processes.append(_start(env, port))

        browser = Browser(f"http://127.0.0.1:{port}")  # the old session cookie is gone too
        status, _, _ = browser.request(f"/es/registration/d/{delegation_id}/")
        assert status in (302, 401, 403, 404)
        status, _, _ = browser.request("/es/account/login", {"email": "lupita@example.org", "password": PASSWORD})
        assert status == 302
        status, headers, _ = browser.request("/es/registration/encuentro/")
        assert status == 302 and urllib.parse.urlparse(headers["Location"]).path == delegation_path
        status, _, page = browser.request(delegation_path)
        assert status == 200 and "Delegación magisterial" in page and "Rosa Martínez" in page

        status, _, page = browser.request(f"/es/registration/d/{delegation_id}/members/new",
                                          {"name": "Beto Ruiz", "country": "MX"})
        assert status == 302, page
        status, _, page = browser.request(f"/es/registration/d/{delegation_id}/submit", {})
        assert status == 302, page
    finally:
        for process in processes:
            _kill(process)

    from organizer.delegations.models import CONFIRMED, Delegation, DelegationMember

    with app.app_context():
        delegation = db.session.get(Delegation, delegation_id)
        members = db.session.execute(db.select(DelegationMember.name, DelegationMember.status)
                                     .where(DelegationMember.delegation_id == delegation_id)
                                     .order_by(DelegationMember.id)).all()
        assert delegation.status == CONFIRMED and delegation.lead_user_id == lead
        assert [tuple(m) for m in members] == [("Rosa Martínez", CONFIRMED), ("Beto Ruiz", CONFIRMED)]
        db.engine.dispose()
