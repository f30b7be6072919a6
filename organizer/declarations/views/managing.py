"""Pages for the convening's organizers: starting a declaration, its committee, its state, and the
constituency groups."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...accounts.permissions import require
from ...convenings.permissions import organizes
from .. import queries, services
from ..forms import DeclarationForm, EmailForm, GroupForm
from ..labels import STATUS_LABELS
from ..models import ConstituencyGroup  # noqa: I001
from ..permissions import organizes_declaration
from ..services import DeclarationError
from . import bp
from ._helpers import convening_or_404, load, owned_or_404, user_by_email


@bp.route("/new/<convening_slug>", methods=["GET", "POST"])
def new(convening_slug: str):
    convening = convening_or_404(convening_slug)
    require(organizes, convening)
    form = DeclarationForm()
    if form.validate_on_submit():
        declaration = services.create_declaration(convening, form.title.data, current_user)
        flash(_("The declaration is started. Name its drafting committee."), "success")
        return redirect(url_for("declarations.manage", slug=declaration.slug))
    return render_template("declarations/new.html", form=form, convening=convening)


@bp.route("/<slug>/manage", methods=["GET", "POST"])
def manage(slug: str):
    declaration, convening = load(slug)
    require(organizes_declaration, declaration)
    form = EmailForm()
    if form.validate_on_submit():
        user = user_by_email(form)
        if user is not None:
            services.set_committee(declaration, add_user=user, by=current_user)
            flash(_("%(name)s is on the drafting committee.", name=user.name), "success")
            return redirect(url_for("declarations.manage", slug=slug))
    return render_template("declarations/manage.html", declaration=declaration, convening=convening, form=form,
                           committee=queries.committee_of(declaration))


@bp.route("/<slug>/committee/<int:user_id>/remove", methods=["POST"])
def committee_remove(slug: str, user_id: int):
    declaration, _convening_row = load(slug)
    require(organizes_declaration, declaration)
    services.set_committee(declaration, remove_user_id=user_id)
    flash(_("Removed from the drafting committee."), "success")
    return redirect(url_for("declarations.manage", slug=slug))


@bp.route("/<slug>/status", methods=["POST"])
def set_status(slug: str):
    declaration, _convening_row = load(slug)
    require(organizes_declaration, declaration)
    status = request.form.get("status")
    try:
        services.set_status(declaration, status)
    except DeclarationError as error:
        flash(str(error.message), "error")
        return redirect(url_for("declarations.manage", slug=slug))
    flash(_("The declaration is now: %(status)s.", status=STATUS_LABELS[status]), "success")
    return redirect(url_for("declarations.manage", slug=slug))


@bp.route("/groups/<convening_slug>", methods=["GET", "POST"])
def groups(convening_slug: str):
    convening = convening_or_404(convening_slug)
    require(organizes, convening)
    form = GroupForm(prefix="group")
    form.name.for_languages(queries.languages(convening))  # named in every working language of the convening
    if form.validate_on_submit():
        services.create_group(convening, form.name.data)
        flash(_("The constituency group is created."), "success")
        return redirect(url_for("declarations.groups", convening_slug=convening_slug))
    rows = queries.groups_of(convening.id)
    return render_template("declarations/groups.html", convening=convening, form=form, groups=rows,
                           members=queries.group_members([g.id for g in rows]), member_form=EmailForm(prefix="member"))


@bp.route("/groups/<convening_slug>/<int:group_id>/members", methods=["POST"])
def group_member_add(convening_slug: str, group_id: int):
    convening = convening_or_404(convening_slug)
    require(organizes, convening)
    group = owned_or_404(ConstituencyGroup, convening_id=convening.id, row_id=group_id)
    # Posted from a hand-written form per group; CSRFProtect has already checked its token.
    form = EmailForm(prefix="member", meta={"csrf": False})
    if form.validate():
        user = user_by_email(form)
        if user is not None:
            services.add_group_member(group, user)
            flash(_("%(name)s is a member of the group.", name=user.name), "success")
            return redirect(url_for("declarations.groups", convening_slug=convening_slug))
    flash(" ".join(str(e) for e in form.email.errors) or _("Please enter a valid email address."), "error")
    return redirect(url_for("declarations.groups", convening_slug=convening_slug))


@bp.route("/groups/<convening_slug>/<int:group_id>/members/<int:user_id>/remove", methods=["POST"])
def group_member_remove(convening_slug: str, group_id: int, user_id: int):
    convening = convening_or_404(convening_slug)
    require(organizes, convening)
    services.remove_group_member(owned_or_404(ConstituencyGroup, convening_id=convening.id, row_id=group_id), user_id)
    flash(_("Removed from the group."), "success")
    return redirect(url_for("declarations.groups", convening_slug=convening_slug))

