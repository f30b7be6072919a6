"""Issue 17, item 3: registration asks the convening's working languages first."""
from __future__ import annotations

import re

from organizer.convenings.models import Convening
from organizer.delegations import services
from organizer.extensions import db


def _checkboxes(page: str, name: str) -> list[str]:
    return re.findall(r'<input[^>]*name="%s"[^>]*value="([^"]*)"' % name, page)


def _select(page: str, name: str) -> list[str]:
    block = re.search(r'<select[^>]*name="%s"[^>]*>(.*?)</select>' % name, page, re.S).group(1)
    return re.findall(r'<option[^>]*value="([^"]*)"', block)


def test_a_french_speaking_convening_asks_french_first(app, client, make_user, make_convening, make_delegation,
                                                        login_as):
    convening = make_convening("quebec-2028", questions={"languages": "optional", "interpretation": "optional"},
                               interpretation_languages=["en", "es", "fr"])
    with app.app_context():
        db.session.get(Convening, convening).working_languages = ["fr", "es"]
        db.session.commit()
    lead = make_user()
    delegation = make_delegation(convening, lead, [{"name": "A"}])
    login_as(lead)
    page = client.get(f"/en/registration/d/{delegation}/members/new").get_data(as_text=True)
    assert _checkboxes(page, "languages")[:2] == ["es", "fr"]
    # Interpretation: the offered languages, the working ones first.
    assert _select(page, "listen_language") == ["", "es", "fr", "en"]


def test_new_registration_settings_offer_interpretation_in_the_working_languages(app):
    with app.test_request_context("/en/"):
        convening = Convening(slug="tri", title={"en": "Tri"}, kind="trinational", status="draft",
                              working_languages=["en", "es", "fr"])
        db.session.add(convening)
        db.session.flush()
        assert services.get_settings(convening).interpretation_languages == ["en", "es", "fr"]
