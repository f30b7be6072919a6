from __future__ import annotations

from types import SimpleNamespace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import hooks
from ..accounts.permissions import can, require, site_admin
from ..extensions import db
from ..i18n.text import fold
from ..organizations.labels import country_name
from ..organizations.models import Organization, Person
from ..templating import add_nav_item
from . import services
from .forms import AddOrganizationForm, AddPersonForm, ConveningForm, OrganizerForm
from .labels import KIND_LABELS, ORGANIZATION_ROLE_LABELS, PERSON_ROLE_LABELS, STATUS_LABELS
from .models import Convening, ConveningOrganization, ConveningPerson
from .permissions import can_view, creates_convenings, organizes

bp = Blueprint("convenings", __name__, url_prefix="/<lang:lang_code>/convenings", template_folder="templates")

LABELS = dict(kind_labels=KIND_LABELS, status_labels=STATUS_LABELS, org_role_labels=ORGANIZATION_ROLE_LABELS,
              person_role_labels=PERSON_ROLE_LABELS, country_name=country_name)


def _render(template, **context):
    return render_template(template, **LABELS, **context)


def _get_or_404(slug: str, page: bool = False) -> Convening:
    convening = services.load_page(slug) if page else services.get(slug)
    if convening is None:
        abort(404)
    return convening


def _visible(convening: Convening) -> None:
    """Drafts exist only for their organizers: others get a 404, as if there were nothing."""
    if not can_view(current_user, convening):
        abort(404)


@bp.route("/")
def index():
    return _render("convenings/index.html", index=services.index(current_user),
                   can_create=creates_convenings(current_user))


@bp.route("/<slug>/")
def show(slug: str):
    convening = _get_or_404(slug, page=True)
    _visible(convening)
    is_organizer = organizes(current_user, convening)
    admin_links = hooks.call("convening_admin_links", convening) if is_organizer else []
    return _render(
        "convenings/show.html", convening=convening, hosts=services.hosts(convening),
        by_country=services.organizations_by_country(convening), people=services.public_people(convening),
        sections=hooks.sections("convening_sections", convening), admin_links=admin_links,
        is_organizer=is_organizer)


def _apply(form: ConveningForm, convening: Convening) -> None:
    for name in ("title", "subtitle", "description", "city", "venue"):
        getattr(form, name).populate_obj(convening, name)
    convening.kind = form.kind.data
    convening.status = form.status.data
    convening.countries = list(form.countries.data or [])
    convening.country = form.country.data or None
    convening.timezone = form.timezone.data
    convening.start = form.start.partial
    convening.end = form.end.partial


@bp.route("/new", methods=["GET", "POST"])
def create():
    require(creates_convenings)
    form = ConveningForm()
    if request.method == "GET":
        form.status.data = "draft"
        form.timezone.data = "America/Mexico_City"
    if form.validate_on_submit():
        convening = Convening()
        _apply(form, convening)
        services.save(convening, form.goal_texts(), current_user)
        db.session.commit()
        flash(_("The convening is created. You are its organizer."), "success")
        return redirect(url_for("convenings.show", slug=convening.slug))
    return _render("convenings/form.html", form=form, convening=None, source=None)


@bp.route("/<slug>/copy", methods=["GET", "POST"])
def copy(slug: str):
    source = _get_or_404(slug, page=True)
    _visible(source)
    require(creates_convenings)
    form = ConveningForm(data=None if request.method == "POST" else {
        **services.copy_fields(source), "status": "draft",
        "goals": [SimpleNamespace(text=g.text) for g in source.goals]})
    if form.validate_on_submit():
        convening = Convening()
        _apply(form, convening)
        services.save(convening, form.goal_texts(), current_user)
        services.copy_participants(source, convening)
        db.session.commit()
        flash(_("The new convening is created from %(title)s. Check its dates and hosts.",
                title=source.title.resolve(services_language()).text), "success")
        return redirect(url_for("convenings.show", slug=convening.slug))
    return _render("convenings/form.html", form=form, convening=None, source=source)


def services_language() -> str:
    from ..i18n.locale import current_language

    return current_language()


@bp.route("/<slug>/edit", methods=["GET", "POST"])
def edit(slug: str):
    convening = _get_or_404(slug, page=True)
    require(organizes, convening)
    form = ConveningForm(obj=convening if request.method == "GET" else None)
    if form.validate_on_submit():
        _apply(form, convening)
        services.save(convening, form.goal_texts())
        db.session.commit()
        flash(_("The convening is saved."), "success")
        return redirect(url_for("convenings.show", slug=convening.slug))
    return _render("convenings/form.html", form=form, convening=convening, source=None)


# ---------------------------------------------------------------------------------------------- participants

@bp.route("/<slug>/participants", methods=["GET"])
def participants(slug: str, org_form=None, person_form=None):
    convening = _get_or_404(slug, page=True)
    require(organizes, convening)
    q_org = request.args.get("q_org", "").strip()
    q_person = request.args.get("q_person", "").strip()
    return _render(
        "convenings/participants.html", convening=convening,
        by_country=services.organizations_by_country(convening),
        people=sorted(convening.people, key=lambda r: fold(r.person.name)),
        q_org=q_org, q_person=q_person,
        org_results=services.find_organizations(q_org) if q_org else [],
        person_results=services.find_people(q_person) if q_person else [],
        org_form=org_form or AddOrganizationForm(), person_form=person_form or AddPersonForm())


@bp.route("/<slug>/participants/organizations", methods=["POST"])
def add_organization(slug: str):
    convening = _get_or_404(slug)
    require(organizes, convening)
    form = AddOrganizationForm()
    if form.validate_on_submit():
        org = db.session.scalar(db.select(Organization).where(Organization.slug == form.organization.data.strip()))
        if org is None:
            form.organization.errors.append(_("There is no organization with this short name."))
        else:
            added = services.add_organization(convening, org, form.role.data, form.note.data)
            db.session.commit()
            if added:
                flash(_("%(name)s is added as %(role)s.", name=org.name.resolve(services_language()).text,
                        role=ORGANIZATION_ROLE_LABELS[form.role.data]), "success")
            else:
                flash(_("%(name)s already has this role.", name=org.name.resolve(services_language()).text), "error")
            return redirect(url_for("convenings.participants", slug=slug))
    return participants(slug, org_form=form)


@bp.route("/<slug>/participants/organizations/<int:row_id>/remove", methods=["POST"])
def remove_organization(slug: str, row_id: int):
    return _remove_participant(slug, ConveningOrganization, row_id,
                               _("The organization is removed from this convening."))


@bp.route("/<slug>/participants/people", methods=["POST"])
def add_person(slug: str):
    convening = _get_or_404(slug)
    require(organizes, convening)
    form = AddPersonForm()
    if form.validate_on_submit():
        person = db.session.scalar(db.select(Person).where(Person.slug == form.person.data.strip()))
        org = None
        if form.organization.data:
            org = db.session.scalar(db.select(Organization).where(Organization.slug == form.organization.data.strip()))
            if org is None:
                form.organization.errors.append(_("There is no organization with this short name."))
        if person is None:
            form.person.errors.append(_("There is no person with this short name."))
        if not form.errors and person is not None and (org is not None or not form.organization.data):
            added = services.add_person(convening, person, form.role.data, org)
            db.session.commit()
            if added:
                flash(_("%(name)s is added as %(role)s.", name=person.name, role=PERSON_ROLE_LABELS[form.role.data]), "success")
            else:
                flash(_("%(name)s already has this role.", name=person.name), "error")
            return redirect(url_for("convenings.participants", slug=slug))
    return participants(slug, person_form=form)


@bp.route("/<slug>/participants/people/<int:row_id>/remove", methods=["POST"])
def remove_person(slug: str, row_id: int):
    return _remove_participant(slug, ConveningPerson, row_id, _("The person is removed from this convening."))


def _remove_participant(slug: str, model, row_id: int, message: str):
    """Remove one participation row of this convening (a row of another convening is not found)."""
    convening = _get_or_404(slug)
    require(organizes, convening)
    row = db.session.get(model, row_id)
    if row is None or row.convening_id != convening.id:
        abort(404)
    services.remove_participation(row)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("convenings.participants", slug=slug))


# ---------------------------------------------------------------------------------------------- organizers

@bp.route("/<slug>/organizers", methods=["GET", "POST"])
def organizers(slug: str):
    convening = _get_or_404(slug)
    require(organizes, convening)
    form = OrganizerForm()
    if request.method == "POST":
        require(site_admin)
        if form.validate_on_submit():
            user = services.add_organizer(convening, form.email.data)
            if user is None:
                form.email.errors.append(_("No account uses this email address. Ask the person to sign up first."))
            else:
                db.session.commit()
                flash(_("%(name)s now organizes this convening.", name=user.name), "success")
                return redirect(url_for("convenings.organizers", slug=slug))
    return _render("convenings/organizers.html", convening=convening, rows=services.organizers(convening),
                   form=form, is_admin=site_admin(current_user))


@bp.route("/<slug>/organizers/<int:user_id>/remove", methods=["POST"])
def remove_organizer(slug: str, user_id: int):
    convening = _get_or_404(slug)
    require(site_admin)
    services.remove_organizer(convening, user_id)
    db.session.commit()
    flash(_("The organizer is removed."), "success")
    return redirect(url_for("convenings.organizers", slug=slug))


# ---------------------------------------------------------------------------------------------- hooks

def _admin_links(convening: Convening):
    if not can(organizes, convening):
        return []
    return [
        (url_for("convenings.edit", slug=convening.slug), _("Edit the convening")),
        (url_for("convenings.participants", slug=convening.slug), _("Participating organizations and people")),
        (url_for("convenings.organizers", slug=convening.slug), _("Organizers")),
        (url_for("convenings.copy", slug=convening.slug), _("Start a new convening from this one")),
    ]


def _home_section():
    upcoming, recent = services.home_lists()
    if not upcoming and not recent:
        return None
    return hooks.Section("convenings/_home.html", order=10, context=dict(upcoming=upcoming, recent=recent, **LABELS))


def shown_status(convening) -> str:
    """The status a badge shows: the first answer of the ``convening_shown_status`` hook (the
    registration domain derives it from its dates), else the stored status."""
    for status in hooks.call("convening_shown_status", convening):
        return status
    return convening.status


def init_app(app) -> None:
    app.jinja_env.globals["shown_status"] = shown_status
    add_nav_item(app, "convenings.index", _l("Convenings"), order=10)
    hooks.add(app, "convening_admin_links", _admin_links)
    hooks.add(app, "home_sections", _home_section)
