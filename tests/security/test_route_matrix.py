"""Every route against every role: the table in matrix.py says what each role gets."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from .conftest import fingerprint
from .matrix import CROSS, TABLE
from .world import ROLES

LANG = "en"


def _url(entry, world) -> str:
    return entry.url.format(lang=LANG, **{**world.ids, **world.slugs})


def outcome(response, lang: str = LANG) -> str:
    if response.status_code in (403, 404):
        return "D"
    if response.status_code in (301, 302, 303, 307, 308):
        path = urlsplit(response.headers["Location"]).path
        return "L" if path == f"/{lang}/account/login" else "O"
    if 200 <= response.status_code < 300 or response.status_code == 400:
        return "O"  # 400: a form re-rendered with its errors — answered, not refused
    return f"?{response.status_code}"


#: On every response (tests/test_security.py checks their exact values on a few).
HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy")
#: The only endpoints other sites may show in a frame (issue 15: the embeddable agenda).
FRAMEABLE = {"agenda.embed"}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)


def hardening_problems(response, endpoint: str | None = None) -> list[str]:
    """Security headers present; framing refused except by the embeddable agenda; HTML pages without
    inline scripts or styles (the CSP forbids them)."""
    frameable = endpoint in FRAMEABLE
    found = [f"no {name} header" for name in HEADERS
             if not response.headers.get(name) and not (frameable and name == "X-Frame-Options")]
    policy = response.headers.get("Content-Security-Policy", "")
    if frameable and response.status_code == 200:
        if "frame-ancestors *" not in policy or "X-Frame-Options" in response.headers:
            found.append("the embeddable page refuses framing")
    elif "frame-ancestors 'none'" not in policy or response.headers.get("X-Frame-Options") != "DENY":
        found.append("framing not refused")
    if response.mimetype == "text/html":
        html = response.get_data(as_text=True)
        if INLINE_SCRIPT.search(html):
            found.append("inline <script>")
        if " style=" in html or "<style" in html:
            found.append("inline style")
    return found


def test_table_covers_every_endpoint(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    named = [entry.endpoint for entry in TABLE]
    assert len(named) == len(set(named)), "an endpoint has two entries"
    assert sorted(endpoints - set(named)) == [], "routes without an entry in tests/security/matrix.py"
    assert sorted(set(named) - endpoints) == [], "entries for endpoints that no longer exist"
    for entry in TABLE:
        methods = set()
        for rule in app.url_map.iter_rules(entry.endpoint):
            methods |= rule.methods - {"HEAD", "OPTIONS"}
        assert methods == set(entry.methods.split(",")), (entry.endpoint, methods)


def test_route_matrix(app, world, clients):
    problems = []
    with app.app_context():
        state = fingerprint()  # the database as the previous entry left it
    for entry in TABLE:
        url = _url(entry, world)
        methods = entry.methods.split(",")
        if entry.token:
            for role in ROLES:
                for method in methods:
                    client = clients[role]
                    response = client.open(url, method=method, data=dict(entry.token_form))
                    got = outcome(response)
                    if response.status_code in (403, 404):
                        continue
                    location = urlsplit(response.headers.get("Location", "")).path
                    refused_to = (entry.token_refused_to or "").format(lang=LANG)
                    if not (refused_to and response.status_code == 302 and location == refused_to):
                        problems.append(f"{entry.endpoint} {method} forged token as {role}: {got} -> {location}")
            with app.app_context():
                after = fingerprint()
            if after != state:
                problems.append(f"{entry.endpoint}: a forged token changed the database")
            state = after
            continue
        if "GET" in methods:
            for role, expected in zip(ROLES, entry.expect):
                response = clients[role].get(url)
                got = outcome(response)
                if got != expected:
                    problems.append(f"{entry.endpoint} GET as {role}: expected {expected}, got {got}")
                problems += [f"{entry.endpoint} GET as {role}: {p}" for p in hardening_problems(response, entry.endpoint)]
        if "POST" in methods:
            refused = [(role, expected) for role, expected in zip(ROLES, entry.post_expect) if expected != "O"]
            allowed = [(r, e) for r, e in zip(ROLES, entry.post_expect) if e == "O"]
            # POST-only actions are not exercised by the allowed roles: see matrix.NOT_EXERCISED.
            checked = refused + (allowed if entry.exercise_allowed else [])
            for role, expected in checked:
                if entry.endpoint == "accounts.logout" and role != "anonymous":
                    continue  # would log the shared client out
                got = outcome(clients[role].post(url, data={}))
                if got != expected:
                    problems.append(f"{entry.endpoint} POST as {role}: expected {expected}, got {got}")
            with app.app_context():
                after = fingerprint()
            changed = [t for t in state if state[t] != after[t]]
            if changed:
                problems.append(f"{entry.endpoint}: a refused or empty POST changed {changed}")
            state = after
    assert problems == [], "\n".join(problems)


def test_addresses_cannot_reach_another_convenings_rows(app, world, clients):
    problems = []
    with app.app_context():
        before = fingerprint()
    for entry in CROSS:
        url = _url(entry, world)
        for method in entry.methods.split(","):
            for role, expected in zip(ROLES, entry.expect):
                got = outcome(clients[role].open(url, method=method, data={}))
                if got != expected:
                    problems.append(f"{entry.endpoint} {method} {url} as {role}: expected {expected}, got {got}")
        with app.app_context():
            after = fingerprint()
        changed = [t for t, rows in after.items() if rows != before[t]]
        if changed:
            problems.append(f"{entry.endpoint} {url}: changed {changed}")
        before = after
    assert problems == [], "\n".join(problems)


def test_a_draft_convening_is_hidden_from_outsiders(app, world, clients):
    """Convening A back to draft: its pages (agenda, declarations, exports) are for its organizers and
    admins; anonymous visitors, B's lead and B's organizer get nothing."""
    from organizer.convenings.models import Convening
    from organizer.extensions import db

    with app.app_context():
        db.session.get(Convening, world.ids["convening"]).status = "draft"
        db.session.commit()
    scoped = [e for e in TABLE if "GET" in e.methods and not e.token
              and any(key in e.url for key in ("{convening}", "{declaration}", "{adopted}"))]
    assert len(scoped) > 30
    problems = []
    for entry in scoped:
        url = _url(entry, world)
        for role in ("anonymous", "other_lead", "other_organizer", "organizer", "admin"):
            got = outcome(clients[role].get(url))
            expected = {entry.expect[ROLES.index(role)]} if role in ("organizer", "admin") else {"L", "D"}
            if entry.url.startswith("/api/"):
                expected = {"D"}  # the open API is public data only, whoever asks
            if got not in expected:
                problems.append(f"{entry.endpoint} GET as {role} (draft convening): expected {expected}, got {got}")
    assert problems == [], "\n".join(problems)
