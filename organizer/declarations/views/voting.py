"""Pages for the plenary's parties and its chair: delegations (and, when enabled, constituency
groups) give their own positions; the chair sets the rules, opens and closes votes; voters cast
ballots."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...accounts.permissions import require
from ...delegations.models import Delegation
from .. import queries, services
from ..forms import BallotForm, EmailForm, GivePositionForm, OpenVoteForm, PlenaryRulesForm
from ..labels import POSITION_LABELS
from ..models import PENDING, Proposal, Vote
from ..permissions import (chairs_plenary, follows_declaration, proposer_groups, voiced_delegations)
from . import bp
from ._helpers import act, form_errors_text, load, owned_or_404, refuse, to_int, user_by_email


def _parties(declaration):
    """What the current user gives positions for: their delegations, and their groups when enabled."""
    parties = [(f"d{d.id}", d) for d in voiced_delegations(current_user, declaration)]
    if declaration.groups_take_positions:
        parties += [(f"g{g.id}", g) for g in proposer_groups(current_user, declaration.convening_id)]
    return parties


def _local(dt, convening):
    if dt is None:
        return None
    return dt.astimezone(ZoneInfo(convening.timezone or "UTC")).replace(tzinfo=None)


@bp.route("/<slug>/plenary")
@login_required
def plenary(slug: str):
    declaration, convening = load(slug)
    require(follows_declaration, declaration)
    is_chair = chairs_plenary(current_user, declaration)
    pending = queries.proposals_of(declaration, status=PENDING) if is_chair else []
    rules = PlenaryRulesForm(data={"positions_deadline": _local(declaration.positions_deadline, convening),
                                   "groups_take_positions": declaration.groups_take_positions,
                                   "vote_unit": declaration.vote_unit})
    votes = queries.votes_of(declaration)
    return render_template(
        "declarations/plenary.html", declaration=declaration, convening=convening, parties=_parties(declaration),
        positions=queries.positions_of(declaration), group_positions=queries.group_positions_of(declaration),
        position_form=GivePositionForm(data={"version": declaration.version_number}), is_chair=is_chair,
        rules_form=rules, vote_form=OpenVoteForm(proposal_choices=[(str(p.id), f"#{p.id} · {p.proposer_name}")
                                                                   for p in pending]),
        voice_form=EmailForm(prefix="voice"), votes=votes, ballot_form=BallotForm(),
        open_vote=next((v for v in votes if v.status == "open"), None),
        lead_of=[d for d in voiced_delegations(current_user, declaration) if d.lead_user_id == current_user.id])


@bp.route("/<slug>/plenary/position", methods=["POST"])
@login_required
def give_position(slug: str):
    declaration, _convening_row = load(slug)
    require(follows_declaration, declaration)
    form = GivePositionForm()
    party = dict(_parties(declaration)).get(form.party.data or "")
    if party is None:
        abort(403)
    if not form.validate():
        refuse(" ".join(str(e) for e in form.position.errors) or _("Please choose a position."))
        return redirect(url_for("declarations.plenary", slug=slug))
    act(lambda: services.give_position(declaration, party, current_user, form.position.data, form.note.data,
                                       to_int(form.version.data)),
        _("Your position is recorded: %(position)s.", position=POSITION_LABELS[form.position.data]))
    return redirect(url_for("declarations.plenary", slug=slug))


@bp.route("/<slug>/plenary/voice/<int:delegation_id>", methods=["POST"])
@login_required
def name_voice(slug: str, delegation_id: int):
    declaration, _convening_row = load(slug)
    delegation = owned_or_404(Delegation, delegation_id, convening_id=declaration.convening_id)
    if delegation.lead_user_id != current_user.id:
        abort(403)
    form = EmailForm(prefix="voice")
    if request.form.get("clear"):
        act(lambda: services.name_voice(declaration, delegation, current_user, None),
            _("You give the delegation's position yourself again."))
    elif form.validate() and (voice := user_by_email(form)) is not None:
        act(lambda: services.name_voice(declaration, delegation, current_user, voice),
            _("%(name)s now gives the delegation's position.", name=voice.name))
    else:
        refuse(" ".join(str(e) for e in form.email.errors))
    return redirect(url_for("declarations.plenary", slug=slug))


@bp.route("/<slug>/plenary/rules", methods=["POST"])
def plenary_rules(slug: str):
    declaration, convening = load(slug)
    require(chairs_plenary, declaration)
    form = PlenaryRulesForm()
    if form.validate():
        deadline = form.positions_deadline.data
        if deadline is not None:
            deadline = deadline.replace(tzinfo=ZoneInfo(convening.timezone or "UTC"))
        act(lambda: services.set_plenary_rules(declaration, deadline=deadline,
                                               groups_take_positions=form.groups_take_positions.data,
                                               vote_unit=form.vote_unit.data), _("The plenary's rules are saved."))
    else:
        refuse(form_errors_text(form))
    return redirect(url_for("declarations.plenary", slug=slug))


@bp.route("/<slug>/votes", methods=["POST"])
def open_vote(slug: str):
    declaration, _convening_row = load(slug)
    require(chairs_plenary, declaration)
    pending = queries.proposals_of(declaration, status=PENDING)
    form = OpenVoteForm(proposal_choices=[(str(p.id), str(p.id)) for p in pending])
    if form.validate():
        proposal = owned_or_404(Proposal, form.subject.data, declaration_id=declaration.id) if form.subject.data else None
        act(lambda: services.open_vote(declaration, current_user, proposal=proposal, secret=form.secret.data,
                                       majority=form.majority.data, quorum=form.quorum.data),
            _("The vote is open."))
    else:
        refuse(form_errors_text(form))
    return redirect(url_for("declarations.plenary", slug=slug))


@bp.route("/<slug>/votes/<int:vote_id>/close", methods=["POST"])
def close_vote(slug: str, vote_id: int):
    declaration, _convening_row = load(slug)
    require(chairs_plenary, declaration)
    vote = owned_or_404(Vote, vote_id, declaration_id=declaration.id)
    act(lambda: services.close_vote(vote, current_user), _("The vote is closed; its result is frozen and published."))
    return redirect(url_for("declarations.plenary", slug=slug))


@bp.route("/<slug>/ballot", methods=["POST"])
@login_required
def cast_ballot(slug: str):
    declaration, _convening_row = load(slug)
    require(follows_declaration, declaration)
    form = BallotForm()
    vote = owned_or_404(Vote, form.vote_id.data, declaration_id=declaration.id)
    delegation = queries.row_of(Delegation, to_int(form.delegation.data), convening_id=declaration.convening_id)
    if form.validate():
        act(lambda: services.cast_ballot(vote, current_user, form.choice.data, delegation),
            _("Your ballot is counted."))
    else:
        refuse(" ".join(str(e) for e in form.choice.errors))
    return redirect(url_for("declarations.plenary", slug=slug))
