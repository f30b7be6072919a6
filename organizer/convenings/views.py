from __future__ import annotations

from types import SimpleNamespace

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..accounts.permissions import can, require, site_admin
from ..i18n.collation import collation_key
from ..i18n.locale import current_language
from ..platform import http_cache, signals
from ..platform.errors import form_error
from ..platform.loader import checked, load_or_404
from ..templating import add_nav_item
from . import caching, services
from .forms import AddOrganizationForm, AddPersonForm, ConveningForm, OrganizerForm
from .labels import KIND_LABELS, ORGANIZATION_ROLE_LABELS, PERSON_ROLE_LABELS, STATUS_LABELS
from .models import Convening, ConveningOrganization, ConveningPerson, site_working_languages
from .permissions import can_view, creates_convenings, organizes

bp = Blueprint("convenings", __name__, url_prefix="/<lang:lang_code>/convenings", template_folder="templates")

LABELS = dict(kind_labels=KIND_LABELS, status_labels=STATUS_LABELS, org_role_labels=ORGANIZATION_ROLE_LABELS,
              person_role_labels=PERSON_ROLE_LABELS)


def _render(template, **context):
    return render_template(template, **LABELS, **context)


def _get_or_404(slug: str, page: bool = False, **policy) -> Convening:
    """The convening, loaded for its page (``page``) or plainly, checked by the platform loader's
    policy: ``visible=can_view`` (drafts exist only for their organizers: others get a 404, as if
    there were nothing), ``permission=organizes`` (401 anonymous, 403 signed in)."""
    return checked(services.load_page(slug) if page else services.get(slug), **policy)


@bp.route("/")
def index():
    return _render("convenings/index.html", index=services.index(current_user),
                   can_create=creates_convenings(current_user))


@bp.route("/<slug>/")
def show(slug: str):
    # For anonymous visitors from the shared cache, keyed by the convening's stamp (its rows, its
    # participants, its releases and declarations renew it); kept a minute at most, since the
    # registration's state follows the clock.
    return http_cache.serve(f"convenings.show:{slug}", [caching.stamp(slug)], lambda: _show(slug),
                            timeout=current_app.config["CACHE_PAGE_MAX_AGE"])


def _show(slug: str):
    convening = _get_or_404(slug, page=True, visible=can_view)
    is_organizer = organizes(current_user, convening)
    admin_links = signals.collect(signals.convening_admin_links, convening) if is_organizer else []
    return _render(
        "convenings/show.html", convening=convening, hosts=services.hosts(convening),
        by_country=services.organizations_by_country(convening), people=services.public_people(convening),
        sections=signals.sections(signals.convening_sections, convening), admin_links=admin_links,
        is_organizer=is_organizer, working_languages=convening.languages,
        switcher_languages=services.page_languages(convening))


def _apply(form: ConveningForm, convening: Convening) -> None:
    for name in ("title", "subtitle", "description", "city", "venue"):
        getattr(form, name).populate_obj(convening, name)
    convening.kind = form.kind.data
    convening.status = form.status.data
    convening.countries = list(form.countries.data or [])
    convening.working_languages = services.working_languages_choice(form.working_languages.data)
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
        form.working_languages.data = site_working_languages()
    if form.validate_on_submit():
        convening = Convening()
        _apply(form, convening)
        services.save(convening, form.goal_texts(), current_user)
        flash(_("The convening is created. You are its organizer."), "success")
        return redirect(url_for("convenings.show", slug=convening.slug))
    return _render("convenings/form.html", form=form, convening=None, source=None)


@bp.route("/<slug>/copy", methods=["GET", "POST"])
def copy(slug: str):
    source = _get_or_404(slug, page=True, visible=can_view)
    require(creates_convenings)
    form = ConveningForm(data=None if request.method == "POST" else {
        **services.copy_fields(source), "status": "draft",
        "goals": [SimpleNamespace(text=g.text) for g in source.goals]})
    if form.validate_on_submit():
        convening = Convening()
        _apply(form, convening)
        services.save(convening, form.goal_texts(), current_user)
        services.copy_participants(source, convening)
        flash(_("The new convening is created from %(title)s. Check its dates and hosts.",
                title=source.title.resolve(services_language()).text), "success")
        return redirect(url_for("convenings.show", slug=convening.slug))
    return _render("convenings/form.html", form=form, convening=None, source=source)


def services_language() -> str:
    return current_language()


@bp.route("/<slug>/edit", methods=["GET", "POST"])
def edit(slug: str):
    convening = _get_or_404(slug, page=True, permission=organizes)
    form = ConveningForm(obj=convening if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.change_slug(convening, form.slug.data)
        except services.ConveningError as error:
            form_error(form, error)
        else:
            _apply(form, convening)
            services.save(convening, form.goal_texts())
            flash(_("The convening is saved."), "success")
            return redirect(url_for("convenings.show", slug=convening.slug))
    return _render("convenings/form.html", form=form, convening=convening, source=None)


# ---------------------------------------------------------------------------------------------- participants

@bp.route("/<slug>/participants", methods=["GET"])
def participants(slug: str, org_form=None, person_form=None):
    convening = _get_or_404(slug, page=True, permission=organizes)
    q_org = request.args.get("q_org", "").strip()
    q_person = request.args.get("q_person", "").strip()
    return _render(
        "convenings/participants.html", convening=convening,
        by_country=services.organizations_by_country(convening),
        people=sorted(convening.people, key=lambda r: collation_key(r.person.name)),
        q_org=q_org, q_person=q_person,
        org_results=services.find_organizations(q_org) if q_org else [],
        person_results=services.find_people(q_person) if q_person else [],
        org_form=org_form or AddOrganizationForm(), person_form=person_form or AddPersonForm())


@bp.route("/<slug>/participants/organizations", methods=["POST"])
def add_organization(slug: str):
    convening = _get_or_404(slug, permission=organizes)
    form = AddOrganizationForm()
    if form.validate_on_submit():
        org = services.organization_by_slug(form.organization.data)
        if org is None:
            form.organization.errors.append(_("There is no organization with this short name."))
        else:
            added = services.add_organization(convening, org, form.role.data, form.note.data)
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
    convening = _get_or_404(slug, permission=organizes)
    form = AddPersonForm()
    if form.validate_on_submit():
        person = services.person_by_slug(form.person.data)
        org = None
        if form.organization.data:
            org = services.organization_by_slug(form.organization.data)
            if org is None:
                form.organization.errors.append(_("There is no organization with this short name."))
        if person is None:
            form.person.errors.append(_("There is no person with this short name."))
        if not form.errors and person is not None and (org is not None or not form.organization.data):
            added = services.add_person(convening, person, form.role.data, org)
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
    convening = _get_or_404(slug, permission=organizes)
    row = load_or_404(model, row_id, convening_id=convening.id)
    services.remove_participation(row)
    flash(message, "success")
    return redirect(url_for("convenings.participants", slug=slug))


# ---------------------------------------------------------------------------------------------- organizers

@bp.route("/<slug>/organizers", methods=["GET", "POST"])
def organizers(slug: str):
    convening = _get_or_404(slug, permission=organizes)
    form = OrganizerForm()
    if request.method == "POST":
        require(site_admin)
        if form.validate_on_submit():
            try:
                user = services.add_organizer(convening, form.email.data)
            except services.ConveningError as error:
                form_error(form, error)
            else:
                flash(_("%(name)s now organizes this convening.", name=user.name), "success")
                return redirect(url_for("convenings.organizers", slug=slug))
    return _render("convenings/organizers.html", convening=convening, rows=services.organizers(convening),
                   form=form, is_admin=site_admin(current_user))


@bp.route("/<slug>/organizers/<int:user_id>/remove", methods=["POST"])
def remove_organizer(slug: str, user_id: int):
    convening = _get_or_404(slug)
    require(site_admin)
    services.remove_organizer(convening, user_id)
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


def _home_section(_app):
    upcoming, recent, announced = services.home_lists()
    if not upcoming and not recent and not announced:
        return None
    return signals.Section("convenings/_home.html", order=10,
                           context=dict(upcoming=upcoming, recent=recent, announced=announced, **LABELS))


def _convening_titles(_app, ids=()) -> dict:
    """Receiver of ``signals.convening_titles``."""
    return services.titles_by_id(ids)


def _organized_convening_ids(user) -> set[int]:
    """Receiver of ``signals.organized_convening_ids``."""
    return services.organized_ids(user)



def shown_status(convening) -> str:
    """The status a badge shows: the first answer of the ``convening_shown_status`` signal (the
    registration domain derives it from its dates), else the stored status."""
    for status in signals.collect(signals.convening_shown_status, convening):
        return status
    return convening.status


def init_app(app) -> None:
    from .citations import citations_of
    from .labels import convening_place

    caching.init_app()

    app.jinja_env.globals["convening_place"] = convening_place
    app.jinja_env.globals["citations_of"] = citations_of
    app.jinja_env.globals["shown_status"] = shown_status
    add_nav_item(app, "convenings.index", _l("Convenings"), order=10)
    signals.convening_admin_links.connect(_admin_links)
    signals.convening_titles.connect(_convening_titles)
    signals.organized_convening_ids.connect(_organized_convening_ids)
    signals.home_sections.connect(_home_section)
