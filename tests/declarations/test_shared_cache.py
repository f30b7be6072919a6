"""Issue 18: adopting a declaration renews its stamp (every cached copy is stale at once) and
renders its page and PDF ahead in every language; anonymous readers then find them cached."""
from __future__ import annotations

from datetime import date

from organizer.extensions import db
from organizer.platform import http_cache

from organizer.declarations.models import Declaration


def test_adoption_renders_the_page_and_the_pdf_ahead(app, world):
    from organizer.accounts.models import User
    from organizer.declarations import services

    reader = app.test_client()
    assert reader.get(f"/en/declarations/{world.slug}").status_code == 302  # a draft: not public yet
    app.config["RENDER_AHEAD"] = "thread"
    with app.test_request_context("/en/"):
        declaration = db.session.get(Declaration, world.declaration_id)
        services.adopt(declaration, db.session.get(User, world.organizer), method="vote", adopted_on=date(2030, 5, 1),
                       votes_for=40, votes_against=2, votes_abstain=5)
        db.session.commit()
    http_cache.wait_render_ahead()
    warmed = set(http_cache.stats(app).warmed)
    for lang in app.config["LANGUAGES"]:
        assert {f"/{lang}/declarations/{world.slug}", f"/{lang}/declarations/{world.slug}.pdf"} <= warmed
    renders = http_cache.stats(app).renders
    page = reader.get(f"/en/declarations/{world.slug}")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "public, max-age=60"
    assert reader.get(f"/en/declarations/{world.slug}", headers={"If-None-Match": page.headers["ETag"]}).status_code == 304
    assert reader.get(f"/es/declarations/{world.slug}.pdf?utm_source=x").data.startswith(b"%PDF")
    assert http_cache.stats(app).renders == renders  # both were rendered ahead
