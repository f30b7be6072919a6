"""Check-in at the door. Each confirmed member carries a signed, unguessable token (in the QR code of
her badge) and a short code to type (derived from the same secret); organizers find her by token,
code or name and check her in once. A token of another convening, a forged one or an expired one
is "not valid here", never an error page."""
from __future__ import annotations

import base64
import hashlib
import hmac
from collections import Counter
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ...accounts.models import User
from ...convenings.models import Convening
from ...database import utcnow
from ...extensions import db
from ...i18n.text import fold
from ..models import CONFIRMED, Delegation, DelegationMember
from .core import RegistrationError, log

#: A badge's token is good for a year after it is printed.
TOKEN_MAX_AGE = 365 * 24 * 3600
TOKEN_PREFIX = "ck1."


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="delegation-checkin")


def token_for(member: DelegationMember, convening_id: int) -> str:
    return TOKEN_PREFIX + _serializer().dumps({"c": convening_id, "m": member.id})


def code_for(member_id: int) -> str:
    """Eight letters and digits to type at the door ("K7Q2-M9XD"): an HMAC of the member's id."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), f"checkin:{member_id}".encode(),
                      hashlib.sha256).digest()
    code = base64.b32encode(digest).decode()[:8]
    return f"{code[:4]}-{code[4:]}"


def _normal_code(text: str) -> str:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    return f"{cleaned[:4]}-{cleaned[4:]}" if len(cleaned) == 8 else ""


def _confirmed(convening_id: int) -> list[tuple[DelegationMember, Delegation]]:
    return db.session.execute(
        db.select(DelegationMember, Delegation).join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.convening_id == convening_id, DelegationMember.status == CONFIRMED)
        .order_by(DelegationMember.name, DelegationMember.id)).all()


def find(convening_id: int, query: str) -> tuple[list[tuple[DelegationMember, Delegation]], bool]:
    """Members matching what was scanned or typed: (matches, valid). A token or code that matches
    no confirmed member of this convening answers valid=False ("not valid here")."""
    query = (query or "").strip()
    if not query:
        return [], True
    if "/checkin" in query and "t=" in query:  # a scanned URL: its token
        query = query.split("t=", 1)[1].split("&", 1)[0]
    if query.startswith(TOKEN_PREFIX):
        try:
            data = _serializer().loads(query[len(TOKEN_PREFIX):], max_age=TOKEN_MAX_AGE)
        except (BadSignature, SignatureExpired):
            return [], False
        if not isinstance(data, dict) or data.get("c") != convening_id:
            return [], False
        rows = [r for r in _confirmed(convening_id) if r[0].id == data.get("m")]
        return rows, bool(rows)
    rows = _confirmed(convening_id)
    code = _normal_code(query)
    if code:
        by_code = [r for r in rows if code_for(r[0].id) == code]
        if by_code:
            return by_code, True
    folded = fold(query)
    if len(folded) < 2:
        return [], True
    by_name = [r for r in rows if folded in fold(r[0].name)]
    if not by_name and code:
        return [], False  # looked like a code, matched nobody
    return by_name[:20], True


def member_of(convening_id: int, member_id: int) -> DelegationMember | None:
    """A confirmed member of this convening, or None."""
    return db.session.scalar(
        db.select(DelegationMember).join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(DelegationMember.id == member_id, Delegation.convening_id == convening_id,
               DelegationMember.status == CONFIRMED))


def check_in(member: DelegationMember, actor: User) -> datetime:
    """Record the arrival; refused, with the time of the first, when she is already in."""
    from flask_babel import gettext as _

    from ...i18n.formatting import format_local_datetime

    db.session.refresh(member)
    delegation = db.session.get(Delegation, member.delegation_id)
    if member.status != CONFIRMED:
        raise RegistrationError(_("Only confirmed members can be checked in."))
    if member.checked_in_at is not None:
        convening = db.session.get(Convening, delegation.convening_id)
        raise RegistrationError(_("%(name)s was already checked in at %(time)s.", name=member.name,
                                  time=format_local_datetime(member.checked_in_at, convening.timezone, "short")))
    member.checked_in_at = utcnow()
    member.checked_in_by = actor.id
    db.session.flush()
    log(delegation, "checked_in", actor, member=member)
    return member.checked_in_at


def arrivals(convening_id: int, tz: str) -> dict:
    """Who has arrived: totals, and counts by day (in the venue's zone), country and delegation."""
    from zoneinfo import ZoneInfo

    rows = db.session.execute(
        db.select(DelegationMember.checked_in_at, DelegationMember.country, Delegation.id, Delegation.name)
        .join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.convening_id == convening_id, DelegationMember.status == CONFIRMED)).all()
    zone = ZoneInfo(tz or "UTC")
    days, countries, delegations, names = Counter(), Counter(), Counter(), {}
    arrived = 0
    for checked_in_at, country, delegation_id, name in rows:
        if checked_in_at is None:
            continue
        arrived += 1
        days[checked_in_at.astimezone(zone).date()] += 1
        countries[country or ""] += 1
        delegations[delegation_id] += 1
        names[delegation_id] = name
    return {"expected": len(rows), "arrived": arrived, "by_day": sorted(days.items()),
            "by_country": sorted(countries.items(), key=lambda r: (-r[1], r[0])),
            "by_delegation": sorted(((names[i], n) for i, n in delegations.items()), key=lambda r: (-r[1], str(r[0])))}
