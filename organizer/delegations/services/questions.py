"""Custom questions organizers add to a convening's registration: add, change, reorder, delete
(deleting removes the answers given, and says first how many)."""
from __future__ import annotations

from ...database import utcnow
from ...extensions import db
from ...i18n.text import fold
from ...i18n.translated import TranslatedText
from ..models import CHOICE, MULTIPLE, Delegation, DelegationMember, RegistrationQuestion
from ..queries import convening_questions
from .core import RegistrationError

__all__ = ["answer_count", "answer_counts", "delete_question", "move_question", "save_question"]


def _keyed_choices(lines: dict[str, list[str]], existing: list[dict]) -> list[dict]:
    """Choices with stable keys: a line keeps the key of the old choice with the same words in any
    language (so answers follow a reworded or reordered choice); new lines get new keys."""
    if not lines:
        return []
    by_words: dict[tuple[str, str], str] = {}
    for choice in existing or []:
        for lang, words in (choice.get("label") or {}).items():
            by_words.setdefault((lang, fold(words)), choice["key"])
    used = {c["key"] for c in existing or []}
    next_number = 1 + max((int(k[1:]) for k in used if k[1:].isdigit()), default=0)
    count = len(next(iter(lines.values())))
    out, taken = [], set()
    for index in range(count):
        label = {lang: texts[index] for lang, texts in lines.items()}
        key = next((by_words[(lang, fold(words))] for lang, words in label.items()
                    if (lang, fold(words)) in by_words and by_words[(lang, fold(words))] not in taken), None)
        if key is None:
            key = f"c{next_number}"
            next_number += 1
        taken.add(key)
        out.append({"key": key, "label": label})
    return out


def save_question(convening_id: int, question: RegistrationQuestion | None, *, label: TranslatedText, kind: str,
                  scope: str, required: bool, choice_lines: dict[str, list[str]]) -> RegistrationQuestion:
    """Add a question (last in the list) or change one. Changing the kind or whom it is asked of
    keeps the answers only when they still make sense (same kind, same scope)."""
    from flask_babel import gettext as _

    old_choices = list(question.choices or []) if question is not None and question.kind == kind else []
    if question is None:
        existing = convening_questions(convening_id)
        if len(existing) >= 50:
            raise RegistrationError(_("At most %(max)d questions per convening.", max=50), "label")
        question = RegistrationQuestion(convening_id=convening_id, position=len(existing),
                                        created_at=utcnow(), choices=[])
        db.session.add(question)
    elif question.kind != kind or question.scope != scope:
        if question.id is not None:
            _drop_answers(question)
    question.label = label
    question.kind, question.scope, question.required = kind, scope, bool(required)
    question.choices = _keyed_choices(choice_lines, old_choices) if kind in (CHOICE, MULTIPLE) else []
    db.session.flush()
    if kind in (CHOICE, MULTIPLE):
        _drop_unknown_choices(question)
    return question


def move_question(question: RegistrationQuestion, step: int) -> None:
    """Move a question up (-1) or down (+1) in its convening's list."""
    questions = convening_questions(question.convening_id)
    index = next(i for i, q in enumerate(questions) if q.id == question.id)
    target = index + (1 if step > 0 else -1)
    if 0 <= target < len(questions):
        questions[index], questions[target] = questions[target], questions[index]
    for position, item in enumerate(questions):
        item.position = position
    db.session.flush()


def _holders(question: RegistrationQuestion):
    """The members (or delegations) of the convening that may hold an answer to the question."""
    if question.scope == "delegation":
        return db.session.scalars(db.select(Delegation).where(Delegation.convening_id == question.convening_id,
                                                              Delegation.answers.is_not(None))).all()
    return db.session.scalars(
        db.select(DelegationMember).join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.convening_id == question.convening_id, DelegationMember.answers.is_not(None))).all()


def answer_count(question: RegistrationQuestion) -> int:
    """How many people (or delegations) answered the question."""
    return sum(1 for holder in _holders(question) if question.key in (holder.answers or {}))


def _drop_answers(question: RegistrationQuestion) -> int:
    dropped = 0
    for holder in _holders(question):
        answers = dict(holder.answers or {})
        if question.key in answers:
            answers.pop(question.key)
            holder.answers = answers or None
            dropped += 1
    return dropped


def _drop_unknown_choices(question: RegistrationQuestion) -> None:
    """After the choices changed: answers naming a removed choice lose it."""
    keys = {c["key"] for c in question.choices}
    for holder in _holders(question):
        answers = dict(holder.answers or {})
        value = answers.get(question.key)
        if value is None:
            continue
        kept = [k for k in value if k in keys] if isinstance(value, list) else (value if value in keys else None)
        if kept == value:
            continue
        if kept:
            answers[question.key] = kept
        else:
            answers.pop(question.key)
        holder.answers = answers or None
    db.session.flush()


def delete_question(question: RegistrationQuestion) -> int:
    """Delete a question and the answers given to it; returns how many answers were lost."""
    dropped = _drop_answers(question)
    convening_id = question.convening_id
    db.session.delete(question)
    db.session.flush()
    for position, item in enumerate(convening_questions(convening_id)):
        item.position = position
    db.session.flush()
    return dropped


def answer_counts(convening_id: int) -> dict[int, int]:
    """Question id -> how many members or delegations answered it (two queries, whatever the size)."""
    counts: dict[int, int] = {}
    member_answers = db.session.scalars(
        db.select(DelegationMember.answers).join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.convening_id == convening_id, DelegationMember.answers.is_not(None)))
    delegation_answers = db.session.scalars(
        db.select(Delegation.answers).where(Delegation.convening_id == convening_id, Delegation.answers.is_not(None)))
    for answers in list(member_answers) + list(delegation_answers):
        for key in answers or {}:
            if key.isdigit():
                counts[int(key)] = counts.get(int(key), 0) + 1
    return counts
