"""Issue 18: the API's answers come from the shared cache (and its edge, before Flask) and change
at once when what they show changes."""
from __future__ import annotations

from flask import request_started

from organizer.extensions import db

BASE = "http://localhost/api/v1"


def _reached_flask(app, call) -> int:
    seen: list = []

    def started(sender, **_extra):
        seen.append(1)

    request_started.connect(started, app)
    try:
        call()
    finally:
        request_started.disconnect(started, app)
    return len(seen)


def test_a_repeated_answer_costs_no_flask_and_keeps_cors(app, api_world, count_queries):
    slug = api_world["convening"]
    for path in ("/", "/convenings", f"/convenings/{slug}", f"/convenings/{slug}/agendas/latest",
                 f"/convenings/{slug}/sessions?limit=2", f"/convenings/{slug}/speakers", "/organizations?country=us",
                 "/declarations", f"/declarations/{api_world['adopted']}"):
        first = app.test_client().get(BASE + path)
        assert first.status_code == 200, path
        answers = []
        with count_queries() as queries:
            assert _reached_flask(app, lambda url=BASE + path, out=answers: out.append(app.test_client().get(url))) == 0
        again = answers[0]
        assert len(queries) == 0 and again.data == first.data
        assert again.headers["Access-Control-Allow-Origin"] == "*" and again.headers["ETag"] == first.headers["ETag"]
        not_modified = app.test_client().get(BASE + path, headers={"If-None-Match": first.headers["ETag"]})
        assert not_modified.status_code == 304 and not not_modified.data


def test_parameters_make_other_answers_and_bad_ones_are_still_refused(app, api_world):
    slug = api_world["convening"]
    two = app.test_client().get(f"{BASE}/convenings/{slug}/sessions?limit=2&utm_source=x").get_json()
    one = app.test_client().get(f"{BASE}/convenings/{slug}/sessions?limit=1").get_json()
    assert len(two["data"]) == 2 and len(one["data"]) == 1
    for _ in range(2):
        bad = app.test_client().get(f"{BASE}/convenings/{slug}/sessions?limit=abc")
        assert bad.status_code == 400 and bad.get_json()["error"]["parameter"] == "limit"
        assert bad.headers["Cache-Control"] == "no-store"


def test_lists_change_at_once(app, api_world):
    from organizer.convenings.models import Convening
    from organizer.declarations.models import SIG_VERIFIED, Declaration, Signatory
    from organizer.i18n.translated import TranslatedText

    client = app.test_client()
    convenings = client.get(BASE + "/convenings").get_json()
    declarations = client.get(BASE + "/declarations").get_json()
    with app.app_context():
        convening = db.session.scalar(db.select(Convening).where(Convening.slug == api_world["convening"]))
        convening.title = TranslatedText(en="Renamed 2030", es="Renombrado 2030")
        declaration = db.session.scalar(db.select(Declaration).where(Declaration.slug == api_world["adopted"]))
        db.session.add(Signatory(declaration_id=declaration.id, organization_id=api_world["fat"], country="MX",
                                 authorized_by="A", contact_email="a@example.org", status=SIG_VERIFIED,
                                 withdraw_token_hash="f" * 64))
        db.session.commit()
    assert "Renamed 2030" in client.get(BASE + "/convenings").get_data(as_text=True)
    assert "Renamed 2030" not in str(convenings)
    counted = client.get(BASE + "/declarations").get_json()
    assert counted != declarations and counted["data"][0] != declarations["data"][0]
