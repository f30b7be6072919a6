"""What the declarations pages share: loading rows (404 when missing or foreign), turning a
service's refusal into a form error or a flash, and small formatting helpers. Pages never query
the database themselves: they load through ``queries``."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...database import db_int
from ...i18n import registry
from ...accounts.models import User
from ...convenings.models import Convening
from ...i18n.locale import current_language
from ...i18n.translated import TranslatedText
from .. import queries, services
from ..forms import EmailForm
from ..labels import KIND_LABELS
from ..models import Declaration
from ..permissions import can_read
from ..services import DeclarationError


def language_in_text(lang: str) -> str:
    """A language named in the reader's language, as inside a sentence ("en inglés", "in Spanish")."""
    return registry.language_label(lang, sentence=True)


def reader_languages(convening=None) -> list[str]:
    """The languages shown side by side, the reader's first: a convening's working languages (when
    it is known), else the site's."""
    langs = queries.languages(convening) if convening is not None else list(current_app.config["LANGUAGES"])
    return sorted(langs, key=lambda lang: lang != current_language())


def offered_languages(convening, clauses=()) -> list[str]:
    """The languages a declaration can be read in: its convening's working languages, then any
    other configured language some clause (or the title) is written in."""
    langs = queries.content_languages(convening)
    working = queries.languages(convening)
    present = {lang for clause in clauses for lang in (clause.text or {})}
    return [lang for lang in langs if lang in working or lang in present]


def parse_view(value: str | None, offered: list[str]) -> tuple[str, list[str]]:
    """The view asked for (``?view=``) as (canonical name, languages in the order shown). "both":
    every offered working language; "fr": one; "en,fr" (or "fr,en"): those side by side. The
    reader's language leads a side-by-side view; anything else falls back to the default (the
    reader's language when offered, else side by side)."""
    from . import BOTH

    reader = current_language()
    default = reader if reader in offered else BOTH
    value = (value or default)[:40]
    if value != BOTH:
        codes = list(dict.fromkeys(code for code in value.split(",") if code in offered))
        if not codes or len(codes) != len(value.split(",")):
            value, codes = default, None
        elif len(codes) == len(offered) and len(codes) > 1:
            value = BOTH
        else:
            value = ",".join(code for code in offered if code in codes)
            return value, sorted(codes, key=lambda lang: (lang != reader, offered.index(lang)))
    if value == BOTH:
        return BOTH, sorted(offered, key=lambda lang: (lang != reader, offered.index(lang)))
    return value, [value]


def view_choices(offered: list[str]) -> list[tuple[str, str, list[str]]]:
    """The views a page offers: (view, label, languages): side by side in all, each pair when
    there are three or more, then each language alone."""
    from itertools import combinations

    from . import BOTH

    choices = []
    if len(offered) > 1:
        choices.append((BOTH, _("All side by side") if len(offered) > 2 else _("Both languages side by side"), offered))
    if len(offered) > 2:
        choices += [(",".join(pair), " + ".join(registry.language_name(lang) for lang in pair), list(pair))
                    for pair in combinations(offered, 2)]
    choices += [(lang, registry.language_name(lang), [lang]) for lang in offered]
    return choices


def word_diff(old, new):
    from ..diff import word_diff as diff

    return diff(old, new)


def convening_url(convening) -> str | None:
    """The convening's public page, when the convenings domain provides one."""
    if "convenings.show" not in current_app.view_functions:
        return None
    try:
        return url_for("convenings.show", slug=convening.slug)
    except Exception:  # the convenings domain names its argument differently
        return None


def load(slug: str) -> tuple[Declaration, Convening]:
    declaration = queries.get_by_slug(slug)
    if declaration is None:
        abort(404)
    return declaration, queries.convening_of(declaration)


def readable(slug: str) -> tuple[Declaration, Convening]:
    declaration, convening = load(slug)
    if not can_read(current_user, declaration, convening):
        abort(404 if not current_user.is_authenticated and not convening.is_public else
              (401 if not current_user.is_authenticated else 403))
    return declaration, convening


def convening_or_404(convening_slug: str) -> Convening:
    convening = queries.convening_by_slug(convening_slug)
    if convening is None:
        abort(404)
    return convening


def owned_or_404(model, row_id, **owner):
    """A row by id that belongs to ``owner`` (``declaration_id=...``), else 404."""
    row = queries.row_of(model, to_int(row_id), **owner)
    if row is None:
        abort(404)
    return row


def to_int(value) -> int | None:
    """An id from the request, or None for anything no database row can have."""
    return db_int(value)


def form_error(form, error: DeclarationError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and error.field != "base_version":
        field.errors = list(field.errors) + [str(error.message)]
    else:
        form.form_errors = list(form.form_errors) + [str(error.message)]


def user_by_email(form: EmailForm) -> User | None:
    user = queries.user_by_email(form.email.data)
    if user is None:
        form.email.errors.append(_("No Organizer account uses this email address. Ask them to sign up first."))
    return user


def back(declaration: Declaration):
    return redirect(url_for("declarations.show", slug=declaration.slug))


def clause_choices(clauses):
    return [(str(c.id), f"{n}. {KIND_LABELS[c.kind]}: {excerpt(c.text)}") for n, c in enumerate(clauses, 1)]


def excerpt(text: TranslatedText, words: int = 12) -> str:
    value = text.resolve(current_language()).text if text else ""
    parts = value.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def act(action, success: str) -> bool:
    """A button's action: run the service and say so (the request commits once, at its end); or
    show the rule it broke (the refusal rolls the request back: nothing saved)."""
    try:
        action()
    except DeclarationError as error:
        flash(str(error.message), "error")
        return False
    flash(success, "success")
    return True


def refuse_frozen(declaration: Declaration):
    """Before showing an edit form: the service's rule says whether the text may still change
    (the rule lives in ``services.check_draft``, not here)."""
    try:
        services.check_draft(declaration)
    except DeclarationError as error:
        flash(str(error.message), "error")
        return back(declaration)
    return None


def refuse(message) -> None:
    """Say why nothing was done (a form posted from a page that lists several)."""
    flash(str(message) or _("Please check the form."), "error")


def form_errors_text(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


#: Characters per numbered line of the draft (the same for every reader, so line numbers agree).
LINE_WIDTH = 64


def numbered_lines(text: str | None) -> list[str]:
    """A clause's text in one language cut into the draft's numbered lines."""
    import textwrap

    lines: list[str] = []
    for paragraph in (text or "").splitlines() or [""]:
        lines.extend(textwrap.wrap(paragraph, LINE_WIDTH, break_long_words=True) or [""])
    return lines
