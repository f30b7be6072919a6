"""Translated labels for the delegation domain's enumerations: one place, used by forms,
templates, exports and emails."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

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
#: Custom questions organizers add: the kinds of answer, and whom they are asked of.
QUESTION_KIND_LABELS = {
    "text": _l("Text"),
    "choice": _l("One choice from a list"),
    "multiple": _l("Several choices from a list"),
    "yesno": _l("Yes or no"),
    "date": _l("Date"),
}
QUESTION_SCOPE_LABELS = {"member": _l("Of each member"), "delegation": _l("Once per delegation")}
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
    "member_reinstated": _l("Withdrawal undone"),
    "member_moved": _l("Member moved to another delegation"),
    "checked_in": _l("Checked in at the door"),
    "receiver_out": _l("Interpretation receiver handed out"),
    "receiver_back": _l("Interpretation receiver taken back"),
}
#: The registration emails organizers may rewrite.
EMAIL_KIND_LABELS = {
    "received": _l("Delegation received"),
    "confirmed": _l("Members confirmed"),
    "waitlisted": _l("Members on the waiting list"),
    "declined": _l("Members declined"),
    "offered": _l("Place offered"),
    "promoted": _l("Moved up from the waiting list"),
    "update": _l("Several news in one decision"),
    "member": _l("To each member, about herself"),
}
#: What a decision does to members, as its preview and its email say it.
NOTICE_LABELS = {
    "confirmed": _l("Confirmed"),
    "promoted": _l("Moved up from the waiting list, confirmed"),
    "offered": _l("Offered a freed place"),
    "waitlisted": _l("Put on the waiting list"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
    "offer_lapsed": _l("Offer lapsed, back on the waiting list"),
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
    "organizations": _l("Organizations"), "delegation": _l("Delegation"), "receiver": _l("Receiver"),
    "answers": _l("Answers to the convening's questions"),
}
#: Fields whose values never appear in the history (it shows that they changed, not to what).
SENSITIVE_FIELDS = {"passport_name", "nationality", "passport_number"}

# Kinds and sectors of organizations are labelled by their own domain (named here for registration's pages).
from ..organizations import labels as _organization_labels  # noqa: E402

KIND_LABELS = _organization_labels.KIND_LABELS
SECTOR_LABELS = _organization_labels.SECTOR_LABELS
