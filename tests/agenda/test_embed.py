"""The embeddable agenda: no site chrome, the requested language, validated colors, and the frame
headers that let any site show it, for it alone."""
from __future__ import annotations

import pytest

from organizer.agenda.views.embed import colors, contrast

from .conftest import local

EMBED = "/{lang}/convenings/la-2013/agenda/embed"


@pytest.fixture
def released(world, add_session, do_release):
    add_session("Political context", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), room=world.hall,
                people=[(world.ana, world.fat, "speaker")])
    add_session("Mining forum", start=local(2013, 12, 3, 9), end=local(2013, 12, 3, 10), room=world.room_b)
    do_release()


def test_the_embed_is_the_released_agenda_without_the_site_around_it(client, released):
    response = client.get(EMBED.format(lang="es"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'lang="es"' in html and "Political context (es)" in html
    assert "Salón principal" in html and "Ana López" in html
    assert "site-header" not in html and "pico" not in html and "<nav" not in html and "<form" not in html
    assert 'target="_blank" rel="noopener"' in html
    assert "Set-Cookie" not in response.headers  # shown inside another site: never changes the reader's language
    english = client.get(EMBED.format(lang="en")).get_data(as_text=True)
    assert "Political context" in english and "Main hall" in english


def test_only_the_embed_may_be_framed(client, released):
    embed = client.get(EMBED.format(lang="en"))
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers
    assert "default-src 'self'" in embed.headers["Content-Security-Policy"]  # nothing else is loosened
    for url in ("/en/convenings/la-2013/agenda/", "/en/convenings/la-2013/agenda/share", "/en/",
                "/en/convenings/la-2013/agenda/embed/theme.css", "/api/v1/"):
        response = client.get(url)
        assert response.headers["X-Frame-Options"] == "DENY", url
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], url


def test_colors_are_validated():
    assert colors({"accent": "#B00020", "background": "fff", "text": "000000"}) == {"accent": "b00020",
                                                                                    "text": "000000"}
    assert colors({"accent": "red", "background": "url(x)", "text": "#12345g"}) == {}
    assert colors({"accent": "ffff00"}) == {}  # yellow on white cannot be read
    assert colors({"background": "000000", "text": "ffffff", "accent": "66ccff"}) == {
        "background": "000000", "text": "ffffff", "accent": "66ccff"}
    assert colors({"background": "000000"}) == {}  # the default text would vanish on it
    assert contrast("000000", "ffffff") == pytest.approx(21)


def test_colors_come_as_a_stylesheet(client, released):
    html = client.get(EMBED.format(lang="en") + "?accent=%23b00020&text=javascript:alert(1)").get_data(as_text=True)
    assert "/embed/theme.css?accent=b00020" in html and "javascript" not in html
    css = client.get("/en/convenings/la-2013/agenda/embed/theme.css?accent=b00020&background=%3C/style%3E")
    assert css.mimetype == "text/css"
    assert "--embed-accent:#b00020" in css.get_data(as_text=True) and "<" not in css.get_data(as_text=True)
    plain = client.get(EMBED.format(lang="en")).get_data(as_text=True)
    assert "theme.css" not in plain


def test_the_share_page_gives_both_snippets(client, released):
    page = client.get("/fr/convenings/la-2013/agenda/share?language=es&accent=%23b00020")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '&lt;iframe src="http://localhost/es/convenings/la-2013/agenda/embed?accent=b00020"' in html
    assert 'data-organizer-agenda="http://localhost/es/convenings/la-2013/agenda/embed?accent=b00020"' in html
    assert "/static/agenda-embed.js" in html
    assert "<script" not in html.split("<footer")[0].split("</head>")[1]  # the page itself runs nothing
    assert client.get("/en/convenings/la-2013/agenda/share?language=xx").status_code == 200
    public = client.get("/en/convenings/la-2013/agenda/").get_data(as_text=True)
    assert "/en/convenings/la-2013/agenda/share" in public


def test_unreleased_and_hidden_agendas(client, world):
    assert client.get(EMBED.format(lang="en")).status_code == 200  # says it is not released yet
    assert "not been released" in client.get(EMBED.format(lang="en")).get_data(as_text=True)
    assert client.get("/en/convenings/secret/agenda/embed").status_code == 404


def test_the_embed_page_is_small(app, client, world, count_queries):
    """Figures for the report: bytes of the embed page (3 and 300 sessions) and its query count."""
    from pathlib import Path

    from .test_queries import build

    static = Path(app.static_folder)
    extra = (static / "agenda-embed.css").stat().st_size + (static / "agenda-embed-frame.js").stat().st_size
    build(app, world, 300, 500)
    with count_queries() as queries:
        body = client.get(EMBED.format(lang="en")).get_data()
    cached = client.get(EMBED.format(lang="en")).get_data()
    assert cached == body
    import gzip

    print(f"\nembed page, 300 sessions: {len(body)} bytes ({len(gzip.compress(body))} gzipped), {len(queries)} queries "
          f"(+ {extra} bytes of CSS and script, cached by the browser)")
