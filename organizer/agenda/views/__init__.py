"""The agenda's pages. The blueprint, the helpers every page shares and the hooks into the
convening page live here; the routes by audience in ``public`` (the public agenda, its versions,
changelog and exports) and ``manage`` (the organizers' editor: draft, sessions, rooms, tracks,
releases). Endpoint names stay ``agenda.<function>``."""
from __future__ import annotations

from flask import Blueprint, Flask, current_app, url_for
from flask_babel import gettext as _

from ...accounts.permissions import can
from ...convenings.models import Convening
from ...platform import signals
from ...platform.loader import checked
from .. import services, timefmt
from ..labels import INTERPRETATION_LABELS, KIND_LABELS, PRECISION_LABELS, ROLE_LABELS, ROLE_PLURAL_LABELS
from ..permissions import edits_agenda, reads_agenda
from ..cards import session_card_body
from ..view import Agenda

bp = Blueprint("agenda", __name__, url_prefix="/<lang:lang_code>/convenings/<slug>/agenda",
               template_folder="../templates")


@bp.context_processor
def _labels():
    return {"KIND_LABELS": KIND_LABELS, "PRECISION_LABELS": PRECISION_LABELS,
            "INTERPRETATION_LABELS": INTERPRETATION_LABELS, "ROLE_LABELS": ROLE_LABELS,
            "ROLE_PLURAL_LABELS": ROLE_PLURAL_LABELS, "convening_url": convening_url,
            "agenda_moment": timefmt.moment, "edits_agenda": edits_agenda, "page_url": page_url,
            "venue_zone": venue_zone, "session_card_body": session_card_body}


def venue_zone(convening: Convening) -> str:
    """The venue's time zone by city and country in the reader's language, with its generic name
    ("Ciudad de México (México) · hora central"): right in every season."""
    from ...i18n.zones import zone_display

    return zone_display(services.zone(convening).key)


def convening_url(convening: Convening) -> str | None:
    """The convening's public page (built by the convenings domain), when it exists."""
    for endpoint in ("convenings.show", "convenings.detail", "convenings.view", "convenings.convening"):
        if endpoint in current_app.view_functions:
            try:
                return url_for(endpoint, slug=convening.slug)
            except Exception:  # a different signature: no link rather than an error
                return None
    return None


def page_url(endpoint: str, slug: str | None) -> str | None:
    """A page another domain builds (a person's, an organization's), when that domain is there."""
    if not slug or endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, slug=slug)
    except Exception:
        return None


# ---------------------------------------------------------------- loaders the two audiences share

def _readable(slug: str) -> Convening:
    return checked(services.get_convening(slug), visible=reads_agenda)


def _editable(slug: str) -> Convening:
    return checked(services.get_convening(slug), permission=edits_agenda)


# ---------------------------------------------------------------- hooks

def _section(convening: Convening):
    if not can(reads_agenda, convening):
        return None
    latest = services.latest_release(convening)
    agenda = Agenda.of_release(latest) if latest else None
    return signals.Section("agenda/_section.html", order=30, context={
        "agenda_convening": convening, "agenda_release": latest, "agenda": agenda,
        "agenda_days": agenda.days() if agenda else [],
    })


def _admin_links(convening: Convening):
    if not can(edits_agenda, convening):
        return []
    return [(url_for("agenda.manage", slug=convening.slug), _("Agenda"))]


def init_app(app: Flask) -> None:
    from .. import seeding

    signals.convening_sections.connect(_section)
    signals.convening_admin_links.connect(_admin_links)
    signals.convening_seeded.connect(seeding.seed_sessions)
    signals.seeded_record.connect(seeding.seeded_record)
    from ..interpretation_needs import interpretation_sessions

    signals.interpretation_sessions.connect(interpretation_sessions)


# the routes, by audience (imported last: they need ``bp``)
from . import manage, public  # noqa: E402,F401
