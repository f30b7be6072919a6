"""Answers to the custom questions in organizers' figures and files: the dashboard's counts per
choice and the export's column per question. A fixed number of queries, whatever the size."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..extensions import db
from .models import CHOICE, MULTIPLE, PER_DELEGATION, YESNO, Delegation, DelegationMember
from .questions import shown


@dataclass
class Tally:
    question: object
    answered: int = 0
    asked: int = 0
    counts: list = field(default_factory=list)  # (choice label, count), for choices and yes/no


def tallies(convening_id: int, filters, questions) -> list[Tally]:
    """Per question: how many answered, and how many chose each choice (yes/no included). Member
    questions count the filtered members; delegation questions their delegations (two queries)."""
    from .reporting import _members_query

    if not questions:
        return []
    member_answers = list(db.session.scalars(_members_query(convening_id, filters, DelegationMember.answers)))
    delegation_answers = list(db.session.scalars(db.select(Delegation.answers).where(Delegation.id.in_(
        _members_query(convening_id, filters, Delegation.id).distinct()))))
    out = []
    for question in questions:
        pool = delegation_answers if question.scope == PER_DELEGATION else member_answers
        tally = Tally(question, asked=len(pool))
        chosen: Counter = Counter()
        for answers in pool:
            value = (answers or {}).get(question.key)
            if value is None or value == "" or value == []:
                continue
            tally.answered += 1
            if question.kind == MULTIPLE and isinstance(value, list):
                chosen.update(value)
            elif question.kind in (CHOICE, YESNO):
                chosen[value] += 1
        if question.kind in (CHOICE, MULTIPLE):
            tally.counts = [(str(label), chosen[key]) for key, label in question.choice_labels()]
        elif question.kind == YESNO:
            tally.counts = [(shown(question, True), chosen[True]), (shown(question, False), chosen[False])]
        out.append(tally)
    return out


def headers(questions) -> list[str]:
    """The export's extra headers: each question in the reader's language."""
    return [str(question.label) for question in questions]


def cells(questions, member, delegation, yes: str, no: str) -> list[str]:
    """One member's row of answers (her delegation's for questions asked per delegation)."""
    out = []
    for question in questions:
        holder = delegation if question.scope == PER_DELEGATION else member
        out.append(shown(question, (holder.answers or {}).get(question.key), yes, no))
    return out


def changed(change, questions) -> list[tuple[str, str | None, str | None]]:
    """A history entry's changed answers, in the reader's language: (question, before, after) per
    question ({key: [before, after]} as recorded). A question deleted since: (a note, None, None),
    its choices' words are gone with it."""
    from flask_babel import gettext as _

    if not isinstance(change, dict):
        return []
    by_key = {question.key: question for question in questions}
    out = []
    for key, (before, after) in change.items():
        question = by_key.get(key)
        if question is None:
            out.append((_("The answer to a question deleted since changed."), None, None))
            continue
        out.append((str(question.label), shown(question, before), shown(question, after)))
    return out
