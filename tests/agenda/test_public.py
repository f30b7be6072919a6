"""The public agenda: filters, the session page, the printable view, the block on the convening page."""
from __future__ import annotations

import html
import re
from datetime import date

from flask import render_template

from organizer.platform import signals
from organizer.agenda.models import Session
from organizer.convenings.models import Convening
from organizer.extensions import db

from .conftest import local

PUBLIC = "/en/convenings/la-2013/agenda"


def _text(response):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))).replace(" ,", ",")


def _agenda(world, add_session, do_release):
    add_session("Mining forum", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), room=world.hall,
                track=world.track, languages=["es"], interpretation=("simultaneous", ["en"]),
                people=[(world.ana, world.fat, "speaker"), (world.bob, None, "moderator")])
    add_session("Women's forum", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), room=world.room_b,
                languages=["en"])
    add_session("Quebec caucus", day=date(2013, 12, 3), languages=["fr"])
    do_release()


def test_parallel_sessions_side_by_side_in_venue_time(client, world, add_session, do_release):
    _agenda(world, add_session, do_release)
    page = client.get(f"{PUBLIC}/").get_data(as_text=True)
    # one row at 9:00 with both rooms as columns
    head = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    assert "Main hall" in head and "Room B" in head
    row = re.search(r'<th scope="row" class="agenda-slot">9:00\s*AM</th>(.*?)</tr>', page, re.S).group(1)
    assert "Mining forum" in row and "Women&#39;s forum" in row
    assert "Pacific Standard Time (GMT-08:00)" in page


def test_filters_by_track_room_and_language(client, world, add_session, do_release):
    _agenda(world, add_session, do_release)
    by_track = _text(client.get(f"{PUBLIC}/?track={world.track}"))
    assert "Mining forum" in by_track and "Women's forum" not in by_track and "1 session matches." in by_track
    by_room = _text(client.get(f"{PUBLIC}/?room={world.room_b}"))
    assert "Women's forum" in by_room and "Mining forum" not in by_room
    # a session interpreted into English is found under English too
    english = _text(client.get(f"{PUBLIC}/?language=en"))
    assert "Mining forum" in english and "Women's forum" in english and "Quebec caucus" not in english
    french = _text(client.get(f"{PUBLIC}/?language=fr"))
    assert "Quebec caucus" in french and "Mining forum" not in french
    nothing = _text(client.get(f"{PUBLIC}/?room=99999"))
    assert "No session matches these filters." in nothing
    assert client.get(f"{PUBLIC}/?track=%3Cscript%3E").status_code == 200


def test_session_page_with_speakers_organizations_and_interpretation(client, app, world, add_session, do_release):
    _agenda(world, add_session, do_release)
    with app.app_context():
        guid = db.session.scalars(db.select(Session.guid).where(Session.kind == "panel").order_by(Session.id)).first()
    en = _text(client.get(f"{PUBLIC}/sessions/{guid}/"))
    assert "Monday, December 2, 2013, 9:00 AM–10:00 AM PST" in en
    assert "Ana López, for Authentic Labor Front" in en and "Moderators Bob Smith" in en
    assert "Spoken in Spanish. Simultaneous interpretation into English." in en
    es = _text(client.get(f"/es/convenings/la-2013/agenda/sessions/{guid}/"))
    assert "lunes, 2 de diciembre de 2013, 9:00–10:00 GMT-08:00" in es
    assert "Ana López, por Frente Auténtico del Trabajo" in es
    assert "Se habla en español. Idiomas de la interpretación simultánea: inglés." in es


def test_printable_view_one_page_per_day(client, world, add_session, do_release):
    _agenda(world, add_session, do_release)
    page = client.get(f"{PUBLIC}/print/").get_data(as_text=True)
    assert page.count('class="agenda-print-day page-break"') == 2
    assert "Monday, December 2, 2013" in page and "Tuesday, December 3, 2013" in page
    es = _text(client.get("/es/convenings/la-2013/agenda/print/"))
    assert "martes, 3 de diciembre de 2013" in es and "Hora no registrada" in es


def test_agenda_block_and_admin_link_for_the_convening_page(app, world, add_session, do_release, login_as, client):
    _agenda(world, add_session, do_release)
    with app.test_request_context("/es/"):
        convening = db.session.get(Convening, world.convening)
        [section] = [s for s in signals.sections(signals.convening_sections, convening) if s.template.startswith("agenda/")]
        for html in (render_template(section.template, **section.context),
                     # as the convening page includes it: {% with ctx = section.context %}
                     render_template(section.template, ctx=section.context)):
            assert "3 sesiones" in html and "Leer el programa" in html and "lunes, 2 de diciembre de 2013" in html
        assert signals.collect(signals.convening_admin_links, convening) == []  # anonymous: no organizer tools
