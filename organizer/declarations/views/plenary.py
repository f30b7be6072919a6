"""Pages for the plenary: positions, adoption, and the two-person corrections after it."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.permissions import require
from ...database import utcnow
from ...delegations.models import Delegation
from .. import queries, services
from ..forms import (
    AdoptForm,
    CloseProposalForm,
    CorrectionForm,
    PositionForm,
    ResolveForm,
)
from ..labels import POSITION_LABELS
from ..models import (
    ADOPTED,
    C_PROPOSED,
    PENDING,
    Clause,  # noqa: I001
    ConsensusPosition,
    Correction,
    Proposal,
    Vote,
)
from ..permissions import corrects_declaration, organizes_declaration
from ..services import DeclarationError
from . import bp
from ._helpers import act, back, clause_choices, form_error, load, owned_or_404, to_int


def _adoption_context(declaration, convening, **forms):
    delegations = queries.active_delegations(convening.id)
    return dict(declaration=declaration, convening=convening, delegations=delegations,
                positions=queries.positions_of(declaration),
                adopt_form=(forms.get("adopt_form") or AdoptForm(data={"adopted_on": utcnow().date()}))
                .offer_votes(queries.held_votes(declaration)),
                position_form=forms.get("position_form"), resolve_form=forms.get("resolve_form"),
                close_form=forms.get("close_form"), undecided=queries.proposals_of(declaration, status=PENDING),
                **_translation_state(declaration, convening))


def _translation_state(declaration, convening) -> dict:
    """What adoption warns about: per working language of the convening, the clauses not reviewed."""
    clauses = queries.clauses_of(declaration)
    working = queries.languages(convening)
    return {"summary": queries.translation_summary(clauses, working), "working_languages": working,
            "unreviewed_working": queries.unreviewed(clauses, working)}


@bp.route("/<slug>/adoption")
def adoption(slug: str):
    declaration, convening = load(slug)
    require(organizes_declaration, declaration)
    return render_template("declarations/adoption.html", **_adoption_context(declaration, convening))


@bp.route("/<slug>/adoption/position", methods=["POST"])
def record_position(slug: str):
    declaration, convening = load(slug)
    require(organizes_declaration, declaration)
    form = PositionForm()
    delegation = queries.row_of(Delegation, to_int(form.delegation.data), convening_id=declaration.convening_id)
    if form.validate() and delegation is not None:  # noqa
        act(lambda: services.record_position(declaration, delegation, form.position.data, form.note.data,
                                              current_user),
             _("Position recorded: %(position)s.", position=POSITION_LABELS[form.position.data]))
        return redirect(url_for("declarations.adoption", slug=slug))
    if delegation is None:
        abort(404)
    return render_template("declarations/adoption.html",
                           **_adoption_context(declaration, convening, position_form=form)), 400


@bp.route("/<slug>/adoption/resolve", methods=["POST"])
def resolve_block(slug: str):
    declaration, convening = load(slug)
    require(organizes_declaration, declaration)
    form = ResolveForm()
    row = owned_or_404(ConsensusPosition, declaration_id=declaration.id, row_id=form.position_id.data)
    if form.validate():
        act(lambda: services.resolve_block(row, form.resolution.data, current_user),
             _("The resolution of the block is recorded."))
        return redirect(url_for("declarations.adoption", slug=slug))
    return render_template("declarations/adoption.html",
                           **_adoption_context(declaration, convening, resolve_form=form)), 400


@bp.route("/<slug>/adoption/close", methods=["POST"])
def close_proposal(slug: str):
    declaration, convening = load(slug)
    require(organizes_declaration, declaration)
    form = CloseProposalForm()
    row = owned_or_404(Proposal, declaration_id=declaration.id, row_id=form.proposal_id.data)
    if form.validate():
        act(lambda: services.close_proposal(row, current_user, form.reason.data),
             _("The proposal is closed; its proposer is told why."))
        return redirect(url_for("declarations.adoption", slug=slug, _anchor="undecided"))
    return render_template("declarations/adoption.html",
                           **_adoption_context(declaration, convening, close_form=form)), 400


@bp.route("/<slug>/adoption/adopt", methods=["POST"])
def adopt(slug: str):
    declaration, convening = load(slug)
    require(organizes_declaration, declaration)
    form = AdoptForm()
    if form.validate():
        vote = queries.row_of(Vote, to_int(form.vote.data), declaration_id=declaration.id) if form.vote.data else None
        try:
            if form.vote.data and vote is None:
                raise DeclarationError(_("Choose a vote on the whole text."), field="vote")
            services.adopt(declaration, current_user, method=form.method.data, adopted_on=form.adopted_on.data,
                           votes_for=form.votes_for.data, votes_against=form.votes_against.data,
                           votes_abstain=form.votes_abstain.data, vote=vote if form.method.data == "vote" else None)
        except DeclarationError as error:
            form_error(form, error)
        else:
            flash(_("The declaration is adopted. Its text is now frozen in both languages."), "success")
            return back(declaration)
    return render_template("declarations/adoption.html",
                           **_adoption_context(declaration, convening, adopt_form=form)), 400


@bp.route("/<slug>/correction", methods=["GET", "POST"])
def correction(slug: str):
    declaration, convening = load(slug)
    require(corrects_declaration, declaration)
    if declaration.status != ADOPTED:
        flash(_("Corrections are for adopted texts; edit the draft instead."), "error")
        return back(declaration)
    clauses = queries.clauses_of(declaration)
    form = CorrectionForm(clause_choices=clause_choices(clauses),
                          data={"clause": request.args.get("clause", ""), "language": request.args.get("language", "")})
    if request.method == "GET" and form.clause.data:
        clause = next((c for c in clauses if str(c.id) == form.clause.data), None)
        if clause is not None and form.language.data in ("en", "es"):
            form.new_text.data = clause.text.get(form.language.data, "")
    if form.validate_on_submit():
        clause = next((c for c in clauses if str(c.id) == form.clause.data), None)
        try:
            services.propose_correction(declaration, clause, current_user, language=form.language.data,
                                        new_text=form.new_text.data, reason=form.reason.data)
        except DeclarationError as error:
            form_error(form, error)
        else:
            flash(_("The correction is proposed. It takes effect once another committee member or an organizer "
                    "approves it."), "success")
            return redirect(url_for("declarations.correction", slug=slug))
    return render_template("declarations/correction.html", form=form, declaration=declaration, convening=convening,
                           clauses=clauses, proposed=queries.corrections_of(declaration, status=C_PROPOSED))


@bp.route("/<slug>/corrections/<int:correction_id>/<any(approve, reject):decision>", methods=["POST"])
def correction_decide(slug: str, correction_id: int, decision: str):
    declaration, _convening_row = load(slug)
    require(corrects_declaration, declaration)
    row = owned_or_404(Correction, declaration_id=declaration.id, row_id=correction_id)
    if decision == "approve":
        done = act(lambda: services.approve_correction(row, current_user),
                    _("The correction is approved and made. The other languages of the clause now need review."))
        if done:
            return redirect(url_for("declarations.show", slug=slug, _anchor="corrections"))
    else:
        act(lambda: services.reject_correction(row, current_user), _("The correction is rejected."))
    return redirect(url_for("declarations.correction", slug=slug))


@bp.route("/<slug>/clauses/<int:clause_id>/reviewed/<lang>", methods=["POST"])
def translation_reviewed(slug: str, clause_id: int, lang: str):
    declaration, _convening_row = load(slug)
    require(corrects_declaration, declaration)
    clause = owned_or_404(Clause, declaration_id=declaration.id, row_id=clause_id)
    act(lambda: services.review_translation(declaration, clause, lang, current_user),
         _("The clause is marked reviewed in this language."))
    return redirect(url_for("declarations.show", slug=slug, _anchor=f"clause-{clause.id}"))

