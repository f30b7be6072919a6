"""Issue 17, item 3: each convening chooses its working languages, and that choice drives its
registration, its agenda's interpretation warnings and its public page (declarations: see
tests/declarations/test_three_languages.py)."""
from __future__ import annotations

from organizer.convenings.models import Convening, working_languages_of
from organizer.extensions import db

from .test_organizer import FORM, get_convening, text


def _set_languages(app, slug, langs):
    with app.app_context():
        convening = db.session.scalar(db.select(Convening).where(Convening.slug == slug))
        convening.working_languages = langs
        db.session.commit()


def test_a_new_convening_works_in_the_sites_default_languages(app, client, archive, login_as, make_user):
    login_as(make_user(admin=True))
    page = text(client.get("/en/convenings/new"))
    # Offered: the configured languages; ticked: the site's default (English and Spanish).
    assert 'name="working_languages" type="checkbox" value="fr"' in page
    ticked = [part.split('value="')[1].split('"')[0] for part in page.split("<input")
              if 'name="working_languages"' in part and "checked" in part]
    assert sorted(ticked) == ["en", "es"]
    response = client.post("/en/convenings/new", data={**FORM, "working_languages": ["en", "es"]})
    slug = response.headers["Location"].split("/convenings/")[1].strip("/")
    convening, _ = get_convening(app, slug)
    assert convening.working_languages == ["en", "es"]


def test_organizers_choose_the_working_languages_in_the_settings_form(app, client, archive, login_as, make_user):
    login_as(make_user(admin=True))
    page = text(client.get("/en/convenings/la-2013/edit"))
    assert "Working languages" in page
    data = {**FORM, "status": "past", "start": "2013-12-02", "working_languages": ["fr", "en", "es"]}
    response = client.post("/en/convenings/la-2013/edit", data=data)
    assert response.status_code == 302
    convening, _ = get_convening(app, "la-2013")
    # Stored in the site's order, whatever order the form sent.
    assert convening.working_languages == ["en", "es", "fr"]
    # Hostile values: a language not configured is refused with a field error, nothing changes.
    response = client.post("/en/convenings/la-2013/edit", data={**data, "working_languages": ["en", "xx<script>"]})
    assert response.status_code == 200
    assert "xx&lt;script&gt;" in text(response) or "valid choice" in text(response)
    assert get_convening(app, "la-2013")[0].working_languages == ["en", "es", "fr"]


def test_working_languages_of_keeps_configured_languages_in_order(app):
    with app.app_context():
        assert working_languages_of(None) == ["en", "es"]
        assert working_languages_of(Convening(working_languages=["fr", "en"])) == ["en", "fr"]
        # A language no longer configured is dropped; nothing left: the site's default.
        assert working_languages_of(Convening(working_languages=["pt"])) == ["en", "es"]


def test_the_public_page_offers_the_working_languages_first(app, client, archive):
    _set_languages(app, "la-2013", ["es", "fr"])
    page = text(client.get("/en/convenings/la-2013/"))
    # The switcher: Spanish and French before English.
    switcher = page[page.index('class="account-nav"'):]
    assert switcher.index('lang="es"') < switcher.index('lang="fr"') < switcher.index('lang="en"')
    also = page[page.index('class="also-in"'):][:600]
    assert "Español" in also and "Français" in also and "English" not in also
    # The reader's language is not a working language: said, and content falls back, marked.
    assert "This convening works in Spanish and French." in page


def test_a_convening_without_french_still_reads_in_french_with_the_fallback_marked(app, client, archive):
    _set_languages(app, "la-2013", ["en", "es"])
    page = text(client.get("/fr/convenings/la-2013/"))
    assert "pas encore traduit" in page
    assert "anglais et espagnol" in page  # "Cette rencontre travaille en anglais et espagnol."
    switcher = page[page.index('class="account-nav"'):]
    assert switcher.index('lang="en"') < switcher.index('lang="es"') < switcher.index('lang="fr"')
