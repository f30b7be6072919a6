"""Issue 13, item 13: interpretation receivers: inventory per channel, handed out at check-in to the
people who listen in another language, taken back; how many are out, to whom, and needed per
session from the agenda's interpretation and the confirmed listeners."""
from __future__ import annotations

from datetime import datetime, timezone

from organizer.delegations.models import CONFIRMED, WAITLISTED, DelegationMember, InterpretationReceiver
from organizer.extensions import db
from organizer.i18n.translated import TranslatedText


def _ids(app, *names):
    with app.app_context():
        return [db.session.scalar(db.select(DelegationMember.id).where(DelegationMember.name == n)) for n in names]


def test_receivers_are_counted_handed_out_at_check_in_and_taken_back(app, client, make_user, make_convening,
                                                                      make_delegation, login_as):
    from organizer.agenda.models import SIMULTANEOUS, Session

    organizer = make_user("org@example.org")
    convening = make_convening("c", organizer=organizer, interpretation_languages=["en", "es", "fr"])
    make_delegation(convening, make_user(), [
        {"name": "Mary", "status": CONFIRMED, "listen_language": "en"},
        {"name": "Rosa", "status": CONFIRMED, "listen_language": "es"},
        {"name": "Juan", "status": CONFIRMED, "listen_language": "es"},
        {"name": "Wait", "status": WAITLISTED, "listen_language": "es"}], status=CONFIRMED, name="Oaxaca")
    with app.app_context():
        db.session.add(Session(convening_id=convening, title=TranslatedText(en="Opening plenary"), languages=["en"],
                               interpretation_mode=SIMULTANEOUS, interpretation_into=["es", "fr"],
                               start=datetime(2027, 3, 10, 16, tzinfo=timezone.utc)))
        db.session.commit()
    login_as(organizer)
    page = client.post("/en/registration/c/receivers", data={"channel": "es", "count": "abc"}).get_data(as_text=True)
    assert "Enter a number from 1 to 2000." in page
    for count in ("²٣", "-3"):  # digits of other scripts, a negative: the same message, never a 500
        page = client.post("/en/registration/c/receivers", data={"channel": "es", "count": count})
        assert page.status_code == 200 and "Enter a number from 1 to 2000." in page.get_data(as_text=True)
    page = client.post("/en/registration/c/receivers", data={"channel": "xx", "count": "2"}).get_data(as_text=True)
    assert "Choose a channel from the list." in page
    client.post("/en/registration/c/receivers", data={"channel": "es", "count": "1"})
    page = client.get("/en/registration/c/receivers").get_data(as_text=True)
    assert "Opening plenary" in page and "2 receivers needed" in page and "Spanish: 2" in page
    assert "1 short" in page  # two Spanish listeners, one unit
    rosa, juan = _ids(app, "Rosa", "Juan")
    with app.test_request_context():
        from organizer.delegations.services import code_for

        code = code_for(rosa)
    checkin = client.get(f"/en/registration/c/checkin?q={code}").get_data(as_text=True)
    assert "Hand out a receiver (Spanish)" in checkin
    client.post(f"/en/registration/c/receivers/out/{rosa}", data={"back": "checkin"})
    checkin = client.get(f"/en/registration/c/checkin?q={code}").get_data(as_text=True)
    assert "Receiver ES-001" in checkin
    page = client.post(f"/en/registration/c/receivers/out/{juan}", follow_redirects=True).get_data(as_text=True)
    assert "No receiver left for this channel." in page
    page = client.get("/en/registration/c/receivers").get_data(as_text=True)
    assert "ES-001" in page and "Rosa" in page and "Oaxaca" in page
    with app.app_context():
        unit = db.session.scalar(db.select(InterpretationReceiver))
        assert unit.member_id == rosa
    client.post(f"/en/registration/c/receivers/{unit.id}/back")
    with app.app_context():
        unit = db.session.scalar(db.select(InterpretationReceiver))
        assert unit.member_id is None and unit.returned_at is not None
    assert "No receiver is out." in client.get("/en/registration/c/receivers").get_data(as_text=True)


def test_only_organizers_manage_receivers(app, client, make_user, make_convening, make_delegation, login_as):
    organizer = make_user("org@example.org")
    make_convening("c", organizer=organizer)
    login_as(make_user("x@example.org"))
    assert client.get("/en/registration/c/receivers").status_code == 403
    assert client.post("/en/registration/c/receivers", data={"channel": "es", "count": "5"}).status_code == 403
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(InterpretationReceiver)) == 0
