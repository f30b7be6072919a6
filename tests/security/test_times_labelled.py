"""Issue 12, item 1: every page of the populated world, in both languages and as every role, shows
each time of day with its zone; so do the emails and the registration export. The world's
convening A is in Mexico City, its convening B in Los Angeles: a time shown in UTC, or without its
zone, fails."""
from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone

import pytest

from organizer.extensions import db

from .matrix import TABLE
from .world import ROLES

TIME = re.compile(r"(?<![\d:.,])(?<!GMT[-+\u2212])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])")
#: A zone label: "GMT-06:00", "UTC", or an abbreviation such as "CST"/"PDT".
LABEL = re.compile(r"GMT[-+\u2212]\d|\bUTC\b|\b[A-Z]{1,3}[SD]T\b")
#: Agenda grids and print tables: their times sit under the day's zone line.
GRID = re.compile(r'<table class="agenda-(?:grid|print-table)".*?</table>', re.S)
DROP = re.compile(r"<(script|style|textarea|select)\b.*?</\1>", re.S | re.I)

#: Moments the world does not make by itself, all at minutes that differ in UTC and local time.
DEADLINE = datetime(2030, 5, 9, 5, 0, tzinfo=timezone.utc)  # 23:00 in Mexico City on May 8


def _set_moments(app, world):
    from organizer.delegations.models import Delegation, DelegationMember, RegistrationSettings

    with app.app_context():
        for conv in (world.ids["convening"], world.ids["other_convening"]):
            settings = db.session.get(RegistrationSettings, conv)
            settings.opens_at = DEADLINE - timedelta(days=400)
            settings.closes_at = DEADLINE + timedelta(days=1, minutes=7)
            settings.change_deadline = DEADLINE
        for key in ("delegation", "other_delegation"):
            db.session.get(Delegation, world.ids[key]).submitted_at = DEADLINE - timedelta(days=30, minutes=27)
        member = db.session.get(DelegationMember, world.ids["member"])
        member.invited_at = DEADLINE - timedelta(days=31, minutes=13)
        member.confirmed_by_member_at = DEADLINE - timedelta(days=29, minutes=41)
        member.queued_at = DEADLINE - timedelta(days=30, minutes=3)
        db.session.commit()


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def unlabelled_times(body: str) -> list[str]:
    """Each time of day in the visible text that no zone label follows closely."""
    if LABEL.search(body):
        body = GRID.sub(" ", body)
    body = DROP.sub(" ", body)
    text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))
    found = []
    for match in TIME.finditer(text):
        after = text[match.end():match.end() + 48]
        if not LABEL.search(after):
            found.append(text[max(0, match.start() - 60):match.end() + 48])
    return found


def test_the_detector_flags_a_bare_time_and_accepts_a_labelled_one():
    assert unlabelled_times("<p>hasta 21 feb 2027, 5:00:00</p>")
    assert unlabelled_times("<p>submitted 8:33 PM</p>")
    assert not unlabelled_times("<p>21 feb 2027, 23:00 (hora de Ciudad de México, GMT-06:00)</p>")
    assert not unlabelled_times("<p>9:00 AM–10:00 AM PST</p>")
    assert not unlabelled_times("<p>2014: 3 sesiones</p>")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_page_labels_its_times(app, world, clients, lang):
    _set_moments(app, world)
    problems, pages = [], 0
    ids = {**world.ids, **world.slugs}
    for entry in TABLE:
        if entry.token or "GET" not in entry.methods.split(","):
            continue
        url = entry.url.format(lang=lang, **ids)
        for role, expected in zip(ROLES, entry.expect):
            if expected != "O":
                continue
            response = clients[role].get(url)
            if response.status_code != 200:
                continue
            if response.mimetype == "application/pdf":
                body = html.escape(_pdf_text(response.get_data()))
            elif response.mimetype in ("text/html", "text/csv", "text/plain"):
                body = response.get_data(as_text=True)
            else:
                continue
            pages += 1
            for bare in unlabelled_times(body):
                problems.append(f"{entry.endpoint} as {role}: …{bare}…")
    assert pages > 100
    assert "declarations.pdf" in {e.endpoint for e in TABLE}
    assert problems == [], "\n".join(sorted(set(problems))[:60])


def test_emails_label_their_times(app, world):
    """The reminder carries the change deadline; every queued email is checked."""
    from organizer.delegations import services
    from organizer.mail.models import OutboxMessage

    _set_moments(app, world)
    with app.test_request_context("/es/"):
        services.send_reminders(now=DEADLINE - timedelta(days=1))
        db.session.commit()
        bodies = [m.body_text for m in db.session.scalars(db.select(OutboxMessage))]
    reminder = [b for b in bodies if "23:00" in b or "11:00" in b]
    assert reminder, bodies[-3:]
    problems = [bare for body in bodies for bare in unlabelled_times(html.escape(body))]
    assert problems == []
    assert any("8 may 2030, 23:00 (hora de Ciudad de México, GMT-06:00)" in b
               or "May 8, 2030, 11:00\u202fPM (Mexico City time, GMT-06:00)" in b for b in reminder), reminder
