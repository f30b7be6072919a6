"""An XSS payload in every bilingual text column and every plain-text name renders inert everywhere."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from organizer.extensions import db
from organizer.i18n.translated import TranslatedText, TranslatedType

from .matrix import TABLE
from .test_route_matrix import outcome
from .world import ROLES

PAYLOAD = """<script>alert(1)</script><img src=x onerror=alert(1)>"'"""
SHORT_PAYLOAD = "<script>alert(1)</script>"  # for the short columns
#: What must never reach an HTML page unescaped.
RAW = ("<script>alert(1)", "<img src=x onerror")
ESCAPED = "&lt;script&gt;alert(1)"
#: Plain-text content columns (names and free text that are not TranslatedType).
PLAIN_COLUMNS = {
    "users": ["name"], "people": ["name"], "delegation_members": ["name"], "sources": ["author"],
    "declaration_signatories": ["authorized_by", "authorizer_title"], "declaration_versions": ["author_name"],
    "declaration_corrections": ["author_name", "old_text", "new_text"], "declaration_proposals": ["proposer_name"],
    "agenda_sessions": ["interpretation_channel"],
}


def poison(world, languages=("en", "es")) -> list[str]:
    """Write the payload into every TranslatedType column (both languages) and the plain-text columns;
    release the agenda again and snapshot the declarations so releases and versions carry it too.
    Returns the columns poisoned."""
    from organizer.accounts.models import User
    from organizer.agenda import services as agenda
    from organizer.convenings.models import Convening
    from organizer.declarations import services as decl
    from organizer.declarations.models import Declaration, Signatory
    from organizer.organizations.models import Organization

    poisoned = []
    value = TranslatedText({lang: f"{PAYLOAD} {lang}" for lang in languages})
    for table in db.metadata.sorted_tables:
        values = {c.name: value for c in table.columns if isinstance(c.type, TranslatedType)}
        for name in PLAIN_COLUMNS.get(table.name, []):
            length = getattr(table.columns[name].type, "length", None)
            values[name] = PAYLOAD if not length or length >= len(PAYLOAD) else SHORT_PAYLOAD
        if values:
            db.session.execute(table.update().values(**values))
            poisoned += [f"{table.name}.{name}" for name in values]
    db.session.execute(db.update(Organization).values(website="javascript:alert(1)"))
    db.session.commit()
    organizer = db.session.get(User, world.users["organizer"])
    agenda.release(db.session.get(Convening, world.ids["convening"]), value, value, organizer.id)
    for declaration in db.session.scalars(db.select(Declaration)):
        decl._save(declaration, organizer, "title_changed")
    db.session.get(Signatory, world.ids["signatory"]).status = "verified"
    db.session.commit()
    return poisoned


def test_every_translated_column_is_poisoned(app, world):
    with app.test_request_context("/en/"):
        poisoned = poison(world)
        translated = [f"{t.name}.{c.name}" for t in db.metadata.sorted_tables for c in t.columns
                      if isinstance(c.type, TranslatedType)]
        assert set(translated) <= set(poisoned)
        # Every table holding translated content has at least one row in the world: the pages show it.
        empty = [t.name for t in db.metadata.sorted_tables
                 if any(isinstance(c.type, TranslatedType) for c in t.columns)
                 and not db.session.scalar(db.select(db.func.count()).select_from(t))]
        assert empty == []


def test_payload_renders_inert(app, world, clients):
    with app.test_request_context("/en/"):
        poison(world)
    problems, checked, shown = fetch_all(world, clients, [("organizer", "en"), ("organizer", "es"), ("admin", "en"),
                                                         ("admin", "es")])
    assert checked > 100
    # The payload did reach the pages (escaped): a test that renders nothing proves nothing.
    must_show = {"convenings.show", "agenda.index", "agenda.session_page", "agenda.manage", "agenda.version",
                 "declarations.show", "declarations.proposal", "declarations.adoption", "declarations.versions",
                 "declarations.signatories_review", "organizations.show", "people.person", "convenings.participants"}
    assert must_show - shown == set()
    assert problems == [], "\n".join(problems)


def test_payload_renders_inert_through_the_language_fallback(app, world, clients):
    """English only: the Spanish pages show it through the "not yet translated" fallback."""
    with app.test_request_context("/en/"):
        poison(world, languages=("en",))
    problems, checked, shown = fetch_all(world, clients, [("organizer", "es")])
    assert {"convenings.show", "agenda.index", "declarations.show"} - shown == set()
    assert problems == [], "\n".join(problems)


def fetch_all(world, clients, visits):
    slugs = {**world.ids, **world.slugs}
    pages = [e for e in TABLE if "GET" in e.methods and not e.token]
    problems, checked, shown = [], 0, set()
    for role, lang in visits:
        client = clients[role]
        index = ROLES.index(role)
        for entry in pages:
            if entry.expect[index] != "O":
                continue
            url = entry.url.format(lang=lang, **slugs)
            response = client.get(url)
            checked += 1
            if response.status_code >= 500:
                problems.append(f"{url} as {role}: {response.status_code}")
                continue
            if outcome(response, lang) != "O":
                problems.append(f"{url} as {role}: {response.status_code}")
            problems += inert(url, role, response)
            if ESCAPED.encode() in response.get_data():
                shown.add(entry.endpoint)
        response = client.get(f"/{lang}/search/", query_string={"q": PAYLOAD})
        problems += inert("search?q=payload", role, response)
    return problems, checked, shown


def inert(url, role, response) -> list[str]:
    kind = response.mimetype
    body = response.get_data()
    if kind == "text/html":
        text = body.decode()
        found = [raw for raw in RAW if raw in text]
        if 'href="javascript:' in text.lower():
            found.append("javascript: link")
        return [f"{url} as {role}: {found}"] if found else []
    if kind == "application/json":
        json.loads(body)
        return []
    if kind in ("application/xml", "text/xml"):
        ET.fromstring(body)  # well-formed: the payload is text, not markup
        return [f"{url} as {role}: raw payload in XML"] if any(raw.encode() in body for raw in RAW) else []
    if kind == "text/css":  # the embedded agenda's colors: validated hex only, never the request's text
        return [f"{url} as {role}: markup in CSS"] if b"<" in body or any(raw.encode() in body for raw in RAW) else []
    if kind in ("text/calendar", "application/pdf", "image/x-icon", "image/vnd.microsoft.icon", "text/plain", "text/csv",
                "image/svg+xml"):
        if kind == "image/svg+xml" and any(raw.encode() in body for raw in RAW):
            return [f"{url} as {role}: raw payload in SVG"]
        return []
    return [f"{url} as {role}: unexpected type {kind}"]
