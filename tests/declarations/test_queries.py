"""List pages issue the same number of queries for 3 rows as for 300."""
from __future__ import annotations

from datetime import date

import pytest

from organizer.declarations.models import (ADOPTED, Clause, ConsensusPosition, Declaration, DeclarationVersion,
                                           Proposal, Signatory)
from organizer.delegations.models import Delegation
from organizer.extensions import db
from organizer.i18n.translated import TranslatedText
from organizer.organizations.models import Organization

from ..conftest import session_user_id


def _grow(app, world, n: int, adopted: bool) -> None:
    """Bring the declaration to n clauses, n proposals (shaping clauses), n signatories, n delegations
    with positions, n versions."""
    with app.app_context():
        declaration = db.session.get(Declaration, world.declaration_id)
        clauses = []
        for i in range(n):
            clause = Clause(declaration_id=declaration.id, position=10 + i, kind="demand", original_language="en",
                            text=TranslatedText(en=f"Demand {i}", es=f"Exigencia {i}"),
                            translation={"en": "reviewed", "es": "draft"})
            clauses.append(clause)
        db.session.add_all(clauses)
        db.session.flush()
        for i in range(n):
            delegation = Delegation(convening_id=world.convening_id, lead_user_id=world.lead, status="confirmed",
                                    name=TranslatedText(en=f"Delegation {i}", es=f"Delegación {i}"))
            db.session.add(delegation)
            db.session.flush()
            db.session.add(ConsensusPosition(declaration_id=declaration.id, delegation_id=delegation.id,
                                             position="consent"))
            db.session.add(Proposal(
                declaration_id=declaration.id, action="change", clause_id=clauses[i].id, text=TranslatedText(en="x"),
                reason=TranslatedText(en="Because."),
                # Both set, so each round loads both kinds of proposer (a loader skips an empty kind).
                delegation_id=delegation.id, group_id=world.group_id, proposer_id=world.lead, proposer_name="Luis Lead",
                status="pending" if i % 3 == 0 else "accepted",
                result_clause_id=None if i % 3 == 0 else clauses[i].id))
            organization = Organization(slug=f"org-{n}-{i}", name=TranslatedText(en=f"Org {i}", es=f"Org {i}"),
                                        country=("US", "MX", "CA")[i % 3], kind="union")
            db.session.add(organization)
            db.session.flush()
            db.session.add(Signatory(declaration_id=declaration.id, organization_id=organization.id,
                                     country=organization.country, sector="mining", authorized_by="A",
                                     contact_email=f"c{i}@example.org", status="verified" if i % 4 else "pending",
                                     withdraw_token_hash=f"{world.declaration_id}-{i}-{n}".ljust(64, "0")))
            db.session.add(DeclarationVersion(declaration_id=declaration.id, number=1000 * n + i, event="clause_edited",
                                              snapshot={"title": {}, "clauses": []}))
        if adopted:
            declaration.status = ADOPTED
            declaration.adopted_on = date(2030, 5, 1)
            declaration.method = "consensus"
        db.session.commit()


PAGES = [
    ("public page", True, None, "/en/declarations/{slug}"),
    ("public page, Spanish only", True, None, "/es/declarations/{slug}?view=es"),
    ("printable", True, None, "/es/declarations/{slug}/print"),
    ("pdf", True, None, "/es/declarations/{slug}.pdf"),
    ("draft page for the committee", False, "committee", "/en/declarations/{slug}"),
    ("proposals for the committee", False, "committee", "/en/declarations/{slug}/proposals"),
    ("proposals for their proposer", False, "lead", "/en/declarations/{slug}/proposals"),
    ("versions", False, "committee", "/en/declarations/{slug}/versions"),
    ("merge form", False, "committee", "/en/declarations/{slug}/proposals/merge"),
    ("adoption", False, "organizer", "/en/declarations/{slug}/adoption"),
    ("signatories review", True, "organizer", "/en/declarations/{slug}/signatories"),
    ("correction form", True, "committee", "/en/declarations/{slug}/correction"),
    ("plenary page for the chair", False, "organizer", "/en/declarations/{slug}/plenary"),
    ("plenary page for a lead", False, "lead", "/en/declarations/{slug}/plenary"),
    ("live view", False, "lead", "/en/declarations/{slug}/live"),
    ("live state", False, "lead", "/en/declarations/{slug}/live.json"),
]


@pytest.mark.parametrize("page", PAGES, ids=[p[0] for p in PAGES])
def test_constant_queries(app, world, make_user, count_queries, page):
    name, adopted, role, path = page
    url = path.format(slug=world.slug)
    counts = []
    for n in (3, 300):
        _grow(app, world, n if not counts else n - 3, adopted)
        client = app.test_client()
        if role:
            with client.session_transaction() as session:
                session["_user_id"] = session_user_id(app, getattr(world, role))
                session["_fresh"] = True
        client.get(url)  # warm up (first-request work)
        with count_queries() as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts.append(len(queries))
    assert counts[0] == counts[1], (name, counts)


@pytest.mark.parametrize("role", ["lead", "committee", "organizer"])
def test_permission_answers_are_asked_once_per_request(app, world, count_queries, role):
    """A delegation lead's view of a draft used to run 18 statements, 11 of them repeated permission
    questions; each question is now asked once per request."""
    from collections import Counter

    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_user_id(app, getattr(world, role))
        session["_fresh"] = True
    url = f"/en/declarations/{world.slug}"
    client.get(url)
    with count_queries() as queries:
        assert client.get(url).status_code == 200
    repeated = {s: n for s, n in Counter(queries.calls).items() if n > 1}
    assert repeated == {}, repeated
    if role == "lead":
        # 18 before, 11 of them repeated permission questions; then 11; now + the source passages
        # of the declaration and of its clauses (one query per kind, issue 16 item 11)
        assert len(queries) <= 13, len(queries)
