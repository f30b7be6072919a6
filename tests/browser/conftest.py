"""Browser journeys: Playwright for Python driving Debian's Chromium against the app served on
loopback. In CI they must run; elsewhere, without Chromium and without root to install it, they
skip with a message saying how to enable them."""
from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _ensure_chromium() -> str | None:
    """The path of Chromium, installing Debian's package when missing and we are root."""
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, capture_output=True)
    return CHROMIUM if os.path.exists(CHROMIUM) else None


@pytest.fixture(scope="session")
def browser():
    path = _ensure_chromium()
    if path is None:
        message = ("Browser journeys need Debian's Chromium: run `sudo apt-get install -y chromium` "
                   "(or run the tests as root, which installs it), then run the tests again.")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=ARGS, headless=True)
        yield browser
        browser.close()


def _static_read_whole(app):
    """Static files read into memory before they are written: a browser that drops a connection
    in the middle of one (a cancelled favicon request) otherwise leaves werkzeug's development
    server with an unclosed file, a ResourceWarning in its thread that fails the test."""

    def serve(environ, start_response):
        result = app(environ, start_response)
        if environ.get("PATH_INFO", "").startswith("/static/") and not isinstance(result, (list, tuple)):
            try:
                return [b"".join(result)]
            finally:
                if hasattr(result, "close"):
                    result.close()
        return result

    return serve


@pytest.fixture
def live_server(app):
    """The test app served by a threaded WSGI server on 127.0.0.1; yields its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, _static_read_whole(app), threaded=True)
    app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"  # links in mail
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


class Journey:
    """One browser page with console-error capture, screenshots and an accessibility audit."""

    def __init__(self, browser, base_url: str, name: str, viewport: dict, locale: str):
        self.context = browser.new_context(viewport=viewport, locale=locale)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.errors: list[str] = []
        self.audited: list[str] = []
        self.folder = SCREENSHOTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):  # the folder shows this run only
            old.unlink()
        self.shots = 0
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"{self.page.url}: {msg.text}"))
        self.page.on("pageerror", lambda exc: self.errors.append(f"{self.page.url}: {exc}"))

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status < 400, (path, response and response.status)
        return response

    def screenshot(self, label: str) -> Path:
        self.shots += 1
        path = self.folder / f"{self.shots:02d}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def audit(self) -> None:
        """axe-core on the current page: no serious or critical violation."""
        self.page.evaluate(AXE.read_text())
        result = self.page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
              .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
        }""")
        self.audited.append(self.page.url)
        assert result == [], f"{self.page.url}: {result}"

    def visit(self, path: str, label: str) -> None:
        self.goto(path)
        self.check(label)

    def check(self, label: str) -> None:
        """Screenshot and audit the page the browser is on."""
        self.screenshot(label)
        self.audit()

    def close(self) -> None:
        self.context.close()
        assert self.errors == [], f"browser console errors: {self.errors}"


@pytest.fixture
def journey(browser, live_server, request):
    journeys = []

    def _start(name: str, *, phone: bool = False, locale: str = "en-US") -> Journey:
        j = Journey(browser, live_server, name, PHONE if phone else DESKTOP, locale)
        journeys.append(j)
        return j

    yield _start
    for j in journeys:
        j.close()
