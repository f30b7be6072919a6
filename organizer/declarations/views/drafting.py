"""Pages for the drafting committee and the proposers: the text, its clauses, proposals and merges."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...accounts.permissions import require
from ...i18n.locale import current_language
from ...i18n.translated import TranslatedText
from .. import queries, services
from ..forms import ClauseForm, DecisionForm, DeclarationForm, MergeForm, ProposalForm
from ..labels import ACTION_LABELS
from ..models import (
    ADOPTED,
    CHANGE,
    PENDING,
    Clause,
    Proposal,  # noqa: I001
)
from ..permissions import (
    drafts_declaration,
    follows_declaration,
    organizes_declaration,
    proposer_delegations,
    proposer_groups,
    proposes_to_declaration,
)
from ..services import DeclarationError
from . import bp
from ._helpers import (
    act,
    back,
    clause_choices,
    form_error,
    load,
    owned_or_404,
    reader_languages,
    refuse_frozen,
    to_int,
)



def _draft(slug: str):
    """The declaration and its convening, for its drafting committee while the text may change: the
    loader's 404/403, then, once the text is frozen, back to the page with the service's reason."""
    declaration, convening = load(slug)
    require(drafts_declaration, declaration)
    refused = refuse_frozen(declaration)
    if refused:
        abort(refused)
    return declaration, convening

@bp.route("/<slug>/title", methods=["GET", "POST"])
def edit_title(slug: str):
    declaration, convening = _draft(slug)
    form = DeclarationForm(data={"title": declaration.title, "base_version": declaration.version_number}) \
        .for_languages(queries.languages(convening))
    if form.validate_on_submit():
        try:
            services.set_title(declaration, form.title.data, current_user, to_int(form.base_version.data))
        except DeclarationError as error:
            form_error(form, error)
        else:
            flash(_("The title is saved."), "success")
            return back(declaration)
    return render_template("declarations/title_form.html", form=form, declaration=declaration, convening=convening)


@bp.route("/<slug>/clauses/new", methods=["GET", "POST"])
def clause_new(slug: str):
    declaration, convening = _draft(slug)
    form = ClauseForm(data={"original_language": current_language(), "base_version": declaration.version_number}) \
        .for_languages(queries.languages(convening))
    if form.validate_on_submit():
        try:
            services.add_clause(declaration, current_user, kind=form.kind.data, text=form.text.data,
                                original_language=form.original_language.data, reviewed=form.reviewed.data or (),
                                base_version=to_int(form.base_version.data))
        except DeclarationError as error:
            form_error(form, error)
        else:
            flash(_("The clause is added."), "success")
            return back(declaration)
    return render_template("declarations/clause_form.html", form=form, declaration=declaration,
                           convening=convening, clause=None)


@bp.route("/<slug>/clauses/<int:clause_id>/edit", methods=["GET", "POST"])
def clause_edit(slug: str, clause_id: int):
    declaration, convening = _draft(slug)
    clause = owned_or_404(Clause, declaration_id=declaration.id, row_id=clause_id)
    # Nothing arrives ticked: "reviewed" is a statement the editor makes on this save.
    form = ClauseForm(data={"kind": clause.kind, "original_language": clause.original_language, "text": clause.text,
                            "reviewed": [], "base_version": declaration.version_number}) \
        .for_languages(queries.languages(convening))
    conflict = False
    if form.validate_on_submit():
        try:
            services.edit_clause(clause, current_user, kind=form.kind.data, text=form.text.data,
                                 original_language=form.original_language.data, reviewed=form.reviewed.data or (),
                                 base_version=to_int(form.base_version.data))
        except DeclarationError as error:
            form_error(form, error)
            conflict = error.field == "base_version"
            if conflict:
                form.base_version.data = str(declaration.version_number)
        else:
            flash(_("The clause is saved."), "success")
            return redirect(url_for("declarations.show", slug=slug, _anchor=f"clause-{clause.id}"))
    return render_template("declarations/clause_form.html", form=form, declaration=declaration,
                           convening=convening, clause=clause, conflict=conflict)


@bp.route("/<slug>/clauses/<int:clause_id>/move", methods=["POST"])
def clause_move(slug: str, clause_id: int):
    declaration, _convening_row = _draft(slug)
    clause = owned_or_404(Clause, declaration_id=declaration.id, row_id=clause_id)
    services.move_clause(clause, current_user, -1 if request.form.get("direction") == "up" else 1)
    return redirect(url_for("declarations.show", slug=slug, _anchor=f"clause-{clause.id}"))


@bp.route("/<slug>/clauses/<int:clause_id>/remove", methods=["GET", "POST"])
def clause_remove(slug: str, clause_id: int):
    declaration, convening = _draft(slug)
    clause = owned_or_404(Clause, declaration_id=declaration.id, row_id=clause_id)
    if request.method == "GET" or request.form.get("confirm") != "yes":
        # Ask first, saying what will happen.
        return render_template("declarations/clause_remove.html", declaration=declaration, convening=convening,
                               clause=clause, number=clause.position + 1, view_languages=reader_languages(convening))
    services.remove_clause(clause, current_user)
    flash(_("The clause is removed. Its text stays in the version history."), "success")
    return back(declaration)


@bp.route("/<slug>/proposals")
def proposals(slug: str):
    declaration, convening = load(slug)
    require(follows_declaration, declaration)
    sees_all = drafts_declaration(current_user, declaration) or organizes_declaration(current_user, declaration)
    rows = queries.proposals_of(declaration, proposer_id=None if sees_all else current_user.id)
    return render_template("declarations/proposals.html", declaration=declaration, convening=convening,
                           proposals=rows, sees_all=sees_all,
                           is_committee=drafts_declaration(current_user, declaration),
                           may_propose=proposes_to_declaration(current_user, declaration),
                           pending=[p for p in rows if p.status == PENDING])


@bp.route("/<slug>/propose", methods=["GET", "POST"])
def propose(slug: str):
    declaration, convening = load(slug)
    require(proposes_to_declaration, declaration)
    if declaration.status == ADOPTED:
        flash(_("This declaration is adopted: it no longer takes proposals."), "error")
        return back(declaration)
    delegations = proposer_delegations(current_user, declaration.convening_id)
    groups = proposer_groups(current_user, declaration.convening_id)
    behalf = [(f"d{d.id}", _("Delegation: %(name)s", name=d.name.resolve(current_language()).text)) for d in delegations]
    behalf += [(f"g{g.id}", _("Constituency group: %(name)s", name=g.name.resolve(current_language()).text)) for g in groups]
    clauses = queries.clauses_of(declaration)
    clause_id = request.args.get("clause")
    form = ProposalForm(on_behalf_choices=behalf, clause_choices=clause_choices(clauses),
                        data={"clause": clause_id or "", "action": request.args.get("action") or None,
                              "original_language": current_language()})
    if request.method == "GET" and form.action.data == CHANGE:
        # "Propose a change to clause N": start from the clause as it stands, not from a blank page.
        target = next((c for c in clauses if str(c.id) == clause_id), None)
        if target is not None:
            form.text.data = target.text
            form.kind.data = target.kind
    if form.validate_on_submit():
        on_behalf = None
        code = form.on_behalf.data
        if code.startswith("d"):
            on_behalf = next((d for d in delegations if str(d.id) == code[1:]), None)
        elif code.startswith("g"):
            on_behalf = next((g for g in groups if str(g.id) == code[1:]), None)
        clause = next((c for c in clauses if str(c.id) == form.clause.data), None)
        text = form.text.data
        if form.action.data == CHANGE and clause is not None and text:
            # A language left as the clause stands is not part of the change (so accepting it later
            # never reverts the committee's newer edits in that language).
            changed = TranslatedText({lang: value for lang, value in text.items() if clause.text.get(lang) != value})
            text = changed or text
        try:
            if on_behalf is None:
                raise DeclarationError(_l("Please choose for whom you propose."), field="on_behalf")
            proposal = services.submit_proposal(
                declaration, current_user, action=form.action.data, on_behalf=on_behalf, clause=clause,
                kind=form.kind.data, text=text, reason=form.reason.data,
                original_language=form.original_language.data or current_language())
        except DeclarationError as error:
            form_error(form, error)
        else:
            flash(_("Your proposal is sent to the drafting committee."), "success")
            return redirect(url_for("declarations.proposal", slug=slug, proposal_id=proposal.id))
    return render_template("declarations/propose.html", form=form, declaration=declaration, convening=convening,
                           clauses=clauses)


@bp.route("/<slug>/proposals/<int:proposal_id>", methods=["GET", "POST"])
def proposal(slug: str, proposal_id: int):
    declaration, convening = load(slug)
    require(follows_declaration, declaration)
    proposal = owned_or_404(Proposal, declaration_id=declaration.id, row_id=proposal_id)
    is_committee = drafts_declaration(current_user, declaration)
    if not (is_committee or organizes_declaration(current_user, declaration) or proposal.proposer_id == current_user.id):
        abort(403)
    clause, result_clause, delegation, group = queries.proposal_parties(proposal)
    initial_text = proposal.text
    if proposal.action == CHANGE and clause is not None and proposal.text:
        initial_text = clause.text.merged(proposal.text)
    form = DecisionForm(data={"kind": proposal.kind or (clause.kind if clause else "demand"), "text": initial_text})
    if request.method == "POST":
        require(drafts_declaration, declaration)
        if form.validate():
            try:
                if form.decision.data == "accept":
                    services.accept_proposal(proposal, current_user, text=form.text.data or None, kind=form.kind.data,
                                             reason=form.reason.data, reviewed=form.reviewed.data or ())
                    message = _("The proposal is accepted and merged into the draft.")
                else:
                    services.decline_proposal(proposal, current_user, form.reason.data)
                    message = _("The proposal is declined; the proposer is told why.")
            except DeclarationError as error:
                form_error(form, error)
            else:
                flash(message, "success")
                return redirect(url_for("declarations.proposals", slug=slug))
    if request.method == "POST":
        clause, result_clause, delegation, group = queries.proposal_parties(proposal)
    return render_template("declarations/proposal.html", declaration=declaration, convening=convening,
                           proposal=proposal, clause=clause, result_clause=result_clause, form=form,
                           is_committee=is_committee, delegation=delegation, group=group)


@bp.route("/<slug>/proposals/<int:proposal_id>/withdraw", methods=["POST"])
def proposal_withdraw(slug: str, proposal_id: int):
    declaration, _convening_row = load(slug)
    require(follows_declaration, declaration)
    proposal = owned_or_404(Proposal, declaration_id=declaration.id, row_id=proposal_id)
    if proposal.proposer_id != current_user.id:
        abort(403)
    act(lambda: services.withdraw_proposal(proposal), _("Your proposal is withdrawn."))
    return redirect(url_for("declarations.proposals", slug=slug))


@bp.route("/<slug>/proposals/merge", methods=["GET", "POST"])
def merge(slug: str):
    declaration, convening = _draft(slug)
    pending = queries.proposals_of(declaration, status=PENDING)
    clauses = queries.clauses_of(declaration)
    choices = [(p.id, f"#{p.id} · {ACTION_LABELS[p.action]} · {p.proposer_name}") for p in pending]
    selected = [i for i in (to_int(v) for v in request.args.getlist("p")) if i]
    form = MergeForm(proposal_choices=choices, clause_choices=clause_choices(clauses),
                     data={"proposals": [str(i) for i in selected], "original_language": current_language()} if request.method == "GET" else None)
    if request.method == "GET" and selected:
        targets = {p.clause_id for p in pending if p.id in selected and p.action == CHANGE}
        if len(targets) == 1:
            target = next(c for c in clauses if c.id in targets) if any(c.id in targets for c in clauses) else None
            if target is not None:
                form.into.data = str(target.id)
                form.kind.data = target.kind
                form.text.data = target.text
                form.original_language.data = target.original_language
    if form.validate_on_submit():
        chosen = [p for p in pending if str(p.id) in (form.proposals.data or [])]
        into = next((c for c in clauses if str(c.id) == form.into.data), None)
        try:
            services.merge_proposals(declaration, chosen, current_user, into=into, kind=form.kind.data,
                                     text=form.text.data, reason=form.reason.data,
                                     original_language=form.original_language.data,
                                     reviewed=form.reviewed.data or ())
        except DeclarationError as error:
            form_error(form, error)
        else:
            flash(_("The proposals are merged into one clause; each proposer is told."), "success")
            return redirect(url_for("declarations.proposals", slug=slug))
    return render_template("declarations/merge.html", form=form, declaration=declaration, convening=convening,
                           pending=pending)

