"""Speakers are told (issue 15): when a release moves, re-times, re-rooms or cancels a session, each
of its speakers and moderators with an email (the account their person is linked to) gets one
message, in her own language, listing what changed for her, times at the venue and labelled with
the zone. Each notice is recorded (``SpeakerNotice``) so that organizers see who was told, and
who could not be (no email on record). Mail is queued: it goes out after the commit."""
from __future__ import annotations

from ..accounts.models import User
from ..convenings.models import Convening
from ..extensions import db
from ..i18n.zones import zone_display
from ..mail.models import OutboxMessage
from ..mail.services import queue_mail
from ..organizations.models import Person
from .models import Release, SpeakerNotice
from .queries import changelog
from .view import Agenda

#: The changes a speaker is told about: where and when she speaks, and whether she still does.
TOLD = ("moved", "room", "removed")


def notify_speakers(convening: Convening, previous: Release | None, release: Release) -> list[SpeakerNotice]:
    if previous is None:
        return []
    changes = [c for c in changelog(previous.snapshot, release.snapshot) if c.kind in TOLD]
    if not changes:
        return []
    old, new = Agenda.of_release(previous), Agenda.of_release(release)
    by_person: dict[int, dict[str, list]] = {}  # person id -> {guid: [changes]}, in the agenda's order
    for change in changes:
        item = (new if change.kind != "removed" else old).by_guid[change.guid]
        for person_id in dict.fromkeys(p.id for p in item.people):
            by_person.setdefault(person_id, {}).setdefault(change.guid, []).append(change)
    if not by_person:
        return []
    rows = db.session.execute(
        db.select(Person.id, Person.name, User).outerjoin(User, User.id == Person.user_id)
        .where(Person.id.in_(list(by_person)))).all()
    notices = []
    for person_id, name, user in sorted(rows, key=lambda r: r[1]):
        entries = by_person[person_id]
        guids = list(entries)
        if user is None or not user.email:
            notice = SpeakerNotice(release_id=release.id, person_id=person_id, name=name[:200], sessions=guids)
        else:
            items = [{"guid": guid, "old": old.by_guid.get(guid), "new": new.by_guid.get(guid),
                      "changes": found} for guid, found in entries.items()]
            message = queue_mail(user.email, user.preferred_language, "agenda_speaker_changes", user=user,
                                 name=name, convening=convening, release=release, old=old, new=new, items=items,
                                 venue_zone=zone_display)
            notice = SpeakerNotice(release_id=release.id, person_id=person_id, name=name[:200],
                                   language=message.language, message_id=message.id, sessions=guids)
        db.session.add(notice)
        notices.append(notice)
    db.session.flush()
    return notices


def notices_by_release(convening: Convening) -> dict[int, list[tuple[SpeakerNotice, str | None]]]:
    """Each release's notices with their message's state (queued, sent, undeliverable), in one
    query."""
    rows = db.session.execute(
        db.select(SpeakerNotice, OutboxMessage.status)
        .join(Release, Release.id == SpeakerNotice.release_id)
        .outerjoin(OutboxMessage, OutboxMessage.id == SpeakerNotice.message_id)
        .where(Release.convening_id == convening.id).order_by(SpeakerNotice.name, SpeakerNotice.id)).all()
    result: dict[int, list] = {}
    for notice, status in rows:
        result.setdefault(notice.release_id, []).append((notice, status))
    return result
