"""Interpretation receivers: the headsets organizers have (numbered units per channel), handed out
at check-in to people who listen in another language, taken back at the end; how many are out, to
whom, and how many each session needs."""
from __future__ import annotations

from collections import Counter

from ...platform import signals
from ...accounts.models import User
from ...database import utcnow
from ...extensions import db
from ..models import CONFIRMED, Delegation, DelegationMember, InterpretationReceiver
from .core import RegistrationError, log

MAX_UNITS = 2000


def add_units(convening_id: int, channel: str, count: int, prefix: str | None = None) -> list[InterpretationReceiver]:
    """Add ``count`` numbered units to a channel: ES-001, ES-002... after the channel's highest."""
    from flask_babel import gettext as _

    if not 1 <= count <= MAX_UNITS:
        raise RegistrationError(_("Enter a number from %(min)s to %(max)s.", min=1, max=MAX_UNITS), "count")
    prefix = (prefix or channel).upper()[:8]
    labels = set(db.session.scalars(db.select(InterpretationReceiver.label)
                                    .where(InterpretationReceiver.convening_id == convening_id)))
    units, n = [], 1
    while len(units) < count:
        label = f"{prefix}-{n:03d}"
        if label not in labels:
            units.append(InterpretationReceiver(convening_id=convening_id, channel=channel, label=label))
        n += 1
    db.session.add_all(units)
    db.session.flush()
    return units


def units(convening_id: int) -> list[InterpretationReceiver]:
    return list(db.session.scalars(db.select(InterpretationReceiver).where(
        InterpretationReceiver.convening_id == convening_id).order_by(InterpretationReceiver.channel,
                                                                     InterpretationReceiver.label)))


def held_by(convening_id: int, member_ids: list[int]) -> dict[int, InterpretationReceiver]:
    """The unit each of these members holds now (one query)."""
    rows = db.session.scalars(db.select(InterpretationReceiver).where(
        InterpretationReceiver.convening_id == convening_id, InterpretationReceiver.member_id.in_(member_ids or [-1])))
    return {r.member_id: r for r in rows}


def hand_out(convening_id: int, member: DelegationMember, actor: User) -> InterpretationReceiver:
    """Give the member the next free unit of the channel she listens in."""
    from flask_babel import gettext as _

    if member.status != CONFIRMED:
        raise RegistrationError(_("Only confirmed members can be checked in."))
    if not member.listen_language:
        raise RegistrationError(_("%(name)s has no language to listen in.", name=member.name))
    if held_by(convening_id, [member.id]):
        raise RegistrationError(_("%(name)s already has a receiver.", name=member.name))
    unit = db.session.scalar(db.select(InterpretationReceiver).where(
        InterpretationReceiver.convening_id == convening_id, InterpretationReceiver.channel == member.listen_language,
        InterpretationReceiver.member_id.is_(None)).order_by(InterpretationReceiver.label).limit(1)
        .with_for_update(skip_locked=True))
    if unit is None:
        raise RegistrationError(_("No receiver left for this channel."))
    unit.member_id, unit.handed_out_at, unit.returned_at = member.id, utcnow(), None
    db.session.flush()
    log(db.session.get(Delegation, member.delegation_id), "receiver_out", actor, member=member,
        changes={"receiver": [None, unit.label]})
    return unit


def take_back(convening_id: int, unit_id: int, actor: User) -> InterpretationReceiver:
    from flask_babel import gettext as _

    unit = db.session.get(InterpretationReceiver, unit_id)
    if unit is None or unit.convening_id != convening_id or unit.member_id is None:
        raise RegistrationError(_("This receiver is not out."))
    member = db.session.get(DelegationMember, unit.member_id)
    unit.member_id, unit.returned_at = None, utcnow()
    db.session.flush()
    log(db.session.get(Delegation, member.delegation_id), "receiver_back", actor, member=member,
        changes={"receiver": [unit.label, None]})
    return unit


def dashboard(convening_id: int) -> dict:
    """Per channel: units, out, free, confirmed listeners; who holds what; what each session needs
    (sessions come from the agenda through the ``interpretation_sessions`` signal)."""
    all_units = units(convening_id)
    listeners = Counter(dict(db.session.execute(
        db.select(DelegationMember.listen_language, db.func.count()).join(
            Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(Delegation.convening_id == convening_id, DelegationMember.status == CONFIRMED,
               DelegationMember.listen_language.is_not(None))
        .group_by(DelegationMember.listen_language)).all()))
    holders = {m.id: (m, d) for m, d in db.session.execute(
        db.select(DelegationMember, Delegation).join(Delegation, Delegation.id == DelegationMember.delegation_id)
        .where(DelegationMember.id.in_([u.member_id for u in all_units if u.member_id] or [-1]))).all()}
    channels = {}
    for unit in all_units:
        entry = channels.setdefault(unit.channel, {"units": 0, "out": 0})
        entry["units"] += 1
        entry["out"] += unit.member_id is not None
    for code in listeners:
        channels.setdefault(code, {"units": 0, "out": 0})
    rows = [{"channel": c, "units": e["units"], "out": e["out"], "free": e["units"] - e["out"],
             "listeners": listeners.get(c, 0)} for c, e in sorted(channels.items())]
    sessions = []
    for session in signals.collect(signals.interpretation_sessions, convening_id):
        # a listener needs a receiver when the session is interpreted into her language and not held in it
        needed = {code: listeners.get(code, 0) for code in session["into"] if code not in session["languages"]}
        sessions.append(session | {"needed": needed, "total": sum(needed.values())})
    out = [(u, holders.get(u.member_id)) for u in all_units if u.member_id]
    return {"channels": rows, "out": out, "sessions": sessions}
