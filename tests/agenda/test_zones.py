"""Issue 12, items 2 and 3: the zone is named per day (per session on the day the clocks change);
wall times the clocks skip are refused, repeated ones are asked about."""
from __future__ import annotations

import html
import re
from datetime import datetime, timezone

from organizer.agenda.models import Session
from organizer.extensions import db

from .conftest import LA, session_form

PUBLIC = "/es/convenings/la-2013/agenda"
MANAGE = "/es/convenings/la-2013/agenda/manage"


def _text(response) -> str:
    body = response.get_data(as_text=True)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def _section(text: str, start: str, end: str | None) -> str:
    return text[text.index(start):text.index(end) if end else None]


def test_each_day_names_its_own_zone_across_the_end_of_daylight_time(client, world, add_session, do_release):
    add_session("Saturday plenary", start=datetime(2027, 11, 6, 10, 0, tzinfo=LA).astimezone(timezone.utc),
                end=datetime(2027, 11, 6, 11, 0, tzinfo=LA).astimezone(timezone.utc))
    add_session("Sunday plenary", start=datetime(2027, 11, 7, 10, 0, tzinfo=LA).astimezone(timezone.utc),
                end=datetime(2027, 11, 7, 11, 0, tzinfo=LA).astimezone(timezone.utc))
    do_release()
    text = _text(client.get(PUBLIC + "/"))
    saturday = _section(text, "sábado, 6 de noviembre de 2027", "domingo, 7 de noviembre de 2027")
    sunday = _section(text, "domingo, 7 de noviembre de 2027", None)
    assert "hora de verano del Pacífico (GMT-07:00)" in saturday
    assert "hora estándar del Pacífico (GMT-08:00)" in sunday
    assert "hora de verano" not in sunday
    # the page-wide line names the place, right in every season
    assert "Los Ángeles (Estados Unidos) · hora del Pacífico" in text


def test_on_the_day_the_clocks_change_each_time_says_its_zone(client, world, add_session, do_release, login_as):
    # 1:30 before the change (PDT) and 10:00 after it (PST), both on Sunday, Nov 7 2027.
    early = datetime(2027, 11, 7, 1, 30, tzinfo=LA, fold=0).astimezone(timezone.utc)
    add_session("Night vigil", start=early, end=early.replace(minute=50))
    add_session("Sunday plenary", start=datetime(2027, 11, 7, 10, 0, tzinfo=LA).astimezone(timezone.utc))
    do_release()
    text = _text(client.get(PUBLIC + "/"))
    assert "Los relojes cambian este día: cada hora indica su zona." in text
    assert "1:30 GMT-07:00" in text
    assert "10:00 GMT-08:00" in text
    login_as(world.organizer)
    manage = _text(client.get(MANAGE + "/day/2027-11-07/"))
    assert "Los relojes cambian este día" in manage


def _sessions(app):
    with app.app_context():
        return list(db.session.scalars(db.select(Session).order_by(Session.id)))


def test_a_time_the_clocks_skip_is_refused_with_a_field_error(client, app, world, login_as):
    login_as(world.organizer)
    response = client.post(MANAGE + "/sessions/new", data=session_form(start="2027-03-14T02:30", end="2027-03-14T04:00"))
    assert response.status_code in (200, 400)
    text = _text(response)
    assert "Las 02:30 no existen en hora de Los Ángeles" in text
    assert 'value="2027-03-14T02:30"' in response.get_data(as_text=True)  # nothing typed is lost
    assert _sessions(app) == []


def test_a_repeated_time_is_asked_about_then_stored_as_chosen(client, app, world, login_as):
    login_as(world.organizer)
    data = session_form(start="2027-11-07T01:30", end="2027-11-07T03:00")
    response = client.post(MANAGE + "/sessions/new", data=data)
    body = response.get_data(as_text=True)
    assert "Las 01:30 ocurren dos veces esa noche" in _text(response)
    assert 'name="start-offset" value="0"' in body and 'name="start-offset" value="1"' in body
    assert "GMT-07:00" in body and "GMT-08:00" in body
    assert _sessions(app) == []
    response = client.post(MANAGE + "/sessions/new", data={**data, "start-offset": "1"})
    assert response.status_code == 302, _text(response)[:3000]
    [s] = _sessions(app)
    assert s.start == datetime(2027, 11, 7, 9, 30, tzinfo=timezone.utc)  # 1:30 PST, the second one
    # the editor shows which one is stored
    edit = client.get(f"{MANAGE}/sessions/{s.id}/edit").get_data(as_text=True)
    assert 'name="start-offset" value="1" checked' in edit


def test_registration_dates_refuse_skipped_times(client, app, world, login_as):
    login_as(world.organizer)
    assert client.get("/es/registration/la-2013/settings").status_code == 200
    response = client.post("/es/registration/la-2013/settings", data={
        "change_deadline": "2027-03-14T02:15", "offer_hours": "72", "reminder_days": "7", "promotion": "auto"})
    assert "Las 02:15 no existen" in _text(response)
