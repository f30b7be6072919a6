"""Translated labels for every enumeration of the declarations domain: one place, used by forms and
templates."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "draft": _l("Draft"),
    "plenary": _l("In plenary"),
    "adopted": _l("Adopted"),
}

METHOD_LABELS = {
    "consensus": _l("by consensus"),
    "vote": _l("by vote"),
    "unknown": _l("method not recorded"),
}

#: The same methods as choices in the adoption form (standalone, not inside a sentence).
METHOD_CHOICE_LABELS = {
    "consensus": _l("By consensus"),
    "vote": _l("By vote"),
}

KIND_LABELS = {
    "preamble": _l("Preamble"),
    "demand": _l("Demand"),
    "solidarity": _l("Solidarity statement"),
    "commitment": _l("Commitment"),
    "call_to_action": _l("Call to action"),
}

TRANSLATION_LABELS = {
    "missing": _l("missing"),
    "draft": _l("draft, not reviewed"),
    "reviewed": _l("reviewed"),
    "outdated": _l("out of date"),
}

ACTION_LABELS = {
    "add": _l("Add a clause"),
    "change": _l("Change a clause"),
    "remove": _l("Remove a clause"),
}

PROPOSAL_STATUS_LABELS = {
    "pending": _l("Awaiting the committee"),
    "accepted": _l("Accepted"),
    "merged": _l("Merged with other proposals"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
    "closed": _l("Closed without a decision"),
}

POSITION_LABELS = {
    "consent": _l("Consent"),
    "stand_aside": _l("Stand aside"),
    "block": _l("Block"),
}

VOTE_UNIT_LABELS = {
    "delegation": _l("accredited delegation"),
    "delegate": _l("confirmed delegate"),
}

MAJORITY_LABELS = {
    "simple": _l("Simple majority (more yes than no)"),
    "absolute": _l("Absolute majority (yes from more than half of those who may vote)"),
    "two_thirds": _l("Two thirds (yes at least twice the no)"),
}

CHOICE_LABELS = {
    "yes": _l("In favor"),
    "no": _l("Against"),
    "abstain": _l("Abstain"),
}

SIGNATORY_STATUS_LABELS = {
    "pending": _l("Awaiting verification"),
    "verified": _l("Verified"),
    "rejected": _l("Not accepted"),
    "withdrawn": _l("Withdrawn"),
}

EVENT_LABELS = {
    "created": _l("Declaration started"),
    "title_edited": _l("Title edited"),
    "clause_added": _l("Clause added"),
    "clause_edited": _l("Clause edited"),
    "clause_moved": _l("Clause moved"),
    "clause_removed": _l("Clause removed"),
    "proposal_accepted": _l("Proposal accepted"),
    "proposals_merged": _l("Proposals merged"),
    "adopted": _l("Adopted"),
    "correction": _l("Editorial correction"),
    "translation_reviewed": _l("Translation reviewed"),
    "seeded": _l("Loaded from the archive"),
}

# One list of sector names for the whole app.
from ..organizations.labels import SECTOR_LABELS  # noqa: E402,F401
