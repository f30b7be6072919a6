"""Readable word-level comparison of two versions of a declaration, in one language.

Clauses are matched by their identity (not their position), so a moved clause reads as moved text,
an added one as wholly inserted, a removed one as wholly deleted; inside a changed clause the words
that changed are marked with ``<del>`` and ``<ins>``.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from markupsafe import Markup, escape

SAME, CHANGED, ADDED, REMOVED = "same", "changed", "added", "removed"


def word_diff(old: str, new: str) -> Markup:
    """``old`` and ``new`` compared word by word: unchanged words plain, removed ones in ``<del>``,
    added ones in ``<ins>``."""
    a, b = (old or "").split(), (new or "").split()
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(str(escape(" ".join(a[i1:i2]))))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return Markup(" ".join(out))


@dataclass
class DiffRow:
    state: str
    kind: str
    number_a: int | None
    number_b: int | None
    html: Markup


def compare(snapshot_a: dict, snapshot_b: dict, lang: str) -> tuple[Markup, list[DiffRow]]:
    """The title's diff and one row per clause of either version, in the order of ``b`` with the
    clauses only ``a`` had placed where they stood."""
    title = word_diff((snapshot_a.get("title") or {}).get(lang, ""), (snapshot_b.get("title") or {}).get(lang, ""))
    a_clauses = snapshot_a.get("clauses") or []
    b_clauses = snapshot_b.get("clauses") or []
    a_by_id = {c["id"]: (n, c) for n, c in enumerate(a_clauses, 1)}
    b_ids = {c["id"] for c in b_clauses}
    rows: list[DiffRow] = []

    # Removed clauses are emitted before the first b-clause that followed them in a.
    removed_before: dict[object, list[tuple[int, dict]]] = {}
    pending: list[tuple[int, dict]] = []
    for n, clause in enumerate(a_clauses, 1):
        if clause["id"] in b_ids:
            if pending:
                removed_before.setdefault(clause["id"], []).extend(pending)
                pending = []
        else:
            pending.append((n, clause))

    def removed_row(n, clause):
        return DiffRow(REMOVED, clause.get("kind", ""), n, None,
                       Markup(f"<del>{escape((clause.get('text') or {}).get(lang, ''))}</del>"))

    for m, clause in enumerate(b_clauses, 1):
        for n, old in removed_before.get(clause["id"], []):
            rows.append(removed_row(n, old))
        new_text = (clause.get("text") or {}).get(lang, "")
        if clause["id"] in a_by_id:
            n, old = a_by_id[clause["id"]]
            old_text = (old.get("text") or {}).get(lang, "")
            state = SAME if old_text == new_text and old.get("kind") == clause.get("kind") else CHANGED
            rows.append(DiffRow(state, clause.get("kind", ""), n, m, word_diff(old_text, new_text)))
        else:
            rows.append(DiffRow(ADDED, clause.get("kind", ""), None, m, Markup(f"<ins>{escape(new_text)}</ins>")))
    for n, old in pending:
        rows.append(removed_row(n, old))
    return title, rows
