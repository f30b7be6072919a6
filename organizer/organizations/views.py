from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ..accounts.permissions import require
from ..extensions import db
from ..templating import add_nav_item
from . import services
from .forms import OrganizationForm, PersonForm
from .labels import KIND_LABELS, SECTOR_LABELS, country_name
from .models import ORGANIZATION_KINDS, SECTORS, Organization, Person
from .permissions import edits_organizations

bp = Blueprint("organizations", __name__, url_prefix="/<lang:lang_code>/organizations", template_folder="templates")
people_bp = Blueprint("people", __name__, url_prefix="/<lang:lang_code>/people", template_folder="templates")
search_bp = Blueprint("search", __name__, url_prefix="/<lang:lang_code>/search", template_folder="templates")

FILTERS = ("country", "kind", "sector", "network")


def _labels() -> dict:
    from ..convenings.labels import KIND_LABELS as CONVENING_KIND_LABELS
    from ..convenings.labels import ORGANIZATION_ROLE_LABELS, PERSON_ROLE_LABELS

    return dict(kind_labels=KIND_LABELS, sector_labels=SECTOR_LABELS, country_name=country_name,
                org_role_labels=ORGANIZATION_ROLE_LABELS, person_role_labels=PERSON_ROLE_LABELS,
                convening_kind_labels=CONVENING_KIND_LABELS)


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


@bp.route("/")
def directory():
    filters = _filters()
    page = request.args.get("page", 1, type=int)  # beyond the database's integers: 1
    result = services.directory(filters, page)
    return render_template("organizations/directory.html", result=result, filters=filters, filter_url=filter_url,
                           can_edit=edits_organizations(current_user), **_labels())


@bp.route("/<slug>/")
def show(slug: str):
    page = services.organization_page(slug)
    if page is None or (not page.organization.verified and not edits_organizations(current_user)):
        abort(404)
    return render_template("organizations/show.html", page=page, org=page.organization,
                           can_edit=edits_organizations(current_user), **_labels())


def _parent(form: OrganizationForm, org: Organization | None) -> tuple[bool, Organization | None]:
    if not form.parent_slug.data:
        return True, None
    parent = db.session.scalar(db.select(Organization).where(Organization.slug == form.parent_slug.data.strip()))
    if parent is None:
        form.parent_slug.errors.append(_("There is no organization with this short name."))
        return False, None
    if org is not None and parent.id == org.id:
        form.parent_slug.errors.append(_("An organization cannot be its own parent."))
        return False, None
    return True, parent


def _save(form: OrganizationForm, org: Organization | None):
    """Validate (with the duplicate check), then save. Returns the saved organization or None."""
    if not form.validate_on_submit():
        return None, []
    ok, parent = _parent(form, org)
    duplicates = services.find_duplicates(form.name.data, form.acronym.data, form.country.data,
                                          exclude_id=org.id if org else None)
    if duplicates:
        form.name.errors.append(_("An organization with this name or acronym already exists in this country."))
    if not ok or duplicates:
        return None, duplicates
    target = org or Organization(verified=True)
    for name in ("name", "acronym", "description"):
        getattr(form, name).populate_obj(target, name)
    target.country = form.country.data
    target.kind = form.kind.data
    target.website = form.website.data or None
    target.parent_id = parent.id if parent else None
    services.save_organization(target, sectors=form.sectors.data or [], networks=form.member_of.data or [])
    return target, []


@bp.route("/new", methods=["GET", "POST"])
def create():
    require(edits_organizations)
    form = OrganizationForm(networks=services.network_choices())
    org, duplicates = _save(form, None) if request.method == "POST" else (None, [])
    if org is not None:
        db.session.commit()
        flash(_("The organization is saved."), "success")
        return redirect(url_for("organizations.show", slug=org.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("organizations/form.html", form=form, org=None, duplicates=duplicates, **_labels()), status


@bp.route("/<slug>/edit", methods=["GET", "POST"])
def edit(slug: str):
    require(edits_organizations)
    org = db.session.scalar(db.select(Organization).where(Organization.slug == slug).options(
        joinedload(Organization.parent)))
    if org is None:
        abort(404)
    form = OrganizationForm(obj=org if request.method == "GET" else None, networks=services.network_choices())
    if request.method == "GET":
        form.sectors.data = org.sectors
        form.member_of.data = services.network_ids(org)
        form.parent_slug.data = org.parent.slug if org.parent else ""
    saved, duplicates = _save(form, org) if request.method == "POST" else (None, [])
    if saved is not None:
        db.session.commit()
        flash(_("The organization is saved."), "success")
        return redirect(url_for("organizations.show", slug=org.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("organizations/form.html", form=form, org=org, duplicates=duplicates, **_labels()), status


@people_bp.route("/<slug>/")
def person(slug: str):
    editor = edits_organizations(current_user)
    page = services.person_page(slug, include_private=editor)
    if page is None:
        abort(404)
    return render_template("organizations/person.html", page=page, person=page.person, can_edit=editor, **_labels())


def _save_person(form: PersonForm, person: Person | None):
    if not form.validate_on_submit():
        return None, []
    organization = None
    if form.organization.data:
        organization = db.session.scalar(db.select(Organization).where(Organization.slug == form.organization.data.strip()))
        if organization is None:
            form.organization.errors.append(_("There is no organization with this short name."))
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
        db.session.commit()
        flash(_("The person is saved."), "success")
        return redirect(request.args.get("back") if _safe_back() else url_for("people.person", slug=saved.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("organizations/person_form.html", form=form, person=None, duplicates=duplicates,
                           **_labels()), status


@people_bp.route("/<slug>/edit", methods=["GET", "POST"])
def edit_person(slug: str):
    require(edits_organizations)
    person = db.session.scalar(db.select(Person).where(Person.slug == slug))
    if person is None:
        abort(404)
    form = PersonForm(obj=person if request.method == "GET" else None)
    saved, duplicates = _save_person(form, person) if request.method == "POST" else (None, [])
    if saved is not None:
        db.session.commit()
        flash(_("The person is saved."), "success")
        return redirect(url_for("people.person", slug=person.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("organizations/person_form.html", form=form, person=person, duplicates=duplicates,
                           **_labels()), status


def _safe_back() -> bool:
    from ..security import safe_next

    back = request.args.get("back")
    return bool(back) and safe_next(back, "") == back


@search_bp.route("/")
def search():
    query = (request.args.get("q") or "").strip()[:200]
    results = services.search(query) if query else None
    return render_template("organizations/search.html", query=query, results=results, **_labels())


def _partial_date_text(value) -> str:
    from ..i18n.formatting import PartialDate, format_partial

    try:
        return format_partial(PartialDate.parse(value)) if value else ""
    except ValueError:
        return str(value)


def init_app(app) -> None:
    from .labels import init_filters

    init_filters(app)
    app.jinja_env.filters["partial_date_text"] = _partial_date_text
    app.register_blueprint(people_bp)
    app.register_blueprint(search_bp)
    add_nav_item(app, "organizations.directory", _l("Organizations"), order=20)
    add_nav_item(app, "search.search", _l("Search"), order=90)
