"""Issue 17, items 3 and 4: declarations in a convening's working languages: per-language status
for French as for the others, side by side in any two or all three, edit forms in the working
languages, the PDF in one, two or three languages, and adoption warning about a working language
not reviewed."""
from __future__ import annotations

import re
import time

import pytest

from organizer.accounts.models import User
from organizer.convenings.models import Convening
from organizer.declarations import services
from organizer.declarations.models import Clause, Declaration
from organizer.extensions import db

from ..conftest import session_user_id
from .test_queries import _grow

FR_FIRST = "Nous, les travailleuses et les travailleurs, nous réunissons."


def _client(app, user_id=None):
    client = app.test_client()
    if user_id:
        with client.session_transaction() as session:
            session["_user_id"] = session_user_id(app, user_id)
            session["_fresh"] = True
    return client


@pytest.fixture
def tri(app, world):
    """The world's convening works in English, Spanish and French; clause 1 has all three."""
    with app.test_request_context("/en/"):
        db.session.get(Convening, world.convening_id).working_languages = ["en", "es", "fr"]
        clause = db.session.get(Clause, world.clause_ids[0])
        services.edit_clause(clause, db.session.get(User, world.committee), kind=clause.kind,
                             original_language="en", text=clause.text.replace(fr=FR_FIRST), reviewed=("fr",))
        db.session.commit()
    return world


def _status(app, clause_id):
    with app.app_context():
        return dict(db.session.get(Clause, clause_id).translation)


def test_french_has_a_status_like_the_others(app, tri):
    assert _status(app, tri.clause_ids[0])["fr"] == "reviewed"
    with app.test_request_context("/en/"):
        clause = db.session.get(Clause, tri.clause_ids[0])
        # English changes after the others were reviewed: Spanish and French are out of date.
        services.edit_clause(clause, db.session.get(User, tri.committee), kind=clause.kind, original_language="en",
                             text=clause.text.replace(en="We the workers meet again."), reviewed=("en", "es", "fr"))
        db.session.commit()
    status = _status(app, tri.clause_ids[0])
    assert status["es"] == "outdated" and status["fr"] == "outdated" and status["en"] == "draft"
    # Clause 2 has no French: missing, because French is a working language.
    with app.app_context():
        assert db.session.get(Clause, tri.clause_ids[1]).status_for("fr") == "missing"


def test_side_by_side_in_all_three_or_any_two(app, tri):
    client = _client(app, tri.committee)
    page = client.get(f"/fr/declarations/{tri.slug}?view=both").get_data(as_text=True)
    assert "cols-3" in page and FR_FIRST in page and "We the workers meet." in page
    # The reader's language leads.
    heads = re.search(r'language-heads cols-3"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert re.findall(r'lang="(\w+)"', heads) == ["fr", "en", "es"]
    # Any two: the reader's language first, the others in the site's order.
    page = client.get(f"/en/declarations/{tri.slug}?view=fr,es").get_data(as_text=True)
    assert "cols-2" in page and FR_FIRST in page and "Las y los trabajadores" in page
    assert "We the workers meet." not in page
    assert 'href="/en/declarations/%s?view=es,fr" aria-current="true"' % tri.slug in page \
        or 'view=es%2Cfr" aria-current="true"' in page
    # One: French alone; the missing French of clause 2 is said, with the fallback shown.
    page = client.get(f"/en/declarations/{tri.slug}?view=fr").get_data(as_text=True)
    assert FR_FIRST in page and "Translation missing in French." in page
    # The switch offers all three, each pair and each language.
    for view in ("view=both", "view=en,es\"", "view=en,fr\"", "view=es,fr\"", "view=en\"", "view=es\"", "view=fr\""):
        assert view in page, view


@pytest.mark.parametrize("view", ["xx", "en,xx", "en,en", "<script>", "," * 50, "fr" * 300])
def test_a_hostile_view_falls_back_to_the_default(app, tri, view):
    response = _client(app).get(f"/fr/declarations/{tri.slug}", query_string={"view": view})
    assert response.status_code in (200, 302, 404)  # a draft is not public
    response = _client(app, tri.committee).get(f"/fr/declarations/{tri.slug}", query_string={"view": view})
    assert response.status_code == 200 and "<script>" not in response.get_data(as_text=True).split("<main")[1]


def test_without_french_the_french_reader_gets_the_working_languages_side_by_side(app, world):
    page = _client(app, world.committee).get(f"/fr/declarations/{world.slug}").get_data(as_text=True)
    assert "cols-2" in page and "cols-3" not in page
    assert 'view=fr"' not in page  # French is not offered: no clause is written in it


def test_the_clause_form_shows_the_working_languages_side_by_side(app, tri, world):
    client = _client(app, tri.committee)
    page = client.get(f"/en/declarations/{tri.slug}/clauses/{tri.clause_ids[1]}/edit").get_data(as_text=True)
    assert re.findall(r'name="text-(\w+)"', page) == ["en", "es", "fr"]
    # Saving a French text keeps the others; French is a draft until reviewed.
    response = client.post(f"/en/declarations/{tri.slug}/clauses/{tri.clause_ids[1]}/edit", data={
        "kind": "demand", "original_language": "es", "text-en": "", "text-es": "Exigimos salarios dignos.",
        "text-fr": "Nous exigeons des salaires dignes.", "base_version": _version(app, tri)})
    assert response.status_code == 302
    assert _status(app, tri.clause_ids[1])["fr"] == "draft"


def test_the_clause_form_of_a_bilingual_convening_has_no_french_column(app, world):
    page = _client(app, world.committee).get(
        f"/en/declarations/{world.slug}/clauses/{world.clause_ids[1]}/edit").get_data(as_text=True)
    assert re.findall(r'name="text-(\w+)"', page) == ["en", "es"]


def _version(app, world):
    with app.app_context():
        return str(db.session.get(Declaration, world.declaration_id).version_number)


def test_adoption_warns_when_a_working_language_is_not_reviewed(app, tri):
    with app.app_context():
        clause = db.session.get(Clause, tri.clause_ids[0])
        clause.translation = {**clause.translation, "fr": "draft"}
        db.session.commit()
    page = _client(app, tri.organizer).get(f"/en/declarations/{tri.slug}/adoption").get_data(as_text=True)
    assert "not reviewed in French, a working language of this convening" in page
    assert "lacks its text in one language" in page  # clause 2 has no French


def test_the_pdf_in_one_two_or_three_languages(app, tri, tmp_path):
    client = _client(app, tri.committee)
    sizes = {}
    for view in ("fr", "en,fr", "both"):
        response = client.get(f"/en/declarations/{tri.slug}.pdf", query_string={"view": view})
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
        sizes[view] = len(response.data)
    assert len(set(sizes.values())) == 3


def test_three_language_page_queries_and_pdf_time(app, world, count_queries):
    """Figures for the report: statements for the three-language page at 3 and 300 clauses, and the
    time to set the PDF of 300 clauses in three languages (printed, never asserted)."""
    with app.app_context():
        db.session.get(Convening, world.convening_id).working_languages = ["en", "es", "fr"]
        db.session.commit()
    counts = []
    for n in (3, 300):
        _grow(app, world, n if not counts else n - 3, True)
        with app.app_context():
            for clause in db.session.scalars(db.select(Clause).where(Clause.declaration_id == world.declaration_id)):
                clause.text = clause.text.replace(fr=f"Revendication {clause.id} " + "mot " * 30)
            db.session.commit()
        client = _client(app)
        client.get(f"/en/declarations/{world.slug}?view=both")
        with count_queries() as statements:
            response = client.get(f"/en/declarations/{world.slug}?view=both")
        assert response.status_code == 200 and "cols-3" in response.get_data(as_text=True)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    started = time.perf_counter()
    response = _client(app).get(f"/en/declarations/{world.slug}.pdf?view=both")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    print(f"\nthree-language page: {counts[0]} statements at 3 and {counts[1]} at 300 clauses; "
          f"PDF of {n + 2} clauses in 3 languages: {elapsed:.2f} s, {len(response.data) // 1024} KB")


def test_pdf_line_numbers_follow_the_drafts_numbered_lines(app):
    """Issue 14, item 11 in the PDF: each language's numbered lines as the draft page cuts them; a
    line too long for a column continues unnumbered, so "lines 4-6" points to the same words."""
    from organizer.declarations.pdf import _body_lines, _Writer
    from organizer.declarations.views._helpers import numbered_lines

    text = " ".join(f"palabra{i}" for i in range(80))
    with app.test_request_context("/en/"):
        writer = _Writer()
        writer.pdf.add_page()
        wide = _body_lines(writer, text, writer.pdf.epw, 10.5, True, "?")
        narrow = _body_lines(writer, text, 50, 9, True, "?")
        plain = _body_lines(writer, text, 50, 9, False, "?")
        writer.close()
    expected = [str(n) for n in range(1, len(numbered_lines(text)) + 1)]
    assert [n for n, _ in wide if n] == expected and [n for n, _ in narrow if n] == expected
    assert len(narrow) > len(wide)  # continuation lines, unnumbered
    assert all(n == "" for n, _ in plain)


def test_a_constituency_group_is_named_in_every_working_language(app, tri):
    client = _client(app, tri.organizer)
    url = f"/en/declarations/groups/{tri.convening_slug}"
    page = client.get(url).get_data(as_text=True)
    assert re.findall(r'name="group-name-(\w+)"', page) == ["en", "es", "fr"]
    response = client.post(url, data={"group-name-en": "Youth", "group-name-es": "Juventud"})
    assert response.status_code == 200 and "Missing: Français" in response.get_data(as_text=True)
    response = client.post(url, data={"group-name-en": "Youth", "group-name-es": "Juventud",
                                      "group-name-fr": "Jeunesse"})
    assert response.status_code == 302
