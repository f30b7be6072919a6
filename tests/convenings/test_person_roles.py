"""Issue 16, item 9: a person's role after their name is a noun for a person, the same for anyone,
in every language ("Kent Wong · Persona citada", never "Citada"; "Persona moderadora", never
"Moderación"; in French "Personne citée", "Personne animatrice", never "Citée" or "Animation")."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from organizer.agenda.seeding import seeded_guid
from organizer.convenings.seeding import seed
from organizer.extensions import db

ROOT = Path(__file__).resolve().parents[2]

EXPECTED = {
    "es": {"quoted": "Persona citada", "moderator": "Persona moderadora", "speaker": "Ponente"},
    "fr": {"quoted": "Personne citée", "moderator": "Personne animatrice", "speaker": "Panéliste"},
    "en": {"quoted": "Quoted", "moderator": "Moderator", "speaker": "Speaker"},
}
WRONG = {"es": ("Citada", "Citado", "Moderación", "Moderadora"), "fr": ("Citée", "Cité", "Animation"), "en": ()}


@pytest.fixture
def seeded(app):
    with app.app_context():
        seed(ROOT / "seeds")
        db.session.commit()
        yield app


def _text(client, url) -> str:
    response = client.get(url, follow_redirects=True)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def _roles_after(page: str, name: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(re.escape(name) + r" · ([^,·(]+?)(?: ,| ·| Source| Fuente|$| \()", page)]


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_person_roles_are_nouns_for_a_person(seeded, client, lang):
    expected = EXPECTED[lang]
    convening = _text(client, f"/{lang}/convenings/mexico-city-2023/")
    assert f"Kent Wong · {expected['quoted']}" in convening
    assert f"Saba Waheed · {expected['quoted']}" in convening
    person = _text(client, f"/{lang}/people/kent-wong/")
    assert expected["quoted"] in person and expected["speaker"] in person
    forums = _text(client, f"/{lang}/convenings/mexico-city-2014/")
    assert f"Juan Manuel Sandoval · {expected['moderator']}" in forums
    session = _text(client, f"/{lang}/convenings/mexico-city-2014/agenda/sessions/"
                            f"{seeded_guid('mexico-city-2014', 'workshop-democratic-liberties')}/")
    assert {"en": "Moderators", "es": "Personas moderadoras", "fr": "Animation"}[lang] in session  # the heading
    assert "Juan Manuel Sandoval" in session
    for page in (convening, person, forums):
        for name in ("Kent Wong", "Saba Waheed", "Juan Manuel Sandoval"):
            for role in _roles_after(page, name):
                assert role.split()[0] not in WRONG[lang], (name, role)
