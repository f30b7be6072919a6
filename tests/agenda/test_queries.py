"""Constant query counts, whatever the number of sessions and speakers (3 vs 300 sessions, 500 speakers)."""
from __future__ import annotations

from datetime import timedelta

from organizer.agenda import services
from organizer.agenda.models import Session, SessionPerson
from organizer.convenings.models import Convening
from organizer.extensions import db
from organizer.i18n.translated import TranslatedText
from organizer.organizations.models import Organization, Person

from .conftest import local


def build(app, world, sessions: int, people: int, release: bool = True, prefix: str = "a") -> None:
    with app.app_context():
        orgs = [Organization(slug=f"{prefix}-org-{i}", name=TranslatedText(en=f"Org {i}", es=f"Org {i} es"),
                             country="MX", kind="union") for i in range(max(1, people // 10))]
        db.session.add_all(orgs)
        persons = [Person(slug=f"{prefix}-p-{i}", name=f"Person {i}") for i in range(people)]
        db.session.add_all(persons)
        db.session.flush()
        rooms = [world.hall, world.room_b]
        for i in range(sessions):
            start = local(2013, 12, 2, 8) + timedelta(minutes=30 * (i // 2))
            s = Session(convening_id=world.convening, title=TranslatedText(en=f"Session {i}", es=f"Sesión {i}"),
                        kind="panel", precision="exact", start=start, end=start + timedelta(minutes=30),
                        room_id=rooms[i % 2], track_id=world.track, languages=["en", "es"], people=[])
            s.people = [SessionPerson(person_id=persons[(i * 2 + k) % people].id,
                                      organization_id=orgs[(i + k) % len(orgs)].id, role="speaker", position=k)
                        for k in range(2)]
            db.session.add(s)
        db.session.flush()
        if release:
            services.release(db.session.get(Convening, world.convening), TranslatedText(en="v1", es="v1"), None, None)
        db.session.commit()


def _count(client, count_queries, url):
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


def test_public_agenda_queries_do_not_grow(app, client, world, count_queries):
    build(app, world, 3, 5)
    small, _ = _count(client, count_queries, "/en/convenings/la-2013/agenda/")
    small_es, _ = _count(client, count_queries, "/es/convenings/la-2013/agenda/?track=1")
    with app.app_context():
        db.session.execute(db.delete(Session))
        db.session.execute(db.delete(services.Release))
        db.session.commit()
    build(app, world, 300, 500, prefix="b")
    big, response = _count(client, count_queries, "/en/convenings/la-2013/agenda/")
    assert "Session 299" in response.get_data(as_text=True)
    big_es, _ = _count(client, count_queries, "/es/convenings/la-2013/agenda/?track=1")
    assert small == big and small_es == big_es
    assert big <= 4
    # A cached render runs no ORM query at all: only the one small DB-API probe of the latest
    # release (not seen by SQLAlchemy events), so a new release shows at once (test_releases).
    cached, _ = _count(client, count_queries, "/en/convenings/la-2013/agenda/")
    assert cached == 0


def test_editor_queries_do_not_grow(app, client, world, count_queries, login_as):
    login_as(world.organizer)
    counts = []
    for n, people in ((3, 5), (300, 500)):
        with app.app_context():
            db.session.execute(db.delete(Session))
            db.session.commit()
        build(app, world, n, people, release=False, prefix=f"n{n}")
        counts.append((_count(client, count_queries, "/en/convenings/la-2013/agenda/manage/")[0],
                       _count(client, count_queries, "/en/convenings/la-2013/agenda/manage/day/2013-12-02/")[0],
                       _count(client, count_queries, "/en/convenings/la-2013/agenda/manage/sessions/new")[0]))
    assert counts[0] == counts[1]

