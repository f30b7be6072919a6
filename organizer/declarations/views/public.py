"""Pages for readers: the archive, a declaration in one language or both, print, PDF, versions."""
from __future__ import annotations

from flask import abort, current_app, make_response, render_template, request
from flask_login import current_user

from ...accounts.permissions import require
from ...convenings.models import Convening
from ...i18n.locale import current_language
from ...platform import http_cache
from .. import caching, queries  # noqa: I001
from ..models import Declaration
from ..permissions import (
    corrects_declaration,
    drafts_declaration,
    follows_declaration,
    organizes_declaration,
    proposes_to_declaration,
)
from . import bp
from ._helpers import load, offered_languages, parse_view, readable, to_int, view_choices


@bp.route("/")
def index():
    """Every adopted declaration of a public convening, newest first: the archive of joint texts."""
    rows, counts = queries.adopted_index()
    return render_template("declarations/index.html", rows=rows, counts=counts)


def _page_context(declaration: Declaration, convening: Convening) -> dict:
    # The reader's language by default; side by side (any two, or all) is a choice on the page.
    clauses = queries.clauses_of(declaration)
    offered = offered_languages(convening, clauses)
    view, view_languages = parse_view(request.args.get("view"), offered)
    follower = follows_declaration(current_user, declaration)
    signatories = queries.signatories_of(declaration) if declaration.is_adopted else []
    unreviewed = queries.unreviewed(clauses, view_languages)
    working = queries.languages(convening)
    return {
        "declaration": declaration, "convening": convening, "clauses": clauses, "view": view,
        # Side by side, the reader's language comes first.
        "view_languages": view_languages,
        "unreviewed": unreviewed,
        "unreviewed_ids": {lang: {clauses[n - 1].id for n in numbers} for lang, numbers in unreviewed.items()},
        "summary": queries.translation_summary(clauses, working),
        "working_languages": working, "offered_languages": offered, "view_choices": view_choices(offered),
        "shaping": queries.shaping_proposals(declaration) if follower else {},
        "is_follower": follower,
        "is_committee": drafts_declaration(current_user, declaration),
        "is_organizer": organizes_declaration(current_user, declaration),
        "may_propose": proposes_to_declaration(current_user, declaration),
        "may_correct": corrects_declaration(current_user, declaration),
        "signatories": signatories,
        "signatories_by_country": queries.by_country(signatories),
        "corrections": queries.corrections_of(declaration) if declaration.is_adopted else [],
        "consensus_record": queries.consensus_record(declaration)
        if declaration.is_adopted and declaration.method == "consensus" else [],
        "committee": queries.committee_of(declaration) if follower else [],
        "my_signatures": queries.my_signatures(declaration, current_user),
        "sources": queries.sources_of(declaration),
        "votes": queries.votes_of(declaration),
        # Numbered lines on the draft, per language, so that a proposal can cite "clause 3, lines 4-6".
        "line_numbers": not declaration.is_adopted and follower,
    }


def _cached(name: str, slug: str, render, **options):
    """For anonymous readers, the answer from the shared cache, keyed by the declaration's stamp
    (renewed by any change to the text, its corrections, signatories or votes), the language and
    the chosen view; signed-in readers get their own page."""
    return http_cache.serve(f"declarations.{name}:{slug}", [caching.stamp(slug)], render, vary=("view",),
                            **options)


@bp.route("/<slug>")
def show(slug: str):
    return _cached("show", slug, lambda: _show(slug, "declarations/show.html"))


def _show(slug: str, template: str):
    declaration, convening = readable(slug)
    return render_template(template, **_page_context(declaration, convening))


@bp.route("/<slug>/print")
def print_view(slug: str):
    return _cached("print", slug, lambda: _show(slug, "declarations/print.html"))


@bp.route("/<slug>.pdf")
def pdf(slug: str):
    # a PDF takes seconds to set: made once per version and language for every worker and host
    from flask import current_app

    font = current_app.config.get("DECLARATIONS_PDF_FONT")  # another font (a new deployment) sets it again
    return _cached(f"pdf:{font}", slug, lambda: _pdf(slug), max_age=300)


def _pdf(slug: str):
    from ..pdf import render_pdf

    declaration, convening = readable(slug)
    context = _page_context(declaration, convening)
    response = make_response(render_pdf(context))
    response.headers["Content-Type"] = "application/pdf"
    suffix = "" if context["view"] == "both" else "-" + context["view"].replace(",", "-")
    response.headers["Content-Disposition"] = f'inline; filename="{declaration.slug}{suffix}.pdf"'
    return response


@bp.route("/<slug>/versions")
def versions(slug: str):
    declaration, convening = load(slug)
    require(follows_declaration, declaration)
    return render_template("declarations/versions.html", declaration=declaration, convening=convening,
                           versions=queries.versions_of(declaration))


@bp.route("/<slug>/compare")
def compare(slug: str):
    from ..diff import compare as compare_snapshots

    declaration, convening = load(slug)
    require(follows_declaration, declaration)
    latest = declaration.version_number
    a_number = to_int(request.args.get("a")) or max(latest - 1, 1)
    b_number = to_int(request.args.get("b")) or latest
    lang = request.args.get("lang") if request.args.get("lang") in current_app.config["LANGUAGES"] \
        else current_language()
    version_a = queries.get_version(declaration, a_number)
    version_b = queries.get_version(declaration, b_number)
    if version_a is None or version_b is None:
        abort(404)
    title_diff, rows = compare_snapshots(version_a.snapshot, version_b.snapshot, lang)
    return render_template("declarations/compare.html", declaration=declaration, convening=convening,
                           version_a=version_a, version_b=version_b, lang=lang, title_diff=title_diff, rows=rows,
                           numbers=list(range(latest, 0, -1)))

