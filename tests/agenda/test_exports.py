"""Exports: iCalendar (whole agenda and per session), JSON, frab XML."""
from __future__ import annotations

import json
from datetime import date, datetime
from xml.etree import ElementTree as ET

from icalendar import Calendar

from organizer.agenda.models import Session
from organizer.extensions import db

from .conftest import LA, local, tt

PUBLIC = "/en/convenings/la-2013/agenda"


def _agenda(add_session, world):
    exact = add_session("Political context", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10, 30),
                        room=world.hall, track=world.track, people=[(world.ana, world.fat, "speaker")])
    day = add_session("Teachers", day=date(2013, 12, 3))
    undated = add_session("Conclusions")
    return exact, day, undated


def _events(body: bytes) -> dict:
    cal = Calendar.from_ical(body)
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}, cal


def test_icalendar_whole_agenda(client, app, world, add_session, do_release):
    _agenda(add_session, world)
    do_release()
    response = client.get(f"{PUBLIC}/agenda.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    events, cal = _events(response.data)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/Los_Angeles"]
    assert str(cal["X-PUBLISHED-TTL"]) == "PT1H"
    exact = events["Political context"]
    assert exact["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert exact.decoded("DTSTART") == datetime(2013, 12, 2, 9, 0, tzinfo=LA)
    assert exact.decoded("DTSTART").utcoffset().total_seconds() == -8 * 3600
    assert str(exact["LOCATION"]) == "Main hall"
    assert "Ana López (Authentic Labor Front)" in str(exact["DESCRIPTION"])
    # A day known, no time: an all-day event.
    day = events["Teachers"]
    assert day.decoded("DTSTART") == date(2013, 12, 3) and day["DTSTART"].params["VALUE"] == "DATE"
    # Only the convening known: the convening's dates (DTEND is exclusive).
    undated = events["Conclusions"]
    assert undated.decoded("DTSTART") == date(2013, 12, 2) and undated.decoded("DTEND") == date(2013, 12, 4)
    assert "time not recorded" in str(undated["DESCRIPTION"])
    # In Spanish, the Spanish titles.
    es_events, _ = _events(client.get("/es/convenings/la-2013/agenda/agenda.ics").data)
    assert "Political context (es)" in es_events


def test_uids_are_stable_across_releases(client, app, world, add_session, do_release):
    exact, _, _ = _agenda(add_session, world)
    do_release("v1")
    first = {str(e["UID"]) for e in _events(client.get(f"{PUBLIC}/agenda.ics").data)[1].walk("VEVENT")}
    with app.app_context():
        s = db.session.get(Session, exact)
        s.title = tt("Political context, renamed")
        s.start, s.end = local(2013, 12, 2, 11), local(2013, 12, 2, 12)
        db.session.commit()
    do_release("v2")
    events, _ = _events(client.get(f"{PUBLIC}/agenda.ics").data)
    assert {str(e["UID"]) for e in events.values()} == first
    assert int(events["Political context, renamed"]["SEQUENCE"]) == 2


def test_icalendar_per_session(client, app, world, add_session, do_release):
    exact, _, _ = _agenda(add_session, world)
    do_release()
    with app.app_context():
        guid = db.session.get(Session, exact).guid
    response = client.get(f"{PUBLIC}/sessions/{guid}.ics")
    events, cal = _events(response.data)
    assert list(events) == ["Political context"] and str(events["Political context"]["UID"]) == f"{guid}@organizer"
    assert cal.walk("VTIMEZONE")
    assert client.get(f"{PUBLIC}/sessions/nope.ics").status_code == 404


def test_json_export(client, world, add_session, do_release):
    _agenda(add_session, world)
    do_release()
    data = json.loads(client.get(f"{PUBLIC}/agenda.json").data)
    assert data["convening"]["timezone"] == "America/Los_Angeles"
    by_title = {s["title"]["en"]: s for s in data["sessions"]}
    exact = by_title["Political context"]
    assert exact["start"] == "2013-12-02T09:00:00-08:00" and exact["time_precision"] == "exact"
    assert exact["people"][0]["name"] == "Ana López" and exact["people"][0]["organization"]["es"] == "Frente Auténtico del Trabajo"
    assert by_title["Teachers"]["start"] is None and by_title["Teachers"]["day"] == "2013-12-03"
    assert by_title["Conclusions"]["time_precision"] == "convening" and by_title["Conclusions"]["day"] is None


def test_frab_xml(client, world, add_session, do_release):
    _agenda(add_session, world)
    do_release()
    response = client.get(f"{PUBLIC}/schedule.xml")
    root = ET.fromstring(response.data)
    assert root.tag == "schedule" and root.find("conference/acronym").text == "la-2013"
    assert root.find("conference/time_zone_name").text == "America/Los_Angeles"
    days = root.findall("day")
    assert [d.get("date") for d in days] == ["2013-12-02", "2013-12-03"]
    events = {e.find("title").text: e for e in root.iter("event")}
    # Sessions without a known time are left out: the format cannot say "time unknown".
    assert set(events) == {"Political context"}
    e = events["Political context"]
    assert e.find("start").text == "09:00" and e.find("duration").text == "01:30"
    assert e.find("room").text == "Main hall" and e.find("track").text == "Mining" and e.find("type").text == "panel"
    assert e.find("language").text == "en" and [p.text for p in e.find("persons")] == ["Ana López"]
    assert e.get("guid")
    assert "Room not set" not in response.get_data(as_text=True)


_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_EVENT_CHILDREN = ["date", "start", "duration", "room", "slug", "url", "title", "subtitle", "track", "type",
                   "language", "abstract", "description", "persons", "links", "attachments"]


def _validate(body: bytes):
    """The frab schedule.xml structure that schedule apps read, checked strictly: the conference's
    dates and day count, each day's index/date/start/end, each event's id and guid, its children in
    frab's order with times as HH:MM and dates with their offset, and rooms named as their events say."""
    import re

    root = ET.fromstring(body)
    assert root.tag == "schedule" and root.find("version") is not None
    conf = root.find("conference")
    for tag in ("acronym", "title", "start", "end", "days", "timeslot_duration", "time_zone_name"):
        assert conf.find(tag) is not None and (conf.find(tag).text or "").strip(), tag
    assert re.fullmatch(_ISO_DATE, conf.find("start").text) and re.fullmatch(_ISO_DATE, conf.find("end").text)
    days = root.findall("day")
    assert int(conf.find("days").text) == len(days)
    guids = set()
    for index, day in enumerate(days, start=1):
        assert day.get("index") == str(index) and re.fullmatch(_ISO_DATE, day.get("date"))
        assert day.get("start") and day.get("end") and day.get("start") < day.get("end")
        for room in day.findall("room"):
            assert room.get("name")
            for event in room.findall("event"):
                assert event.get("id", "").isdigit() and event.get("guid") and event.get("guid") not in guids
                guids.add(event.get("guid"))
                children = [child.tag for child in event]
                assert [tag for tag in children if tag in _EVENT_CHILDREN] == \
                    [tag for tag in _EVENT_CHILDREN if tag in children], children
                for tag in ("date", "start", "duration", "room", "slug", "title", "type", "persons"):
                    assert tag in children, (tag, children)
                assert re.fullmatch(r"\d{2}:\d{2}", event.find("start").text)
                assert re.fullmatch(r"\d{2}:\d{2}", event.find("duration").text)
                assert re.fullmatch(_ISO_DATE + r"T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", event.find("date").text)
                assert event.find("date").text.startswith(day.get("date"))
                assert event.find("room").text == room.get("name")
                for person in event.find("persons"):
                    assert person.tag == "person" and person.get("id", "").isdigit() and person.text


def test_frab_xml_days_rooms_language_and_schema(client, world, add_session, do_release):
    """Issue 15 item 3: untimed sessions out (JSON keeps them with their day), `end` and `days` match
    the dates, one room order for the whole convening, the chosen spoken language, frab's structure."""
    # Room B is created second but sits first on day 2 in insertion order; the hall comes first everywhere.
    add_session("Teachers", start=local(2013, 12, 3, 9), end=local(2013, 12, 3, 10), room=world.room_b)
    add_session("Networks", start=local(2013, 12, 3, 11), end=local(2013, 12, 3, 12), room=world.hall)
    add_session("Political context", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), room=world.hall,
                languages=("es",))
    add_session("Miners", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12), room=world.room_b)
    add_session("Day only", day=date(2013, 12, 3))
    add_session("Conclusions")
    do_release()
    body = client.get(f"{PUBLIC}/schedule.xml").data
    _validate(body)
    root = ET.fromstring(body)
    titles = {e.find("title").text for e in root.iter("event")}
    assert "Day only" not in titles and "Conclusions" not in titles
    assert root.find("conference/start").text == "2013-12-02" and root.find("conference/end").text == "2013-12-03"
    days = root.findall("day")
    assert root.find("conference/days").text == str(len(days)) == "2"
    assert [d.get("date") for d in days] == ["2013-12-02", "2013-12-03"]
    orders = [[r.get("name") for r in d.findall("room")] for d in days]
    assert orders[0] == orders[1] == ["Main hall", "Room B"]
    language = {e.find("title").text: e.find("language").text for e in root.iter("event")}
    assert language["Political context"] == "es"
    data = json.loads(client.get(f"{PUBLIC}/agenda.json").data)
    by_title = {s["title"]["en"]: s for s in data["sessions"]}
    assert by_title["Day only"]["day"] == "2013-12-03" and by_title["Day only"]["start"] is None
    # In Spanish too, still valid.
    _validate(client.get(PUBLIC.replace("/en/", "/es/") + "/schedule.xml").data)


def test_frab_xml_dates_beyond_the_convening(client, app, world, add_session, do_release):
    """A session outside the convening's recorded dates widens start/end; `days` still matches."""
    add_session("Early", start=local(2013, 12, 1, 9), end=local(2013, 12, 1, 10), room=world.hall)
    do_release()
    body = client.get(f"{PUBLIC}/schedule.xml").data
    _validate(body)
    root = ET.fromstring(body)
    assert root.find("conference/start").text == "2013-12-01" and root.find("conference/end").text == "2013-12-03"
    assert root.find("conference/days").text == str(len(root.findall("day"))) == "3"


def test_the_session_form_ticks_no_language_by_default(client, world, login_as):
    login_as(world.organizer)
    page = client.get(f"{PUBLIC}/manage/sessions/new").get_data(as_text=True)
    import re

    boxes = re.findall(r'<input[^>]*name="languages"[^>]*>', page)
    assert boxes and not [b for b in boxes if "checked" in b]
