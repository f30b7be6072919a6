"""Constant query counts: the same number of statements for 3 and for 300 sessions (and rows), and
the figures for a 300-session agenda (printed, never asserted)."""
from __future__ import annotations

import time

from organizer.extensions import db
from organizer.i18n.translated import TranslatedText

from .. import factories
from .conftest import add_sessions
from .test_api import BASE

URLS = ("/convenings/{slug}/agendas/latest", "/convenings/{slug}/sessions?limit=200",
        "/convenings/{slug}/speakers", "/convenings/{slug}", "/convenings/{slug}/agendas",
        "/convenings/{slug}/rooms", "/convenings", "/organizations", "/declarations", "/declarations/{decl}")


def build(app, count: int, prefix: str) -> tuple[str, str]:
    from organizer.agenda import services as agenda
    from organizer.agenda.models import Room, Track
    from organizer.declarations import services as decl
    from organizer.declarations.models import ADOPTED, SIG_VERIFIED

    with app.app_context():
        organizer = factories.user(f"{prefix}@example.org")
        conv = factories.convening(f"{prefix}-conv", f"{prefix} convening", status="published")
        orgs = [factories.org(f"{prefix}-org-{i}", f"Org {i}") for i in range(max(2, count // 10))]
        people = [factories.person(f"{prefix}-p-{i}", f"Person {i}", public=i % 2 == 0) for i in range(max(2, count))]
        rooms = [Room(convening_id=conv.id, name=TranslatedText(en=f"Room {i}"), position=i, availabilities=[])
                 for i in range(2)]
        track = Track(convening_id=conv.id, key="t", name=TranslatedText(en="Track"), position=0)
        db.session.add_all([*rooms, track])
        db.session.flush()
        add_sessions(conv, count, rooms, track, people, orgs)
        agenda.release(conv, TranslatedText(en="v1"), None, organizer.id)
        d = decl.create_declaration(conv, TranslatedText(en=f"{prefix} declaration"), organizer)
        for i in range(count):
            decl.add_clause(d, organizer, kind="demand", original_language="en",
                            text=TranslatedText(en=f"Clause {i}", es=f"Cláusula {i}"))
        d.status = ADOPTED
        db.session.flush()
        for o in orgs:
            s, _t = decl.sign_on(d, organization=o, new_name=None, country="MX", sector=None, authorized_by="A",
                                 authorizer_title=None, contact_email=f"{o.slug}@example.org", contact_language="en",
                                 user=None)
            s.status = SIG_VERIFIED
        db.session.commit()
        return conv.slug, d.slug


def _measure(client, count_queries, url, **headers):
    with count_queries() as queries:
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code in (200, 304), (url, response.status_code)
    return len(queries), elapsed, response


def test_query_counts_do_not_grow(app, client, count_queries):
    small = build(app, 3, "small")
    big = build(app, 300, "big")
    for template in URLS:
        counts = []
        for slug, decl in (small, big):
            url = BASE + template.format(slug=slug, decl=decl)
            _measure(client, count_queries, url)  # warm
            counts.append(_measure(client, count_queries, url)[0])
        assert counts[0] == counts[1], (template, counts)


def test_figures_for_a_300_session_agenda(app, client, count_queries):
    slug, _decl = build(app, 300, "bench")
    url = f"{BASE}/convenings/{slug}/agendas/latest"
    _measure(client, count_queries, url)  # warm the connection

    def first():
        app.extensions.pop("api_bodies", None)  # as if never asked since the release
        return _measure(client, count_queries, url)

    cold = [first() for _ in range(5)]
    warm = [_measure(client, count_queries, url) for _ in range(5)]
    response = cold[0][2]
    tag = response.headers["ETag"]
    assert warm[0][2].headers["ETag"] == tag
    conditional = [_measure(client, count_queries, url, **{"If-None-Match": tag}) for _ in range(5)]
    assert conditional[0][2].status_code == 304

    def median(runs):
        return sorted(r[1] for r in runs)[2]

    import gzip

    print(f"\nAPI agenda, 300 sessions ({app.config['ORGANIZER_BACKEND']}), {len(response.get_data())} bytes "
          f"({len(gzip.compress(response.get_data()))} gzipped): "
          f"first request {median(cold):.1f} ms, {cold[0][0]} queries; repeated {median(warm):.1f} ms, "
          f"{warm[0][0]} queries; If-None-Match 304 {median(conditional):.1f} ms, {conditional[0][0]} queries")
