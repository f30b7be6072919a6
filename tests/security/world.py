"""A small world with one user per role, for permission tests across every domain.

Roles: anonymous; ``delegate`` (member of a delegation of convening A); ``other_lead`` (leads a
delegation of convening B); ``other_organizer`` (organizes convening B); ``lead`` (leads the
delegation of A); ``organizer`` (organizes A); ``admin``."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from organizer.accounts import services as accounts
from organizer.convenings.models import Convening, ConveningOrganizer
from organizer.delegations.models import CONFIRMED, Delegation, DelegationMember
from organizer.extensions import db
from organizer.i18n.translated import TranslatedText
from organizer.organizations.models import Organization, Person

ROLES = ("anonymous", "delegate", "other_lead", "other_organizer", "lead", "organizer", "admin")
PASSWORD = "correct horse battery"


@dataclass
class World:
    users: dict[str, int] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    slugs: dict[str, str] = field(default_factory=dict)


def build_world() -> World:
    """Call inside an app context; commits."""
    w = World()
    for role in ROLES[1:]:
        email = f"{role}@example.org"
        user = accounts.create_user(email, role.replace("_", " ").title(), PASSWORD, "en",
                                    is_admin=(role == "admin"), confirmed=True)
        w.users[role], w.emails[role] = user.id, email
    conv_a = Convening(slug="conv-a", title=TranslatedText(en="Convening A", es="Encuentro A"), kind="trinational",
                       status="registration_open", timezone="America/Mexico_City", countries=["US", "MX", "CA"],
                       start_date=date(2030, 5, 10), end_date=date(2030, 5, 12))
    conv_b = Convening(slug="conv-b", title=TranslatedText(en="Convening B", es="Encuentro B"), kind="binational",
                       status="registration_open", timezone="America/Los_Angeles", countries=["US", "MX"],
                       start_date=date(2030, 8, 1), end_date=date(2030, 8, 2))
    org = Organization(slug="union-a", name=TranslatedText(en="Union A", es="Sindicato A"), country="MX", kind="union")
    person = Person(slug="speaker-a", name="Speaker A", country="MX", is_public=True)
    db.session.add_all([conv_a, conv_b, org, person])
    db.session.flush()
    db.session.add_all([
        ConveningOrganizer(convening_id=conv_a.id, user_id=w.users["organizer"]),
        ConveningOrganizer(convening_id=conv_b.id, user_id=w.users["other_organizer"]),
    ])
    deleg_a = Delegation(convening_id=conv_a.id, lead_user_id=w.users["lead"], status=CONFIRMED,
                         name=TranslatedText(en="Delegation A", es="Delegación A"))
    deleg_b = Delegation(convening_id=conv_b.id, lead_user_id=w.users["other_lead"], status=CONFIRMED,
                         name=TranslatedText(en="Delegation B", es="Delegación B"))
    db.session.add_all([deleg_a, deleg_b])
    db.session.flush()
    member = DelegationMember(delegation_id=deleg_a.id, user_id=w.users["delegate"], name="Delegate",
                              email="delegate@example.org", status=CONFIRMED, listen_language="es",
                              speak_language="es")
    db.session.add(member)
    db.session.flush()
    w.ids.update(convening=conv_a.id, other_convening=conv_b.id, organization=org.id, person=person.id,
                 delegation=deleg_a.id, other_delegation=deleg_b.id, member=member.id)
    w.slugs.update(convening=conv_a.slug, other_convening=conv_b.slug, organization=org.slug, person=person.slug)
    for extend in EXTENSIONS:
        for side in SIDES:
            extend(w, side)
            db.session.flush()
    db.session.commit()
    return w


@dataclass(frozen=True)
class Side:
    """Whose rows a builder makes: convening A's (ids named plainly: ``room``) or convening B's (ids
    prefixed ``b_``: ``b_room``), so that tests can aim A's addresses at B's rows."""
    prefix: str
    convening: str
    organizer: str
    lead: str
    delegation: str
    member: str  # in a constituency group

    def put(self, w: World, **ids) -> None:
        w.ids.update({self.prefix + k: v for k, v in ids.items()})

    def put_slugs(self, w: World, **slugs) -> None:
        w.slugs.update({self.prefix + k: v for k, v in slugs.items()})


SIDE_A = Side("", "convening", "organizer", "lead", "delegation", "delegate")
SIDE_B = Side("b_", "other_convening", "other_organizer", "other_lead", "other_delegation", "other_lead")
SIDES = (SIDE_A, SIDE_B)


def tt(en: str, es: str | None = None) -> TranslatedText:
    return TranslatedText(en=en, es=es or f"{en} (es)")


def _user(w: World, role: str):
    from organizer.accounts.models import User

    return db.session.get(User, w.users[role])


def add_agenda(w: World, side: Side = SIDE_A) -> None:
    """The convening gets a room, a track, a timed session in that room and a release."""
    from datetime import datetime, timezone

    from organizer.agenda import services as agenda
    from organizer.agenda.models import EXACT, Room, Track

    conv = db.session.get(Convening, w.ids[side.convening])
    day = conv.start_date
    room = Room(convening_id=conv.id, name=tt("Main hall", "Salón principal"), capacity=100, position=1,
                availabilities=[])
    track = Track(convening_id=conv.id, key="mining", name=tt("Mining", "Minería"), position=1)
    db.session.add_all([room, track])
    db.session.flush()
    data = agenda.SessionData(
        title=tt("Opening plenary", "Plenaria de apertura"), description=tt("Welcome", "Bienvenida"), kind="panel",
        precision=EXACT, start=datetime(day.year, day.month, day.day, 18, 0, tzinfo=timezone.utc),
        end=datetime(day.year, day.month, day.day, 19, 30, tzinfo=timezone.utc), day=None, room_id=room.id, track_id=track.id,
        languages=["en", "es"], interpretation_mode="none", interpretation_into=[], interpretation_channel=None,
        parallel_allowed=True, people=[(w.ids["person"], w.ids["organization"], "speaker")])
    session = agenda.create_session(conv, data)
    release = agenda.release(conv, tt("First agenda", "Primera agenda"), tt("Note", "Nota"), w.users[side.organizer])
    side.put(w, room=room.id, track=track.id, session=session.id, release=release.number)
    side.put_slugs(w, session_guid=session.guid, day=day.isoformat())


def add_declarations(w: World, side: Side = SIDE_A) -> None:
    """The convening gets a draft declaration (the organizer on its committee, two clauses, a proposal by
    the lead, a constituency group with the delegate in it) and an adopted one with a pending
    signatory entered by the lead."""
    from organizer.declarations import services as decl
    from organizer.declarations.models import ADOPTED, ConstituencyGroup, ConstituencyMember

    conv = db.session.get(Convening, w.ids[side.convening])
    organizer, lead = _user(w, side.organizer), _user(w, side.lead)
    draft = decl.create_declaration(conv, tt("Joint declaration", "Declaración conjunta"), organizer)
    decl.set_committee(draft, add_user=organizer)
    first = decl.add_clause(draft, organizer, kind="preamble", original_language="en",
                            text=tt("We the workers meet.", "Las y los trabajadores nos reunimos."),
                            reviewed=("en", "es"))
    second = decl.add_clause(draft, organizer, kind="demand", original_language="es",
                             text=tt("Decent wages.", "Salarios dignos."))
    group = ConstituencyGroup(convening_id=conv.id, key="youth", name=tt("Youth", "Jóvenes"))
    db.session.add(group)
    db.session.flush()
    db.session.add(ConstituencyMember(group_id=group.id, user_id=w.users[side.member]))
    deleg = db.session.get(Delegation, w.ids[side.delegation])
    proposal = decl.submit_proposal(draft, lead, action="change", on_behalf=deleg, clause=second, kind=None,
                                    text=tt("Decent wages for all.", "Salarios dignos para todos."),
                                    reason=tt("Broader", "Más amplio"))
    adopted = decl.create_declaration(conv, tt("Adopted declaration", "Declaración adoptada"), organizer)
    decl.set_committee(adopted, add_user=organizer)
    decl.add_clause(adopted, organizer, kind="demand", original_language="en",
                    text=tt("Solidarity.", "Solidaridad."), reviewed=("en", "es"))
    adopted.status, adopted.method, adopted.adopted_on = ADOPTED, "consensus", date(2030, 5, 12)
    db.session.flush()
    signatory, _token = decl.sign_on(
        adopted, organization=db.session.get(Organization, w.ids["organization"]), new_name=None, country="MX",
        sector=None, authorized_by="Ana", authorizer_title=None, contact_email="contact@example.org",
        contact_language="es", user=lead)
    from organizer.declarations.models import BLOCK, Clause

    position = decl.record_position(draft, deleg, BLOCK, tt("Not yet", "Todavía no"), organizer)
    decl.resolve_block(position, tt("Amended", "Enmendada"), organizer)
    adopted_clause = db.session.scalar(db.select(Clause).where(Clause.declaration_id == adopted.id))
    correction = decl.propose_correction(adopted, adopted_clause, organizer, language="en", new_text="Solidarity!",
                                         reason=tt("Typo", "Errata"))
    decl.approve_correction(correction, lead)
    pending_correction = decl.propose_correction(adopted, adopted_clause, organizer, language="es",
                                                 new_text="¡Solidaridad!", reason=tt("Typo", "Errata"))
    vote = decl.open_vote(draft, organizer, proposal=None, secret=False, majority="simple", quorum=0)
    side.put(w, clause=first.id, clause2=second.id, group=group.id, proposal=proposal.id, signatory=signatory.id,
             correction=pending_correction.id, adopted_clause=adopted_clause.id, vote=vote.id)
    side.put_slugs(w, declaration=draft.slug, adopted=adopted.slug)


def add_participants(w: World, side: Side = SIDE_A) -> None:
    """The convening lists the organization (host) and the person (speaker) as participants."""
    from organizer.convenings.models import ConveningOrganization, ConveningPerson

    row_o = ConveningOrganization(convening_id=w.ids[side.convening], organization_id=w.ids["organization"], role="host",
                                  note=tt("Hosts", "Anfitriona"))
    row_p = ConveningPerson(convening_id=w.ids[side.convening], person_id=w.ids["person"],
                            organization_id=w.ids["organization"], role="speaker")
    db.session.add_all([row_o, row_p])
    db.session.flush()
    side.put(w, participant_organization=row_o.id, participant_person=row_p.id,
             organizer_user=w.users[side.organizer], delegate_user=w.users[side.member])


def add_records(w: World, side: Side = SIDE_A) -> None:
    """The convening gets a goal and a source; the person an affiliation with the organization (A only)."""
    from organizer.convenings.models import ConveningGoal, ConveningSource, Source
    from organizer.organizations.models import Affiliation

    source = Source(file=f"security/{side.prefix}source.md", title=tt("Minutes", "Minuta"), author="Archivist", date="2030-05",
                    description=tt("Notes", "Notas"))
    db.session.add_all([source, ConveningGoal(convening_id=w.ids[side.convening], position=0,
                                              text=tt("Build power", "Construir poder"))])
    if side is SIDE_A:
        db.session.add(Affiliation(person_id=w.ids["person"], organization_id=w.ids["organization"],
                                   title=tt("Secretary", "Secretaria"), as_of="2030"))
    db.session.flush()
    db.session.add(ConveningSource(convening_id=w.ids[side.convening], source_id=source.id))
    side.put(w, source=source.id)


def add_registration(w: World, side: Side = SIDE_A) -> None:
    """Registration settings for the convening, and a second member in B's delegation (so that A's
    addresses can be aimed at a member of another delegation)."""
    from organizer.delegations.models import RegistrationQuestion, RegistrationSettings

    db.session.add(RegistrationSettings(convening_id=w.ids[side.convening], capacity=50, max_members=20,
                                        letter_template=tt("Dear {name}", "Estimada persona: {name}")))
    question = RegistrationQuestion(convening_id=w.ids[side.convening], position=0, kind="choice", scope="member",
                                    label=tt("T-shirt size", "Talla de camiseta"), required=False,
                                    choices=[{"key": "c1", "label": {"en": "Small", "es": "Chica"}},
                                             {"key": "c2", "label": {"en": "Large", "es": "Grande"}}])
    db.session.add(question)
    db.session.flush()
    side.put(w, question=question.id)
    if side is SIDE_B:
        member = DelegationMember(delegation_id=w.ids["other_delegation"], name="Member B",
                                  email="member-b@example.org", status=CONFIRMED, listen_language="en",
                                  speak_language="en")
        db.session.add(member)
        db.session.flush()
        side.put(w, member=member.id)


#: Extra parts of the world; each ``fn(world, side)`` adds rows to one convening (flush, no commit) and
#: is called for A and for B. The delegations domain can append its own builder here.
EXTENSIONS = [add_participants, add_records, add_agenda, add_declarations, add_registration]
