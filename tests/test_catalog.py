"""Every catalog (Spanish, French…) is complete, not fuzzy, and up to date with the source."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))
LANGS = [p.parent.parent.name for p in CATALOGS]


def _catalog(lang: str = "es"):
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f)


def test_spanish_and_french_catalogs_exist():
    assert {"es", "fr"} <= set(LANGS)


def _extract(tmp_path) -> set:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "translations/babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "--no-location", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as f:
        return {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(f) if m.id}


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    catalog = _catalog(lang)
    untranslated = [m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not catalog.fuzzy, "the catalog header is marked fuzzy: pybabel compile would skip it"
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_is_not_stale(tmp_path, lang):
    extracted = _extract(tmp_path)
    in_catalog = {m.id if isinstance(m.id, str) else tuple(m.id) for m in _catalog(lang) if m.id}
    missing = extracted - in_catalog
    obsolete = in_catalog - extracted
    assert not missing, f"marked in the source but not in the catalog (run `make messages`): {sorted(missing, key=str)}"
    assert not obsolete, f"in the catalog but no longer in the source (run `make messages`): {sorted(obsolete, key=str)}"


@pytest.mark.parametrize("lang", LANGS)
def test_placeholders_match(lang):
    problems = []
    for message in _catalog(lang):
        if not message.id:
            continue
        for error in message.check():
            problems.append(f"{message.id!r}: {error}")
    assert not problems, problems
