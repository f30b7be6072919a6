from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..platform import signals
from ..accounts.models import User
from ..accounts.permissions import require
from ..convenings.models import Convening
from ..convenings.permissions import can_view, organizes
from ..database import db_int, utcnow
from ..delegations.models import Delegation
from ..extensions import db
from ..i18n.collation import collation_key
from ..i18n.locale import current_language
from ..i18n.translated import TranslatedText
from ..organizations.models import Organization
from . import services
from .forms import (AdoptForm, ClauseForm, CorrectionForm, DecisionForm, DeclarationForm, EmailForm, GroupForm,
                    MergeForm, PositionForm, ProposalForm, ResolveForm, SignOnForm, country_name)
from .labels import (ACTION_LABELS, EVENT_LABELS, KIND_LABELS, METHOD_LABELS, POSITION_LABELS,
                     PROPOSAL_STATUS_LABELS, SECTOR_LABELS, SIGNATORY_STATUS_LABELS, STATUS_LABELS,
                     TRANSLATION_LABELS)
from .models import (ADD, ADOPTED, CHANGE, DRAFT, PENDING, PLENARY, REMOVE, SIG_PENDING, Clause,
                     ConsensusPosition, ConstituencyGroup, Declaration, Proposal, Signatory)
from .permissions import (can_read, corrects_declaration, drafts_declaration, follows_declaration,
                          organizes_declaration, proposer_delegations, proposer_groups, proposes_to_declaration)
from .services import DeclarationError

bp = Blueprint("declarations", __name__, url_prefix="/<lang:lang_code>/declarations",
               template_folder="templates", static_folder=None)

VIEWS = ("both", "en", "es")


def _labels():
    return {
        "DECL_STATUS_LABELS": STATUS_LABELS, "DECL_METHOD_LABELS": METHOD_LABELS,
        "CLAUSE_KIND_LABELS": KIND_LABELS, "TRANSLATION_LABELS": TRANSLATION_LABELS,
        "PROPOSAL_ACTION_LABELS": ACTION_LABELS, "PROPOSAL_STATUS_LABELS": PROPOSAL_STATUS_LABELS,
        "POSITION_LABELS": POSITION_LABELS, "SIGNATORY_STATUS_LABELS": SIGNATORY_STATUS_LABELS,
        "VERSION_EVENT_LABELS": EVENT_LABELS, "SECTOR_LABELS": SECTOR_LABELS, "country_name": country_name,
        "convening_url": convening_url, "word_diff": _word_diff, "reader_languages": reader_languages,
        "language_in_text": language_in_text,
    }


def language_in_text(lang: str) -> str:
    """A language named in the reader's language, as inside a sentence ("en inglés", "in Spanish")."""
    from babel import Locale

    return Locale.parse(lang).get_display_name(current_language()) or lang


def reader_languages() -> list[str]:
    """The languages of the site, the reader's first: side by side, their own language leads."""
    from flask import current_app

    return sorted(current_app.config["LANGUAGES"], key=lambda lang: lang != current_language())


def _word_diff(old, new):
    from .diff import word_diff

    return word_diff(old, new)


def convening_url(convening) -> str | None:
    """The convening's public page, when the convenings domain provides one."""
    from flask import current_app

    if "convenings.show" not in current_app.view_functions:
        return None
    try:
        return url_for("convenings.show", slug=convening.slug)
    except Exception:  # the convenings domain names its argument differently
        return None


# --- helpers -----------------------------------------------------------------------------------

def _load(slug: str) -> tuple[Declaration, Convening]:
    declaration = services.get_by_slug(slug)
    if declaration is None:
        abort(404)
    convening = db.session.get(Convening, declaration.convening_id)
    return declaration, convening


def _readable(slug: str) -> tuple[Declaration, Convening]:
    declaration, convening = _load(slug)
    if not can_read(current_user, declaration, convening):
        abort(404 if not current_user.is_authenticated and not convening.is_public else
              (401 if not current_user.is_authenticated else 403))
    return declaration, convening


def _convening(convening_slug: str) -> Convening:
    convening = db.session.scalar(db.select(Convening).where(Convening.slug == convening_slug))
    if convening is None:
        abort(404)
    return convening


def _clause(declaration: Declaration, clause_id: int) -> Clause:
    clause = db.session.get(Clause, clause_id)
    if clause is None or clause.declaration_id != declaration.id:
        abort(404)
    return clause


def _int(value) -> int | None:
    return db_int(value)


def _form_error(form, error: DeclarationError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and error.field != "base_version":
        field.errors = list(field.errors) + [str(error.message)]
    else:
        form.form_errors = list(form.form_errors) + [str(error.message)]


def _user_by_email(form: EmailForm) -> User | None:
    user = db.session.scalar(db.select(User).where(db.func.lower(User.email) == form.email.data.strip().lower()))
    if user is None:
        form.email.errors.append(_("No Organizer account uses this email address. Ask them to sign up first."))
    return user


def _back(declaration: Declaration):
    return redirect(url_for("declarations.show", slug=declaration.slug))


def _clause_choices(clauses):
    return [(str(c.id), f"{n}. {KIND_LABELS[c.kind]}: {_excerpt(c.text)}") for n, c in enumerate(clauses, 1)]


def _excerpt(text: TranslatedText, words: int = 12) -> str:
    value = text.resolve(current_language()).text if text else ""
    parts = value.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


# --- reading -----------------------------------------------------------------------------------


def _act(action, success: str) -> bool:
    """A button's action: run the service, commit and say so; or show the rule it broke (nothing
    saved)."""
    try:
        action()
    except DeclarationError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return False
    db.session.commit()
    flash(success, "success")
    return True

@bp.route("/")
def index():
    """Every adopted declaration of a public convening, newest first: the archive of joint texts."""
    from ..convenings.models import PUBLIC_STATUSES

    rows = db.session.execute(
        db.select(Declaration, Convening).join(Convening, Convening.id == Declaration.convening_id)
        .where(Declaration.status == ADOPTED, Convening.status.in_(PUBLIC_STATUSES))
        .order_by(Declaration.adopted_on.desc().nulls_last(), Declaration.id.desc())).all()
    counts = dict(db.session.execute(
        db.select(Signatory.declaration_id, db.func.count()).where(Signatory.status == "verified")
        .group_by(Signatory.declaration_id)).all())
    return render_template("declarations/index.html", rows=rows, counts=counts)


def _page_context(declaration: Declaration, convening: Convening) -> dict:
    # The reader's language by default; side by side ("both") is a choice on the page.
    default = current_language() if current_language() in VIEWS else "both"
    view = request.args.get("view") or default
    if view not in VIEWS:
        view = default
    clauses = services.clauses_of(declaration)
    follower = follows_declaration(current_user, declaration)
    signatories = services.signatories_of(declaration) if declaration.is_adopted else []
    return {
        "declaration": declaration, "convening": convening, "clauses": clauses, "view": view,
        # Side by side, the reader's language comes first.
        "view_languages": sorted(VIEWS[1:], key=lambda lang: lang != current_language()) if view == "both" else [view],
        "summary": services.translation_summary(clauses),
        "shaping": services.shaping_proposals(declaration) if follower else {},
        "is_follower": follower,
        "is_committee": drafts_declaration(current_user, declaration),
        "is_organizer": organizes_declaration(current_user, declaration),
        "may_propose": proposes_to_declaration(current_user, declaration),
        "may_correct": corrects_declaration(current_user, declaration),
        "signatories": signatories,
        "signatories_by_country": services.by_country(signatories),
        "corrections": services.corrections_of(declaration) if declaration.is_adopted else [],
        "consensus_record": services.consensus_record(declaration)
        if declaration.is_adopted and declaration.method == "consensus" else [],
        "committee": services.committee_of(declaration) if follower else [],
        "my_signatures": services.my_signatures(declaration, current_user),
        "sources": services.sources_of(declaration),
    }


@bp.route("/<slug>")
def show(slug: str):
    declaration, convening = _readable(slug)
    return render_template("declarations/show.html", **_page_context(declaration, convening))


@bp.route("/<slug>/print")
def print_view(slug: str):
    declaration, convening = _readable(slug)
    return render_template("declarations/print.html", **_page_context(declaration, convening))


class _LRU:
    """The last few PDFs made (a long declaration takes seconds to set). Keyed by everything that
    changes the document: the version, the signatories, the view and the language."""

    def __init__(self, size: int = 16):
        from collections import OrderedDict

        self.size, self.items = size, OrderedDict()

    def get(self, key, make):
        if key in self.items:
            self.items.move_to_end(key)
            return self.items[key]
        value = self.items[key] = make()
        while len(self.items) > self.size:
            self.items.popitem(last=False)
        return value



@bp.route("/<slug>.pdf")
def pdf(slug: str):
    from .pdf import render_pdf

    declaration, convening = _readable(slug)
    context = _page_context(declaration, convening)
    from flask import current_app

    key = (declaration.id, declaration.version_number, declaration.updated_at, context["view"], current_language(),
           tuple(s.id for s in context["signatories"]), declaration.status,
           current_app.config.get("DECLARATIONS_PDF_FONT"))
    cache = current_app.extensions.setdefault("declarations_pdf_cache", _LRU())
    response = make_response(cache.get(key, lambda: render_pdf(context)))
    response.headers["Content-Type"] = "application/pdf"
    suffix = "" if context["view"] == "both" else f"-{context['view']}"
    response.headers["Content-Disposition"] = f'inline; filename="{declaration.slug}{suffix}.pdf"'
    return response


@bp.route("/<slug>/versions")
def versions(slug: str):
    declaration, convening = _load(slug)
    require(follows_declaration, declaration)
    return render_template("declarations/versions.html", declaration=declaration, convening=convening,
                           versions=services.versions_of(declaration))


@bp.route("/<slug>/compare")
def compare(slug: str):
    from .diff import compare as compare_snapshots

    declaration, convening = _load(slug)
    require(follows_declaration, declaration)
    latest = declaration.version_number
    a_number = _int(request.args.get("a")) or max(latest - 1, 1)
    b_number = _int(request.args.get("b")) or latest
    lang = request.args.get("lang") if request.args.get("lang") in ("en", "es") else current_language()
    version_a = services.get_version(declaration, a_number)
    version_b = services.get_version(declaration, b_number)
    if version_a is None or version_b is None:
        abort(404)
    title_diff, rows = compare_snapshots(version_a.snapshot, version_b.snapshot, lang)
    return render_template("declarations/compare.html", declaration=declaration, convening=convening,
                           version_a=version_a, version_b=version_b, lang=lang, title_diff=title_diff, rows=rows,
                           numbers=list(range(latest, 0, -1)))


# --- creating and managing ---------------------------------------------------------------------

@bp.route("/new/<convening_slug>", methods=["GET", "POST"])
def new(convening_slug: str):
    convening = _convening(convening_slug)
    require(organizes, convening)
    form = DeclarationForm()
    if form.validate_on_submit():
        declaration = services.create_declaration(convening, form.title.data, current_user)
        db.session.commit()
        flash(_("The declaration is started. Name its drafting committee."), "success")
        return redirect(url_for("declarations.manage", slug=declaration.slug))
    return render_template("declarations/new.html", form=form, convening=convening)


@bp.route("/<slug>/manage", methods=["GET", "POST"])
def manage(slug: str):
    declaration, convening = _load(slug)
    require(organizes_declaration, declaration)
    form = EmailForm()
    if form.validate_on_submit():
        user = _user_by_email(form)
        if user is not None:
            services.set_committee(declaration, add_user=user, by=current_user)
            db.session.commit()
            flash(_("%(name)s is on the drafting committee.", name=user.name), "success")
            return redirect(url_for("declarations.manage", slug=slug))
    return render_template("declarations/manage.html", declaration=declaration, convening=convening, form=form,
                           committee=services.committee_of(declaration))


@bp.route("/<slug>/committee/<int:user_id>/remove", methods=["POST"])
def committee_remove(slug: str, user_id: int):
    declaration, _convening_row = _load(slug)
    require(organizes_declaration, declaration)
    services.set_committee(declaration, remove_user_id=user_id)
    db.session.commit()
    flash(_("Removed from the drafting committee."), "success")
    return redirect(url_for("declarations.manage", slug=slug))


@bp.route("/<slug>/status", methods=["POST"])
def set_status(slug: str):
    declaration, _convening_row = _load(slug)
    require(organizes_declaration, declaration)
    status = request.form.get("status")
    try:
        services.set_status(declaration, status)
    except DeclarationError as error:
        flash(str(error.message), "error")
        return redirect(url_for("declarations.manage", slug=slug))
    db.session.commit()
    flash(_("The declaration is now: %(status)s.", status=STATUS_LABELS[status]), "success")
    return redirect(url_for("declarations.manage", slug=slug))


# --- drafting ----------------------------------------------------------------------------------

def _refuse_adopted(declaration: Declaration):
    if declaration.status == ADOPTED:
        flash(_("This declaration is adopted: its text can only change by an editorial correction."), "error")
        return _back(declaration)
    return None


@bp.route("/<slug>/title", methods=["GET", "POST"])
def edit_title(slug: str):
    declaration, convening = _load(slug)
    require(drafts_declaration, declaration)
    refused = _refuse_adopted(declaration)
    if refused:
        return refused
    form = DeclarationForm(data={"title": declaration.title, "base_version": declaration.version_number})
    if form.validate_on_submit():
        try:
            services.set_title(declaration, form.title.data, current_user, _int(form.base_version.data))
        except DeclarationError as error:
            _form_error(form, error)
        else:
            db.session.commit()
            flash(_("The title is saved."), "success")
            return _back(declaration)
    return render_template("declarations/title_form.html", form=form, declaration=declaration, convening=convening)


@bp.route("/<slug>/clauses/new", methods=["GET", "POST"])
def clause_new(slug: str):
    declaration, convening = _load(slug)
    require(drafts_declaration, declaration)
    refused = _refuse_adopted(declaration)
    if refused:
        return refused
    form = ClauseForm(data={"original_language": current_language(), "base_version": declaration.version_number})
    if form.validate_on_submit():
        try:
            services.add_clause(declaration, current_user, kind=form.kind.data, text=form.text.data,
                                original_language=form.original_language.data, reviewed=form.reviewed.data or (),
                                base_version=_int(form.base_version.data))
        except DeclarationError as error:
            _form_error(form, error)
        else:
            db.session.commit()
            flash(_("The clause is added."), "success")
            return _back(declaration)
    return render_template("declarations/clause_form.html", form=form, declaration=declaration,
                           convening=convening, clause=None)


@bp.route("/<slug>/clauses/<int:clause_id>/edit", methods=["GET", "POST"])
def clause_edit(slug: str, clause_id: int):
    declaration, convening = _load(slug)
    require(drafts_declaration, declaration)
    refused = _refuse_adopted(declaration)
    if refused:
        return refused
    clause = _clause(declaration, clause_id)
    reviewed = [lang for lang, status in (clause.translation or {}).items() if status == "reviewed"]
    form = ClauseForm(data={"kind": clause.kind, "original_language": clause.original_language, "text": clause.text,
                            "reviewed": reviewed, "base_version": declaration.version_number})
    conflict = False
    if form.validate_on_submit():
        try:
            services.edit_clause(clause, current_user, kind=form.kind.data, text=form.text.data,
                                 original_language=form.original_language.data, reviewed=form.reviewed.data or (),
                                 base_version=_int(form.base_version.data))
        except DeclarationError as error:
            _form_error(form, error)
            conflict = error.field == "base_version"
            if conflict:
                form.base_version.data = str(declaration.version_number)
        else:
            db.session.commit()
            flash(_("The clause is saved."), "success")
            return redirect(url_for("declarations.show", slug=slug, _anchor=f"clause-{clause.id}"))
    return render_template("declarations/clause_form.html", form=form, declaration=declaration,
                           convening=convening, clause=clause, conflict=conflict)


@bp.route("/<slug>/clauses/<int:clause_id>/move", methods=["POST"])
def clause_move(slug: str, clause_id: int):
    declaration, _convening_row = _load(slug)
    require(drafts_declaration, declaration)
    refused = _refuse_adopted(declaration)
    if refused:
        return refused
    clause = _clause(declaration, clause_id)
    services.move_clause(clause, current_user, -1 if request.form.get("direction") == "up" else 1)
    db.session.commit()
    return redirect(url_for("declarations.show", slug=slug, _anchor=f"clause-{clause.id}"))


@bp.route("/<slug>/clauses/<int:clause_id>/remove", methods=["POST"])
def clause_remove(slug: str, clause_id: int):
    declaration, _convening_row = _load(slug)
    require(drafts_declaration, declaration)
    refused = _refuse_adopted(declaration)
    if refused:
        return refused
    services.remove_clause(_clause(declaration, clause_id), current_user)
    db.session.commit()
    flash(_("The clause is removed. Its text stays in the version history."), "success")
    return _back(declaration)


# --- proposals ---------------------------------------------------------------------------------

@bp.route("/<slug>/proposals")
def proposals(slug: str):
    declaration, convening = _load(slug)
    require(follows_declaration, declaration)
    sees_all = drafts_declaration(current_user, declaration) or organizes_declaration(current_user, declaration)
    rows = services.proposals_of(declaration, proposer_id=None if sees_all else current_user.id)
    return render_template("declarations/proposals.html", declaration=declaration, convening=convening,
                           proposals=rows, sees_all=sees_all,
                           is_committee=drafts_declaration(current_user, declaration),
                           may_propose=proposes_to_declaration(current_user, declaration),
                           pending=[p for p in rows if p.status == PENDING])


@bp.route("/<slug>/propose", methods=["GET", "POST"])
def propose(slug: str):
    declaration, convening = _load(slug)
    require(proposes_to_declaration, declaration)
    if declaration.status == ADOPTED:
        flash(_("This declaration is adopted: it no longer takes proposals."), "error")
        return _back(declaration)
    delegations = proposer_delegations(current_user, declaration.convening_id)
    groups = proposer_groups(current_user, declaration.convening_id)
    behalf = [(f"d{d.id}", _("Delegation: %(name)s", name=d.name.resolve(current_language()).text)) for d in delegations]
    behalf += [(f"g{g.id}", _("Constituency group: %(name)s", name=g.name.resolve(current_language()).text)) for g in groups]
    clauses = services.clauses_of(declaration)
    clause_id = request.args.get("clause")
    form = ProposalForm(on_behalf_choices=behalf, clause_choices=_clause_choices(clauses),
                        data={"clause": clause_id or "", "action": request.args.get("action") or None})
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
                kind=form.kind.data, text=text, reason=form.reason.data)
        except DeclarationError as error:
            _form_error(form, error)
        else:
            db.session.commit()
            flash(_("Your proposal is sent to the drafting committee."), "success")
            return redirect(url_for("declarations.proposal", slug=slug, proposal_id=proposal.id))
    return render_template("declarations/propose.html", form=form, declaration=declaration, convening=convening,
                           clauses=clauses)


def _proposal(declaration: Declaration, proposal_id: int) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.declaration_id != declaration.id:
        abort(404)
    return proposal


@bp.route("/<slug>/proposals/<int:proposal_id>", methods=["GET", "POST"])
def proposal(slug: str, proposal_id: int):
    declaration, convening = _load(slug)
    require(follows_declaration, declaration)
    proposal = _proposal(declaration, proposal_id)
    is_committee = drafts_declaration(current_user, declaration)
    if not (is_committee or organizes_declaration(current_user, declaration) or proposal.proposer_id == current_user.id):
        abort(403)
    clause = db.session.get(Clause, proposal.clause_id) if proposal.clause_id else None
    initial_text = proposal.text
    if proposal.action == CHANGE and clause is not None and proposal.text:
        initial_text = TranslatedText({**clause.text.to_dict(), **proposal.text.to_dict()})
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
                db.session.rollback()
                _form_error(form, error)
            else:
                db.session.commit()
                flash(message, "success")
                return redirect(url_for("declarations.proposals", slug=slug))
    result_clause = db.session.get(Clause, proposal.result_clause_id) if proposal.result_clause_id else None
    delegation = db.session.get(Delegation, proposal.delegation_id) if proposal.delegation_id else None
    group = db.session.get(ConstituencyGroup, proposal.group_id) if proposal.group_id else None
    return render_template("declarations/proposal.html", declaration=declaration, convening=convening,
                           proposal=proposal, clause=clause, result_clause=result_clause, form=form,
                           is_committee=is_committee, delegation=delegation, group=group)


@bp.route("/<slug>/proposals/<int:proposal_id>/withdraw", methods=["POST"])
def proposal_withdraw(slug: str, proposal_id: int):
    declaration, _convening_row = _load(slug)
    require(follows_declaration, declaration)
    proposal = _proposal(declaration, proposal_id)
    if proposal.proposer_id != current_user.id:
        abort(403)
    _act(lambda: services.withdraw_proposal(proposal), _("Your proposal is withdrawn."))
    return redirect(url_for("declarations.proposals", slug=slug))


@bp.route("/<slug>/proposals/merge", methods=["GET", "POST"])
def merge(slug: str):
    declaration, convening = _load(slug)
    require(drafts_declaration, declaration)
    refused = _refuse_adopted(declaration)
    if refused:
        return refused
    pending = services.proposals_of(declaration, status=PENDING)
    clauses = services.clauses_of(declaration)
    choices = [(p.id, f"#{p.id} · {ACTION_LABELS[p.action]} · {p.proposer_name}") for p in pending]
    selected = [i for i in (_int(v) for v in request.args.getlist("p")) if i]
    form = MergeForm(proposal_choices=choices, clause_choices=_clause_choices(clauses),
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
            db.session.rollback()
            _form_error(form, error)
        else:
            db.session.commit()
            flash(_("The proposals are merged into one clause; each proposer is told."), "success")
            return redirect(url_for("declarations.proposals", slug=slug))
    return render_template("declarations/merge.html", form=form, declaration=declaration, convening=convening,
                           pending=pending)


# --- adoption ----------------------------------------------------------------------------------

def _adoption_context(declaration, convening, **forms):
    delegations = services.active_delegations(convening.id)
    return dict(declaration=declaration, convening=convening, delegations=delegations,
                positions=services.positions_of(declaration),
                adopt_form=forms.get("adopt_form") or AdoptForm(data={"adopted_on": utcnow().date()}),
                position_form=forms.get("position_form"), resolve_form=forms.get("resolve_form"),
                summary=services.translation_summary(services.clauses_of(declaration)))


@bp.route("/<slug>/adoption")
def adoption(slug: str):
    declaration, convening = _load(slug)
    require(organizes_declaration, declaration)
    return render_template("declarations/adoption.html", **_adoption_context(declaration, convening))


@bp.route("/<slug>/adoption/position", methods=["POST"])
def record_position(slug: str):
    declaration, convening = _load(slug)
    require(organizes_declaration, declaration)
    form = PositionForm()
    delegation = db.session.get(Delegation, _int(form.delegation.data) or 0)
    if form.validate() and delegation is not None:  # noqa
        _act(lambda: services.record_position(declaration, delegation, form.position.data, form.note.data,
                                              current_user),
             _("Position recorded: %(position)s.", position=POSITION_LABELS[form.position.data]))
        return redirect(url_for("declarations.adoption", slug=slug))
    if delegation is None:
        abort(404)
    return render_template("declarations/adoption.html",
                           **_adoption_context(declaration, convening, position_form=form)), 400


@bp.route("/<slug>/adoption/resolve", methods=["POST"])
def resolve_block(slug: str):
    declaration, convening = _load(slug)
    require(organizes_declaration, declaration)
    form = ResolveForm()
    row = db.session.get(ConsensusPosition, _int(form.position_id.data) or 0)
    if row is None or row.declaration_id != declaration.id:
        abort(404)
    if form.validate():
        _act(lambda: services.resolve_block(row, form.resolution.data, current_user),
             _("The resolution of the block is recorded."))
        return redirect(url_for("declarations.adoption", slug=slug))
    return render_template("declarations/adoption.html",
                           **_adoption_context(declaration, convening, resolve_form=form)), 400


@bp.route("/<slug>/adoption/adopt", methods=["POST"])
def adopt(slug: str):
    declaration, convening = _load(slug)
    require(organizes_declaration, declaration)
    form = AdoptForm()
    if form.validate():
        try:
            services.adopt(declaration, current_user, method=form.method.data, adopted_on=form.adopted_on.data,
                           votes_for=form.votes_for.data, votes_against=form.votes_against.data,
                           votes_abstain=form.votes_abstain.data)
        except DeclarationError as error:
            _form_error(form, error)
        else:
            db.session.commit()
            flash(_("The declaration is adopted. Its text is now frozen in both languages."), "success")
            return _back(declaration)
    return render_template("declarations/adoption.html",
                           **_adoption_context(declaration, convening, adopt_form=form)), 400


@bp.route("/<slug>/correction", methods=["GET", "POST"])
def correction(slug: str):
    declaration, convening = _load(slug)
    require(corrects_declaration, declaration)
    if declaration.status != ADOPTED:
        flash(_("Corrections are for adopted texts; edit the draft instead."), "error")
        return _back(declaration)
    clauses = services.clauses_of(declaration)
    form = CorrectionForm(clause_choices=_clause_choices(clauses),
                          data={"clause": request.args.get("clause", ""), "language": request.args.get("language", "")})
    if request.method == "GET" and form.clause.data:
        clause = next((c for c in clauses if str(c.id) == form.clause.data), None)
        if clause is not None and form.language.data in ("en", "es"):
            form.new_text.data = clause.text.get(form.language.data, "")
    if form.validate_on_submit():
        clause = next((c for c in clauses if str(c.id) == form.clause.data), None)
        try:
            if clause is None:
                raise DeclarationError(_l("Please choose the clause."), field="clause")
            services.correct(declaration, clause, current_user, language=form.language.data,
                             new_text=form.new_text.data, reason=form.reason.data)
        except DeclarationError as error:
            _form_error(form, error)
        else:
            db.session.commit()
            flash(_("The correction is made and logged with its reason."), "success")
            return redirect(url_for("declarations.show", slug=slug, _anchor="corrections"))
    return render_template("declarations/correction.html", form=form, declaration=declaration, convening=convening,
                           clauses=clauses)


# --- sign-on -----------------------------------------------------------------------------------

def _organization_choices():
    rows = db.session.execute(db.select(Organization.id, Organization.name).where(Organization.verified.is_(True)))
    lang = current_language()
    choices = [(str(oid), name.resolve(lang).text) for oid, name in rows]
    return sorted(choices, key=lambda c: collation_key(c[1], lang))


@bp.route("/<slug>/sign", methods=["GET", "POST"])
def sign(slug: str):
    declaration, convening = _readable(slug)
    if declaration.status != ADOPTED:
        abort(404)
    form = SignOnForm(organization_choices=_organization_choices(),
                      data={"contact_language": current_language()} if request.method == "GET" else None)
    if request.method == "GET" and current_user.is_authenticated:
        form.contact_email.data = current_user.email
        form.contact_language.data = current_user.preferred_language
    if form.validate_on_submit():
        organization = db.session.get(Organization, _int(form.organization.data) or 0) if form.organization.data else None
        try:
            if form.organization.data and (organization is None or not organization.verified):
                raise DeclarationError(_l("Choose your organization or give its name."), field="organization")
            services.sign_on(declaration, organization=organization, new_name=form.new_organization.data,
                             country=form.country.data, sector=form.sector.data or None,
                             authorized_by=form.authorized_by.data, authorizer_title=form.authorizer_title.data,
                             contact_email=form.contact_email.data, contact_language=form.contact_language.data,
                             user=current_user if current_user.is_authenticated else None)
        except DeclarationError as error:
            db.session.rollback()
            _form_error(form, error)
        else:
            db.session.commit()
            return render_template("declarations/signed.html", declaration=declaration, convening=convening,
                                   email=form.contact_email.data)
    return render_template("declarations/sign.html", form=form, declaration=declaration, convening=convening)


@bp.route("/<slug>/signatories")
def signatories_review(slug: str):
    declaration, convening = _load(slug)
    require(organizes_declaration, declaration)
    rows = services.signatories_of(declaration, status=None)
    return render_template("declarations/signatories.html", declaration=declaration, convening=convening,
                           pending=[s for s in rows if s.status == SIG_PENDING],
                           others=[s for s in rows if s.status != SIG_PENDING])


def _signatory(declaration: Declaration, signatory_id: int) -> Signatory:
    signatory = db.session.get(Signatory, signatory_id)
    if signatory is None or signatory.declaration_id != declaration.id:
        abort(404)
    return signatory


@bp.route("/<slug>/signatories/<int:signatory_id>/<any(verify, reject):decision>", methods=["POST"])
def signatory_decide(slug: str, signatory_id: int, decision: str):
    declaration, _convening_row = _load(slug)
    require(organizes_declaration, declaration)
    signatory = _signatory(declaration, signatory_id)
    try:
        if decision == "verify":
            services.verify_signatory(signatory, current_user)
        else:
            services.reject_signatory(signatory, current_user)
    except DeclarationError as error:
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("The signature is verified and now shown.") if decision == "verify"
              else _("The signature is not accepted."), "success")
    return redirect(url_for("declarations.signatories_review", slug=slug))


@bp.route("/<slug>/withdraw/<token>", methods=["GET", "POST"])
def withdraw_by_token(slug: str, token: str):
    declaration, convening = _load(slug)
    signatory = services.signatory_for_token(declaration, token)
    if signatory is None:
        abort(404)
    organization = db.session.get(Organization, signatory.organization_id)
    if request.method == "POST":
        try:
            services.withdraw_signatory(signatory)
        except DeclarationError as error:
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("The signature of %(name)s is withdrawn.", name=organization.name.resolve(current_language()).text),
                  "success")
        return _back(declaration)
    return render_template("declarations/withdraw.html", declaration=declaration, convening=convening,
                           signatory=signatory, organization=organization, token=token)


@bp.route("/<slug>/signatures/<int:signatory_id>/withdraw", methods=["POST"])
@login_required
def withdraw_mine(slug: str, signatory_id: int):
    declaration, _convening_row = _load(slug)
    signatory = _signatory(declaration, signatory_id)
    if signatory.user_id != current_user.id:
        abort(403)
    _act(lambda: services.withdraw_signatory(signatory), _("Your organization's signature is withdrawn."))
    return _back(declaration)


# --- constituency groups -----------------------------------------------------------------------

@bp.route("/groups/<convening_slug>", methods=["GET", "POST"])
def groups(convening_slug: str):
    convening = _convening(convening_slug)
    require(organizes, convening)
    form = GroupForm(prefix="group")
    if form.validate_on_submit():
        services.create_group(convening, form.name.data)
        db.session.commit()
        flash(_("The constituency group is created."), "success")
        return redirect(url_for("declarations.groups", convening_slug=convening_slug))
    rows = services.groups_of(convening.id)
    return render_template("declarations/groups.html", convening=convening, form=form, groups=rows,
                           members=services.group_members([g.id for g in rows]), member_form=EmailForm(prefix="member"))


def _group(convening: Convening, group_id: int) -> ConstituencyGroup:
    group = db.session.get(ConstituencyGroup, group_id)
    if group is None or group.convening_id != convening.id:
        abort(404)
    return group


@bp.route("/groups/<convening_slug>/<int:group_id>/members", methods=["POST"])
def group_member_add(convening_slug: str, group_id: int):
    convening = _convening(convening_slug)
    require(organizes, convening)
    group = _group(convening, group_id)
    # Posted from a hand-written form per group; CSRFProtect has already checked its token.
    form = EmailForm(prefix="member", meta={"csrf": False})
    if form.validate():
        user = _user_by_email(form)
        if user is not None:
            services.add_group_member(group, user)
            db.session.commit()
            flash(_("%(name)s is a member of the group.", name=user.name), "success")
            return redirect(url_for("declarations.groups", convening_slug=convening_slug))
    flash(" ".join(str(e) for e in form.email.errors) or _("Please enter a valid email address."), "error")
    return redirect(url_for("declarations.groups", convening_slug=convening_slug))


@bp.route("/groups/<convening_slug>/<int:group_id>/members/<int:user_id>/remove", methods=["POST"])
def group_member_remove(convening_slug: str, group_id: int, user_id: int):
    convening = _convening(convening_slug)
    require(organizes, convening)
    services.remove_group_member(_group(convening, group_id), user_id)
    db.session.commit()
    flash(_("Removed from the group."), "success")
    return redirect(url_for("declarations.groups", convening_slug=convening_slug))


# --- hooks -------------------------------------------------------------------------------------

def convening_section(convening: Convening):
    rows = [d for d in services.declarations_of(convening.id) if can_read(current_user, d, convening)]
    is_organizer = organizes(current_user, convening)
    if not rows and not is_organizer:
        return None
    return signals.Section("declarations/_convening_section.html", order=60,
                         context={"declarations": rows, "convening": convening, "is_organizer": is_organizer})


def convening_admin_links(convening: Convening):
    if not organizes(current_user, convening):
        return []
    return [(url_for("declarations.new", convening_slug=convening.slug), _l("Start a declaration")),
            (url_for("declarations.groups", convening_slug=convening.slug), _l("Constituency groups"))]


def init_app(app) -> None:
    from ..templating import add_nav_item

    add_nav_item(app, "declarations.index", _l("Declarations"), order=60)
    # Labels and helpers as globals: available in macros, in mail templates and in the convening
    # page's section, whichever domain renders them.
    app.jinja_env.globals.update(_labels())
    signals.convening_sections.connect(convening_section)
    signals.convening_admin_links.connect(convening_admin_links)
    from .seeding import seed_convening

    signals.convening_seeded.connect(seed_convening)
