"""A session's card on the public agenda, written in Python rather than as nested Jinja macros.

A released agenda of 1,000 sessions renders 1,000 cards; as macros (a card, its link, its people,
its languages) that was ~180 µs of template machinery a card. Here a card is a few string
formats, and every piece that depends only on the release and the reader's language (formatted
times, organization names, language names, labels) is computed once per render and remembered.
The markup is the one the macro wrote; the organizers' editor keeps the macro (``manage=True``).
"""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from ..i18n.formatting import format_list, translated_html
from ..i18n.locale import current_language
from ..i18n.memo import request_memo
from ..i18n.registry import language_label
from ..organizations.labels import organization_name
from .labels import KIND_LABELS, ROLE_LABELS

_GUID = "__session_guid__"


def _link(convening, guid: str, number: int | None, memo: dict) -> str:
    key = ("link", convening.slug, number)
    base = memo.get(key)
    if base is None:
        if number:
            base = url_for("agenda.session_page", slug=convening.slug, guid=_GUID, number=number)
        else:
            base = url_for("agenda.session_page", slug=convening.slug, guid=_GUID)
        memo[key] = base
    return base.replace(_GUID, str(escape(guid)))


def _people(s, lang: str, memo: dict) -> str:
    if not s.people:
        return ""
    items = []
    for p in s.people:
        line = str(escape(p.name))
        if p.organization:
            key = ("org", p.organization_slug, lang)
            org = memo.get(key) if p.organization_slug else None
            if org is None:
                org = str(escape(organization_name(name=p.organization, acronym=p.organization_acronym, lang=lang,
                                                   short=True)))
                if p.organization_slug:
                    memo[key] = org
            line += f' <span class="muted">({org})</span>'
        if p.role == "moderator":
            line += f' <span class="badge">{escape(ROLE_LABELS[p.role])}</span>'
        items.append(f"<li>{line}</li>")
    return '\n  <ul class="agenda-people">\n    ' + "\n    ".join(items) + "\n  </ul>\n  "


def _languages(s, lang: str, memo: dict) -> str:
    key = ("langs", tuple(s.languages), s.interpretation_mode, tuple(s.interpretation_into),
           s.interpretation_channel, lang)
    text = memo.get(key)
    if text is not None:
        return text
    parts = []
    if s.languages:
        names = " · ".join(str(escape(language_label(code, lang))) for code in s.languages)
        parts.append(f'<span class="agenda-lang">{names}</span>')
    if s.interpretation_mode != "none":
        into = format_list(language_label(code, lang, sentence=True) for code in s.interpretation_into)
        interp = str(escape(_("Interpretation: %(languages)s", languages=into)))
        if s.interpretation_channel:
            interp += " · " + str(escape(_("channel %(channel)s", channel=s.interpretation_channel)))
        parts.append(f'<span class="agenda-interp">{interp}</span>')
    text = memo[key] = "\n  ".join(parts)
    return text


def session_card_body(agenda, convening, s, number=None, show_time: bool = True, show_room: bool = False) -> Markup:
    """Everything inside the card's ``<article>``: time, kind, track, room, title and link, people,
    languages and interpretation."""
    lang = current_language()
    memo = request_memo("agenda_cards")
    meta = []
    if show_time and s.start:
        meta.append(f'<span class="agenda-time">{escape(agenda.times(s, s.local_day))}</span> · ')
    meta.append(f'<span class="badge">{escape(KIND_LABELS.get(s.kind, s.kind))}</span>')
    if s.track:
        meta.append(f'<span class="badge badge-track">{translated_html(s.track.name, lang)}</span>')
    if show_room and s.room:
        meta.append(f'<span class="agenda-room-inline">{translated_html(s.room.name, lang)}</span>')
    link = _link(convening, s.guid, number, memo)
    return Markup(
        f'\n    <p class="agenda-meta">\n      {" ".join(meta)}\n    </p>\n'
        f'    <h3 class="agenda-session-title"><a href="{link}">{translated_html(s.title, lang)}</a></h3>'
        f'{_people(s, lang, memo)}\n    <p class="agenda-langs">{_languages(s, lang, memo)}</p>\n    '
    )

