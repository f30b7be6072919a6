"""Custom questions on the forms: the fields each question adds to the delegation and member forms
(and to the import), what a stored answer looks like in a form, an export and a count, and the
organizers' form that defines a question.

A stored answer (``answers[str(question.id)]``) is: a text (text), a choice's key (choice), a list of
keys (multiple), True/False (yes/no) or an ISO date "YYYY-MM-DD" (date)."""
from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError

from ..i18n.fields import MultiCheckboxField, TranslatedField
from ..i18n.registry import language_name
from ..i18n.text import fold
from ..i18n.translated import TranslatedText
from .labels import QUESTION_KIND_LABELS, QUESTION_SCOPE_LABELS
from .models import CHOICE, DATE, MULTIPLE, PER_MEMBER, QUESTION_KINDS, QUESTION_SCOPES, TEXT, YESNO

MAX_TEXT = 2000
MAX_LABEL = 300
MAX_CHOICE = 200
MAX_CHOICES = 40
YES, NO = "yes", "no"


def _choice_options(question) -> list[tuple[str, str]]:
    return [(key, str(label)) for key, label in question.choice_labels()]


def _options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class _Marked:
    """Marks a field as required for the page (the check itself is ``validate_answers``)."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        return None


def field_for(question):
    """The WTForms field (unbound) that asks one question."""
    label = str(question.label)
    marks = [_Marked()] if question.required else []
    if question.kind == CHOICE:
        return RadioField(label, marks, choices=_options(_choice_options(question)), validate_choice=False)
    if question.kind == MULTIPLE:
        return MultiCheckboxField(label, marks, choices=_options(_choice_options(question)), validate_choice=False)
    if question.kind == YESNO:
        return RadioField(label, marks, choices=_options([(YES, _l("Yes")), (NO, _l("No"))]), validate_choice=False)
    if question.kind == DATE:
        return DateField(label, [Optional()] + marks)
    return TextAreaField(label, [Optional(), Length(max=MAX_TEXT)] + marks)


def with_questions(form_class, questions):
    """A subclass of ``form_class`` asking ``questions`` too (the class itself when there are none)."""
    if not questions:
        return form_class
    attrs = {q.field_name: field_for(q) for q in questions}
    attrs["custom_questions"] = list(questions)
    return type(form_class.__name__, (form_class,), attrs)


def initial_values(questions, answers: dict | None) -> dict:
    """Form data for the stored answers (to prefill a form on GET)."""
    answers = answers or {}
    out = {}
    for question in questions:
        value = answers.get(question.key)
        if value is None:
            continue
        if question.kind == YESNO:
            value = YES if value else NO
        elif question.kind == DATE:
            try:
                value = date.fromisoformat(value)
            except (TypeError, ValueError):
                continue
        out[question.field_name] = value
    return out


def validate_answers(form) -> bool:
    """Required answers given, choices from the list; messages at each field."""
    ok = True
    for question in getattr(form, "custom_questions", ()):
        field = form._fields.get(question.field_name)
        if field is None:
            continue
        if field.errors:
            ok = False
            continue
        data = field.data
        keys = {key for key, _label in question.choice_labels()}
        if question.kind == CHOICE and data and data not in keys:
            field.errors.append(_("Choose from the list."))
        elif question.kind == MULTIPLE and any(value not in keys for value in data or []):
            field.errors.append(_("Choose from the list."))
        elif question.kind == YESNO and data and data not in (YES, NO):
            field.errors.append(_("Answer yes or no."))
        elif question.required and (not data or (isinstance(data, str) and not data.strip())):
            field.errors.append(_("This is required."))
        if field.errors:
            ok = False
    return ok


def answers_from(form) -> dict:
    """The answers typed in the form, as stored (unanswered questions left out)."""
    out = {}
    for question in getattr(form, "custom_questions", ()):
        field = form._fields.get(question.field_name)
        if field is None:
            continue
        data = field.data
        if question.kind == TEXT:
            value = (data or "").strip() or None
        elif question.kind == CHOICE:
            value = data or None
        elif question.kind == MULTIPLE:
            value = [key for key, _label in question.choice_labels() if key in (data or [])] or None
        elif question.kind == YESNO:
            value = {YES: True, NO: False}.get(data)
        else:
            value = data.isoformat() if data else None
        if value is not None:
            out[question.key] = value
    return out


def shown(question, value, yes: str | None = None, no: str | None = None) -> str:
    """An answer as people read it (in the reader's language): for pages and exports."""
    if value is None or value == "" or value == []:
        return ""
    if question.kind == YESNO:
        return (yes or _("yes")) if value else (no or _("no"))
    if question.kind in (CHOICE, MULTIPLE):
        labels = {key: str(label) for key, label in question.choice_labels()}
        keys = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(key, key) for key in keys)
    return str(value)


def import_value(question, text: str) -> list[str] | str:
    """A spreadsheet cell as form data: choices by their label in any language (or their key);
    anything unknown passes through unchanged, so that the form refuses it at that row."""
    if question.kind not in (CHOICE, MULTIPLE, YESNO):
        return text
    if question.kind == YESNO:
        from .importing import NO as NO_WORDS
        from .importing import YES as YES_WORDS

        folded = fold(text)
        if not folded:
            return ""
        return YES if folded in YES_WORDS else NO if folded in NO_WORDS - {""} else text
    by_label = {}
    for key, label in question.choice_labels():
        by_label[fold(key)] = key
        for words in label.values():
            by_label[fold(words)] = key
    if question.kind == CHOICE:
        return by_label.get(fold(text), text) if text else ""
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    whole = by_label.get(fold(text))
    if whole is not None:
        return [whole]
    return [by_label.get(fold(part), part) for part in parts]


def import_note(question) -> str:
    """What to write in a question's column (for the import page)."""
    if question.kind == CHOICE:
        note = _("one of: %(choices)s", choices="; ".join(label for _k, label in _choice_options(question)))
    elif question.kind == MULTIPLE:
        note = _("any of, separated by commas: %(choices)s",
                 choices="; ".join(label for _k, label in _choice_options(question)))
    elif question.kind == YESNO:
        note = _("yes or no")
    elif question.kind == DATE:
        note = _("YYYY-MM-DD")
    else:
        note = ""
    if question.required:
        note = _("required") + (f"; {note}" if note else "")
    return note


def header_aliases(question) -> set[str]:
    """Folded headers accepted for a question's column: its label in every language."""
    return {fold(text) for text in question.label.values() if text}


# --- the organizers' form -----------------------------------------------------------------------

class QuestionForm(FlaskForm):
    label = TranslatedField(_l("Question"), required="one", max_length=MAX_LABEL,
                            description=_l("As people will read it, in each language."))
    kind = RadioField(_l("Kind of answer"), choices=_options(QUESTION_KIND_LABELS.items()), default=TEXT)
    scope = RadioField(_l("Asked"), choices=_options(QUESTION_SCOPE_LABELS.items()), default=PER_MEMBER)
    required = BooleanField(_l("An answer is required"))
    choice_list = TranslatedField(_l("Choices"), multiline=True, rows=5, max_length=MAX_CHOICES * (MAX_CHOICE + 1),
                              description=_l("For a choice or multiple choice: one choice per line, in the same "
                                             "order in each language."))

    def validate_kind(self, field):
        if field.data not in QUESTION_KINDS:
            raise ValidationError(_l("Choose from the list."))

    def validate_scope(self, field):
        if field.data not in QUESTION_SCOPES:
            raise ValidationError(_l("Choose from the list."))

    def validate_choice_list(self, field):
        if self.kind.data not in (CHOICE, MULTIPLE):
            return
        lines = choice_lines(field.data)
        if not lines:
            raise ValidationError(_l("Give at least two choices, one per line."))
        counts = {lang: len(texts) for lang, texts in lines.items()}
        if len(set(counts.values())) > 1:
            raise ValidationError(_l("Each language needs the same number of lines: %(counts)s.", counts=", ".join(
                f"{language_name(lang)} {n}" for lang, n in counts.items())))
        n = next(iter(counts.values()))
        if n < 2:
            raise ValidationError(_l("Give at least two choices, one per line."))
        if n > MAX_CHOICES:
            raise ValidationError(_l("At most %(max)d choices.", max=MAX_CHOICES))
        if any(len(text) > MAX_CHOICE for texts in lines.values() for text in texts):
            raise ValidationError(_l("A choice has at most %(max)d characters.", max=MAX_CHOICE))
        for texts in lines.values():
            if len({fold(t) for t in texts}) < len(texts):
                raise ValidationError(_l("Each choice only once."))


def choice_lines(text: TranslatedText | None) -> dict[str, list[str]]:
    """The choices typed in each language: {lang: [line, ...]} (empty lines dropped)."""
    out = {}
    for lang in current_app.config["LANGUAGES"]:
        value = (text or {}).get(lang) if text else None
        if value:
            lines = [line.strip() for line in value.replace("\r", "\n").split("\n") if line.strip()]
            if lines:
                out[lang] = lines
    return out


def choices_text(question) -> TranslatedText:
    """The question's choices as the form shows them: one per line, per language."""
    texts: dict[str, list[str]] = {}
    for _key, label in question.choice_labels():
        for lang, words in label.items():
            texts.setdefault(lang, []).append(words)
    return TranslatedText({lang: "\n".join(lines) for lang, lines in texts.items()})


def unanswered(value) -> bool:
    """No answer stored (a yes/no answered "no" is an answer)."""
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def missing_required(questions, delegation, members) -> list[tuple[str, list[str]]]:
    """Who lacks which required answer, in the reader's language: [(who, [question, ...]), ...]; the
    delegation first, then its members in the order given (answers given before a question was
    added count as missing too)."""
    required = [question for question in questions if question.required]
    out = []
    holders = [(_("the delegation"), delegation, False)] + [(member.name, member, True) for member in members]
    for who, holder, per_member in holders:
        lacking = [str(question.label) for question in required
                   if (question.scope == PER_MEMBER) == per_member
                   and unanswered((holder.answers or {}).get(question.key))]
        if lacking:
            out.append((who, lacking))
    return out


def missing_message(missing: list[tuple[str, list[str]]]) -> str:
    """One translated sentence naming who lacks what."""
    parts = [_("%(who)s: %(questions)s", who=who, questions=", ".join(labels)) for who, labels in missing]
    return _("Answer the required questions before submitting. Missing: %(missing)s.", missing="; ".join(parts))
