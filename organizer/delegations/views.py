from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from ..accounts import throttle
from ..accounts.permissions import require, signed_in
from ..convenings.models import Convening
from ..convenings.permissions import can_view, organizes
from ..database import db_int, write_transaction
from ..platform import signals
from ..extensions import db
from ..i18n.locale import current_language
from ..i18n.registry import country_choices, country_name
from ..i18n.translated import TranslatedText
from ..i18n.zones import set_zone
from ..organizations.labels import organization_name
from ..organizations.models import Organization
from ..organizations.services import verify_organization
from . import importing, reporting, services
from .forms import DecisionForm, DelegationForm, ImportForm, MemberForm, SettingsForm, options
from .labels import (ACTION_LABELS, FIELD_LABELS, KIND_LABELS, QUESTION_LABELS, SECTOR_LABELS, STATE_BADGES,
                     STATE_LABELS)
from .models import (ACTIVE_STATES, CONFIRMED, DECLINED, DRAFT, QUESTIONS, STATES, WAITLISTED, WITHDRAWN,
                     Delegation, DelegationMember, DelegationOrganization)
from .permissions import leads_delegation, reviews_delegation, sees_delegation

bp = Blueprint("delegations", __name__, url_prefix="/<lang:lang_code>/registration", template_folder="templates")


@bp.app_context_processor
def _labels():
    return {"STATE_LABELS": STATE_LABELS, "STATE_BADGES": STATE_BADGES, "country_choices": country_choices,
            "import_columns": importing.column_help}


# --- loading ---------------------------------------------------------------------------------

def _convening(slug: str) -> Convening:
    convening = db.session.scalar(db.select(Convening).where(Convening.slug == slug))
    if convening is None or not can_view(current_user, convening):
        abort(404)
    return convening


def _organized_convening(slug: str) -> Convening:
    convening = db.session.scalar(db.select(Convening).where(Convening.slug == slug))
    if convening is None:
        abort(404)
    require(organizes, convening)
    return convening


def _delegation(delegation_id: int, rule=sees_delegation) -> Delegation:
    delegation = services.load_delegation(delegation_id)
    if delegation is None:
        abort(404)
    if not current_user.is_authenticated:
        abort(401)
    if not sees_delegation(current_user, delegation):
        abort(404)  # never reveal that another delegation exists
    require(rule, delegation)
    return delegation


def _member(delegation: Delegation, member_id: int) -> DelegationMember:
    for member in delegation.members:
        if member.id == member_id:
            return member
    abort(404)


def _lead_may_change(delegation: Delegation, settings) -> None:
    if not services.changes_allowed(delegation, settings):
        flash(_("This delegation can no longer be changed."), "error")
        abort(redirect(url_for("delegations.overview", delegation_id=delegation.id)))


def _local(value: datetime | None, tz: str) -> datetime | None:
    return value.astimezone(ZoneInfo(tz)).replace(tzinfo=None) if value else None


def _utc(value: datetime | None, tz: str) -> datetime | None:
    return value.replace(tzinfo=ZoneInfo(tz)).astimezone(timezone.utc) if value else None


def _settings(convening):
    """The convening's registration settings (defaults until organizers save them; pages that only
    read never commit, so what they loaded is not expired while rendering)."""
    return services.get_settings(convening)


def _organizations_for(delegation: Delegation) -> list[Organization]:
    return services.delegation_organizations([delegation.id])[delegation.id]


# --- the lead's journey ---------------------------------------------------------------------------

def _organization_choices(form: DelegationForm, chosen_ids: list[int]) -> list:
    query = (form.org_query.data or "").strip()
    found = services.find_organizations(query) if query else []
    chosen = list(db.session.scalars(db.select(Organization).where(Organization.id.in_(chosen_ids or [-1]))))
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


def _delegation_form(delegation: Delegation | None):
    """Build and handle the delegation form. Returns (form, done, proposed, organization_ids)."""
    chosen = [i for i in map(db_int, request.form.getlist("organizations")) if i] if request.method == "POST" else (
        [link.organization_id for link in delegation.organization_links] if delegation else [])
    form = DelegationForm(obj=delegation if request.method == "GET" else None)
    if request.method == "GET" and delegation is not None:
        form.organizations.data = chosen
    form.organizations.choices = options(_organization_choices(form, chosen))
    if request.method == "POST" and "search" in request.form:
        form.organizations.data = chosen
        return form, False
    return form, request.method == "POST" and form.validate()


def _proposed(form: DelegationForm) -> Organization | None:
    name = (form.new_org_name.data or "").strip()
    if not name:
        return None
    return services.propose_organization(name, form.new_org_country.data, form.new_org_kind.data,
                                         current_language(), form.new_org_acronym.data)


@bp.route("/<slug>/", methods=["GET", "POST"])
def start(slug: str):
    convening = _convening(slug)
    settings = _settings(convening)
    state = services.registration_state(settings, convening_status=convening.status)
    existing = (services.lead_delegation(convening.id, current_user.id)
                if current_user.is_authenticated else None)
    if existing is not None:
        return redirect(url_for("delegations.overview", delegation_id=existing.id))
    if state != "open":
        return render_template("delegations/closed.html", convening=convening, settings=settings, state=state)
    if not current_user.is_authenticated:
        if request.method == "GET":  # say what comes next: an account, then the delegation
            return render_template("delegations/sign_in_first.html", convening=convening,
                                   login_url=url_for("accounts.login", next=request.path))
        return redirect(url_for("accounts.login", next=request.path))
    require(signed_in)
    form, done = _delegation_form(None)
    if done:
        with write_transaction(db.session):
            # Under the registration lock: a double click or a second tab finds the first delegation.
            services.lock_convening(convening.id)
            existing = services.lead_delegation(convening.id, current_user.id)
            if existing is None:
                delegation = services.create_delegation(
                    convening, current_user, form.name.data, form.organizations.data, _proposed(form),
                    form.contact_phone.data, form.notes.data)
        if existing is not None:
            flash(_("You already lead a delegation to this convening: here it is."), "info")
            return redirect(url_for("delegations.overview", delegation_id=existing.id))
        flash(_("Your delegation is saved as a draft. Now add its members."), "success")
        return redirect(url_for("delegations.overview", delegation_id=delegation.id))
    return render_template("delegations/delegation_form.html", form=form, convening=convening, delegation=None,
                           settings=settings)


@bp.route("/d/<int:delegation_id>/")
def overview(delegation_id: int):
    delegation = _delegation(delegation_id)
    convening = db.session.get(Convening, delegation.convening_id)
    settings = _settings(convening)
    organizations = _organizations_for(delegation)
    org_names = {o.id: o for o in organizations}
    is_lead = leads_delegation(current_user, delegation)
    is_reviewer = reviews_delegation(current_user, delegation)
    history = reporting.history(delegation.id) if is_reviewer else []
    decision = DecisionForm(formdata=None)
    return render_template(
        "delegations/overview.html", delegation=delegation, convening=convening, settings=settings,
        organizations=organizations, org_names=org_names, is_lead=is_lead, is_reviewer=is_reviewer,
        may_change=is_lead and services.changes_allowed(delegation, settings), history=history,
        decision=decision, ACTION_LABELS=ACTION_LABELS, FIELD_LABELS=FIELD_LABELS,
        drafts=[m for m in delegation.members if m.status == DRAFT],
        offered=[m for m in delegation.members if m.status == WAITLISTED and m.offered_at],
        places_left=services.places_left(settings) if is_reviewer else None,
    )


@bp.route("/d/<int:delegation_id>/edit", methods=["GET", "POST"])
def edit(delegation_id: int):
    delegation = _delegation(delegation_id, leads_delegation)
    convening = db.session.get(Convening, delegation.convening_id)
    settings = _settings(convening)
    _lead_may_change(delegation, settings)
    form, done = _delegation_form(delegation)
    if done:
        with write_transaction(db.session):
            services.update_delegation(delegation, current_user, form.name.data, form.organizations.data,
                                       _proposed(form), form.contact_phone.data, form.notes.data)
        flash(_("The delegation is saved."), "success")
        return redirect(url_for("delegations.overview", delegation_id=delegation.id))
    return render_template("delegations/delegation_form.html", form=form, convening=convening, delegation=delegation,
                           settings=settings)


def _member_form(settings, organizations, member=None, *, with_email=True) -> MemberForm:
    form = MemberForm(obj=member if request.method == "GET" else None)
    return form.configure(settings, organizations, with_email=with_email)


@bp.route("/d/<int:delegation_id>/members/new", methods=["GET", "POST"])
def add_member(delegation_id: int):
    delegation = _delegation(delegation_id, leads_delegation)
    convening = db.session.get(Convening, delegation.convening_id)
    settings = _settings(convening)
    _lead_may_change(delegation, settings)
    organizations = _organizations_for(delegation)
    form = _member_form(settings, organizations)
    if request.method == "GET" and len(organizations) == 1 and "organization_id" in form._fields:
        form.organization_id.data = organizations[0].id
    if request.method == "POST" and form.validate():
        data = form.member_data()
        try:
            with write_transaction(db.session):
                services.check_room(delegation, settings, 1)
                services.add_member(delegation, data, current_user)
        except services.RegistrationError as error:
            form.name.errors.append(str(error))
        else:
            flash(_("%(name)s is added to the delegation (as a draft until you submit).", name=data["name"]), "success")
            if "add_another" in request.form:
                return redirect(url_for("delegations.add_member", delegation_id=delegation.id))
            return redirect(url_for("delegations.overview", delegation_id=delegation.id))
    return render_template("delegations/member_form.html", form=form, delegation=delegation, convening=convening,
                           member=None, settings=settings)


@bp.route("/d/<int:delegation_id>/members/<int:member_id>/edit", methods=["GET", "POST"])
def edit_member(delegation_id: int, member_id: int):
    delegation = _delegation(delegation_id, leads_delegation)
    member = _member(delegation, member_id)
    convening = db.session.get(Convening, delegation.convening_id)
    settings = _settings(convening)
    _lead_may_change(delegation, settings)
    if member.status in (WITHDRAWN, DECLINED):
        abort(404)
    form = _member_form(settings, _organizations_for(delegation), member)
    if request.method == "POST" and form.validate():
        with write_transaction(db.session):
            services.update_member(member, form.member_data(), current_user)
        flash(_("The details of %(name)s are saved.", name=member.name), "success")
        return redirect(url_for("delegations.overview", delegation_id=delegation.id))
    return render_template("delegations/member_form.html", form=form, delegation=delegation, convening=convening,
                           member=member, settings=settings)


@bp.route("/d/<int:delegation_id>/members/<int:member_id>/withdraw", methods=["POST"])
def withdraw_member(delegation_id: int, member_id: int):
    delegation = _delegation(delegation_id, leads_delegation)
    member = _member(delegation, member_id)
    settings = _settings(delegation.convening_id)
    _lead_may_change(delegation, settings)
    name = member.name
    with write_transaction(db.session):
        services.withdraw_members(delegation, [member.id], current_user)
    flash(_("%(name)s is withdrawn from the delegation.", name=name), "success")
    return redirect(url_for("delegations.overview", delegation_id=delegation.id))


@bp.route("/d/<int:delegation_id>/members/<int:member_id>/invite", methods=["POST"])
def invite_member(delegation_id: int, member_id: int):
    delegation = _delegation(delegation_id, leads_delegation)
    member = _member(delegation, member_id)
    settings = _settings(delegation.convening_id)
    _lead_may_change(delegation, settings)
    if refused := throttle.refusal("invite", email=member.email):  # per client and per address
        flash(refused, "error")
        return redirect(url_for("delegations.overview", delegation_id=delegation.id))
    try:
        with write_transaction(db.session):
            services.invite_member(member, current_user)
    except services.RegistrationError as error:
        flash(str(error), "error")
    else:
        flash(_("An invitation to complete and confirm their details was sent to %(email)s.", email=member.email),
              "success")
    return redirect(url_for("delegations.overview", delegation_id=delegation.id))


@bp.route("/d/<int:delegation_id>/import", methods=["GET", "POST"])
def import_members(delegation_id: int):
    delegation = _delegation(delegation_id, leads_delegation)
    convening = db.session.get(Convening, delegation.convening_id)
    settings = _settings(convening)
    _lead_may_change(delegation, settings)
    form = ImportForm()
    errors: list[str] = []
    if form.validate_on_submit():
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            form.file.errors.append(_("Choose a file to upload."))
        else:
            organizations = _organizations_for(delegation)
            try:
                rows = importing.parse_members(upload.filename, upload.read(importing.MAX_BYTES + 1), settings,
                                               organizations)
                with write_transaction(db.session):
                    services.check_room(delegation, settings, len(rows))
                    services.import_members(delegation, rows, current_user)
            except importing.ImportFailed as failure:
                errors = failure.errors
            except services.RegistrationError as error:
                errors = [str(error)]
            else:
                flash(ngettext("%(num)d member imported (as a draft until you submit).",
                               "%(num)d members imported (as drafts until you submit).", len(rows)), "success")
                return redirect(url_for("delegations.overview", delegation_id=delegation.id))
    status = 422 if errors else 200
    return render_template("delegations/import.html", form=form, delegation=delegation, convening=convening,
                           errors=errors, settings=settings, QUESTION_LABELS=QUESTION_LABELS), status


@bp.route("/d/<int:delegation_id>/import/template.csv")
def import_template(delegation_id: int):
    _delegation(delegation_id, leads_delegation)
    return Response(importing.template_csv().encode("utf-8-sig"), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=members-template.csv"})


@bp.route("/d/<int:delegation_id>/review")
def review(delegation_id: int):
    delegation = _delegation(delegation_id, leads_delegation)
    convening = db.session.get(Convening, delegation.convening_id)
    settings = _settings(convening)
    organizations = {o.id: o for o in _organizations_for(delegation)}
    return render_template("delegations/review.html", delegation=delegation, convening=convening, settings=settings,
                           org_names=organizations, drafts=[m for m in delegation.members if m.status == DRAFT],
                           may_change=services.changes_allowed(delegation, settings))


@bp.route("/d/<int:delegation_id>/submit", methods=["POST"])
def submit(delegation_id: int):
    delegation = _delegation(delegation_id, leads_delegation)
    try:
        with write_transaction(db.session):
            result = services.submit(delegation, current_user)
    except services.RegistrationError as error:
        flash(str(error), "error")
        return redirect(url_for("delegations.review", delegation_id=delegation_id))
    if result["confirmed"] and not result["waitlisted"]:
        flash(_("Submitted and confirmed. A confirmation is on its way by email."), "success")
    elif result["waitlisted"]:
        flash(ngettext("Submitted. The convening is full: %(num)d member is on the waiting list, in order of submission.",
                       "Submitted. The convening is full: %(num)d members are on the waiting list, in order of submission.",
                       result["waitlisted"]), "success")
    else:
        flash(_("Submitted. The organizers will review your delegation; you will hear from them by email."),
              "success")
    return redirect(url_for("delegations.overview", delegation_id=delegation_id))


@bp.route("/d/<int:delegation_id>/withdraw", methods=["GET", "POST"])
def withdraw(delegation_id: int):
    delegation = _delegation(delegation_id, leads_delegation)
    convening = db.session.get(Convening, delegation.convening_id)
    settings = _settings(convening)
    _lead_may_change(delegation, settings)
    if request.method == "POST":
        with write_transaction(db.session):
            services.withdraw_members(delegation, None, current_user)
        flash(_("Your delegation is withdrawn."), "success")
        return redirect(url_for("delegations.overview", delegation_id=delegation_id))
    return render_template("delegations/withdraw.html", delegation=delegation, convening=convening)


@bp.route("/d/<int:delegation_id>/offer", methods=["POST"])
def answer_offer(delegation_id: int):
    delegation = _delegation(delegation_id, leads_delegation)
    member_ids = [i for i in map(db_int, request.form.getlist("member_ids")) if i]
    accept = request.form.get("answer") == "accept"
    with write_transaction(db.session):
        n = services.answer_offer(delegation, member_ids, accept, current_user)
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
    delegation = services.load_delegation(member.delegation_id)
    convening = db.session.get(Convening, delegation.convening_id)
    settings = _settings(convening)
    may_change = delegation.status not in (WITHDRAWN, DECLINED) and services.changes_allowed(delegation, settings)
    form = _member_form(settings, _organizations_for(delegation), member, with_email=False)
    if request.method == "POST" and may_change and form.validate():
        with write_transaction(db.session):
            services.update_member(member, form.member_data(), None, actor_name=member.name)
            member.confirmed_by_member_at = datetime.now(timezone.utc)
            services.log(delegation, "member_self_confirmed", None, member=member, actor_name=member.name)
        flash(_("Thank you, your details are confirmed."), "success")
        return redirect(url_for("delegations.invitation", token=token))
    return render_template("delegations/invitation.html", form=form, member=member, delegation=delegation,
                           convening=convening, settings=settings, may_change=may_change)


# --- organizers -------------------------------------------------------------------------------

@bp.route("/<slug>/settings", methods=["GET", "POST"])
def settings(slug: str):
    convening = _organized_convening(slug)
    settings = _settings(convening)
    tz = convening.timezone or "UTC"
    form = SettingsForm(obj=settings if request.method == "GET" else None)
    set_zone(form, tz)
    if request.method == "GET":
        for name in ("opens_at", "closes_at", "change_deadline"):
            form[name].data = _local(getattr(settings, name), tz)
        for key in QUESTIONS:
            form[f"q_{key}"].data = settings.question(key)
        form.letter_template.data = settings.letter_template or reporting.DEFAULT_LETTER
        form.letter_template.process(None, settings.letter_template or reporting.DEFAULT_LETTER)
    if form.validate_on_submit():
        with write_transaction(db.session):
            settings = services.lock_convening(convening.id)
            for name in ("opens_at", "closes_at", "change_deadline"):
                setattr(settings, name, _utc(form[name].data, tz))
            settings.capacity = form.capacity.data
            settings.max_members = form.max_members.data
            settings.review_required = form.review_required.data
            settings.promotion = form.promotion.data
            settings.offer_hours = form.offer_hours.data or 72
            settings.questions = {key: form[f"q_{key}"].data for key in QUESTIONS}
            settings.interpretation_languages = list(form.interpretation_languages.data)
            settings.reminder_days = form.reminder_days.data if form.reminder_days.data is not None else 7
            settings.letter_template = form.letter_template.data or None
            settings.letter_signatory = (form.letter_signatory.data or "").strip() or None
            db.session.flush()
            promoted = services.promote(settings, current_user)  # free places (if any) go to the waiting list
        flash(_("The registration settings are saved."), "success")
        if promoted:
            flash(ngettext("%(num)d member moved up from the waiting list.", "%(num)d members moved up from the waiting list.",
                           len(promoted)), "success")
        return redirect(url_for("delegations.settings", slug=slug))
    return render_template("delegations/settings.html", form=form, convening=convening, settings=settings,
                           QUESTIONS=QUESTIONS, tz=tz)


@bp.route("/<slug>/dashboard")
def dashboard(slug: str):
    convening = _organized_convening(slug)
    settings = _settings(convening)
    filters = reporting.Filters.from_args(request.args)
    data = reporting.dashboard(convening.id, filters)
    left = services.places_left(settings)
    return render_template("delegations/dashboard.html", convening=convening, settings=settings, data=data,
                           filters=filters, places_left=left, SECTOR_LABELS=SECTOR_LABELS, STATES=STATES)


@bp.route("/<slug>/delegations")
def delegations(slug: str):
    convening = _organized_convening(slug)
    state = request.args.get("state", "")
    query = (db.select(Delegation).where(Delegation.convening_id == convening.id)
             .options(selectinload(Delegation.members)).order_by(Delegation.submitted_at.is_(None),
                                                                 Delegation.submitted_at, Delegation.id))
    if state in STATES:
        query = query.where(Delegation.status == state)
    rows = list(db.session.scalars(query))
    organizations = services.delegation_organizations([d.id for d in rows])
    from ..accounts.models import User

    leads = dict(db.session.execute(db.select(User.id, User.name).where(
        User.id.in_({d.lead_user_id for d in rows} or {-1}))).all())
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
    targets = list(db.session.scalars(db.select(Delegation).where(
        Delegation.id.in_(ids or [-1]), Delegation.convening_id == convening.id)
        .order_by(Delegation.submitted_at, Delegation.id)))
    if not targets:
        flash(_("Choose at least one delegation."), "error")
        return redirect(url_for("delegations.delegations", slug=slug))
    totals = {"confirmed": 0, "waitlisted": 0, "declined": 0}
    skipped = 0
    for delegation in targets:
        try:
            with write_transaction(db.session):
                for key, n in services.decide(delegation, form.action.data, current_user,
                                              reason=form.reason.data).items():
                    totals[key] += n
        except services.RegistrationError:
            skipped += 1
    flash(_("Members confirmed: %(c)d; on the waiting list: %(w)d; declined: %(d)d.",
            c=totals["confirmed"], w=totals["waitlisted"], d=totals["declined"]), "success")
    if skipped:
        flash(ngettext("%(num)d delegation was skipped: drafts and withdrawn delegations cannot be reviewed.",
                       "%(num)d delegations were skipped: drafts and withdrawn delegations cannot be reviewed.", skipped),
              "error")
    return redirect(url_for("delegations.delegations", slug=slug))


@bp.route("/d/<int:delegation_id>/decide", methods=["POST"])
def decide(delegation_id: int):
    delegation = _delegation(delegation_id, reviews_delegation)
    form = DecisionForm()
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("delegations.overview", delegation_id=delegation_id) + "#review")
    try:
        with write_transaction(db.session):
            result = services.decide(delegation, form.action.data, current_user,
                                     member_ids=form.member_ids.data or None, reason=form.reason.data)
    except services.RegistrationError as error:
        flash(str(error), "error")
    else:
        flash(_("Members confirmed: %(c)d; on the waiting list: %(w)d; declined: %(d)d.",
                c=result["confirmed"], w=result["waitlisted"], d=result["declined"]), "success")
    return redirect(url_for("delegations.overview", delegation_id=delegation_id))


@bp.route("/<slug>/export.<fmt>")
def export(slug: str, fmt: str):
    convening = _organized_convening(slug)
    if fmt not in ("csv", "xlsx"):
        abort(404)
    filters = reporting.Filters.from_args(request.args)
    rows = reporting.member_rows(convening.id, filters)
    name = f"{convening.slug}-registrations"
    if fmt == "csv":
        return Response(reporting.export_csv(rows, convening.timezone), mimetype="text/csv",  # Werkzeug adds "; charset=utf-8"
                        headers={"Content-Disposition": f"attachment; filename={name}.csv"})
    return Response(reporting.export_xlsx(rows, convening.slug, convening.timezone),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename={name}.xlsx"})


@bp.route("/<slug>/roster")
def roster(slug: str):
    convening = _organized_convening(slug)
    filters = reporting.Filters.from_args(request.args or {"state": CONFIRMED})
    groups = reporting.group_by_delegation(reporting.member_rows(convening.id, filters))
    return render_template("delegations/roster.html", convening=convening, groups=groups, filters=filters)


@bp.route("/<slug>/badges")
def badges(slug: str):
    convening = _organized_convening(slug)
    filters = reporting.Filters.from_args(request.args or {"state": CONFIRMED})
    rows = reporting.member_rows(convening.id, filters)
    return render_template("delegations/badges.html", convening=convening, rows=rows, filters=filters)


@bp.route("/d/<int:delegation_id>/members/<int:member_id>/letter")
def letter(delegation_id: int, member_id: int):
    delegation = _delegation(delegation_id, reviews_delegation)
    member = _member(delegation, member_id)
    if not member.visa_letter or member.status != CONFIRMED:
        flash(_("Visa letters are issued for confirmed members who asked for one."), "error")
        return redirect(url_for("delegations.overview", delegation_id=delegation_id))
    convening = db.session.get(Convening, delegation.convening_id)
    settings = _settings(convening)
    organization = db.session.get(Organization, member.organization_id) if member.organization_id else None
    texts = reporting.letter_texts(settings, convening, member, organization)
    return render_template("delegations/letter.html", convening=convening, member=member, texts=texts,
                           settings=settings, delegation=delegation)


@bp.route("/<slug>/organizations", methods=["GET", "POST"])
def organizations(slug: str):
    """Organizations proposed by leads, for organizers to verify."""
    convening = _organized_convening(slug)
    proposed_query = db.select(Organization).where(Organization.verified.is_(False), Organization.id.in_(
        db.select(DelegationOrganization.organization_id)
        .join(Delegation, Delegation.id == DelegationOrganization.delegation_id)
        .where(Delegation.convening_id == convening.id))).order_by(Organization.slug)
    if request.method == "POST":
        organization_id = request.form.get("organization_id", type=int)
        organization = db.session.scalar(proposed_query.where(Organization.id == organization_id))
        if organization is None:
            abort(404)
        with write_transaction(db.session):
            verify_organization(organization)
        flash(_("%(name)s is verified.", name=str(organization.name)), "success")
        return redirect(url_for("delegations.organizations", slug=slug))
    rows = list(db.session.scalars(proposed_query))
    return render_template("delegations/organizations.html", convening=convening, organizations=rows,
                           KIND_LABELS=KIND_LABELS)


# --- hooks ----------------------------------------------------------------------------------------

def _public_section(convening):
    settings = db.session.get(services.RegistrationSettings, convening.id)
    orgs, people = reporting.public_participants(convening.id)
    mine = None
    if current_user.is_authenticated:
        mine = services.lead_delegation(convening.id, current_user.id)
    state = services.registration_state(settings or services.RegistrationSettings(),
                                        convening_status=convening.status)
    if state == "closed" and not (orgs or people or mine):
        return None  # an archived convening with no registrations here: nothing to say
    return signals.Section("delegations/_public_section.html", order=30, context={
        "registration": {"convening": convening, "settings": settings, "organizations": orgs, "people": people,
                         "mine": mine, "state": state}})


def _admin_links(convening):
    if not organizes(current_user, convening):
        return []
    return [
        (url_for("delegations.dashboard", slug=convening.slug), _l("Registration dashboard")),
        (url_for("delegations.delegations", slug=convening.slug), _l("Delegations to review")),
        (url_for("delegations.settings", slug=convening.slug), _l("Registration settings")),
    ]


def init_app(app) -> None:
    signals.convening_sections.connect(_public_section)
    signals.convening_admin_links.connect(_admin_links)
