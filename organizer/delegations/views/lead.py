"""The lead's pages: register a delegation, its members (one by one or from a spreadsheet), review and
submit, answer offers, withdraw; members confirm their own details through an invitation.
Organizers and admins reach the same editing pages at any time."""
from __future__ import annotations


from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ...accounts import throttle
from ...accounts.permissions import require, signed_in
from ...convenings.models import Convening
from ...database import db_int
from ...i18n.locale import current_language
from .. import answers, importing, queries, reporting, services
from ..forms import DecisionForm, DelegationForm, ImportForm, options
from ...i18n.registry import country_name
from ...organizations.labels import organization_name
from ..labels import ACTION_LABELS, FIELD_LABELS, QUESTION_LABELS
from ..models import DECLINED, DRAFT, PER_DELEGATION, PER_MEMBER, WAITLISTED, WITHDRAWN, Delegation
from ..questions import initial_values, with_questions
from ..permissions import changes_delegation, leads_delegation, reviews_delegation

from .common import (_context, _convening, _delegation, _field_error, _loaded, _may_change, _member, _member_form,
                     _organizations_for, _settings, bp)


def _organization_choices(form: DelegationForm, chosen_ids: list[int]) -> list:
    query = (form.org_query.data or "").strip()
    found = services.find_organizations(query) if query else []
    chosen = queries.organizations_by_id(chosen_ids or [])
    seen, choices = set(), []
    for organization in chosen + found:
        if organization.id in seen:
            continue
        seen.add(organization.id)
        label = organization_name(organization)
        label += f" · {country_name(organization.country)}"
        if not organization.verified:
            label += " · " + _("awaiting verification")
        choices.append((organization.id, label))
    return choices


def _delegation_form(delegation: Delegation | None, convening: Convening):
    """Build and handle the delegation form (with the convening's questions asked per delegation).
    Returns (form, done)."""
    chosen = [i for i in map(db_int, request.form.getlist("organizations")) if i] if request.method == "POST" else (
        [link.organization_id for link in delegation.organization_links] if delegation else [])
    asked = queries.convening_questions(convening.id, PER_DELEGATION)
    initial = initial_values(asked, delegation.answers) if request.method == "GET" and delegation else {}
    form = with_questions(DelegationForm, asked)(obj=delegation if request.method == "GET" else None, **initial)
    if request.method == "GET" and delegation is not None:
        form.organizations.data = chosen
    form.organizations.choices = options(_organization_choices(form, chosen))
    if request.method == "POST" and "search" in request.form:
        form.organizations.data = chosen
        return form, False
    return form, request.method == "POST" and form.validate()


def _delegation_data(form: DelegationForm) -> dict:
    """What the delegation form says, as the lead services take it."""
    return {"name": form.name.data, "organization_ids": form.organizations.data,
            "proposal": {"name": form.new_org_name.data, "country": form.new_org_country.data,
                         "kind": form.new_org_kind.data, "lang": current_language(),
                         "acronym": form.new_org_acronym.data},
            "contact_phone": form.contact_phone.data, "notes": form.notes.data, "answers": form.answers()}


@bp.route("/<slug>/", methods=["GET", "POST"])
def start(slug: str):
    convening = _convening(slug)
    settings = _settings(convening)
    state = services.registration_state(settings, convening_status=convening.status,
                                        convening_end=services.convening_end_date(convening))
    existing = (services.lead_delegation(convening.id, current_user.id)
                if current_user.is_authenticated else None)
    if existing is not None:
        return redirect(url_for("delegations.overview", delegation_id=existing.id))
    if state != "open":
        return render_template("delegations/closed.html", convening=convening, settings=settings, state=state,
                               contact=services.organizer_contact(convening, settings))
    if not current_user.is_authenticated:
        if request.method == "GET":  # say what comes next: an account, then the delegation
            return render_template("delegations/sign_in_first.html", convening=convening,
                                   login_url=url_for("accounts.login", next=request.path))
        return redirect(url_for("accounts.login", next=request.path))
    require(signed_in)
    form, done = _delegation_form(None, convening)
    if done:
        # Under the registration lock: a double click or a second tab finds the first delegation.
        delegation, created = services.lead.register(convening, current_user, **_delegation_data(form))
        if not created:
            flash(_("You already lead a delegation to this convening: here it is."), "info")
            return redirect(url_for("delegations.overview", delegation_id=delegation.id))
        flash(_("Your delegation is saved as a draft. Now add its members."), "success")
        return redirect(url_for("delegations.overview", delegation_id=delegation.id))
    return render_template("delegations/delegation_form.html", form=form, convening=convening, delegation=None,
                           settings=settings)


@bp.route("/d/<int:delegation_id>/")
def overview(delegation_id: int):
    page = _loaded(delegation_id)
    delegation, convening, settings = page.delegation, page.convening, page.settings
    organizations = _organizations_for(delegation)
    org_names = {o.id: o for o in organizations}
    is_lead = leads_delegation(current_user, delegation)
    is_reviewer = reviews_delegation(current_user, delegation)
    history = reporting.history(delegation.id) if is_reviewer else []
    questions = queries.convening_questions(convening.id) if is_lead or is_reviewer else []
    decision = DecisionForm(formdata=None)
    return render_template(
        "delegations/overview.html", delegation=delegation, convening=convening, settings=settings,
        organizations=organizations, org_names=org_names, is_lead=is_lead, is_reviewer=is_reviewer,
        may_change=(is_lead or is_reviewer) and _may_change(delegation, settings), history=history,
        lead_may_change=is_lead and services.changes_allowed(delegation, settings),
        contact=services.organizer_contact(convening, settings),
        positions=services.waitlist_positions(convening.id)
        if any(m.status == WAITLISTED for m in delegation.members) else {},
        offer_until=lambda m: services.format_offer_deadline(m, settings, convening),
        room_left=services.room_left(delegation, settings),
        decision=decision, ACTION_LABELS=ACTION_LABELS, FIELD_LABELS=FIELD_LABELS,
        drafts=[m for m in delegation.members if m.status == DRAFT],
        offered=[m for m in delegation.members if m.status == WAITLISTED and m.offered_at],
        places_left=services.places_left(settings) if is_reviewer else None,
        questions=questions, answer_changes=lambda change: answers.changed(change, questions),
    )


@bp.route("/d/<int:delegation_id>/edit", methods=["GET", "POST"])
def edit(delegation_id: int):
    page = _loaded(delegation_id, changes_delegation, changing=True)
    delegation, convening = page.delegation, page.convening
    form, done = _delegation_form(delegation, convening)
    if done:
        services.lead.change_delegation(delegation, current_user, **_delegation_data(form))
        flash(_("The delegation is saved."), "success")
        return redirect(url_for("delegations.overview", delegation_id=delegation.id))
    return render_template("delegations/delegation_form.html", form=form, convening=convening, delegation=delegation,
                           settings=page.settings)


@bp.route("/d/<int:delegation_id>/members/new", methods=["GET", "POST"])
def add_member(delegation_id: int):
    page = _loaded(delegation_id, changes_delegation, changing=True)
    delegation, convening, settings = page.delegation, page.convening, page.settings
    organizations = _organizations_for(delegation)
    room = services.room_left(delegation, settings)
    if room == 0:  # say so before anyone fills the form in
        flash(_("This delegation has its %(max)d members: withdraw one before adding another.",
                max=settings.max_members), "error")
        return redirect(url_for("delegations.overview", delegation_id=delegation.id))
    form = _member_form(settings, organizations, convening=convening)
    if request.method == "GET" and len(organizations) == 1 and "organization_id" in form._fields:
        form.organization_id.data = organizations[0].id
    if request.method == "POST" and form.validate():
        data = form.member_data()
        try:
            services.lead.add_member(delegation, data, current_user)
        except services.RegistrationError as error:
            _field_error(form, error)
        else:
            flash(_("%(name)s is added to the delegation (as a draft until you submit).", name=data["name"]), "success")
            if "add_another" in request.form:
                return redirect(url_for("delegations.add_member", delegation_id=delegation.id))
            return redirect(url_for("delegations.overview", delegation_id=delegation.id))
    return render_template("delegations/member_form.html", form=form, delegation=delegation, convening=convening,
                           member=None, settings=settings, room_left=room)


@bp.route("/d/<int:delegation_id>/members/<int:member_id>/edit", methods=["GET", "POST"])
def edit_member(delegation_id: int, member_id: int):
    page = _loaded(delegation_id, changes_delegation, changing=True)
    delegation, convening, settings = page.delegation, page.convening, page.settings
    member = _member(delegation, member_id)
    if member.status in (WITHDRAWN, DECLINED):
        abort(404)
    form = _member_form(settings, _organizations_for(delegation), member, convening=convening)
    if request.method == "POST" and form.validate():
        try:
            services.lead.change_member(member, form.member_data(), current_user)
        except services.RegistrationError as error:
            _field_error(form, error)
        else:
            flash(_("The details of %(name)s are saved.", name=member.name), "success")
            return redirect(url_for("delegations.overview", delegation_id=delegation.id))
    return render_template("delegations/member_form.html", form=form, delegation=delegation, convening=convening,
                           member=member, settings=settings)


@bp.route("/d/<int:delegation_id>/members/<int:member_id>/withdraw", methods=["GET", "POST"])
def withdraw_member(delegation_id: int, member_id: int):
    """Asks first and says what becomes of the place; only the confirmed answer withdraws (and
    only then does the place go to the waiting list). Drafts are simply removed."""
    page = _loaded(delegation_id, changes_delegation, changing=True)
    delegation, convening = page.delegation, page.convening
    member = _member(delegation, member_id)
    if member.status == WITHDRAWN:
        abort(404)
    confirmed = request.method == "POST" and (request.form.get("confirm") == "yes" or member.status == DRAFT)
    if not confirmed:
        return render_template("delegations/withdraw.html", delegation=delegation, convening=convening,
                               member=member, is_reviewer=reviews_delegation(current_user, delegation),
                               consequences=services.withdrawal_consequences(delegation, [member.id]))
    name = member.name
    services.lead.withdraw(delegation, [member.id], current_user)
    flash(_("%(name)s is withdrawn from the delegation.", name=name), "success")
    return redirect(url_for("delegations.overview", delegation_id=delegation.id))


@bp.route("/d/<int:delegation_id>/members/<int:member_id>/invite", methods=["POST"])
def invite_member(delegation_id: int, member_id: int):
    delegation = _loaded(delegation_id, changes_delegation, changing=True).delegation
    member = _member(delegation, member_id)
    if refused := throttle.refusal("invite", email=member.email):  # per client and per address
        flash(refused, "error")
        return redirect(url_for("delegations.overview", delegation_id=delegation.id))
    try:
        services.lead.invite_member(member, current_user)
    except services.RegistrationError as error:
        flash(str(error), "error")
    else:
        flash(_("An invitation to complete and confirm their details was sent to %(email)s.", email=member.email),
              "success")
    return redirect(url_for("delegations.overview", delegation_id=delegation.id))


@bp.route("/d/<int:delegation_id>/import", methods=["GET", "POST"])
def import_members(delegation_id: int):
    page = _loaded(delegation_id, changes_delegation, changing=True)
    delegation, convening, settings = page.delegation, page.convening, page.settings
    form = ImportForm()
    asked = queries.convening_questions(convening.id, PER_MEMBER)
    errors: list[str] = []
    if form.validate_on_submit():
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            form.file.errors.append(_("Choose a file to upload."))
        else:
            organizations = _organizations_for(delegation)
            try:
                rows = importing.parse_members(upload.filename, upload.read(importing.MAX_BYTES + 1), settings,
                                               organizations, asked)
                services.lead.import_members(delegation, rows, current_user)
            except importing.ImportFailed as failure:
                errors = failure.errors
            except services.RegistrationError as error:
                errors = str(error).split("\n")
            else:
                flash(ngettext("%(num)d member imported (as a draft until you submit).",
                               "%(num)d members imported (as drafts until you submit).", len(rows)), "success")
                return redirect(url_for("delegations.overview", delegation_id=delegation.id))
    status = 422 if errors else 200
    return render_template("delegations/import.html", form=form, delegation=delegation, convening=convening,
                           errors=errors, settings=settings, QUESTION_LABELS=QUESTION_LABELS,
                           columns=importing.column_help(asked), asked=asked), status


@bp.route("/d/<int:delegation_id>/import/template.csv")
def import_template(delegation_id: int):
    delegation = _delegation(delegation_id, changes_delegation)
    asked = queries.convening_questions(delegation.convening_id, PER_MEMBER)
    return Response(importing.template_csv(asked).encode("utf-8-sig"), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=members-template.csv"})


@bp.route("/d/<int:delegation_id>/review")
def review(delegation_id: int):
    page = _loaded(delegation_id, leads_delegation)
    delegation, convening, settings = page.delegation, page.convening, page.settings
    organizations = {o.id: o for o in _organizations_for(delegation)}
    drafts = [m for m in delegation.members if m.status == DRAFT]
    return render_template("delegations/review.html", delegation=delegation, convening=convening, settings=settings,
                           org_names=organizations, drafts=drafts,
                           missing=services.unanswered_required(delegation, drafts) if drafts else None,
                           may_change=services.changes_allowed(delegation, settings),
                           places_left=services.places_left(settings))


@bp.route("/d/<int:delegation_id>/submit", methods=["POST"])
def submit(delegation_id: int):
    delegation = _delegation(delegation_id, leads_delegation)
    try:
        result = services.lead.submit(delegation, current_user)
    except services.RegistrationError as error:
        flash(str(error), "error")
        return redirect(url_for("delegations.review", delegation_id=delegation_id))
    if result["confirmed"] and not result["waitlisted"]:
        flash(_("Submitted and confirmed. A confirmation is on its way by email."), "success")
    elif result["waitlisted"]:
        flash(ngettext("Submitted. The convening is full: %(num)d member is on the waiting list, in order of submission.",
                       "Submitted. The convening is full: %(num)d members are on the waiting list, in order of submission.",
                       result["waitlisted"]), "success")
        flash(_("Their places on the waiting list: %(positions)s.",
                positions=", ".join(str(p) for p in result["positions"])), "success")
    else:
        flash(_("Submitted. The organizers will review your delegation; you will hear from them by email."),
              "success")
    return redirect(url_for("delegations.overview", delegation_id=delegation_id))


@bp.route("/d/<int:delegation_id>/withdraw", methods=["GET", "POST"])
def withdraw(delegation_id: int):
    page = _loaded(delegation_id, changes_delegation, changing=True)
    delegation, convening = page.delegation, page.convening
    if request.method == "POST" and request.form.get("confirm") == "yes":
        services.lead.withdraw(delegation, None, current_user)
        flash(_("The delegation is withdrawn."), "success")
        return redirect(url_for("delegations.overview", delegation_id=delegation_id))
    return render_template("delegations/withdraw.html", delegation=delegation, convening=convening, member=None,
                           is_reviewer=reviews_delegation(current_user, delegation),
                           consequences=services.withdrawal_consequences(delegation, None))


@bp.route("/d/<int:delegation_id>/offer", methods=["POST"])
def answer_offer(delegation_id: int):
    delegation = _delegation(delegation_id, leads_delegation)
    member_ids = [i for i in map(db_int, request.form.getlist("member_ids")) if i]
    accept = request.form.get("answer") == "accept"
    n = services.lead.answer_offer(delegation, member_ids, accept, current_user)
    if n:
        flash(_("Thank you: your answer is recorded."), "success")
    else:
        flash(_("Choose the members whose place you answer for."), "error")
    return redirect(url_for("delegations.overview", delegation_id=delegation_id))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str):
    member = services.member_for_invite(token)
    if member is None:
        return render_template("delegations/invitation_invalid.html"), 404
    page = _context(services.load_delegation(member.delegation_id))
    delegation, convening, settings = page.delegation, page.convening, page.settings
    may_change = delegation.status not in (WITHDRAWN, DECLINED) and services.changes_allowed(delegation, settings)
    form = _member_form(settings, _organizations_for(delegation), member, with_email=False)
    if request.method == "POST" and may_change and form.validate():
        try:
            services.lead.confirm_own_details(member, form.member_data())
        except services.RegistrationError as error:
            _field_error(form, error)
        else:
            flash(_("Thank you, your details are confirmed."), "success")
            return redirect(url_for("delegations.invitation", token=token))
    return render_template("delegations/invitation.html", form=form, member=member, delegation=delegation,
                           convening=convening, settings=settings, may_change=may_change)
