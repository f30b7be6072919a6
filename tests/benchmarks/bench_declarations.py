"""Declarations at scale: a 300-clause declaration with 300 proposals and 300 verified signatories.

Measures the public page, the PDF (both languages side by side, with the annex of signatories), the
comparison of two versions, the proposals list and saving one clause (which writes a version of the
whole text). Run: ``python -m tests.benchmarks.bench_declarations`` (``--quick`` for 30 rows).
"""
from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import event


def _timed(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000, result


def run(quick: bool = False) -> list[tuple[str, str, str]]:
    from organizer import create_app
    from organizer.accounts.models import User
    from organizer.convenings.models import Convening
    from organizer.declarations import services
    from organizer.declarations.models import Clause, Declaration, Proposal, Signatory
    from organizer.delegations.models import Delegation
    from organizer.extensions import db
    from organizer.i18n.translated import TranslatedText as T
    from organizer.organizations.models import Organization

    n = 30 if quick else 300
    repeat = 2 if quick else 5
    tmp = Path(tempfile.mkdtemp())
    app = create_app({"TESTING": True, "ENV": "testing", "SECRET_KEY": "bench-" + "x" * 30,
                      "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite", "INSTANCE_PATH": str(tmp),
                      "WTF_CSRF_ENABLED": False, "MAIL_SEND_IMMEDIATELY": False})
    rows: list[tuple[str, str, str]] = []
    with app.test_request_context("/en/"):
        db.create_all()
        user = User(email="c@example.org", name="Committee", password_hash="x", preferred_language="en")
        db.session.add(user)
        convening = Convening(slug="bench", title=T(en="Bench", es="Banco"), kind="trinational", status="published",
                              timezone="UTC", countries=[])
        db.session.add(convening)
        db.session.flush()
        declaration = services.create_declaration(convening, T(en="Declaration", es="Declaración"), user)
        delegation = Delegation(convening_id=convening.id, lead_user_id=user.id, status="confirmed",
                                name=T(en="D", es="D"))
        db.session.add(delegation)
        db.session.flush()
        words = "workers across three countries demand dignified wages safe workplaces and free unions ".split()
        clauses = []
        for i in range(n):
            text = " ".join(words[(i + k) % len(words)] for k in range(40))
            clauses.append(Clause(declaration_id=declaration.id, position=i, kind="demand", original_language="en",
                                  text=T(en=f"{i}. {text}", es=f"{i}. Exigencia número {i}: {text}"),
                                  translation={"en": "reviewed", "es": "reviewed"}))
        db.session.add_all(clauses)
        db.session.flush()
        services._save(declaration, user, "seeded")
        for i in range(n):
            db.session.add(Proposal(declaration_id=declaration.id, action="change", clause_id=clauses[i].id,
                                    text=T(en="Changed text."), reason=T(en="Because."), delegation_id=delegation.id,
                                    proposer_id=user.id, proposer_name="Committee", status="accepted",
                                    result_clause_id=clauses[i].id))
            org = Organization(slug=f"org-{i}", name=T(en=f"Organización {i}", es=f"Organización {i}"),
                               country=("US", "MX", "CA")[i % 3], kind="union")
            db.session.add(org)
            db.session.flush()
            db.session.add(Signatory(declaration_id=declaration.id, organization_id=org.id, country=org.country,
                                     authorized_by="A", contact_email="a@example.org", status="verified",
                                     withdraw_token_hash=f"{i:064d}"))
        declaration.status = "adopted"
        declaration.adopted_on = date(2030, 5, 1)
        declaration.method = "vote"
        declaration.votes_for, declaration.votes_against, declaration.votes_abstain = 10, 1, 0
        db.session.commit()
        slug = declaration.slug

        # A save: one clause edited in a draft copy of the text (writes a version of all n clauses).
        declaration.status = "draft"
        clause = clauses[n // 2]
        counter = iter(range(10_000))

        def save():
            services.edit_clause(clause, user, kind="demand", original_language="en",
                                 text=T(en=f"Edited {next(counter)}", es=clause.text["es"]))
            db.session.commit()

        ms, _ = _timed(save, repeat)
        rows.append(("save one clause (versions the whole text)", f"{n} clauses", f"{ms:.1f} ms"))
        declaration.status = "adopted"
        db.session.commit()
        last = declaration.version_number

    client = app.test_client()
    with app.app_context():
        engine = db.engine
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

    def page(url, cached=True):
        def get():
            if not cached:
                from organizer.platform import http_cache

                with app.app_context():
                    http_cache.backend(app).clear()
            statements.clear()
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response
        return get

    for label, url in [
        ("public page, both languages", f"/es/declarations/{slug}"),
        ("public page, one language", f"/es/declarations/{slug}?view=es"),
        ("printable view", f"/es/declarations/{slug}/print"),
        ("PDF, both languages + annex, made", f"/es/declarations/{slug}.pdf"),
        ("PDF, one language + annex, made", f"/es/declarations/{slug}.pdf?view=es"),
        ("PDF, both languages, served from the cache", f"/es/declarations/{slug}.pdf?view=both"),
    ]:
        cached = "cache" in label or not url.split("?")[0].endswith(".pdf")
        page(url)()  # warm up
        ms, response = _timed(page(url, cached), 1 if not cached and not quick else repeat)
        size = f", {len(response.data) / 1024:.0f} KiB" if url.endswith(".pdf") else ""
        rows.append((label, f"{n} clauses, {n} signatories", f"{ms:.1f} ms, {len(statements)} queries{size}"))

    with client.session_transaction() as session:
        session["_user_id"] = "1"
        session["_fresh"] = True
    # The committee member follows the declaration only if on the committee.
    with app.app_context():
        from organizer.declarations.models import CommitteeMember

        db.session.add(CommitteeMember(declaration_id=db.session.scalar(db.select(Declaration.id)), user_id=1))
        db.session.commit()
    for label, url in [
        ("compare two versions (word diff)", f"/en/declarations/{slug}/compare?a=2&b={last}&lang=es"),
        ("proposals list", f"/en/declarations/{slug}/proposals"),
        ("version history", f"/en/declarations/{slug}/versions"),
    ]:
        page(url)()
        ms, _ = _timed(page(url), repeat)
        rows.append((label, f"{n} clauses/proposals", f"{ms:.1f} ms, {len(statements)} queries"))
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(" | ".join(row))
