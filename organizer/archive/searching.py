"""What the search index holds for organizations, people and convenings (the agenda's sessions and
the declarations register theirs from their own domains). Each builder reads its records in a
fixed number of statements for any number of ids."""
from __future__ import annotations

from sqlalchemy import select

from ..convenings.labels import KIND_KEYWORDS as CONVENING_KIND_KEYWORDS
from ..convenings.models import Convening, ConveningGoal, ConveningOrganization, ConveningPerson
from ..i18n.registry import country_keywords
from ..i18n.text import fold
from ..organizations.labels import KIND_KEYWORDS
from ..organizations.models import Affiliation, Organization, Person, match_keys
from .models import LANGUAGES
from .search_index import builder, every, renamed, watch


def in_language(values, language: str) -> str:
    """The texts of ``values`` (TranslatedTexts or None) written in ``language``, one per line."""
    return "\n".join(v.get(language, "") for v in values if v and v.get(language))


def per_language(prefix: str, values) -> dict[str, str]:
    return {f"{prefix}_{lang}": in_language(values, lang) for lang in LANGUAGES}


def every_language(values) -> str:
    return " ".join(t for v in values if v for t in v.values())


# ---------------------------------------------------------------------------------------------- organizations

@builder("organization")
def _organizations(connection, ids):
    org = Organization.__table__
    rows = connection.execute(select(org.c.id, org.c.slug, org.c.name, org.c.acronym, org.c.description, org.c.country,
                                     org.c.kind, org.c.verified).where(org.c.id.in_(ids))).all()
    return [{
        "ref_id": r.id, "public": bool(r.verified), "slug": r.slug, "title": r.name, "keys": match_keys(r.name, r.acronym),
        **per_language("title", [r.name, r.acronym]), **per_language("body", [r.description]),
        "keywords": " ".join([country_keywords(r.country), KIND_KEYWORDS.get(r.kind, "")]),
    } for r in rows]


watch(Organization, lambda connection, obj: [("organization", obj.id)])


def _showing_organization(connection, obj):
    """People affiliated with, and convenings joined by, an organization whose name changed."""
    if not renamed(obj, "name", "acronym"):
        return []
    aff, corg = Affiliation.__table__, ConveningOrganization.__table__
    people = connection.execute(select(aff.c.person_id).where(aff.c.organization_id == obj.id)).scalars()
    convenings = connection.execute(select(corg.c.convening_id).where(corg.c.organization_id == obj.id)).scalars()
    return [*(("person", i) for i in people), *(("convening", i) for i in convenings)]


watch(Organization, _showing_organization)
every("organization", Organization.__table__)


# ---------------------------------------------------------------------------------------------- people

@builder("person")
def _people(connection, ids):
    person, aff, org = Person.__table__, Affiliation.__table__, Organization.__table__
    rows = connection.execute(select(person.c.id, person.c.slug, person.c.name, person.c.bio, person.c.country,
                                     person.c.is_public).where(person.c.id.in_(ids))).all()
    affiliations: dict[int, list] = {}
    for a in connection.execute(select(aff.c.person_id, aff.c.title, org.c.name, org.c.acronym)
                                .join(org, org.c.id == aff.c.organization_id).where(aff.c.person_id.in_(ids))
                                .order_by(aff.c.person_id, aff.c.as_of.desc(), aff.c.id)).all():
        affiliations.setdefault(a.person_id, []).append(a)
    entries = []
    for r in rows:
        affs = affiliations.get(r.id, [])
        texts = [r.bio, *(t for a in affs for t in (a.title, a.name, a.acronym))]
        entries.append({
            "ref_id": r.id, "public": bool(r.is_public), "slug": r.slug, "title": {lang: r.name for lang in LANGUAGES},
            "context": affs[0].name if affs else None, "keys": f"|{fold(r.name)}|", "names": r.name,
            **per_language("body", texts), "keywords": country_keywords(r.country),
        })
    return entries


watch(Person, lambda connection, obj: [("person", obj.id)])


def _showing_person(connection, obj):
    if not renamed(obj, "name", "is_public"):
        return []
    cperson = ConveningPerson.__table__
    return [("convening", i) for i in connection.execute(
        select(cperson.c.convening_id).where(cperson.c.person_id == obj.id)).scalars()]


watch(Person, _showing_person)
watch(Affiliation, lambda connection, obj: [("person", obj.person_id)])
every("person", Person.__table__)


# ---------------------------------------------------------------------------------------------- convenings

@builder("convening")
def _convenings(connection, ids):
    conv, goal, corg, cperson = (Convening.__table__, ConveningGoal.__table__, ConveningOrganization.__table__,
                                 ConveningPerson.__table__)
    org, person = Organization.__table__, Person.__table__
    rows = connection.execute(select(conv).where(conv.c.id.in_(ids))).all()
    goals: dict[int, list] = {}
    for g in connection.execute(select(goal.c.convening_id, goal.c.text).where(goal.c.convening_id.in_(ids))
                                .order_by(goal.c.convening_id, goal.c.position)).all():
        goals.setdefault(g.convening_id, []).append(g.text)
    organizations: dict[int, list] = {}
    for o in connection.execute(select(corg.c.convening_id, org.c.name, org.c.acronym)
                                .join(org, org.c.id == corg.c.organization_id).where(corg.c.convening_id.in_(ids))
                                .order_by(corg.c.convening_id, corg.c.id)).all():
        organizations.setdefault(o.convening_id, []).extend([o.name, o.acronym])
    people: dict[int, list[str]] = {}
    for p in connection.execute(select(cperson.c.convening_id, person.c.name)
                                .join(person, person.c.id == cperson.c.person_id)
                                .where(cperson.c.convening_id.in_(ids), person.c.is_public.is_(True))
                                .order_by(cperson.c.convening_id, cperson.c.id)).all():
        people.setdefault(p.convening_id, []).append(p.name)
    entries = []
    for r in rows:
        countries = dict.fromkeys([r.country, *(r.countries or [])])
        entries.append({
            "ref_id": r.id, "convening_id": r.id, "slug": r.slug, "title": r.title, "context": r.subtitle,
            "keys": "|" + "|".join(fold(t) for t in (r.title or {}).values()) + "|",
            "names": " · ".join(dict.fromkeys(people.get(r.id, []))),
            **per_language("title", [r.title, r.subtitle]),
            **per_language("body", [r.description, *goals.get(r.id, []), *organizations.get(r.id, [])]),
            "keywords": " ".join([every_language([r.city, r.venue]), *(country_keywords(c) for c in countries if c),
                                  CONVENING_KIND_KEYWORDS.get(r.kind, ""),
                                  str(r.start_date.year) if r.start_date else ""]),
        })
    return entries


watch(Convening, lambda connection, obj: [("convening", obj.id)])
for _model in (ConveningGoal, ConveningOrganization, ConveningPerson):
    watch(_model, lambda connection, obj: [("convening", obj.convening_id)])
every("convening", Convening.__table__)
