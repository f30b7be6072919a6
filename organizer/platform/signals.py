"""Named extension points: how a lower domain lets higher ones add to its pages and work without
importing them (blinker signals). Each signal says who sends it, with what, and what a receiver
returns. Receivers are module-level functions connected in their domain's ``init_app`` (blinker
keeps one connection per function, so connecting again for another app changes nothing)::

    from ..platform import signals
    signals.convening_sections.connect(my_section)

``collect(signal, sender, **kwargs)`` gathers the receivers' answers (``None`` dropped, lists
flattened); ``sections(...)`` also sorts ``Section`` answers by their order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from blinker import Namespace

_signals = Namespace()


@dataclass
class Section:
    """A block another domain adds to a page: ``template`` is rendered with ``context`` (see
    ``templating.render_section``); sections are shown by ascending ``order``."""

    template: str
    order: int = 50
    context: dict[str, Any] = field(default_factory=dict)


home_sections = _signals.signal("home_sections", doc="""\
Blocks on the home page. Sent by ``core`` with the app as sender; a receiver
``fn(app) -> Section | None`` (convenings: upcoming and recent convenings).""")

convening_sections = _signals.signal("convening_sections", doc="""\
Blocks on a convening's public page. Sent by ``convenings`` with the convening as sender; a
receiver ``fn(convening) -> Section | None`` (its agenda, its registration, its declarations).
Receivers check the visitor's permission themselves.""")

convening_admin_links = _signals.signal("convening_admin_links", doc="""\
Organizer tools listed on a convening's page. Sent by ``convenings`` with the convening as sender;
a receiver ``fn(convening) -> list[tuple[url, label]]`` (empty when the visitor may not use them).""")

convening_seeded = _signals.signal("convening_seeded", doc="""\
A convening of the archive was loaded from its seed file. Sent by ``convenings.seeding`` with the
seed context as sender and ``convening=`` and ``data=`` (the file's mapping); a receiver
``fn(ctx, convening, data) -> None`` loads its own part (agenda sessions, declarations), flushes,
and reports bad input with ``ctx.error(field, message)``.""")

seeded_record = _signals.signal("seeded_record", doc="""\
Finds a record of a convening that a citation of ``seeds/citations.yaml`` names. Sent by
``convenings.seeding`` with the convening as sender and ``path=`` the rest of the reference, split
on "/" (``["session", "energy"]``, ``["declaration", "la-2013-declaration", "clause", "2"]``); a
receiver ``fn(convening, path) -> tuple[kind, id] | None`` answers for the kinds its domain owns
(agenda: sessions; declarations: declarations and their clauses, numbered from 1).""")

convening_copied = _signals.signal("convening_copied", doc="""\
A new convening was started from a past one. Sent by ``convenings.services.copy_participants`` with
the source convening as sender and ``target=`` the new one (flushed, not committed); a receiver
``fn(source, target) -> None`` copies its domain's structure. Until issue 10 it was a string hook
called but never subscribed; no domain copies anything yet.""")


organized_convening_ids = _signals.signal("organized_convening_ids", doc="""\
The convenings a person organizes, for lower domains that may not import ``convenings`` (the
mail domain's undeliverable list and its link on a convening's page). Sent by ``mail`` with the
user as sender; a receiver ``fn(user) -> set[int] | None`` (convenings: the ids of the convenings
the user organizes, empty for an anonymous visitor). Answers are united.""")

convening_titles = _signals.signal("convening_titles", doc="""\
Titles of convenings by id, for lower domains that may not import ``convenings`` (the mail
domain's undeliverable list). Sent by ``mail`` with the app as sender and ``ids=`` a set of
convening ids; a receiver ``fn(app, ids) -> dict[int, TranslatedText] | None`` (convenings: one
query). Answers are merged.""")

convening_shown_status = _signals.signal("convening_shown_status", doc="""\
The status a convening's badges show. Sent by ``convenings`` with the convening as sender; a
receiver ``fn(convening) -> str | None`` (registration derives it from its dates and settings, so a
closed registration never shows "Registration open"); None: the stored status.""")

interpretation_sessions = _signals.signal("interpretation_sessions", doc="""\
The sessions of a convening with simultaneous interpretation. Sent by ``delegations`` (to count the
interpretation receivers each session needs) with the convening's id as sender; a receiver
``fn(convening_id) -> list[dict]`` (the agenda: title, start, day, languages, into, channel).""")


def collect(signal, sender, **kwargs) -> list:
    """The receivers' answers, in connection order: ``None`` dropped, lists flattened."""
    results: list = []
    for _receiver, result in signal.send(sender, **kwargs):
        if result is None:
            continue
        if isinstance(result, list):
            results.extend(result)
        else:
            results.append(result)
    return results


def sections(signal, sender, **kwargs) -> list[Section]:
    return sorted(collect(signal, sender, **kwargs), key=lambda s: s.order)
