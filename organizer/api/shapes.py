"""Rows and frozen agendas shaped as the API's JSON (the schemas in ``openapi.py``).

Every text that exists in several languages is an object with one entry per language of the site
(``LANGUAGES``): ``{"value": ..., "lang": ..., "fallback": ...}``, where ``lang`` is the language
the value is actually written in and ``fallback`` says it is another language's text standing in
(the site's fallback order, ``CONTENT_FALLBACK``). A text with no value in any language is ``null``.
Nothing here queries the database: the views load, this shapes.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, url_for

from ..i18n.translated import TranslatedText

VERSION = "1"


def languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def text(value: Mapping | None, langs: list[str] | None = None) -> dict | None:
    """A translated value in every language, each saying which language it is really in."""
    if not value:
        return None
    value = value if isinstance(value, TranslatedText) else TranslatedText(value)
    if not value:
        return None
    result = {}
    for lang in langs or languages():
        resolved = value.resolve(lang)
        result[lang] = {"value": resolved.text, "lang": resolved.language, "fallback": resolved.is_fallback}
    return result


def html_links(endpoint: str, **values) -> dict[str, str]:
    """The page for people, in each language."""
    return {lang: url_for(endpoint, lang_code=lang, _external=True, **values) for lang in languages()}


def partial_date(value: date | None, precision: str | None) -> dict | None:
    """A date known to the day, month or year: ``{"date": "2013-12-02", "precision": "day"}`` (for a
    month or a year, the date is the first day of it and says no more than the precision)."""
    if value is None:
        return None
    return {"date": value.isoformat(), "precision": precision or "day"}


def moment(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


# ---------------------------------------------------------------- convenings

def convening(c, langs: list[str]) -> dict:
    return {
        "slug": c.slug,
        "title": text(c.title, langs),
        "subtitle": text(c.subtitle, langs),
        "description": text(c.description, langs),
        "kind": c.kind,
        "status": c.status,
        "countries": list(c.countries or []),
        "country": c.country,
        "city": text(c.city, langs),
        "venue": text(c.venue, langs),
        "timezone": c.timezone or "UTC",
        "start": partial_date(c.start_date, c.start_precision),
        "end": partial_date(c.end_date, c.end_precision),
        "links": {
            "self": url_for("api.convening", slug=c.slug, _external=True),
            "agendas": url_for("api.agendas", slug=c.slug, _external=True),
            "sessions": url_for("api.sessions", slug=c.slug, _external=True),
            "rooms": url_for("api.rooms", slug=c.slug, _external=True),
            "speakers": url_for("api.speakers", slug=c.slug, _external=True),
            "html": html_links("convenings.show", slug=c.slug),
        },
    }


# ---------------------------------------------------------------- agendas (from a release's snapshot)

def release(c, r, langs: list[str]) -> dict:
    return {
        "number": r.number,
        "name": text(r.name, langs),
        "note": text(r.note, langs),
        "released_at": moment(r.released_at),
        "session_count": len((r.snapshot or {}).get("sessions", [])),
        "links": {
            "self": url_for("api.agenda", slug=c.slug, number=str(r.number), _external=True),
            "html": html_links("agenda.version", slug=c.slug, number=r.number),
        },
    }


def room(r: dict, langs: list[str]) -> dict:
    return {"id": r["guid"], "name": text(r["name"], langs), "capacity": r.get("capacity")}


def track(t: dict, langs: list[str]) -> dict:
    return {"key": t["key"], "name": text(t["name"], langs)}


class SessionShaper:
    """Sessions of one snapshot: rooms and tracks resolved once, page links built once per language."""

    def __init__(self, c, snapshot: dict, langs: list[str], hidden_organizations: frozenset[int] = frozenset()):
        self.langs = langs
        self.hidden = hidden_organizations
        self.tz = _zone(snapshot.get("timezone"))
        self.rooms = {r["id"]: room(r, langs) for r in snapshot.get("rooms", [])}
        self.tracks = {t["id"]: track(t, langs) for t in snapshot.get("tracks", [])}
        marker = "00000000-0000-0000-0000-000000000000"
        self._html = {lang: url_for("agenda.session_page", slug=c.slug, guid=marker, lang_code=lang, _external=True)
                      for lang in langs}
        self._self = url_for("api.session", slug=c.slug, guid=marker, _external=True)
        self._marker = marker
        self._profile = {lang: url_for("people.person", slug="--person--", lang_code=lang, _external=True)
                         for lang in langs}

    def local(self, value: str | None) -> str | None:
        if not value:
            return None
        return datetime.fromisoformat(value).astimezone(self.tz).isoformat()

    def person(self, p: dict) -> dict:
        org = p.get("organization")
        if org and org.get("id") in self.hidden:
            org = None  # not verified: the API names verified organizations only
        return {
            "id": p["id"],
            "name": p["name"],
            "role": p["role"],
            "organization": organization_ref(org, self.langs) if org else None,
            "profile": ({lang: self._profile[lang].replace("--person--", p["slug"]) for lang in self.langs}
                        if p.get("public") else None),
        }

    def session(self, s: dict) -> dict:
        interpretation = s.get("interpretation") or {}
        mode = interpretation.get("mode") or "none"
        return {
            "id": s["guid"],
            "title": text(s["title"], self.langs),
            "description": text(s.get("description"), self.langs),
            "kind": s["kind"],
            "precision": s["precision"],
            "start": _utc(s.get("start")),
            "end": _utc(s.get("end")),
            "local_start": self.local(s.get("start")),
            "local_end": self.local(s.get("end")),
            "day": s.get("day"),
            "room": self.rooms.get(s.get("room")),
            "track": self.tracks.get(s.get("track")),
            "languages": list(s.get("languages") or []),
            "interpretation": {
                "mode": mode,
                "into": list(interpretation.get("into") or []) if mode != "none" else [],
                "channel": (interpretation.get("channel") or None) if mode != "none" else None,
            },
            "people": [self.person(p) for p in s.get("people", [])],
            "links": {
                "self": self._self.replace(self._marker, s["guid"]),
                "html": {lang: url.replace(self._marker, s["guid"]) for lang, url in self._html.items()},
            },
        }


def organization_ref(org: dict, langs: list[str]) -> dict:
    """An organization as a released agenda names it (name and acronym frozen with the release)."""
    return {"slug": org.get("slug"), "name": text(org.get("name"), langs), "acronym": text(org.get("acronym"), langs)}


def speakers(snapshot: dict, shaper: SessionShaper) -> list[dict]:
    """Everyone who speaks or moderates in a release, once each, with their sessions (public fields
    only: name, organization, roles; a profile link only for people with a public profile)."""
    found: dict[int, dict] = {}
    for s in snapshot.get("sessions", []):
        for p in s.get("people", []):
            entry = found.get(p["id"])
            if entry is None:
                entry = shaper.person(p)
                entry.pop("role")
                entry["roles"] = []
                entry["sessions"] = []
                found[p["id"]] = entry
            if p["role"] not in entry["roles"]:
                entry["roles"].append(p["role"])
            if s["guid"] not in entry["sessions"]:
                entry["sessions"].append(s["guid"])
    return list(found.values())


def _utc(value: str | None) -> str | None:
    if not value:
        return None
    return moment(datetime.fromisoformat(value))


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except Exception:  # an unknown zone never breaks a response
        return ZoneInfo("UTC")


# ---------------------------------------------------------------- organizations

def organization(o, langs: list[str], parent_slug: str | None = None) -> dict:
    return {
        "slug": o.slug,
        "name": text(o.name, langs),
        "acronym": text(o.acronym, langs),
        "country": o.country,
        "kind": o.kind,
        "sectors": list(o.sectors),
        "website": o.website or None,
        "description": text(o.description, langs),
        "parent": parent_slug,
        "links": {
            "self": url_for("api.organization", slug=o.slug, _external=True),
            "html": html_links("organizations.show", slug=o.slug),
        },
    }


# ---------------------------------------------------------------- declarations

def declaration_summary(d, c, langs: list[str], signatory_count: int) -> dict:
    return {
        "slug": d.slug,
        "title": text(d.title, langs),
        "convening": c.slug,
        "adopted": partial_date(d.adopted_on, d.adopted_precision),
        "method": d.method,
        "signatory_count": signatory_count,
        "links": {
            "self": url_for("api.declaration", slug=d.slug, _external=True),
            "convening": url_for("api.convening", slug=c.slug, _external=True),
            "html": html_links("declarations.show", slug=d.slug),
        },
    }


def clause(number: int, cl, langs: list[str]) -> dict:
    texts = {}
    value = cl.text if isinstance(cl.text, TranslatedText) else TranslatedText(cl.text or {})
    for lang in langs:
        resolved = value.resolve(lang)
        texts[lang] = {"value": resolved.text, "lang": resolved.language, "fallback": resolved.is_fallback,
                       "status": cl.status_for(lang)}
    return {"number": number, "kind": cl.kind, "original_language": cl.original_language, "text": texts}


def declaration(d, c, langs: list[str], clauses: list, signatories: list) -> dict:
    result = declaration_summary(d, c, langs, len(signatories))
    votes = None
    if d.votes_for is not None or d.votes_against is not None or d.votes_abstain is not None:
        votes = {"for": d.votes_for, "against": d.votes_against, "abstain": d.votes_abstain}
    result.update({
        "votes": votes,
        "text_in_sources": bool(d.text_in_sources),
        "process": text(d.process, langs),
        "clauses": [clause(i, cl, langs) for i, cl in enumerate(clauses, start=1)],
        "signatories": [{"organization": {"slug": s.organization.slug, "name": text(s.organization.name, langs),
                                          "acronym": text(s.organization.acronym, langs)},
                         "country": s.country, "sector": s.sector,
                         "verified_at": moment(s.verified_at)} for s in signatories],
    })
    return result
