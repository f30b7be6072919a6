"""Issue 12, item 8: Spanish puts no space before a colon ("2014: 3 sesiones", never "2014 : 3")."""
from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_no_spanish_message_puts_a_space_before_a_colon():
    with open(ROOT / "translations/es/LC_MESSAGES/messages.po", "rb") as f:
        catalog = read_po(f)
    bad = []
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        bad += [s for s in strings if s and re.search(r"\s:(?!//)", s)]
    assert bad == []


def test_no_template_puts_a_space_before_a_colon_after_a_value():
    bad = []
    for path in (ROOT / "organizer").rglob("*.html"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"(\}\}|</a>|</time>|\))\s+:\s", line):
                bad.append(f"{path.relative_to(ROOT)}:{number}")
    assert bad == []
