"""Translated labels for the delegation domain's enumerations: one place, used by forms,
templates, exports and emails."""
from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask_babel import lazy_gettext as _l

from ..i18n.locale import current_language
from .models import LANGUAGE_CODES

STATE_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "confirmed": _l("Confirmed"),
    "waitlisted": _l("Waiting list"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
}
STATE_BADGES = {
    "draft": "", "submitted": "badge-warning", "confirmed": "badge-success",
    "waitlisted": "badge-warning", "declined": "badge-error", "withdrawn": "badge-error",
}
QUESTION_LABELS = {
    "organization": _l("Organization"),
    "position": _l("Position in the organization"),
    "country": _l("Country"),
    "languages": _l("Languages spoken"),
    "interpretation": _l("Interpretation (language listened in and spoken in)"),
    "accessibility": _l("Accessibility needs"),
    "dietary": _l("Dietary needs"),
    "travel_dates": _l("Arrival and departure dates"),
    "lodging": _l("Lodging needed"),
    "visa_letter": _l("Visa invitation letter"),
}
QUESTION_MODE_LABELS = {"off": _l("Not asked"), "optional": _l("Optional"), "required": _l("Required")}
PROMOTION_LABELS = {
    "auto": _l("Confirm the next on the waiting list automatically"),
    "offer": _l("Offer the place to the next on the waiting list, who accepts it"),
}
ACTION_LABELS = {
    "created": _l("Delegation created"),
    "updated": _l("Delegation changed"),
    "organizations": _l("Organizations changed"),
    "organization_proposed": _l("New organization proposed"),
    "member_added": _l("Member added"),
    "member_updated": _l("Member changed"),
    "member_imported": _l("Members imported"),
    "member_withdrawn": _l("Member withdrawn"),
    "member_invited": _l("Member invited"),
    "member_self_confirmed": _l("Member confirmed their details"),
    "submitted": _l("Submitted"),
    "confirmed": _l("Confirmed"),
    "waitlisted": _l("Put on the waiting list"),
    "declined": _l("Declined"),
    "withdrawn": _l("Delegation withdrawn"),
    "promoted": _l("Promoted from the waiting list"),
    "offered": _l("Place offered"),
    "offer_accepted": _l("Offered place accepted"),
    "offer_declined": _l("Offered place turned down"),
    "offer_lapsed": _l("Offered place not answered in time"),
}
FIELD_LABELS = {
    "name": _l("Name"), "email": _l("Email"), "status": _l("State"),
    "organization_id": _l("Organization"), "position": _l("Position in the organization"),
    "country": _l("Country"), "languages": _l("Languages spoken"),
    "listen_language": _l("Listens in"), "speak_language": _l("Speaks in"),
    "accessibility_needs": _l("Accessibility needs"), "dietary_needs": _l("Dietary needs"),
    "arrival_date": _l("Arrival"), "departure_date": _l("Departure"),
    "lodging_needed": _l("Lodging needed"), "visa_letter": _l("Visa invitation letter"),
    "passport_name": _l("Name as in passport"), "nationality": _l("Nationality"),
    "passport_number": _l("Passport number"), "public_listing": _l("Listed publicly"),
    "contact_phone": _l("Contact phone"), "notes": _l("Notes for the organizers"),
    "organizations": _l("Organizations"),
}
#: Fields whose values never appear in the history (it shows that they changed, not to what).
SENSITIVE_FIELDS = {"passport_name", "nationality", "passport_number"}

# Countries shown first in country lists: the three countries of the convenings.
FIRST_COUNTRIES = ("MX", "US", "CA")


#: Languages Babel does not name in every language.
SPECIAL_LANGUAGES = {
    "mix": _l("Mixtec"), "nah": _l("Nahuatl"), "yua": _l("Yucatec Maya"), "zap": _l("Zapotec"),
    "asl": _l("American Sign Language (ASL)"), "lsm": _l("Mexican Sign Language (LSM)"),
}


def language_label(code: str | None, lang: str | None = None) -> str:
    if not code:
        return ""
    return _language_label(code, lang or current_language())


@lru_cache(maxsize=1024)
def _language_label(code: str, lang: str) -> str:
    if code in SPECIAL_LANGUAGES:
        from flask_babel import force_locale

        with force_locale(lang):
            return str(SPECIAL_LANGUAGES[code])
    locale = Locale.parse(lang)
    name = locale.languages.get(code) or Locale("en").languages.get(code) or code
    return name[:1].upper() + name[1:]


def language_choices(codes=LANGUAGE_CODES) -> list[tuple[str, str]]:
    return [(code, language_label(code)) for code in codes]


def country_label(code: str | None, lang: str | None = None) -> str:
    if not code:
        return ""
    if code == "INT":  # international organizations: a word, never the code
        from ..organizations.labels import country_name

        return country_name(code, lang)
    return _territories(lang or current_language()).get(code, code)


@lru_cache(maxsize=16)
def _territories(lang: str) -> dict:
    return dict(Locale.parse(lang).territories)


def country_choices() -> list[tuple[str, str]]:
    return list(_country_choices(current_language()))


@lru_cache(maxsize=16)
def _country_choices(lang: str) -> tuple:
    territories = _territories(lang)
    codes = sorted((c for c in territories if len(c) == 2 and c.isalpha() and c not in ("ZZ", "EU", "EZ", "UN", "QO", "XA", "XB")),
                   key=lambda c: territories[c])
    first = [c for c in FIRST_COUNTRIES]
    return tuple([(c, territories.get(c, c)) for c in first] + [(c, territories[c]) for c in codes if c not in first])

# Kinds and sectors of organizations are labelled by their own domain.
from ..organizations.labels import KIND_LABELS, SECTOR_LABELS  # noqa: E402,F401
