"""Agenda fixtures: a convening with rooms, tracks, people and organizations, made directly."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from organizer.extensions import db
from organizer.i18n.translated import TranslatedText

LA = ZoneInfo("America/Los_Angeles")


def tt(en, es=None):
    return TranslatedText(en=en, es=es or f"{en} (es)")


def local(y, m, d, hh, mm=0, tz=LA):
    return datetime(y, m, d, hh, mm, tzinfo=tz).astimezone(timezone.utc)


@pytest.fixture
def make_user(app):
    """Like the shared make_user, named after the address ("visitor@..." is "Visitor")."""
    from .. import factories

    def _make(email, *, language="en", admin=False):
        with app.app_context():
            user = factories.user(email, language=language, admin=admin)
            db.session.commit()
            return user.id

    return _make


@pytest.fixture
def world(app, make_user):
    """A public convening (Los Angeles, Dec 2–3 2013) with its organizer, another convening's
    organizer, two rooms, a track, three people and two organizations."""
    from organizer.agenda.models import Room, Track
    from organizer.convenings.models import Convening, ConveningOrganizer
    from organizer.organizations.models import Organization, Person

    organizer = make_user("organizer@example.org")
    other = make_user("other@example.org")
    visitor = make_user("visitor@example.org", language="es")
    admin = make_user("admin@example.org", admin=True)
    with app.app_context():
        conv = Convening(slug="la-2013", title=tt("Los Angeles Conference", "Conferencia de Los Ángeles"),
                         kind="trinational", timezone="America/Los_Angeles", status="past", countries=["US", "MX", "CA"])
        conv.start_date, conv.end_date = date(2013, 12, 2), date(2013, 12, 3)
        other_conv = Convening(slug="mx-2014", title=tt("Mexico City Forums", "Foros de la Ciudad de México"),
                               kind="forum", timezone="America/Mexico_City", status="published")
        draft_conv = Convening(slug="secret", title=tt("Secret", "Secreto"), kind="forum", timezone="UTC", status="draft")
        db.session.add_all([conv, other_conv, draft_conv])
        db.session.flush()
        db.session.add_all([ConveningOrganizer(convening_id=conv.id, user_id=organizer),
                            ConveningOrganizer(convening_id=other_conv.id, user_id=other),
                            ConveningOrganizer(convening_id=draft_conv.id, user_id=organizer)])
        fat = Organization(slug="fat", name=tt("Authentic Labor Front", "Frente Auténtico del Trabajo"),
                           acronym=TranslatedText(en="FAT", es="FAT"), country="MX", kind="federation")
        ctu = Organization(slug="ctu", name=tt("Chicago Teachers Union", "Sindicato de Maestros de Chicago"),
                           country="US", kind="union")
        db.session.add_all([fat, ctu])
        ana = Person(slug="ana-lopez", name="Ana López", is_public=True)
        bob = Person(slug="bob-smith", name="Bob Smith", is_public=True)
        cam = Person(slug="camille-roy", name="Camille Roy", is_public=True)
        db.session.add_all([ana, bob, cam])
        hall = Room(convening_id=conv.id, name=tt("Main hall", "Salón principal"), capacity=300, position=1,
                    availabilities=[])
        room_b = Room(convening_id=conv.id, name=tt("Room B", "Sala B"), capacity=40, position=2, availabilities=[])
        track = Track(convening_id=conv.id, key="mining", name=tt("Mining", "Minería"), position=1)
        db.session.add_all([hall, room_b, track])
        db.session.commit()
        ids = dict(convening=conv.id, other_convening=other_conv.id, draft_convening=draft_conv.id,
                   fat=fat.id, ctu=ctu.id, ana=ana.id, bob=bob.id, cam=cam.id, hall=hall.id, room_b=room_b.id,
                   track=track.id)
    return type("World", (), dict(ids, organizer=organizer, other=other, visitor=visitor, admin=admin))


def session_form(**overrides):
    """Form data for the session editor."""
    data = {
        "title-en": "Political context", "title-es": "Contexto político",
        "description-en": "", "description-es": "",
        "kind": "panel", "precision": "exact",
        "start": "2013-12-02T09:00", "end": "2013-12-02T10:30", "day": "",
        "room": "0", "track": "0", "languages": ["en", "es"],
        "interpretation_mode": "none", "interpretation_channel": "",
        "parallel_allowed": "y",
        "people-0-person": "0", "people-0-organization": "0", "people-0-role": "speaker",
        "people-1-person": "0", "people-1-organization": "0", "people-1-role": "speaker",
        "people-2-person": "0", "people-2-organization": "0", "people-2-role": "speaker",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def add_session(app, world):
    """Create a draft session directly: add_session("Title", start=..., end=..., room=..., people=[...])."""
    from organizer.agenda import services
    from organizer.agenda.models import DAY, EXACT
    from organizer.convenings.models import Convening

    def _add(title, start=None, end=None, day=None, room=None, track=None, people=(), languages=("en", "es"),
             kind="panel", parallel=True, interpretation=("none", ()), convening=None, precision=None):
        with app.app_context():
            conv = db.session.get(Convening, convening or world.convening)
            data = services.SessionData(
                title=tt(title), description=None, kind=kind,
                precision=precision or (EXACT if start else DAY if day else "convening"),
                start=start, end=end, day=day, room_id=room, track_id=track, languages=list(languages),
                interpretation_mode=interpretation[0], interpretation_into=list(interpretation[1]),
                interpretation_channel=None, parallel_allowed=parallel, people=list(people))
            s = services.create_session(conv, data)
            db.session.commit()
            return s.id

    return _add


@pytest.fixture
def do_release(app, world):
    from organizer.agenda import services
    from organizer.convenings.models import Convening

    def _release(name="v1", convening=None):
        with app.app_context():
            conv = db.session.get(Convening, convening or world.convening)
            r = services.release(conv, TranslatedText(en=name, es=name), None, None)
            db.session.commit()
            return r.number

    return _release
