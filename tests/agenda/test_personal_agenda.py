"""Issue 15 item 7: a delegate marks sessions (plain forms), sees "my agenda" with the channel for
her listening language, and subscribes through a private, revocable calendar address."""
from __future__ import annotations

import re

from icalendar import Calendar

from organizer.agenda.models import FeedToken, Session, Star
from organizer.extensions import db
from organizer.i18n.translated import TranslatedText

from .conftest import local

PUBLIC = "/en/convenings/la-2013/agenda"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def _guid(app, sid):
    with app.app_context():
        return db.session.get(Session, sid).guid


def _member(app, world, user_id, listen):
    from organizer.delegations.models import Delegation, DelegationMember

    with app.app_context():
        delegation = Delegation(convening_id=world.convening, lead_user_id=world.organizer, status="confirmed",
                                name=TranslatedText(en="Deaf workers", es="Trabajadores sordos"))
        db.session.add(delegation)
        db.session.flush()
        db.session.add(DelegationMember(delegation_id=delegation.id, user_id=user_id, name="Visitor",
                                        status="confirmed", listen_language=listen))
        db.session.commit()


def _agenda(add_session, do_release, world):
    ids = dict(
        floor=add_session("Spanish only", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10), languages=["es"],
                          room=world.hall),
        signed=add_session("Signed", start=local(2013, 12, 2, 11), end=local(2013, 12, 2, 12), languages=["en"],
                           interpretation=("simultaneous", ["lsm", "es"])),
        none=add_session("English only", start=local(2013, 12, 3, 9), end=local(2013, 12, 3, 10), languages=["en"]),
        skipped=add_session("Not for me", start=local(2013, 12, 3, 11), end=local(2013, 12, 3, 12)),
    )
    return ids


def _star(client, guid, on=True, lang="en"):
    return client.post(f"/{lang}/convenings/la-2013/agenda/sessions/{guid}/star",
                       data={"star": "1" if on else "0", "next": f"/{lang}/convenings/la-2013/agenda/"})


def test_mark_sessions_and_read_my_agenda_with_the_channel_for_my_language(client, app, world, login_as, add_session,
                                                                         do_release):
    ids = _agenda(add_session, do_release, world)
    with app.app_context():
        s = db.session.get(Session, ids["signed"])
        s.interpretation_channel = "4"
        db.session.commit()
    do_release("v1")
    _member(app, world, world.visitor, "lsm")
    login_as(world.visitor)
    # the public agenda offers a plain form button on each session
    page = client.get(f"{PUBLIC}/").get_data(as_text=True)
    assert page.count('name="star" value="1"') == 4
    for key in ("floor", "signed", "none"):
        response = _star(client, _guid(app, ids[key]))
        assert response.status_code == 302 and response.headers["Location"].endswith("/en/convenings/la-2013/agenda/")
    _star(client, _guid(app, ids["floor"]))  # twice: still one mark
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Star)) == 3
    page = client.get(f"{PUBLIC}/").get_data(as_text=True)
    assert page.count('name="star" value="0"') == 3 and page.count('name="star" value="1"') == 1

    mine = _text(client.get(f"{PUBLIC}/mine/"))
    assert "Spanish only" in mine and "Signed" in mine and "English only" in mine and "Not for me" not in mine
    assert "You listen in Mexican Sign Language (LSM)" in mine
    assert "Mexican Sign Language (LSM): channel 4" in mine
    assert "No interpretation into Mexican Sign Language (LSM) announced." in mine
    assert "lsm" not in mine
    # times at the venue, labelled
    assert "9:00" in mine and "PST" in mine

    # unmark
    _star(client, _guid(app, ids["none"]), on=False)
    assert "English only" not in _text(client.get(f"{PUBLIC}/mine/"))


def test_profile_language_when_no_delegation(client, app, world, login_as, add_session, do_release):
    ids = _agenda(add_session, do_release, world)
    do_release("v1")
    login_as(world.visitor)  # her profile says Spanish
    _star(client, _guid(app, ids["floor"]))
    _star(client, _guid(app, ids["signed"]))
    mine = _text(client.get("/es/convenings/la-2013/agenda/mine/"))
    assert "Escuchas en español" in mine
    assert "Se habla en español: no hace falta interpretación." in mine  # Spanish only
    assert "Español: canal" not in mine and "Con interpretación a: español; el canal aún no se anuncia." in mine
    assert "Spanish only (es)" in mine


def test_a_draft_or_forged_session_cannot_be_marked(client, app, world, login_as, add_session, do_release):
    ids = _agenda(add_session, do_release, world)
    do_release("v1")
    draft = add_session("Draft only", start=local(2013, 12, 3, 14), end=local(2013, 12, 3, 15))
    login_as(world.visitor)
    assert _star(client, _guid(app, draft)).status_code == 404
    assert _star(client, "x" * 500).status_code == 404
    # anonymous: sent to log in, nothing stored
    client.post("/en/account/logout")
    assert _star(client, _guid(app, ids["floor"])).status_code in (302, 401)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Star)) == 0


def test_private_revocable_calendar_feed(client, app, world, login_as, add_session, do_release):
    ids = _agenda(add_session, do_release, world)
    do_release("v1")
    login_as(world.visitor)
    _star(client, _guid(app, ids["floor"]))
    _star(client, _guid(app, ids["signed"]))
    assert "Get my calendar address" in _text(client.get(f"{PUBLIC}/mine/"))
    assert client.post(f"{PUBLIC}/mine/feed").status_code == 302
    page = client.get(f"{PUBLIC}/mine/").get_data(as_text=True)
    url = re.search(r'value="(http://[^"]+\.ics)"', page).group(1)
    path = url.replace("http://localhost", "")
    with app.app_context():
        token = db.session.scalar(db.select(FeedToken.token))
    assert len(token) >= 40 and token in path

    # the feed works without logging in, and has only her sessions, with the public feed's UIDs and zone
    client.post("/en/account/logout")
    feed = client.get(path)
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    assert "no-store" in feed.headers["Cache-Control"]
    cal = Calendar.from_ical(feed.data)
    events = [c for c in cal.walk("VEVENT")]
    assert sorted(str(e["summary"]) for e in events) == ["Signed", "Spanish only"]
    public = Calendar.from_ical(client.get(f"{PUBLIC}/agenda.ics").data)
    public_uids = {str(e["uid"]) for e in public.walk("VEVENT")}
    assert {str(e["uid"]) for e in events} <= public_uids
    assert [str(t["tzid"]) for t in cal.walk("VTIMEZONE")] == [str(t["tzid"]) for t in public.walk("VTIMEZONE")]

    # regenerate: the old address stops working
    login_as(world.visitor)
    client.post(f"{PUBLIC}/mine/feed")
    assert client.get(path).status_code == 404
    with app.app_context():
        new_token = db.session.scalar(db.select(FeedToken.token))
    assert client.get(f"{PUBLIC}/feed/{new_token}.ics").status_code == 200
    # revoke: no address works
    client.post(f"{PUBLIC}/mine/feed/revoke")
    assert client.get(f"{PUBLIC}/feed/{new_token}.ics").status_code == 404
    assert "Get my calendar address" in _text(client.get(f"{PUBLIC}/mine/"))
    # another convening's address never reads this one
    assert client.get(f"/en/convenings/mx-2014/agenda/feed/{new_token}.ics").status_code == 404


def test_my_agenda_runs_a_constant_number_of_queries(client, app, world, login_as, add_session, do_release, count_queries):
    from organizer.agenda import services
    from organizer.convenings.models import Convening

    def build(n, start):
        with app.app_context():
            conv = db.session.get(Convening, world.convening)
            for i in range(n):
                services.create_session(conv, services.SessionData(
                    title=TranslatedText(en=f"S{start + i}"), description=None, kind="panel", precision="exact",
                    start=local(2013, 12, 2, 8) + __import__("datetime").timedelta(minutes=3 * (start + i)),
                    end=local(2013, 12, 2, 9) + __import__("datetime").timedelta(minutes=3 * (start + i)),
                    day=None, room_id=None, track_id=None, languages=["en"], interpretation_mode="simultaneous",
                    interpretation_into=["es"], interpretation_channel="2", parallel_allowed=True,
                    people=[(world.ana, world.fat, "speaker")]))
            db.session.commit()

    def star_all():
        with app.app_context():
            from organizer.accounts.models import User  # noqa: F401

            for guid in db.session.scalars(db.select(Session.guid)):
                if not db.session.scalar(db.select(Star.id).where(Star.session_guid == guid)):
                    db.session.add(Star(user_id=world.visitor, convening_id=world.convening, session_guid=guid))
            db.session.commit()

    login_as(world.visitor)
    counts = {}
    build(3, 0)
    do_release("v1")
    star_all()
    for n, more in ((3, 0), (300, 297)):
        if more:
            build(more, 3)
            do_release(f"v{n}")
            star_all()
        client.get(f"{PUBLIC}/mine/")
        with count_queries() as queries:
            response = client.get(f"{PUBLIC}/mine/")
        assert response.status_code == 200
        assert _text(response).count("Spanish: channel 2") == n
        counts[n] = len(queries)
    print(f"\nmy agenda: {counts[3]} queries at 3 sessions, {counts[300]} at 300")
    assert counts[3] == counts[300]


def test_hostile_tokens_and_guids_are_a_plain_404(client, app, world, login_as, add_session, do_release):
    add_session("A", start=local(2013, 12, 2, 9), end=local(2013, 12, 2, 10))
    do_release("v1")
    for token in ("%00", "a%00" * 10, "x" * 300, "short", "../../etc"):
        assert client.get(f"{PUBLIC}/feed/{token}.ics").status_code == 404
    login_as(world.visitor)
    for guid in ("%00", "a%00b", "x" * 300):
        assert client.post(f"{PUBLIC}/sessions/{guid}/star", data={"star": "0"}).status_code == 404
