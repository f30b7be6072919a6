"""API fixtures: a public convening with a released agenda, organizations, people and declarations,
plus private data of every kind (``SECRETS``) that no API answer may ever contain."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from organizer.extensions import db
from organizer.i18n.translated import TranslatedText

from .. import factories

#: Strings planted in private places: none may appear in any API answer.
SECRETS = (
    "secret-user@example.org", "member-secret@example.org", "PASSPORT-NAME-SECRET", "P1234SECRET",
    "Allergy-SECRET", "UNRELEASED-SESSION-SECRET", "DRAFT-CONVENING-SECRET", "draft-convening-secret",
    "DRAFT-DECLARATION-SECRET", "DRAFT-CLAUSE-SECRET", "Unverified Org SECRET", "unverified-org-secret",
    "signer-secret@example.org", "AUTHORIZER-SECRET", "verified-contact@example.org", "VERIFIED-AUTHORIZER",
    "PENDING-ORG-SECRET", "VOTER-NAME-SECRET", "hidden-person-slug", "Delegation notes SECRET",
    "+52 55 0000 SECRET", "CORRECTION-PENDING-SECRET",
)


def tt(en: str, es: str | None = None) -> TranslatedText:
    return TranslatedText(en=en, es=es) if es else TranslatedText(en=en)


def utc(y, m, d, hh, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=timezone.utc)


def add_sessions(convening, count: int, rooms, track, people, orgs, prefix: str = "Session"):
    """``count`` timed sessions, two rooms in parallel, two speakers each (no query per session)."""
    from organizer.agenda.models import Session, SessionPerson

    for i in range(count):
        start = utc(2030, 5, 10, 15) + timedelta(minutes=30 * (i // 2))
        s = Session(convening_id=convening.id, title=TranslatedText(en=f"{prefix} {i}", es=f"Sesión {i}"),
                    kind="panel", precision="exact", start=start, end=start + timedelta(minutes=30),
                    room_id=rooms[i % len(rooms)].id, track_id=track.id, languages=["en", "es"], people=[])
        s.people = [SessionPerson(person_id=people[(i * 2 + k) % len(people)].id,
                                  organization_id=orgs[(i + k) % len(orgs)].id, role="speaker", position=k)
                    for k in range(2)]
        db.session.add(s)
    db.session.flush()


@pytest.fixture
def api_world(app):
    """Builds the world; returns a dict of slugs and ids."""
    from organizer.agenda import services as agenda
    from organizer.agenda.models import EXACT, Room, Track
    from organizer.declarations import services as decl
    from organizer.declarations.models import (ADOPTED, SIG_VERIFIED, Ballot, Clause, Declaration, Signatory, Vote)
    from organizer.delegations.models import Delegation, DelegationMember

    with app.app_context():
        organizer = factories.user("secret-user@example.org", "Olga Organizer")
        fat = factories.org("fat", "Authentic Labor Front", "Frente Auténtico del Trabajo", acronym="FAT")
        ctu = factories.org("ctu", "Chicago Teachers Union", country="US")
        unverified = factories.org("unverified-org-secret", "Unverified Org SECRET", verified=False)
        ana = factories.person("ana-lopez", "Ana López", public=True)
        hidden = factories.person("hidden-person-slug", "Hidden Speaker", public=False)
        conv = factories.convening("api-2030", "Trinational 2030", "Trinacional 2030", start="2030-05-10",
                                   end="2030-05-12", status="registration_open", organizers=[organizer.id])
        conv.description = TranslatedText(en="Only in English")
        draft_conv = factories.convening("draft-convening-secret", "DRAFT-CONVENING-SECRET", status="draft")
        hall = Room(convening_id=conv.id, name=tt("Main hall", "Salón principal"), capacity=300, position=1,
                    availabilities=[])
        room_b = Room(convening_id=conv.id, name=tt("Room B"), capacity=40, position=2, availabilities=[])
        track = Track(convening_id=conv.id, key="mining", name=tt("Mining", "Minería"), position=1)
        db.session.add_all([hall, room_b, track])
        db.session.flush()
        data = agenda.SessionData(
            title=tt("Opening plenary", "Plenaria de apertura"), description=tt("Welcome"), kind="plenary",
            precision=EXACT, start=utc(2030, 5, 10, 14), end=utc(2030, 5, 10, 15), day=None, room_id=hall.id,
            track_id=track.id, languages=["es"], interpretation_mode="simultaneous",
            interpretation_into=["en", "fr", "lsm"], interpretation_channel="3", parallel_allowed=False,
            people=[(ana.id, fat.id, "speaker"), (hidden.id, None, "moderator")])
        opening = agenda.create_session(conv, data)
        # a released session names a speaker's organization that is not verified: the API leaves it out
        add_sessions(conv, 2, [hall, room_b], track, [ana, hidden], [fat, unverified])
        agenda.release(conv, tt("First agenda", "Primera agenda"), tt("Note"), organizer.id)
        # after the release: a draft session nobody outside may see
        agenda.create_session(conv, agenda.SessionData(
            title=tt("UNRELEASED-SESSION-SECRET"), description=None, kind="panel", precision=EXACT,
            start=utc(2030, 5, 11, 14), end=utc(2030, 5, 11, 15), day=None, room_id=hall.id, track_id=None,
            languages=["en"], interpretation_mode="none", interpretation_into=[], interpretation_channel=None,
            parallel_allowed=True, people=[]))
        # a draft convening with a release of its own
        agenda.release(draft_conv, tt("DRAFT-CONVENING-SECRET"), None, organizer.id)
        # registration: private details of a delegation and its member
        lead = factories.user("lead-secret@example.org", "Lead")
        delegation = Delegation(convening_id=conv.id, lead_user_id=lead.id, name=tt("Delegation"), status="confirmed",
                                contact_phone="+52 55 0000 SECRET", notes="Delegation notes SECRET")
        db.session.add(delegation)
        db.session.flush()
        db.session.add(DelegationMember(
            delegation_id=delegation.id, name="Member", email="member-secret@example.org", status="confirmed",
            passport_name="PASSPORT-NAME-SECRET", passport_number="P1234SECRET", nationality="MX", visa_letter=True,
            dietary_needs="Allergy-SECRET", listen_language="lsm"))
        # declarations: a draft, and an adopted one with a verified and a pending signatory
        draft = decl.create_declaration(conv, tt("DRAFT-DECLARATION-SECRET"), organizer)
        decl.add_clause(draft, organizer, kind="demand", original_language="en", text=tt("DRAFT-CLAUSE-SECRET"))
        adopted = decl.create_declaration(conv, tt("Adopted declaration", "Declaración adoptada"), organizer)
        decl.add_clause(adopted, organizer, kind="demand", original_language="en",
                        text=tt("Solidarity.", "Solidaridad."), reviewed=("en", "es"))
        decl.add_clause(adopted, organizer, kind="commitment", original_language="en", text=tt("English only."))
        adopted.status, adopted.method, adopted.adopted_on = ADOPTED, "consensus", date(2030, 5, 12)
        db.session.flush()
        verified, _t = decl.sign_on(adopted, organization=ctu, new_name=None, country="US", sector=None,
                                    authorized_by="VERIFIED-AUTHORIZER", authorizer_title=None,
                                    contact_email="verified-contact@example.org", contact_language="en", user=None)
        verified.status = SIG_VERIFIED
        verified.verified_at = utc(2030, 5, 13, 12)
        decl.sign_on(adopted, organization=None, new_name="PENDING-ORG-SECRET", country="MX", sector=None,
                     authorized_by="AUTHORIZER-SECRET", authorizer_title=None,
                     contact_email="signer-secret@example.org", contact_language="es", user=None)
        clause = db.session.scalar(db.select(Clause).where(Clause.declaration_id == adopted.id).order_by(Clause.id))
        decl.propose_correction(adopted, clause, organizer, language="en", new_text="CORRECTION-PENDING-SECRET",
                                reason=tt("Typo"))
        vote = Vote(declaration_id=draft.id, version=1, unit="delegation", secret=True, majority="simple",
                    status="closed", yes=1)
        db.session.add(vote)
        db.session.flush()
        db.session.add_all([Ballot(vote_id=vote.id, voter_key="d1", voter_name=None, choice=None),
                            Ballot(vote_id=vote.id, voter_key="u99", voter_name="VOTER-NAME-SECRET", choice="yes")])
        db.session.commit()
        ids = {"convening": conv.slug, "opening": opening.guid, "adopted": adopted.slug,
               "draft_declaration": draft.slug, "convening_id": conv.id, "hall": hall.id, "track": track.id,
               "fat": fat.id, "ctu": ctu.id, "ana": ana.id, "hidden": hidden.id}
        assert db.session.scalar(db.select(db.func.count()).select_from(Declaration)) == 2
        assert db.session.scalar(db.select(db.func.count()).select_from(Signatory)) == 2
    return ids
