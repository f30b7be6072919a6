"""Issue 16, item 4: a convening a source only announces (Chicago 2014, "planning its next meeting
in Chicago in May 2014") has the status "announced, outcome not known": said so on its page, in the
list and on the home page, never among past or recent convenings, in every language."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from organizer.convenings.models import Convening
from organizer.convenings.seeding import seed
from organizer.extensions import db

ROOT = Path(__file__).resolve().parents[2]
LABELS = {"en": "Announced, outcome not known", "es": "Anunciado, resultado desconocido",
          "fr": "Annoncée, issue inconnue"}


@pytest.fixture
def seeded(app):
    with app.app_context():
        seed(ROOT / "seeds")
        db.session.commit()
        yield app


def _text(client, url):
    response = client.get(url, follow_redirects=True)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


def _section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    end = page.find("</section>", start)
    return page[start:end]


def test_chicago_2014_is_seeded_as_announced(seeded):
    chicago = db.session.scalar(db.select(Convening).where(Convening.slug == "chicago-2014"))
    assert chicago.status == "announced" and chicago.is_public


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_announced_is_shown_as_such_and_never_as_past(seeded, client, lang):
    label = LABELS[lang]
    page = _text(client, f"/{lang}/convenings/chicago-2014/")
    assert label in page
    index = _text(client, f"/{lang}/convenings/")
    announced = _section(index, "announced-heading")
    assert "Chicago 2014" in announced and label in announced
    assert "Chicago 2014" not in _section(index, "past-heading")
    assert "Chicago 2014" not in _section(index, "upcoming-heading")
    home = _text(client, f"/{lang}/")
    block = home[home.index('id="home-convenings-heading"'):]
    block = block[:block.index("</section>")]
    recent = re.search(r'id="home-recent".*?</div>', block, re.S).group(0)
    assert "Chicago 2014" not in recent
    assert "Chicago 2014" in re.search(r'id="home-announced".*?</div>', block, re.S).group(0)


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_organizing_coalition_lists_chicago_2014_as_announced(seeded, client, lang):
    page = _text(client, f"/{lang}/organizations/tncdpe/")
    item = page[page.index("Chicago 2014"):]
    item = item[:item.index("</li>")]
    assert LABELS[lang] in item

