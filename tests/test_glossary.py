"""One vocabulary per language: ``translations/glossary/<lang>.tsv`` names, for each English term, the
one term used in that language and the variants it rejects. A catalog entry whose English text uses
the term must not use a rejected variant.

Format (tab-separated, first row the header ``english  term  rejected  note``):

- ``english``: the English word and its forms, separated by ``|`` ("status|state"). An entry is
  concerned when its English text (any plural form, any context) contains one of them at the start
  of a word, ignoring case ("lead" concerns "Leads can change…").
- ``term``: the one translation (for people; the test does not read it).
- ``rejected``: Python regular expressions separated by ``|`` at the top level (a ``|`` inside
  parentheses belongs to its expression), matched ignoring case against the translation.
- ``note``: when and how to use the term.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARIES = sorted((ROOT / "translations" / "glossary").glob("*.tsv"))

#: The terms every language's glossary must cover (issue 12, item 10).
REQUIRED = ("convening", "delegation", "lead", "delegate", "organizer", "waiting list", "clause", "proposal",
            "amendment", "sign on", "signatory", "consent", "stand aside", "block", "release", "interpretation",
            "registration", "withdraw", "decline", "status", "role", "archive")


def split_top_level(text: str) -> list[str]:
    """Split on ``|`` outside parentheses and brackets."""
    parts, depth, current, escaped = [], 0, "", False
    for char in text:
        if escaped:
            current, escaped = current + char, False
            continue
        if char == "\\":
            current, escaped = current + char, True
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def load_glossary(path: Path) -> list[dict]:
    rows = []
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].split("\t") == ["english", "term", "rejected", "note"], f"{path.name}: bad header"
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        assert len(cells) == 4, f"{path.name}:{number}: expected 4 tab-separated columns, got {len(cells)}"
        english, term, rejected, note = cells
        assert term.strip() and note.strip(), f"{path.name}:{number}: term and note are required"
        rows.append({
            "english": split_top_level(english),
            "term": term,
            "rejected": [re.compile(p, re.IGNORECASE) for p in split_top_level(rejected)],
            "line": number,
        })
    return rows


def _texts(value) -> list[str]:
    if not value:
        return []
    return [v for v in value if v] if isinstance(value, (tuple, list)) else [value]


def glossary_violations(lang: str, rows: list[dict]) -> list[str]:
    po = ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as f:
        catalog = read_po(f)
    found = []
    for message in catalog:
        if not message.id:
            continue
        english = " ".join(_texts(message.id))
        translated = " ".join(_texts(message.string))
        for row in rows:
            if not any(re.search(r"\b" + re.escape(word), english, re.IGNORECASE) for word in row["english"]):
                continue
            for pattern in row["rejected"]:
                hit = pattern.search(translated)
                if hit:
                    found.append(f"{english!r} -> {translated!r}: {hit.group(0)!r} is rejected for "
                                 f"{row['english'][0]!r} (use {row['term']!r}; glossary line {row['line']})")
    return found


def test_there_is_a_glossary():
    assert GLOSSARIES, "translations/glossary/<lang>.tsv"


@pytest.mark.parametrize("path", GLOSSARIES, ids=lambda p: p.stem)
def test_glossary_covers_the_key_terms(path):
    covered = {word.lower() for row in load_glossary(path) for word in row["english"]}
    assert [t for t in REQUIRED if t not in covered] == []


@pytest.mark.parametrize("path", GLOSSARIES, ids=lambda p: p.stem)
def test_catalog_uses_no_rejected_variant(path):
    assert (ROOT / "translations" / path.stem / "LC_MESSAGES" / "messages.po").exists(), \
        f"a glossary for {path.stem} but no catalog"
    problems = glossary_violations(path.stem, load_glossary(path))
    assert problems == [], f"{len(problems)} entries use rejected variants:\n" + "\n".join(problems)


def test_the_check_sees_a_rejected_variant(tmp_path):
    """The matcher itself: scoped to entries using the English term, regexes split at the top level."""
    rows = [{"english": ["status", "state"], "term": "estatus",
             "rejected": [re.compile(p, re.IGNORECASE) for p in split_top_level(r"\bestados?\b(?! unidos)|x(a|b)")],
             "line": 2}]
    assert split_top_level(r"a|b(c|d)|e") == ["a", "b(c|d)", "e"]
    hits = [p.pattern for p in rows[0]["rejected"] if p.search("Estado de tu registro")]
    assert hits == [r"\bestados?\b(?! unidos)"]
    assert not rows[0]["rejected"][0].search("Estados Unidos y Canadá")
