"""The archive's pages: the directory (``/organizations/``), organization pages and their forms,
person pages and their forms (``/people/``), and the site search (``/search/``). Blueprint names
and URLs are those the pages had in ``organizations``."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..accounts.permissions import require
from ..convenings.labels import KIND_LABELS as CONVENING_KIND_LABELS
from ..convenings.labels import ORGANIZATION_ROLE_LABELS, PERSON_ROLE_LABELS, STATUS_LABELS
from ..database import db_int
from ..i18n.formatting import PartialDate, format_partial
from ..i18n.locale import current_language
from ..organizations import services
from ..organizations.labels import KIND_LABELS, SECTOR_LABELS, init_filters
from ..organizations.models import ORGANIZATION_KINDS, SECTORS, Organization, Person
from ..platform import http_cache
from ..platform.errors import form_error
from ..platform.loader import checked, load_or_404
from ..security import safe_next
from ..templating import add_nav_item
from . import caching, queries
from .forms import OrganizationForm, PersonForm
from .permissions import edits_organizations

bp = Blueprint("organizations", __name__, url_prefix="/<lang:lang_code>/organizations", template_folder="templates")
people_bp = Blueprint("people", __name__, url_prefix="/<lang:lang_code>/people", template_folder="templates")
search_bp = Blueprint("search", __name__, url_prefix="/<lang:lang_code>/search", template_folder="templates")

FILTERS = ("country", "kind", "sector", "network")
LABELS = dict(kind_labels=KIND_LABELS, sector_labels=SECTOR_LABELS, org_role_labels=ORGANIZATION_ROLE_LABELS,
              person_role_labels=PERSON_ROLE_LABELS, convening_kind_labels=CONVENING_KIND_LABELS,
              convening_status_labels=STATUS_LABELS)


def _render(template: str, status: int = 200, **context):
    return render_template(f"archive/{template}", **LABELS, **context), status


def _filters() -> dict[str, str | None]:
    filters = {name: (request.args.get(name) or "").strip() or None for name in FILTERS}
    if filters["kind"] not in ORGANIZATION_KINDS:
        filters["kind"] = None
    if filters["sector"] not in SECTORS:
        filters["sector"] = None
    if filters["country"] and (len(filters["country"]) > 3 or not filters["country"].isalpha()):
        filters["country"] = None
    return filters


def filter_url(filters: dict, **changes) -> str:
    args = {k: v for k, v in {**filters, **changes}.items() if v}
    return url_for("organizations.directory") + (("?" + urlencode(args)) if args else "")


# The public pages below answer anonymous visitors from the shared cache (``archive.caching``):
# the directory, organization and person pages are keyed by the ``directory`` stamp, the search by
# the ``search`` stamp; only the parameters in ``vary`` make another page (the others are hidden
# from the render). Signed-in visitors get a fresh, private page (with the edit links).
DIRECTORY_VARY = (*FILTERS, "page")
SEARCH_VARY = ("q",)


@bp.route("/")
def directory():
    return http_cache.serve("organizations.directory", [caching.DIRECTORY], _directory, vary=DIRECTORY_VARY)


def _directory():
    filters = _filters()
    page = db_int(request.args.get("page"), 1)  # not a number, or beyond the database's integers: 1
    result = queries.directory(filters, page)
    return _render("directory.html", result=result, filters=filters, filter_url=filter_url,
                   can_edit=edits_organizations(current_user))


@bp.route("/<slug>/")
def show(slug: str):
    return http_cache.serve(f"organizations.show:{slug}", [caching.DIRECTORY], lambda: _show(slug))


def _show(slug: str):
    page = queries.organization_page(slug)
    checked(page.organization if page else None, visible=_sees_organization)
    return _render("show.html", page=page, org=page.organization, can_edit=edits_organizations(current_user))


def _sees_organization(user, org: Organization) -> bool:
    """Unverified organizations are seen by the directory's editors only."""
    return org.verified or edits_organizations(user)


def _parent(form: OrganizationForm) -> tuple[bool, Organization | None]:
    if not form.parent_slug.data:
        return True, None
    parent = services.organization_by_slug(form.parent_slug.data)
    if parent is None:
        form.parent_slug.errors.append(_("There is no organization with this short name."))
        return False, None
    return True, parent


def _save(form: OrganizationForm, org: Organization | None):
    """Validate, then create or update through the service. Returns (saved organization or None,
    the duplicates found)."""
    if not form.validate_on_submit():
        return None, []
    ok, parent = _parent(form)
    if not ok:
        return None, []
    fields = dict(name=form.name.data or None, acronym=form.acronym.data or None, country=form.country.data,
                  kind=form.kind.data, sectors=form.sectors.data or [], networks=form.member_of.data or [],
                  parent=parent, website=form.website.data or None, description=form.description.data or None)
    try:
        if org is None:
            return services.create_organization(**fields), []
        return services.update_organization(org, **fields), []
    except services.OrganizationError as error:  # the request's work is rolled back
        form_error(form, error, default_field="name")
        return None, getattr(error, "duplicates", [])


@bp.route("/new", methods=["GET", "POST"])
def create():
    require(edits_organizations)
    form = OrganizationForm(networks=services.network_choices())
    org, duplicates = _save(form, None) if request.method == "POST" else (None, [])
    if org is not None:
        flash(_("The organization is saved."), "success")
        return redirect(url_for("organizations.show", slug=org.slug))
    return _render("form.html", 400 if request.method == "POST" else 200, form=form, org=None, duplicates=duplicates)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
def edit(slug: str):
    require(edits_organizations)
    org = load_or_404(Organization, slug=slug)
    form = OrganizationForm(obj=org if request.method == "GET" else None, networks=services.network_choices())
    if request.method == "GET":
        form.sectors.data = org.sectors
        form.member_of.data = services.network_ids(org)
        form.parent_slug.data = services.organization_slug(org.parent_id)
    saved, duplicates = _save(form, org) if request.method == "POST" else (None, [])
    if saved is not None:
        flash(_("The organization is saved."), "success")
        return redirect(url_for("organizations.show", slug=org.slug))
    return _render("form.html", 400 if request.method == "POST" else 200, form=form, org=org, duplicates=duplicates)


@people_bp.route("/<slug>/")
def person(slug: str):
    return http_cache.serve(f"people.person:{slug}", [caching.DIRECTORY], lambda: _person(slug))


def _person(slug: str):
    editor = edits_organizations(current_user)
    page = checked(queries.person_page(slug, include_private=editor))
    return _render("person.html", page=page, person=page.person, can_edit=editor)


def _save_person(form: PersonForm, person: Person | None):
    if not form.validate_on_submit():
        return None, []
    organization = None
    if form.organization.data:
        # By name or acronym, in any language, accents and case ignored ("SEIU 721"); the short
        # name in the address still works.
        organization = services.organization_named(form.organization.data)
        if organization is None:
            form.organization.errors.append(_("No organization has this name or acronym. Check the spelling, "
                                              "or add the organization to the directory first."))
            return None, []
    duplicates = services.find_people_named(form.name.data, exclude_id=person.id if person else None)
    if duplicates and not request.form.get("confirm_duplicate"):
        form.name.errors.append(_("A person with this name is already recorded. Check the list below."))
        return None, duplicates
    target = person or Person()
    target.name = form.name.data.strip()
    target.country = form.country.data or None
    target.is_public = bool(form.is_public.data)
    services.save_person(target, organization, form.title.data, form.as_of.data or None)
    return target, []


@people_bp.route("/new", methods=["GET", "POST"])
def create_person():
    require(edits_organizations)
    form = PersonForm()
    saved, duplicates = _save_person(form, None) if request.method == "POST" else (None, [])
    if saved is not None:
        flash(_("The person is saved."), "success")
        return redirect(request.args.get("back") if _safe_back() else url_for("people.person", slug=saved.slug))
    return _render("person_form.html", 400 if request.method == "POST" else 200, form=form, person=None,
                   duplicates=duplicates)


@people_bp.route("/<slug>/edit", methods=["GET", "POST"])
def edit_person(slug: str):
    require(edits_organizations)
    person = load_or_404(Person, slug=slug)
    form = PersonForm(obj=person if request.method == "GET" else None)
    saved, duplicates = _save_person(form, person) if request.method == "POST" else (None, [])
    if saved is not None:
        flash(_("The person is saved."), "success")
        return redirect(url_for("people.person", slug=person.slug))
    return _render("person_form.html", 400 if request.method == "POST" else 200, form=form, person=person,
                   duplicates=duplicates)


def _safe_back() -> bool:
    back = request.args.get("back")
    return bool(back) and safe_next(back, "") == back


@search_bp.route("/")
def search():
    return http_cache.serve("search.search", [caching.SEARCH], _search, vary=SEARCH_VARY)


def _search():
    query = (request.args.get("q") or "").replace("\x00", "").strip()[:200]
    results = queries.search(query, language=current_language()) if query else None
    return _render("search.html", query=query, results=results, search_url=search_url)


def search_url(hit) -> str:
    """The page of a search result."""
    if hit.kind == "session":
        return url_for("agenda.session_page", slug=hit.parent_slug, guid=hit.slug)
    endpoint = {"convening": "convenings.show", "organization": "organizations.show", "person": "people.person",
                "declaration": "declarations.show"}[hit.kind]
    return url_for(endpoint, slug=hit.slug)


def _partial_date_text(value) -> str:
    try:
        return format_partial(PartialDate.parse(value)) if value else ""
    except ValueError:
        return str(value)


def init_app(app) -> None:
    caching.init_app()
    init_filters(app)
    app.jinja_env.filters["partial_date_text"] = _partial_date_text
    app.register_blueprint(people_bp)
    app.register_blueprint(search_bp)
    add_nav_item(app, "organizations.directory", _l("Organizations"), order=20)
    add_nav_item(app, "search.search", _l("Search"), order=90)
