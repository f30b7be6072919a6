"""Pages for organizations signing on, and for the organizers who verify them."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ...accounts import throttle
from ...accounts.permissions import require
from ...i18n.collation import collation_key
from ...i18n.locale import current_language
from ...organizations.models import Organization
from .. import queries, services
from ..forms import SignOnForm
from ..models import (
    ADOPTED,
    SIG_PENDING,
    Signatory,  # noqa: I001
)
from ..permissions import can_read, organizes_declaration
from ..services import DeclarationError
from . import bp
from ._helpers import act, back, form_error, load, owned_or_404, readable, to_int


def _organization_choices():
    rows = queries.signing_organizations(services.SIGNING_KINDS)
    lang = current_language()
    choices = [(str(oid), name.resolve(lang).text) for oid, name in rows]
    return sorted(choices, key=lambda c: collation_key(c[1], lang))


@bp.route("/<slug>/sign", methods=["GET", "POST"])
def sign(slug: str):
    declaration, convening = load(slug)
    if declaration.status != ADOPTED:
        may_read = can_read(current_user, declaration, convening)
        if not (may_read or convening.is_public):
            abort(404)
        # Say when signing opens (a draft's title is shown only to those who may read the draft).
        return render_template("declarations/sign_closed.html", declaration=declaration if may_read else None,
                               convening=convening, readable=may_read, status=declaration.status)
    declaration, convening = readable(slug)
    if not declaration.signon_open:
        # Adopted, but closed to new signatures (the archive's declarations, unless opened).
        return render_template("declarations/sign_closed.html", declaration=declaration, convening=convening,
                               readable=True, status="closed",
                               is_organizer=organizes_declaration(current_user, declaration))
    form = SignOnForm(organization_choices=_organization_choices(),
                      data={"contact_language": current_language()} if request.method == "GET" else None)
    if request.method == "GET" and current_user.is_authenticated:
        form.contact_email.data = current_user.email
        form.contact_language.data = current_user.preferred_language
    if form.validate_on_submit() and (refused := throttle.refusal("signon", email=form.contact_email.data)):
        form.contact_email.errors.append(refused)  # per client and per address
        return render_template("declarations/sign.html", form=form, declaration=declaration, convening=convening), 429
    if form.validate_on_submit():
        organization = queries.row_of(Organization, to_int(form.organization.data)) if form.organization.data else None
        try:
            if form.organization.data and organization is None:
                raise DeclarationError(_l("Choose your organization or give its name."), field="organization")
            services.sign_on(declaration, organization=organization, new_name=form.new_organization.data,
                             country=form.country.data, sector=form.sector.data or None,
                             authorized_by=form.authorized_by.data, authorizer_title=form.authorizer_title.data,
                             contact_email=form.contact_email.data, contact_language=form.contact_language.data,
                             user=current_user if current_user.is_authenticated else None)
        except DeclarationError as error:
            form_error(form, error)
        else:
            return render_template("declarations/signed.html", declaration=declaration, convening=convening,
                                   email=form.contact_email.data)
    return render_template("declarations/sign.html", form=form, declaration=declaration, convening=convening)


@bp.route("/<slug>/signatories")
def signatories_review(slug: str):
    declaration, convening = load(slug)
    require(organizes_declaration, declaration)
    rows = queries.signatories_of(declaration, status=None)
    return render_template("declarations/signatories.html", declaration=declaration, convening=convening,
                           pending=[s for s in rows if s.status == SIG_PENDING],
                           others=[s for s in rows if s.status != SIG_PENDING])


@bp.route("/<slug>/signon", methods=["GET", "POST"])
def signon_toggle(slug: str):
    """Organizers open or close sign-on, after saying so on a confirmation page."""
    declaration, convening = load(slug)
    require(organizes_declaration, declaration)
    opening = not declaration.signon_open
    if request.method == "POST" and request.form.get("confirm") == "yes":
        if act(lambda: services.set_signon(declaration, opening),
               _("Sign-on is open: organizations can sign this declaration.") if opening
               else _("Sign-on is closed: no new signatures are taken.")):
            return back(declaration)
    return render_template("declarations/signon_toggle.html", declaration=declaration, convening=convening,
                           opening=opening)


@bp.route("/<slug>/signatories/<int:signatory_id>/<any(verify, reject):decision>", methods=["POST"])
def signatory_decide(slug: str, signatory_id: int, decision: str):
    declaration, _convening_row = load(slug)
    require(organizes_declaration, declaration)
    signatory = owned_or_404(Signatory, declaration_id=declaration.id, row_id=signatory_id)
    try:
        if decision == "verify":
            services.verify_signatory(signatory, current_user)
        else:
            services.reject_signatory(signatory, current_user)
    except DeclarationError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The signature is verified and now shown.") if decision == "verify"
              else _("The signature is not accepted."), "success")
    return redirect(url_for("declarations.signatories_review", slug=slug))


@bp.route("/<slug>/withdraw/<token>", methods=["GET", "POST"])
def withdraw_by_token(slug: str, token: str):
    declaration, convening = load(slug)
    signatory = queries.signatory_for_token(declaration, token)
    if signatory is None:
        abort(404)
    organization = queries.row_of(Organization, signatory.organization_id)
    if request.method == "POST":
        try:
            services.withdraw_signatory(signatory)
        except DeclarationError as error:
            flash(str(error.message), "error")
        else:
            flash(_("The signature of %(name)s is withdrawn.", name=organization.name.resolve(current_language()).text),
                  "success")
        return back(declaration)
    return render_template("declarations/withdraw.html", declaration=declaration, convening=convening,
                           signatory=signatory, organization=organization, token=token)


@bp.route("/<slug>/signatures/<int:signatory_id>/withdraw", methods=["POST"])
@login_required
def withdraw_mine(slug: str, signatory_id: int):
    declaration, _convening_row = load(slug)
    signatory = owned_or_404(Signatory, declaration_id=declaration.id, row_id=signatory_id)
    if signatory.user_id != current_user.id:
        abort(403)
    act(lambda: services.withdraw_signatory(signatory), _("Your organization's signature is withdrawn."))
    return back(declaration)

