"""The organizers' editor: add, edit, duplicate, move, delete sessions; rooms; tracks; bad input."""
from __future__ import annotations

from datetime import date, datetime, timezone

from organizer.agenda.models import Room, Session, Track
from organizer.extensions import db

from .conftest import local, session_form

BASE = "/en/convenings/la-2013/agenda/manage"


def _sessions(app):
    with app.app_context():
        return list(db.session.scalars(db.select(Session).order_by(Session.id)))


def test_add_a_session_stores_utc_and_shows_venue_time(client, app, world, login_as):
    login_as(world.organizer)
    form = session_form(room=str(world.hall), track=str(world.track),
                        **{"people-0-person": str(world.ana), "people-0-organization": str(world.fat),
                           "people-1-person": str(world.bob), "people-1-role": "moderator",
                           "interpretation_mode": "simultaneous", "interpretation_into": ["es", "fr"],
                           "interpretation_channel": "2"})
    response = client.post(f"{BASE}/sessions/new", data=form)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/manage/day/2013-12-02/")
    [s] = _sessions(app)
    # 9:00 in Los Angeles in December is 17:00 UTC.
    assert s.start == datetime(2013, 12, 2, 17, 0, tzinfo=timezone.utc)
    assert s.end == datetime(2013, 12, 2, 18, 30, tzinfo=timezone.utc)
    assert s.room_id == world.hall and s.track_id == world.track
    assert s.interpretation_into == ["es", "fr"] and s.interpretation_channel == "2"
    with app.app_context():
        from organizer.agenda.models import SessionPerson
        people = [(p.person_id, p.organization_id, p.role) for p in db.session.scalars(
            db.select(SessionPerson).where(SessionPerson.session_id == s.id).order_by(SessionPerson.position))]
    assert people == [(world.ana, world.fat, "speaker"), (world.bob, None, "moderator")]
    edit = client.get(f"{BASE}/sessions/{s.id}/edit").get_data(as_text=True)
    assert 'value="2013-12-02T09:00"' in edit and 'value="2013-12-02T10:30"' in edit
    # the people rows come back selected, with empty rows to add more
    assert f'<option selected value="{world.ana}">Ana López</option>' in edit
    assert f'<option selected value="{world.fat}">FAT · Authentic Labor Front</option>' in edit
    assert 'name="people-4-person"' in edit
    day = client.get(f"{BASE}/day/2013-12-02/").get_data(as_text=True)
    assert "Political context" in day and "Ana López" in day and "Main hall" in day


def test_edit_duplicate_move_delete(client, app, world, login_as, add_session):
    sid = add_session("Teachers' movement", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12, 30),
                      room=world.hall, people=[(world.ana, world.fat, "speaker")])
    login_as(world.organizer)
    # edit
    response = client.post(f"{BASE}/sessions/{sid}/edit", data=session_form(
        **{"title-en": "The teachers' movement", "title-es": "El movimiento magisterial",
           "start": "2013-12-02T11:00", "end": "2013-12-02T12:00", "room": str(world.room_b),
           "people-0-person": str(world.cam), "people-0-organization": str(world.ctu)}))
    assert response.status_code == 302
    [s] = _sessions(app)
    assert s.title["es"] == "El movimiento magisterial" and s.room_id == world.room_b
    # duplicate: same time, room and people, a "(copy)" title in each language
    response = client.post(f"{BASE}/sessions/{sid}/duplicate")
    assert response.status_code == 302
    original, copy = _sessions(app)
    assert copy.title["en"] == "The teachers' movement (copy)"
    assert copy.start == original.start and copy.room_id == original.room_id and copy.guid != original.guid
    # move keeps the duration
    response = client.post(f"{BASE}/sessions/{copy.id}/move", data={"start": "2013-12-03T15:00", "room": str(world.hall)})
    assert response.status_code == 302
    moved = _sessions(app)[1]
    assert moved.start == local(2013, 12, 3, 15) and moved.end == local(2013, 12, 3, 16) and moved.room_id == world.hall
    # delete asks first, then deletes
    assert client.get(f"{BASE}/sessions/{copy.id}/delete").status_code == 200
    assert client.post(f"{BASE}/sessions/{copy.id}/delete").status_code == 302
    assert [s.id for s in _sessions(app)] == [sid]


def test_session_with_only_a_day_or_only_the_convening(client, app, world, login_as):
    login_as(world.organizer)
    client.post(f"{BASE}/sessions/new", data=session_form(precision="day", day="2013-12-03", start="", end=""))
    client.post(f"{BASE}/sessions/new", data=session_form(**{"title-en": "Conclusions", "precision": "convening",
                                                             "start": "2013-12-02T09:00", "end": ""}))
    day_only, undated = _sessions(app)
    assert day_only.precision == "day" and day_only.day == date(2013, 12, 3) and day_only.start is None
    # no time is kept for a session whose time is not known, even if one was typed
    assert undated.precision == "convening" and undated.start is None and undated.day is None


def test_end_before_start_is_a_field_error_and_input_is_kept(client, app, world, login_as):
    login_as(world.organizer)
    response = client.post(f"{BASE}/sessions/new", data=session_form(
        **{"title-en": "Kept title", "title-es": "Título conservado", "end": "2013-12-02T08:00"}))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The end must be after the start." in page
    assert 'value="Título conservado"' in page and 'value="2013-12-02T08:00"' in page
    assert _sessions(app) == []


def test_bad_input_in_spanish(client, app, world, login_as):
    login_as(world.organizer)
    base = BASE.replace("/en/", "/es/")
    cases = [
        session_form(start="", end=""),
        session_form(precision="day", day=""),
        session_form(start="not-a-date"),
        session_form(interpretation_mode="simultaneous"),
        session_form(**{"title-en": "", "title-es": ""}),
        session_form(**{"people-0-organization": str(world.fat)}),
        session_form(room="99999"),
    ]
    for data in cases:
        response = client.post(f"{base}/sessions/new", data=data)
        assert response.status_code == 200, data
        assert 'class="field-errors"' in response.get_data(as_text=True)
    assert _sessions(app) == []


def test_rooms_with_availability_and_bad_input(client, app, world, login_as):
    login_as(world.organizer)
    response = client.post(f"{BASE}/rooms/new", data={
        "name-en": "Auditorium", "name-es": "Auditorio", "capacity": "120",
        "windows-0-start": "2013-12-02T08:00", "windows-0-end": "2013-12-02T18:00"})
    assert response.status_code == 302
    with app.app_context():
        room = db.session.scalars(db.select(Room).where(Room.capacity == 120)).one()
        rid = room.id
        from organizer.agenda.models import RoomAvailability
        windows = [(w.start, w.end) for w in db.session.scalars(
            db.select(RoomAvailability).where(RoomAvailability.room_id == rid))]
    assert windows == [(local(2013, 12, 2, 8), local(2013, 12, 2, 18))]
    listing = client.get(f"{BASE}/rooms/").get_data(as_text=True)
    assert "Auditorium" in listing and "8:00" in listing
    bad = client.post(f"{BASE}/rooms/{rid}/edit", data={
        "name-en": "Auditorium", "name-es": "Auditorio", "capacity": "-3",
        "windows-0-start": "2013-12-02T18:00", "windows-0-end": "2013-12-02T08:00"})
    assert bad.status_code == 200
    page = bad.get_data(as_text=True)
    assert "Enter a number of people from 1 to 100,000." in page and "The end must be after the start." in page
    assert client.post(f"{BASE}/rooms/{rid}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Room, rid) is None


def test_tracks(client, app, world, login_as):
    login_as(world.organizer)
    assert client.post(f"{BASE}/tracks/", data={"name-en": "Women", "name-es": "Mujeres"}).status_code == 302
    with app.app_context():
        track = db.session.scalars(db.select(Track).where(Track.key == "women")).one()
        tid = track.id
    assert client.post(f"{BASE}/tracks/", data={"name-en": "", "name-es": ""}).status_code == 200
    assert client.post(f"{BASE}/tracks/{tid}/edit", data={"name-en": "Women workers", "name-es": "Trabajadoras"}).status_code == 302
    assert "Women workers" in client.get(f"{BASE}/tracks/").get_data(as_text=True)
    assert client.post(f"{BASE}/tracks/{tid}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Track, tid) is None


def test_a_speaker_without_organization_speaks_for_their_organization_at_this_convening(client, app, world, login_as):
    from organizer.agenda.models import SessionPerson
    from organizer.convenings.models import ConveningPerson

    with app.app_context():
        db.session.add(ConveningPerson(convening_id=world.convening, person_id=world.cam, organization_id=world.ctu,
                                       role="speaker"))
        db.session.commit()
    login_as(world.organizer)
    client.post(f"{BASE}/sessions/new", data=session_form(**{"people-0-person": str(world.cam)}))
    with app.app_context():
        row = db.session.scalars(db.select(SessionPerson)).one()
        assert (row.person_id, row.organization_id) == (world.cam, world.ctu)


def test_an_empty_agenda_offers_each_convening_day(client, world, login_as):
    login_as(world.organizer)
    page = client.get(f"{BASE}/").get_data(as_text=True)
    assert "No sessions yet." in page
    assert "/manage/day/2013-12-02/" in page and "/manage/day/2013-12-03/" in page and "0 sessions" in page
    day = client.get(f"{BASE}/day/2013-12-03/").get_data(as_text=True)
    assert "No sessions on this day yet." in day and "sessions/new?day=2013-12-03" in day
    form = client.get(f"{BASE}/sessions/new?day=2013-12-03").get_data(as_text=True)
    assert 'value="2013-12-03T09:00"' in form and 'value="2013-12-03T10:00"' in form


def test_move_needs_a_valid_start(client, app, world, login_as, add_session):
    sid = add_session("Networks", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12), room=world.hall)
    login_as(world.organizer)
    for data in ({"start": "", "room": "0"}, {"start": "tomorrow", "room": "0"}, {"start": "2013-12-02T12:00", "room": "424242"}):
        response = client.post(f"/es/convenings/la-2013/agenda/manage/sessions/{sid}/move", data=data)
        assert response.status_code == 200 and 'class="field-errors"' in response.get_data(as_text=True)
    assert _sessions(app)[0].start == local(2013, 12, 2, 11)
    page = client.post(f"/es/convenings/la-2013/agenda/manage/sessions/{sid}/move", data={"start": "", "room": "0"})
    assert "Indica la nueva hora de inicio." in page.get_data(as_text=True)


def test_speakers_are_found_by_name_or_organization_without_javascript(client, app, world, login_as):
    """Issue 15 item 4 (part): search, then choose; accent-insensitive; by organization name or acronym."""
    from organizer.organizations.models import Affiliation, Organization, Person

    with app.app_context():
        for person in db.session.scalars(db.select(Person)):
            person.refresh_search_text()
        for org in db.session.scalars(db.select(Organization)):
            org.refresh_search_text()
        db.session.add(Affiliation(person_id=world.cam, organization_id=world.fat))
        db.session.commit()
    login_as(world.organizer)

    def options(page, row=0):
        import re

        select = re.search(rf'<select[^>]*name="people-{row}-person".*?</select>', page, re.S).group(0)
        return re.findall(r">([^<]+)</option>", select)

    page = client.post(f"{BASE}/sessions/new", data=session_form(
        find_person="lopez", search_people="1", **{"title-en": "Kept title"})).get_data(as_text=True)
    assert _sessions(app) == []  # searching saves nothing
    assert "Kept title" in page
    assert "Ana López" in options(page) and "Bob Smith" not in options(page)
    page = client.post(f"{BASE}/sessions/new", data=session_form(find_person="fat", search_people="1")).get_data(as_text=True)
    assert "Camille Roy" in options(page) and "Ana López" not in options(page)
    page = client.post(f"{BASE}/sessions/new", data=session_form(
        find_person="authentic labor", search_people="1",
        **{"people-1-person": str(world.bob)})).get_data(as_text=True)
    # A person already chosen stays available in the rows.
    assert "Camille Roy" in options(page) and "Bob Smith" in options(page, 1)
    page = client.post(f"{BASE}/sessions/new", data=session_form(find_person="zzz", search_people="1")).get_data(as_text=True)
    assert "Nobody found" in page and "Add this person" in page and 'value="zzz"' in page
    # Organizations show their acronym with their name.
    assert "FAT · Authentic Labor Front" in page


def test_deleting_a_room_or_a_track_asks_first_and_says_which_sessions_lose_it(client, app, world, login_as, add_session):
    """Issue 14 item 6: like deleting a session, deleting a room or a track shows what will happen."""
    import re

    add_session("Political context", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), room=world.hall,
                track=world.track)
    add_session("Networks", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12), room=world.room_b)
    login_as(world.organizer)
    # the lists link to the question, not to an immediate deletion
    assert f'href="/en/convenings/la-2013/agenda/manage/rooms/{world.hall}/delete"' in client.get(f"{BASE}/rooms/").get_data(as_text=True)
    assert f'href="/en/convenings/la-2013/agenda/manage/tracks/{world.track}/delete"' in client.get(f"{BASE}/tracks/").get_data(as_text=True)

    def text(response):
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))

    page = text(client.get(f"{BASE}/rooms/{world.hall}/delete"))
    assert "Delete “Main hall”?" in page and "1 session of the draft loses its room" in page
    assert "Political context" in page and "Networks" not in page
    page = text(client.get(f"/es/convenings/la-2013/agenda/manage/tracks/{world.track}/delete"))
    assert "¿Eliminar «Minería»?" in page or "Minería" in page
    with app.app_context():
        assert db.session.get(Room, world.hall) is not None and db.session.get(Track, world.track) is not None
    assert client.post(f"{BASE}/rooms/{world.hall}/delete").status_code == 302
    assert client.post(f"{BASE}/tracks/{world.track}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Room, world.hall) is None and db.session.get(Track, world.track) is None
        assert [s.room_id for s in db.session.scalars(db.select(Session).order_by(Session.id))] == [None, world.room_b]
