"""The declarations pages, split by audience: ``public`` (readers), ``drafting`` (committee and
proposers), ``plenary`` (positions, adoption, corrections), ``signon`` (signatories) and ``managing``
(organizers). One blueprint; the endpoint names are the functions' names."""
from __future__ import annotations

from flask import Blueprint, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...convenings.models import Convening
from ...platform import signals
from ...convenings.permissions import organizes
from .. import queries
from ..forms import country_name
from ..labels import (
    ACTION_LABELS,
    CHOICE_LABELS,
    EVENT_LABELS,
    KIND_LABELS,
    MAJORITY_LABELS,
    METHOD_LABELS,
    POSITION_LABELS,
    PROPOSAL_STATUS_LABELS,
    SECTOR_LABELS,
    SIGNATORY_STATUS_LABELS,
    STATUS_LABELS,
    TRANSLATION_LABELS,
)
from ..permissions import can_read

bp = Blueprint("declarations", __name__, url_prefix="/<lang:lang_code>/declarations",
               template_folder="../templates", static_folder=None)

#: The ways of reading a text: "both" is every working language of the convening side by side
#: (the name kept from when there were two); one language ("fr"); or any languages side by side,
#: joined by commas ("en,fr"). See ``_helpers.parse_view``.
BOTH = "both"

from . import drafting, live, managing, plenary, public, signon, voting  # noqa: E402,F401  (routes register on bp)
from ._helpers import convening_url, language_in_text, numbered_lines, reader_languages, word_diff  # noqa: E402


def _labels():
    return {
        "DECL_STATUS_LABELS": STATUS_LABELS, "DECL_METHOD_LABELS": METHOD_LABELS,
        "CLAUSE_KIND_LABELS": KIND_LABELS, "TRANSLATION_LABELS": TRANSLATION_LABELS,
        "PROPOSAL_ACTION_LABELS": ACTION_LABELS, "PROPOSAL_STATUS_LABELS": PROPOSAL_STATUS_LABELS,
        "POSITION_LABELS": POSITION_LABELS, "MAJORITY_LABELS": MAJORITY_LABELS, "CHOICE_LABELS": CHOICE_LABELS, "SIGNATORY_STATUS_LABELS": SIGNATORY_STATUS_LABELS,
        "VERSION_EVENT_LABELS": EVENT_LABELS, "SECTOR_LABELS": SECTOR_LABELS, "country_name": country_name,
        "convening_url": convening_url, "word_diff": word_diff, "reader_languages": reader_languages, "numbered_lines": numbered_lines,
        "language_in_text": language_in_text,
    }


def convening_section(convening: Convening):
    rows = [d for d in queries.declarations_of(convening.id) if can_read(current_user, d, convening)]
    is_organizer = organizes(current_user, convening)
    if not rows and not is_organizer:
        return None
    return signals.Section("declarations/_convening_section.html", order=60,
                         context={"declarations": rows, "convening": convening, "is_organizer": is_organizer})


def convening_admin_links(convening: Convening):
    if not organizes(current_user, convening):
        return []
    return [(url_for("declarations.new", convening_slug=convening.slug), _l("Start a declaration")),
            (url_for("declarations.groups", convening_slug=convening.slug), _l("Constituency groups"))]


def init_app(app) -> None:
    from ...templating import add_nav_item
    from .. import caching

    caching.init_app()

    add_nav_item(app, "declarations.index", _l("Declarations"), order=60)
    # Labels and helpers as globals: available in macros, in mail templates and in the convening
    # page's section, whichever domain renders them.
    app.jinja_env.globals.update(_labels())
    signals.convening_sections.connect(convening_section)
    signals.convening_admin_links.connect(convening_admin_links)
    from ..seeding import seed_convening, seeded_record

    signals.convening_seeded.connect(seed_convening)
    signals.seeded_record.connect(seeded_record)

