"""Hostile values sent to EVERY route of the matrix, in every path parameter, the query string and the
form fields, as every role: the answer may be a refusal or an error message, never a 500.

Hostile: NUL bytes, integers beyond the database's range, negative numbers, overlong strings, invalid
UTF-8 percent-encodings, path tricks. PostgreSQL refuses NUL in text and integers over 2**31-1, so
the test matters most there (it runs on both databases)."""
from __future__ import annotations

import re
import string
from html.parser import HTMLParser

from .matrix import TABLE
from .world import ROLES

#: For path parameters (already percent-encoded, as a client would send them).
PATH_VALUES = ("%00", "a%00b", "99999999999999999999", "2147483648", "-1", "%FF%FE", "..%2F..%2Fetc%2Fpasswd",
               "%2e%2e", "x" * 2000, "%E2%80%AE%C0%AF")
#: For the language segment (a few: the converter accepts only en/es).
LANG_VALUES = ("%00", "e%FFn")
#: For every query-string key the views read (one value for every key at once; one value per role).
QUERY_KEYS = ("q", "page", "version", "a", "b", "p", "state", "delegation_state", "organization", "country",
              "kind", "sector", "network", "clause", "action", "language", "lang", "day", "view", "next", "back",
              "q_org", "q_person", "track", "room", "limit", "cursor", "accent", "background", "text")
QUERY_VALUES = ("99999999999999999999", "2147483648", "-1", "\u00b2", "y" * 5000, "%FF%FE", "//evil.example/%2e%2e")
#: Form values (every field of the page's form gets the same one).
FORM_VALUES = ("a\x00b", "99999999999999999999", "-2147483649", "z" * 20000, "\u00b2\u0663")
#: Who exercises a form: the most capable role the matrix lets post it.
PREFERENCE = ("organizer", "lead", "admin", "delegate", "other_lead", "other_organizer", "anonymous")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _fill(template: str, world, lang: str = "en", **override) -> str:
    values = {**world.ids, **world.slugs, "lang": lang}
    values.update(override)
    return string.Formatter().vformat(template, (), values)


def _parameters(entry) -> list[str]:
    path = entry.url.split("?", 1)[0]
    names = [n for n in PLACEHOLDER.findall(path)]
    if "forged-token" in path:
        names.append("forged-token")
    return names


def _variants(entry, world):
    """(url, what) for every path parameter of the entry and every hostile value."""
    path, _, query = entry.url.partition("?")
    suffix = "?" + query if query else ""
    for name in _parameters(entry):
        values = LANG_VALUES if name == "lang" else PATH_VALUES
        for value in values:
            if name == "forged-token":
                url = _fill(path.replace("forged-token", value.replace("{", "{{").replace("}", "}}")), world)
            elif name == "lang":
                url = _fill(path, world, lang=value)
            else:
                url = _fill(path, world, **{name: value})
            yield url + _fill(suffix, world), f"{name}={value[:30]}"


class _Fields(HTMLParser):
    """Names of the fields of the page's POST forms (csrf token aside)."""

    def __init__(self):
        super().__init__()
        self.names: list[str] = []
        self._in_post = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_post = (attrs.get("method") or "").lower() == "post"
        elif self._in_post and tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            if attrs["name"] != "csrf_token" and attrs["name"] not in self.names:
                self.names.append(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_post = False


def _form_fields(html: str) -> list[str]:
    parser = _Fields()
    parser.feed(html)
    return parser.names


def _server_error(response) -> bool:
    return response.status_code >= 500


def test_hostile_values_never_cause_a_server_error(app, world, clients):
    problems: list[str] = []
    sent = {role: 0 for role in ROLES}
    covered: set[tuple[str, str]] = set()
    turn = 0
    forms_with_fields = 0

    def check(role, method, url, what, **kwargs):
        sent[role] += 1
        try:  # TESTING propagates exceptions: one raised here would have been a 500
            response = clients[role].open(url, method=method, **kwargs)
        except Exception as error:  # noqa: BLE001 - every failure is reported, with its kind
            problems.append(f"{method} {url[:120]} ({what}) as {role}: {type(error).__name__}: {str(error)[:160]}")
            return None
        if _server_error(response):
            problems.append(f"{method} {url[:120]} ({what}) as {role}: {response.status_code}")
        return response

    for entry in TABLE:
        methods = entry.methods.split(",")
        allowed = [r for r in PREFERENCE if entry.expect[ROLES.index(r)] == "O"]
        capable = allowed[0] if allowed else "admin"
        # 1. Every path parameter with every hostile value: as the most capable role, and as one more
        #    role taking turns (so every role meets every kind of value).
        for url, what in _variants(entry, world):
            other = ROLES[turn % len(ROLES)]
            turn += 1
            for role in dict.fromkeys((capable, other)):
                for method in methods:
                    check(role, method, url, what, data={})
            covered.add((entry.endpoint, what.split("=", 1)[0]))
        # 2. The query string: every key the views read, one hostile value per role.
        if "GET" in methods:
            base = _fill(entry.url, world)
            joiner = "&" if "?" in base else "?"
            for index, role in enumerate(ROLES):
                value = QUERY_VALUES[(index + turn) % len(QUERY_VALUES)]
                query = "&".join(f"{key}={value}" for key in QUERY_KEYS)
                check(role, "GET", base + joiner + query, f"query={value[:20]}")
            check(capable, "GET", base + joiner + "q=%00", "query NUL")
            covered.add((entry.endpoint, "query"))
        # 3. Every field of the page's form, with each hostile value, by the role that may post it.
        if "POST" in methods and "GET" in methods and entry.exercise_allowed and not entry.token:
            url = _fill(entry.url, world)
            page = check(capable, "GET", url, "form page")
            fields = _form_fields(page.get_data(as_text=True)) if page is not None and page.mimetype == "text/html" else []
            forms_with_fields += bool(fields)
            for value in FORM_VALUES:
                check(capable, "POST", url, f"form={value[:10]!r}", data={name: value for name in fields})
            # Invalid UTF-8 in the body itself.
            body = "&".join(f"{name}=%FF%FE%00" for name in fields).encode() or b"x=%FF"
            check(capable, "POST", url, "form=invalid UTF-8", data=body,
                  content_type="application/x-www-form-urlencoded")
            covered.add((entry.endpoint, "form"))
    # Every route, every parameter: nothing was skipped.
    for entry in TABLE:
        for name in _parameters(entry):
            assert (entry.endpoint, name) in covered, (entry.endpoint, name)
    assert forms_with_fields > 30, forms_with_fields  # the forms' fields were found and filled
    assert all(count > 50 for count in sent.values()), sent
    assert problems == [], f"{len(problems)} server errors:\n" + "\n".join(problems[:80])
