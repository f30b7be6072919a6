"""Journey: an organization shows a convening's agenda on its own website. The share page gives the
snippets; a page served from another port (another origin) shows the agenda with the script-free
iframe and with the script variant (which fits the frame to the agenda's height), on a desktop and
on a phone; the regular agenda page refuses to be framed there."""
from __future__ import annotations

import html
import threading
from datetime import date, datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from organizer.extensions import db
from organizer.i18n.translated import TranslatedText

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]

SLUG = "cdmx-2027"


@pytest.fixture
def released(app):
    from organizer.agenda import services
    from organizer.agenda.models import EXACT, Room
    from organizer.convenings.models import Convening
    from organizer.organizations.models import Organization, Person

    with app.app_context():
        conv = Convening(slug=SLUG, title=TranslatedText(en="Trinational Encounter", es="Encuentro Trinacional"),
                         kind="trinational", timezone="America/Mexico_City", status="published",
                         start_date=date(2027, 3, 15), end_date=date(2027, 3, 16))
        hall = Room(name=TranslatedText(en="Main hall", es="Salón principal"), position=1, availabilities=[])
        fat = Organization(slug="fat", name=TranslatedText(en="Authentic Labor Front", es="Frente Auténtico del Trabajo"),
                           acronym=TranslatedText(en="FAT"), country="MX", kind="federation")
        ana = Person(slug="ana-lopez", name="Ana López", is_public=True)
        db.session.add_all([conv, fat, ana])
        db.session.flush()
        hall.convening_id = conv.id
        db.session.add(hall)
        db.session.flush()
        for i, (en, es) in enumerate([("Opening plenary", "Plenaria de apertura"), ("Mining forum", "Foro minero"),
                                      ("Women organizing", "Mujeres organizando"), ("Closing", "Clausura")]):
            services.create_session(conv, services.SessionData(
                title=TranslatedText(en=en, es=es), description=None, kind="plenary", precision=EXACT,
                start=datetime(2027, 3, 15, 15 + i, tzinfo=timezone.utc),
                end=datetime(2027, 3, 15, 16 + i, tzinfo=timezone.utc), day=None, room_id=hall.id, track_id=None,
                languages=["es"], interpretation_mode="simultaneous", interpretation_into=["en", "fr"],
                interpretation_channel="2", parallel_allowed=True, people=[(ana.id, fat.id, "speaker")]))
        services.release(conv, TranslatedText(en="First", es="Primera"), None, None)
        db.session.commit()


@pytest.fixture
def other_site():
    """A website on another port (another origin): ``pages[path] = html`` serves a page."""
    pages: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server API)
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write((body or "not found").encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", pages
    finally:
        server.shutdown()
        server.server_close()


def host_page(title: str, snippet: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{title}</title><link rel="icon" href="data:,"></head><body>'
            f'<main><h1>{title}</h1><div style="max-width:700px;margin:auto">{snippet}</div></main></body></html>')


def test_the_agenda_shows_on_another_website(browser, live_server, released, journey, other_site):
    site, pages = other_site
    assert site != live_server
    j = journey("agenda-embed")
    page = j.page
    # 1. The share page: choose Spanish, get both snippets.
    j.visit(f"/en/convenings/{SLUG}/agenda/", "agenda")
    page.get_by_role("link", name="Show this agenda on your website").click()
    page.get_by_label("Language of the agenda").select_option("es")
    page.get_by_role("button", name="Update the snippets").click()
    j.check("share")
    frame_snippet = page.locator("#code-frame").input_value()
    script_snippet = page.locator("#code-script").input_value()
    assert f"{live_server}/es/convenings/{SLUG}/agenda/embed" in frame_snippet and "<script" not in frame_snippet
    assert "agenda-embed.js" in script_snippet
    # 2. The embed itself is accessible, with the site's colors too; so is the API's page.
    j.visit(f"/es/convenings/{SLUG}/agenda/embed", "embed-es")
    j.visit(f"/en/convenings/{SLUG}/agenda/embed?accent=%237a1f5c&background=%23fffbe6", "embed-colors")
    assert page.locator("h2").first.evaluate("e => getComputedStyle(e).borderBottomColor") == "rgb(122, 31, 92)"
    j.visit("/en/api/", "api-docs")
    j.visit("/es/api/", "api-docs-es")
    # 3. The iframe on the other site, in Spanish, as wide as the site's column.
    pages["/frame.html"] = host_page("Our union", html.unescape(frame_snippet))
    page.goto(f"{site}/frame.html")
    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("link", name="Plenaria de apertura")).to_be_visible()
    expect(frame.get_by_text("Salón principal").first).to_be_visible()
    width = page.locator("iframe").evaluate("f => f.getBoundingClientRect().width")
    assert 690 <= width <= 710, width  # the column (700 px) and the default frame border
    j.screenshot("other-site-iframe")
    # 4. The script variant fits the frame to the agenda.
    pages["/script.html"] = host_page("Our union", html.unescape(script_snippet))
    page.goto(f"{site}/script.html")
    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("link", name="Clausura")).to_be_visible()
    page.wait_for_function("() => document.querySelector('iframe').style.height !== ''")
    inner = frame.locator("html").evaluate("e => Math.ceil(e.getBoundingClientRect().height)")
    outer = page.locator("iframe").evaluate("f => f.getBoundingClientRect().height")
    assert abs(inner - outer) <= 2, (inner, outer)
    j.screenshot("other-site-script")
    # 5. On a phone the agenda follows the narrow column without sideways scrolling.
    phone = journey("agenda-embed-phone", phone=True)
    phone.page.goto(f"{site}/script.html")
    inside = phone.page.frame_locator("iframe")
    expect(inside.get_by_role("link", name="Plenaria de apertura")).to_be_visible()
    assert inside.locator("html").evaluate("e => e.scrollWidth <= e.clientWidth")
    phone.screenshot("other-site-phone")
    # 6. Any other page of the site refuses to be framed there.
    pages["/steal.html"] = host_page("Framing", f'<iframe src="{live_server}/es/convenings/{SLUG}/agenda/" '
                                                f'title="x"></iframe>')
    context = browser.new_context()
    try:
        other = context.new_page()
        other.goto(f"{site}/steal.html")
        other.wait_for_timeout(1000)
        child = other.frames[1] if len(other.frames) > 1 else None
        assert child is None or "Plenaria de apertura" not in (child.content() if child.url.startswith("http") else "")
    finally:
        context.close()
