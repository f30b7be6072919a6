"""Drafting: the declaration, its clauses, its committee and the constituency groups."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ...accounts.models import User
from ...extensions import db
from ...i18n.translated import TranslatedText
from ..models import (
    DRAFT,
    PLENARY,
    T_DRAFT,
    T_MISSING,
    T_OUTDATED,
    T_REVIEWED,
    Clause,
    CommitteeMember,
    ConstituencyGroup,
    ConstituencyMember,
    Declaration,
)
from ..queries import clauses_of, content_languages
from ._base import DeclarationError, _check_base, _check_draft, _save, languages, slugify, unique_slug


def create_declaration(convening, title: TranslatedText, user: User) -> Declaration:
    position = db.session.scalar(db.select(db.func.count()).select_from(Declaration)
                                 .where(Declaration.convening_id == convening.id)) or 0
    base = slugify(f"{convening.slug}-{title.get('en') or title.get('es') or ''}")
    declaration = Declaration(convening_id=convening.id, slug=unique_slug(Declaration, base), title=title,
                              status=DRAFT, position=position)
    db.session.add(declaration)
    db.session.flush()
    _save(declaration, user, "created")
    return declaration


def set_title(declaration: Declaration, title: TranslatedText, user: User, base_version: int | None = None) -> None:
    _check_draft(declaration)
    _check_base(declaration, base_version)
    if title == declaration.title:
        return
    declaration.title = title
    _save(declaration, user, "title_edited")


def apply_text(clause: Clause, new_text: TranslatedText, reviewed=()) -> None:
    """Set a clause's text and work out each language's translation status, whatever a form says:

    - an empty language is missing;
    - when a reviewed text changes in one language, every language that did not change is out of
      date (a translation of words that are no longer there) and the changed one is a draft, ticks
      notwithstanding;
    - a translation brought up to date (it was not reviewed) may be ticked reviewed in the same save;
    - when every language changes together (a new clause, a full rewrite), or none does, the ticked
      languages are reviewed and the changed ones otherwise drafts.
    """
    working = languages(clause) if clause.declaration_id else languages()
    langs = content_languages(clause) if clause.declaration_id else working
    old_text = clause.text or TranslatedText()
    before = dict(clause.translation or {})
    status = dict(before)
    present = [lang for lang in langs if lang in new_text]
    changed = [lang for lang in present if old_text.get(lang) != new_text.get(lang)]
    partial = bool(changed) and len(changed) < len(present)
    reviewed_changed = any(before.get(lang) == T_REVIEWED for lang in changed)
    for lang in langs:
        if lang not in new_text:
            if lang in working or lang in before:
                status[lang] = T_MISSING
        elif partial and lang in changed:
            status[lang] = T_REVIEWED if lang in reviewed and before.get(lang) != T_REVIEWED else T_DRAFT
        elif partial and reviewed_changed:
            status[lang] = T_OUTDATED
        elif lang in reviewed:
            status[lang] = T_REVIEWED
        elif lang in changed or status.get(lang) in (None, T_MISSING):
            status[lang] = T_DRAFT
    clause.text = new_text
    clause.translation = status


def _renumber(clauses: list[Clause]) -> None:
    for n, clause in enumerate(clauses):
        clause.position = n


def _insert(declaration: Declaration, clause: Clause, after: Clause | None) -> None:
    clauses = clauses_of(declaration)
    index = len(clauses) if after is None else next((i + 1 for i, c in enumerate(clauses) if c.id == after.id), len(clauses))
    clauses.insert(index, clause)
    clause.declaration_id = declaration.id
    db.session.add(clause)
    _renumber(clauses)


def add_clause(declaration: Declaration, user: User, *, kind: str, text: TranslatedText, original_language: str,
               reviewed=(), after: Clause | None = None, base_version: int | None = None,
               event: str = "clause_added") -> Clause:
    _check_draft(declaration)
    _check_base(declaration, base_version)
    if not text:
        raise DeclarationError(_l("Please write the clause in at least one language."), field="text")
    clause = Clause(declaration_id=declaration.id, kind=kind, original_language=original_language, translation={})
    apply_text(clause, text, reviewed)
    _insert(declaration, clause, after)
    _save(declaration, user, event)
    return clause


def edit_clause(clause: Clause, user: User, *, kind: str, text: TranslatedText, original_language: str,
                reviewed=(), base_version: int | None = None, event: str = "clause_edited") -> bool:
    declaration = db.session.get(Declaration, clause.declaration_id)
    _check_draft(declaration)
    _check_base(declaration, base_version)
    if not text:
        raise DeclarationError(_l("Please write the clause in at least one language."), field="text")
    before = (clause.kind, clause.original_language, clause.text, dict(clause.translation or {}))
    clause.kind = kind
    clause.original_language = original_language
    apply_text(clause, text, reviewed)
    if (clause.kind, clause.original_language, clause.text, dict(clause.translation)) == before:
        return False
    _save(declaration, user, event)
    return True


def move_clause(clause: Clause, user: User, direction: int) -> None:
    declaration = db.session.get(Declaration, clause.declaration_id)
    _check_draft(declaration)
    clauses = clauses_of(declaration)
    index = next(i for i, c in enumerate(clauses) if c.id == clause.id)
    target = index + (1 if direction > 0 else -1)
    if not 0 <= target < len(clauses):
        return
    clauses[index], clauses[target] = clauses[target], clauses[index]
    _renumber(clauses)
    _save(declaration, user, "clause_moved")


def remove_clause(clause: Clause, user: User, event: str = "clause_removed") -> None:
    declaration = db.session.get(Declaration, clause.declaration_id)
    _check_draft(declaration)
    db.session.delete(clause)
    db.session.flush()
    _renumber(clauses_of(declaration))
    _save(declaration, user, event)


def set_committee(declaration: Declaration, add_user: User | None = None, remove_user_id: int | None = None,
                  by: User | None = None) -> None:
    if add_user is not None:
        exists = db.session.get(CommitteeMember, (declaration.id, add_user.id))
        if exists is None:
            db.session.add(CommitteeMember(declaration_id=declaration.id, user_id=add_user.id,
                                           named_by_id=by.id if by else None))
    if remove_user_id is not None:
        row = db.session.get(CommitteeMember, (declaration.id, remove_user_id))
        if row is not None:
            db.session.delete(row)
    db.session.flush()


def set_status(declaration: Declaration, status: str) -> None:
    """Draft <-> in plenary. Adoption has its own service."""
    _check_draft(declaration)
    if status not in (DRAFT, PLENARY):
        raise DeclarationError(_l("Unknown state."))
    declaration.status = status
    db.session.flush()


def create_group(convening, name: TranslatedText, key: str | None = None) -> ConstituencyGroup:
    base = slugify(key or name.get("en") or name.get("es") or "group", 60)
    key, n = base, 2
    while db.session.scalar(db.select(db.func.count()).select_from(ConstituencyGroup).where(
            ConstituencyGroup.convening_id == convening.id, ConstituencyGroup.key == key)):
        key = f"{base}-{n}"
        n += 1
    group = ConstituencyGroup(convening_id=convening.id, key=key, name=name)
    db.session.add(group)
    db.session.flush()
    return group


def add_group_member(group: ConstituencyGroup, user: User) -> None:
    if db.session.get(ConstituencyMember, (group.id, user.id)) is None:
        db.session.add(ConstituencyMember(group_id=group.id, user_id=user.id))
        db.session.flush()


def remove_group_member(group: ConstituencyGroup, user_id: int) -> None:
    row = db.session.get(ConstituencyMember, (group.id, user_id))
    if row is not None:
        db.session.delete(row)
        db.session.flush()
