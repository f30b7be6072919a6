"""Translated labels for the convenings domain: kinds, statuses and roles (one place)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as pgettext  # lazy; named pgettext so that extraction reads the context

from ..i18n.registry import country_name
from .models import CONVENING_KINDS, ORGANIZATION_ROLES, PERSON_ROLES, STATUSES

KIND_LABELS = {
    "binational": _l("Binational convening"),
    "trinational": _l("Trinational convening"),
    "forum": _l("Forum"),
    "network_meeting": _l("Network meeting"),
    "delegation_visit": _l("Delegation visit"),
}

STATUS_LABELS = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "registration_open": _l("Registration open"),
    "registration_closed": _l("Registration closed"),
    "announced": _l("Announced, outcome not known"),
    "past": _l("Past"),
}

ORGANIZATION_ROLE_LABELS = {
    "host": _l("Host"),
    "co_host": _l("Co-host"),
    "partner": _l("Partner"),
    "funder": _l("Funder"),
    "organizer": pgettext("organization role", "Organizer"),
    "participant": pgettext("organization role", "Participant"),
    "delegation": _l("Delegation"),
    "network": _l("Network"),
}

#: What a person was at a convening, written after their name ("Kent Wong · Quoted"): nouns for a
#: person, in context "person role", so that Spanish and French can use one form for anyone
#: ("Persona citada", "Personne citée"), never a participle that takes the reader's gender or the
#: name of the activity (issue 16, item 9).
PERSON_ROLE_LABELS = {
    "speaker": pgettext("person role", "Speaker"),
    "moderator": pgettext("person role", "Moderator"),
    "delegate": pgettext("person role", "Delegate"),
    "organizer": pgettext("person role", "Organizer"),
    "quoted": pgettext("person role", "Quoted"),
    "participant": pgettext("person role", "Participant"),
    # wrote the account a source gives of the convening (not necessarily present)
    "author": pgettext("person role", "Author of the report"),
}

DATE_PRECISION_HINT = _l("YYYY, YYYY-MM or YYYY-MM-DD: give only what is known.")

assert set(KIND_LABELS) == set(CONVENING_KINDS)
assert set(STATUS_LABELS) == set(STATUSES)
assert set(ORGANIZATION_ROLE_LABELS) == set(ORGANIZATION_ROLES)
assert set(PERSON_ROLE_LABELS) == set(PERSON_ROLES)

#: Roles that make an organization a host of the convening (shown at the top of its page).
HOST_ROLES = ("host", "co_host")

KIND_KEYWORDS = {
    "binational": "binational binacional binational",
    "trinational": "trinational tri-national trinacional trinational",
    "forum": "forum foro forum",
    "network_meeting": "network meeting reunion de red encuentro reunion de reseau rencontre",
    "delegation_visit": "delegation visit visita de delegacion visite de delegation",
}


def place_label(venue=None, city=None, country_name: str | None = None, lang: str | None = None) -> str:
    """Venue, city and country joined without repeating a part: "Ciudad de México, México", never
    "Ciudad de México, Ciudad de México, México" (a part already said, or already ending an earlier
    part, is left out)."""
    from ..i18n.locale import current_language
    from ..i18n.text import fold
    from ..i18n.translated import TranslatedText

    def text(value) -> str:
        if not value:
            return ""
        if isinstance(value, str):
            return value.strip()
        return TranslatedText.coerce(value).resolve(lang or current_language()).text.strip()

    parts: list[str] = []
    said: set[str] = set()
    for part in (text(venue), text(city), (country_name or "").strip()):
        key = fold(part)
        if not part or key in said:
            continue
        parts.append(part)
        said.add(key)
        said.update(fold(piece) for piece in part.split(",") if piece.strip())
    return ", ".join(parts)


def convening_place(convening, venue: bool = True) -> str:
    country = country_name(convening.country) if convening.country else None
    return place_label(convening.venue if venue else None, convening.city, country)
