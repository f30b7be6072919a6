"""Organizers review: the list of delegations, decisions (previewed before they apply), undoing a
withdrawal, moving a member, the settings, proposed organizations."""
from __future__ import annotations


from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from .. import queries, reporting, services
from ..forms import DecisionForm, SettingsForm
from ..labels import (KIND_LABELS, STATE_LABELS)
from ..models import (QUESTIONS, STATES)
from ..permissions import reviews_delegation

from .common import _delegation, _loaded, _local, _member, _organized_convening, _settings, _utc, bp


@bp.route("/d/<int:delegation_id>/members/<int:member_id>/reinstate", methods=["POST"])
def reinstate_member(delegation_id: int, member_id: int):
    """An organizer undoes a withdrawal."""
    delegation = _delegation(delegation_id, reviews_delegation)
    member = _member(delegation, member_id)
    try:
        status = services.organizing.reinstate_member(member, current_user)
    except services.RegistrationError as error:
        flash(str(error), "error")
    else:
        flash(_("%(name)s is back in the delegation: %(state)s.", name=member.name, state=STATE_LABELS[status]),
              "success")
    return redirect(url_for("delegations.overview", delegation_id=delegation_id))


@bp.route("/d/<int:delegation_id>/members/<int:member_id>/move", methods=["GET", "POST"])
def move_member(delegation_id: int, member_id: int):
    """An organizer moves a member to another delegation of the convening."""
    loaded = _loaded(delegation_id, reviews_delegation)
    delegation, convening = loaded.delegation, loaded.convening
    member = _member(delegation, member_id)
    targets = queries.other_delegations(convening.id, delegation.id)
    error = None
    if request.method == "POST":
        target = next((d for d in targets if str(d.id) == request.form.get("delegation_id", "")), None)
        if target is None:
            error = _("Choose another delegation of this convening.")
        else:
            try:
                services.organizing.move_member(member, target, current_user)
            except services.RegistrationError as refusal:
                error = str(refusal)
            else:
                flash(_("%(name)s is now in %(delegation)s.", name=member.name, delegation=str(target.name)),
                      "success")
                return redirect(url_for("delegations.overview", delegation_id=target.id))
    return render_template("delegations/move.html", delegation=delegation, convening=convening, member=member,
                           targets=targets, error=error)


@bp.route("/<slug>/settings", methods=["GET", "POST"])
def settings(slug: str):
    convening = _organized_convening(slug)
    settings = _settings(convening)
    tz = convening.timezone or "UTC"
    form = SettingsForm(obj=settings if request.method == "GET" else None, convening=convening, tz=tz)
    if request.method == "GET":
        for name in ("opens_at", "closes_at", "change_deadline"):
            form[name].data = _local(getattr(settings, name), tz)
        for key in QUESTIONS:
            form[f"q_{key}"].data = settings.question(key)
        form.letter_template.data = settings.letter_template or reporting.DEFAULT_LETTER
        form.letter_template.process(None, settings.letter_template or reporting.DEFAULT_LETTER)
    if form.validate_on_submit():
        data = {name: form[name].data for name in services.SETTINGS_FIELDS
                if name in form._fields and name not in ("opens_at", "closes_at", "change_deadline")}
        data |= {name: _utc(form[name].data, tz) for name in ("opens_at", "closes_at", "change_deadline")}
        data["questions"] = {key: form[f"q_{key}"].data for key in QUESTIONS}
        data["interpretation_languages"] = list(form.interpretation_languages.data)
        settings, promoted = services.organizing.save_settings(convening.id, data, current_user)
        flash(_("The registration settings are saved."), "success")
        if promoted:
            flash(ngettext("%(num)d member moved up from the waiting list.", "%(num)d members moved up from the waiting list.",
                           len(promoted)), "success")
        return redirect(url_for("delegations.settings", slug=slug))
    return render_template("delegations/settings.html", form=form, convening=convening, settings=settings,
                           QUESTIONS=QUESTIONS, tz=tz)


@bp.route("/<slug>/delegations")
def delegations(slug: str):
    convening = _organized_convening(slug)
    state = request.args.get("state", "")
    rows, organizations, leads = queries.delegation_list(convening.id, state if state in STATES else None)
    settings = _settings(convening)
    left = services.places_left(settings)
    return render_template("delegations/list.html", convening=convening, delegations=rows, organizations=organizations,
                           leads=leads, state=state, STATES=STATES, decision=DecisionForm(formdata=None),
                           places_left=left, settings=settings)


@bp.route("/<slug>/delegations/decide", methods=["POST"])
def decide_bulk(slug: str):
    convening = _organized_convening(slug)
    form = DecisionForm()
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("delegations.delegations", slug=slug))
    ids = form.delegation_ids.data or []
    targets = queries.delegations_by_id(convening.id, ids)
    if not targets:
        flash(_("Choose at least one delegation."), "error")
        return redirect(url_for("delegations.delegations", slug=slug))
    if request.form.get("confirm") != "yes":  # show what it will do first
        _result, plan, _error = services.preview(services.decide_many, targets, form.action.data, current_user,
                                                 reason=form.reason.data)
        return render_template("delegations/decision_preview.html", convening=convening, form=form, plan=plan,
                               action_url=url_for("delegations.decide_bulk", slug=slug), delegation=None,
                               back_url=url_for("delegations.delegations", slug=slug), error=None)
    outcome = services.organizing.decide_many(convening.id, targets, form.action.data, current_user,
                                              reason=form.reason.data)
    totals, skipped = outcome["totals"], outcome["skipped"]
    flash(_("Members confirmed: %(c)d; on the waiting list: %(w)d; declined: %(d)d.",
            c=totals["confirmed"], w=totals["waitlisted"], d=totals["declined"]), "success")
    if skipped:
        flash(ngettext("%(num)d delegation was skipped: drafts and withdrawn delegations cannot be reviewed.",
                       "%(num)d delegations were skipped: drafts and withdrawn delegations cannot be reviewed.", skipped),
              "error")
    return redirect(url_for("delegations.delegations", slug=slug))


@bp.route("/d/<int:delegation_id>/decide", methods=["POST"])
def decide(delegation_id: int):
    loaded = _loaded(delegation_id, reviews_delegation)
    delegation = loaded.delegation
    form = DecisionForm()
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("delegations.overview", delegation_id=delegation_id) + "#review")
    if request.form.get("confirm") != "yes":  # show what it will do first: who moves, who is told
        _result, plan, error = services.preview(services.decide, delegation, form.action.data, current_user,
                                                member_ids=form.member_ids.data or None, reason=form.reason.data)
        return render_template("delegations/decision_preview.html", convening=loaded.convening, form=form, plan=plan, delegation=delegation, error=error,
            action_url=url_for("delegations.decide", delegation_id=delegation_id),
            back_url=url_for("delegations.overview", delegation_id=delegation_id) + "#review")
    try:
        result = services.organizing.decide(delegation, form.action.data, current_user,
                                            member_ids=form.member_ids.data or None, reason=form.reason.data)
    except services.RegistrationError as error:
        flash(str(error), "error")
    else:
        flash(_("Members confirmed: %(c)d; on the waiting list: %(w)d; declined: %(d)d.",
                c=result["confirmed"], w=result["waitlisted"], d=result["declined"]), "success")
    return redirect(url_for("delegations.overview", delegation_id=delegation_id))


@bp.route("/<slug>/organizations", methods=["GET", "POST"])
def organizations(slug: str):
    """Organizations proposed by leads, for organizers to verify."""
    convening = _organized_convening(slug)
    if request.method == "POST":
        found = queries.proposed_organizations(convening.id, request.form.get("organization_id", type=int) or -1)
        if not found:
            abort(404)
        services.organizing.verify_organization(convening.id, found[0])
        flash(_("%(name)s is verified.", name=str(found[0].name)), "success")
        return redirect(url_for("delegations.organizations", slug=slug))
    rows = queries.proposed_organizations(convening.id)
    return render_template("delegations/organizations.html", convening=convening, organizations=rows,
                           KIND_LABELS=KIND_LABELS)
