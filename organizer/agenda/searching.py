"""What the site search holds for the agenda: each session's title and description in every
language, its speakers and their organizations. A session is found once its convening's agenda
has been released (the public agenda is the released one)."""
from __future__ import annotations

from sqlalchemy import exists, select

from ..archive.search_index import builder, every, renamed, watch
from ..archive.searching import per_language
from ..convenings.models import Convening
from ..organizations.models import Organization, Person
from .models import Release, Session, SessionPerson


@builder("session")
def _sessions(connection, ids):
    session, speaker, person, org = (Session.__table__, SessionPerson.__table__, Person.__table__,
                                     Organization.__table__)
    conv, release = Convening.__table__, Release.__table__
    released = exists().where(release.c.convening_id == session.c.convening_id)
    rows = connection.execute(
        select(session.c.id, session.c.guid, session.c.title, session.c.description, session.c.convening_id,
               conv.c.slug.label("convening_slug"), conv.c.title.label("convening_title"), released.label("released"))
        .join(conv, conv.c.id == session.c.convening_id).where(session.c.id.in_(ids))).all()
    speakers: dict[int, list] = {}
    for s in connection.execute(
            select(speaker.c.session_id, person.c.name, person.c.is_public, org.c.name.label("org_name"), org.c.acronym)
            .join(person, person.c.id == speaker.c.person_id).outerjoin(org, org.c.id == speaker.c.organization_id)
            .where(speaker.c.session_id.in_(ids)).order_by(speaker.c.session_id, speaker.c.position)).all():
        speakers.setdefault(s.session_id, []).append(s)
    entries = []
    for r in rows:
        people = speakers.get(r.id, [])
        entries.append({
            "ref_id": r.id, "convening_id": r.convening_id, "public": bool(r.released), "slug": r.guid,
            "parent_slug": r.convening_slug, "title": r.title, "context": r.convening_title,
            "names": " · ".join(dict.fromkeys(p.name for p in people if p.is_public)),
            **per_language("title", [r.title]),
            **per_language("body", [r.description, *(t for p in people for t in (p.org_name, p.acronym))]),
        })
    return entries


def _sessions_of_convening(connection, convening_id):
    table = Session.__table__
    return [("session", i) for i in connection.execute(
        select(table.c.id).where(table.c.convening_id == convening_id)).scalars()]


def _speaking_for(connection, obj):
    """Sessions that show an organization or person whose name changed."""
    changed = renamed(obj, "name", "acronym") if isinstance(obj, Organization) else renamed(obj, "name", "is_public")
    if not changed:
        return []
    speaker = SessionPerson.__table__
    column = speaker.c.organization_id if isinstance(obj, Organization) else speaker.c.person_id
    return [("session", i) for i in connection.execute(select(speaker.c.session_id).where(column == obj.id)).scalars()]


def _convening_renamed(connection, obj):
    if not renamed(obj, "title"):
        return []
    return _sessions_of_convening(connection, obj.id)


watch(Organization, _speaking_for)
watch(Person, _speaking_for)
watch(Convening, _convening_renamed)
watch(Session, lambda connection, obj: [("session", obj.id)])
watch(SessionPerson, lambda connection, obj: [("session", obj.session_id)])
watch(Release, lambda connection, obj: _sessions_of_convening(connection, obj.convening_id))
every("session", Session.__table__)
