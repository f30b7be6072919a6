"""Translated labels for the agenda's enumerations: the one place forms and templates take them from."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as pgettext  # lazy; named pgettext so that extraction reads the context

KIND_LABELS = {
    "plenary": _l("Plenary"),
    "panel": _l("Panel"),
    "forum": _l("Forum"),
    "workshop": _l("Workshop"),
    "caucus": _l("Caucus"),
    "break": _l("Break or meal"),
    "march": _l("March or action"),
    "site_visit": _l("Site visit"),
}

PRECISION_LABELS = {
    "exact": _l("Exact start and end time"),
    "day": _l("Day known, time not recorded"),
    "convening": _l("Only the convening is known (no day, no time)"),
}

INTERPRETATION_LABELS = {
    "none": _l("No interpretation"),
    "simultaneous": _l("Simultaneous"),
    "consecutive": _l("Consecutive"),
}

ROLE_LABELS = {  # after a person's name: the same person nouns as convenings.labels
    "speaker": pgettext("person role", "Speaker"),
    "moderator": pgettext("person role", "Moderator"),
}

ROLE_PLURAL_LABELS = {
    "speaker": _l("Speakers"),
    "moderator": _l("Moderators"),
}
