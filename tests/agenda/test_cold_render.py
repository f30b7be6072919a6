"""The public agenda's cards are written in Python with per-render memos (issue 18: cold renders).
What is remembered must never cross languages, readers or releases."""
from __future__ import annotations

import html
import re

from organizer.agenda.view import Agenda

from .conftest import local
from .test_public import _agenda


def _cards(page: str) -> list[str]:
    return re.findall(r'<article class="agenda-session[^"]*" id="s-[^"]+">(.*?)</article>', page, re.S)


def test_each_language_gets_its_own_cards(client, world, add_session, do_release):
    _agenda(world, add_session, do_release)
    pages = {lang: client.get(f"/{lang}/convenings/la-2013/agenda/").get_data(as_text=True)
             for lang in ("en", "es", "fr", "es")}
    en, es, fr = (html.unescape(" ".join(_cards(pages[lang]))) for lang in ("en", "es", "fr"))
    assert "Panel" in en and "Spanish" in en and "Interpretation: English" in en and "(FAT)" in en
    assert "Interpretación: inglés" in es and "Español" in es and "Minería" in es and ">Mining<" not in es
    assert "Interprétation" in fr and "anglais" in fr
    assert "/es/convenings/la-2013/agenda/" in " ".join(_cards(pages["es"]))
    assert "/en/convenings/la-2013/agenda/" not in " ".join(_cards(pages["es"]))


def test_card_content_is_escaped(client, world, add_session, do_release):
    add_session("<script>alert(1)</script> & co", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10),
                room=world.hall)
    do_release()
    page = client.get("/en/convenings/la-2013/agenda/").get_data(as_text=True)
    card = _cards(page)[0]
    assert "<script>" not in card and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in card


def test_a_new_release_is_never_served_from_the_remembered_agenda(client, world, add_session, do_release):
    add_session("First title", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), room=world.hall)
    do_release("v1")
    assert "First title" in client.get("/en/convenings/la-2013/agenda/").get_data(as_text=True)
    add_session("Second session", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12), room=world.hall)
    do_release("v2")
    page = client.get("/en/convenings/la-2013/agenda/").get_data(as_text=True)
    assert "Second session" in page and "First title" in page
    assert "Second session" not in client.get("/en/convenings/la-2013/agenda/v/1/").get_data(as_text=True)
    assert len(Agenda._released) <= Agenda.KEEP_RELEASES
