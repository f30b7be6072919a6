"""Form fields shared by every domain: one content value in every language side by side
(``TranslatedField``) and several choices as checkboxes (``MultiCheckboxField``)."""
from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup, escape
from wtforms import Field, SelectMultipleField
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .formatting import format_list
from .registry import language_label, language_name
from .translated import Provenance, TranslatedText

__all__ = ["MultiCheckboxField", "TranslatedField", "TranslatedWidget", "language_name"]


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TranslatedWidget:
    def __init__(self, multiline: bool = False, rows: int = 4):
        self.multiline = multiline
        self.rows = rows

    def __call__(self, field: "TranslatedField", **kwargs) -> Markup:
        parts = ['<div class="translated-inputs">']
        described = f' aria-describedby="{field.id}-errors"' if field.errors else ""
        invalid = ' aria-invalid="true"' if field.errors else ""
        for lang in field.languages:
            input_id = f"{field.id}-{lang}"
            value = field.data.get(lang, "") if field.data else ""
            raw = field.raw.get(lang) if field.raw else None
            if raw is not None:
                value = raw
            # The reader's words for each language ("Inglés" and "Español" on a Spanish page).
            label = escape(language_label(lang))
            parts.append(f'<div class="translated-input"><label for="{input_id}">{label}</label>')
            attrs = (
                f'id="{input_id}" name="{field.name}-{lang}" lang="{lang}"{described}{invalid}'
                f'{" maxlength=%d" % field.max_length if field.max_length else ""}'
            )
            if self.multiline:
                parts.append(f'<textarea {attrs} rows="{self.rows}">{escape(value)}</textarea>')
            else:
                parts.append(f'<input type="text" {attrs} value="{escape(value)}">')
            parts.append(self._provenance(field, lang, input_id))
            parts.append("</div>")
        parts.append("</div>")
        return Markup("".join(parts))

    @staticmethod
    def _provenance(field: "TranslatedField", lang: str, input_id: str) -> str:
        """A checkbox "This is a translation of [language]" under each language (issue 17, item 6):
        left unticked, what is typed there is recorded as that language's original wording."""
        others = [other for other in field.languages if other != lang]
        if not others:
            return ""
        ticked, source = field.translation_choice(lang)
        label, select_label = escape(_l("This is a translation of")), escape(_l("Original language"))
        options = "".join(
            f'<option value="{other}"{" selected" if other == source else ""}>{escape(language_label(other))}</option>'
            for other in others)
        return (f'<div class="translation-of"><input type="checkbox" id="{input_id}-translated" '
                f'name="{field.name}-{lang}-translated" value="y"{" checked" if ticked else ""}> '
                f'<label for="{input_id}-translated">{label}</label> '
                f'<select id="{input_id}-from" name="{field.name}-{lang}-from" '
                f'aria-label="{select_label}">{options}</select></div>')


class TranslatedField(Field):
    """Holds a TranslatedText. ``required``: "one" (at least one language), "all", or False."""

    def __init__(self, label=None, validators=None, required: str | bool = False,
                 multiline: bool = False, rows: int = 4, max_length: int | None = None, **kwargs):
        super().__init__(label, validators, widget=TranslatedWidget(multiline, rows), **kwargs)
        self.required = required
        self.max_length = max_length
        self.raw: dict[str, str] = {}
        self.flags.translated = True
        if required:
            self.flags.required = True

    #: Set by ``for_languages`` (a convening's working languages); None: every configured language.
    _shown: list[str] | None = None
    _working: list[str] | None = None

    @property
    def languages(self) -> list[str]:
        return list(self._shown) if self._shown else list(current_app.config["LANGUAGES"])

    def for_languages(self, working) -> "TranslatedField":
        """Edit a convening's working languages side by side (in the site's order), then any other
        configured language the value already has (never hidden, so never lost on save); with
        ``required="all"`` the working languages are the ones required. Call after the form is built."""
        configured = list(current_app.config["LANGUAGES"])
        present = set(self.data) if self.data else set()
        self._working = [lang for lang in configured if lang in working] or configured
        self._shown = self._working + [lang for lang in configured if lang not in self._working and lang in present]
        return self

    def process(self, formdata, data=None, extra_filters=None):
        self.process_errors = []
        if data is None:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        self.data = TranslatedText.coerce(data) if data else TranslatedText()
        self.raw = {}
        self.choices_typed: dict[str, tuple[bool, str | None]] = {}
        if formdata is not None:
            texts = {}
            for lang in self.languages:
                key = f"{self.name}-{lang}"
                if key in formdata:
                    texts[lang] = formdata.get(key) or ""
                    source = formdata.get(f"{key}-from")
                    self.choices_typed[lang] = (bool(formdata.get(f"{key}-translated")),
                                                source if source in self.languages and source != lang else None)
            if texts:
                self.raw = texts
                self.data = self._with_provenance(TranslatedText(texts), self.data)

    def translation_choice(self, lang: str) -> tuple[bool, str | None]:
        """(is it marked as a translation, from which language) as the widget shows it: what was
        typed, else the recorded provenance, else "original" and the first other language with text."""
        if lang in self.choices_typed:
            ticked, source = self.choices_typed[lang]
        else:
            mark = self.data.provenance(lang) if self.data else None
            ticked, source = (mark is not None and mark.is_translation), (mark.source if mark else None)
        if source is None:
            source = next((o for o in self.languages if o != lang and self.data and o in self.data), None)
        return ticked, source

    def _with_provenance(self, typed: TranslatedText, before: TranslatedText) -> TranslatedText:
        """Provenance for what was typed: a language whose text and checkbox are as they were keeps
        what was recorded; otherwise it is now the current user's original wording, or their
        translation when they ticked "This is a translation of"."""
        marks: dict[str, Provenance | None] = {}
        for lang, text in typed.items():
            ticked, source = self.choices_typed.get(lang, (False, None))
            if ticked and source is None:
                source = next((o for o in self.languages if o != lang and o in typed), None)
            ticked = ticked and source is not None
            old = before.provenance(lang)
            if before.get(lang) == text and ticked == bool(old and old.is_translation) \
                    and (not ticked or old.source == source):
                marks[lang] = old
                continue
            who, today = _editor(), date.today()
            marks[lang] = Provenance.translation(source, who, today) if ticked else Provenance.original(who, today)
        return typed.with_provenance(**marks)

    def pre_validate(self, form):
        if self.required == "all":
            # "Every language" means the working languages (English and Spanish unless the site
            # says otherwise): a French column is offered, not demanded.
            working = self._working or current_app.config.get("WORKING_LANGUAGES") or self.languages
            missing = self.data.missing([lang for lang in self.languages if lang in working])
            if missing:
                names = format_list([language_name(lang) for lang in missing])
                raise StopValidation(str(_l("Please fill this in every language. Missing: %(languages)s", languages=names)))
        elif self.required and not self.data:
            raise StopValidation(str(_l("Please fill this in at least one language.")))
        if self.max_length:
            for lang, text in self.data.items():
                if len(text) > self.max_length:
                    raise ValidationError(ngettext(
                        "%(language)s: at most %(num)d character.", "%(language)s: at most %(num)d characters.",
                        self.max_length, language=language_name(lang)))

    def populate_obj(self, obj, name):
        setattr(obj, name, self.data if self.data else None)


def _editor() -> str | None:
    """The name of the signed-in person editing a form (recorded with what they write)."""
    try:
        from flask_login import current_user

        return getattr(current_user, "name", None) if current_user and current_user.is_authenticated else None
    except Exception:  # outside a request
        return None
