"""A declaration's version stamp in the shared cache (``platform.http_cache``): its public page,
printable view and PDF are keyed by ``stamp(slug)``, renewed when the declaration or any row of it
changes (a clause, a correction approved, a signatory verified, a vote); the convening's stamp too
(its page lists the declarations). Adopting or correcting renders the page and the PDF ahead in
every language."""
from __future__ import annotations

from flask import current_app, url_for
from sqlalchemy import inspect

from ..convenings import caching as convening_caching
from ..extensions import db
from ..platform import http_cache
from . import models
from .models import Declaration

#: the endpoints rendered ahead for each language
AHEAD = ("declarations.show", "declarations.pdf")


#: every list of declarations (the API's: titles, status, signatory counts)
LIST = "declarations"


def stamp(slug: str) -> str:
    return f"declaration:{slug}"


def _declaration(declaration: Declaration, session) -> list[str]:
    slugs = {declaration.slug, *inspect(declaration).attrs.slug.history.deleted}
    return [*(stamp(s) for s in slugs if s), LIST, *convening_caching.stamp_of(declaration.convening_id, session)]


def _of_declaration(declaration_id, session) -> list[str]:
    declaration = session.get(Declaration, declaration_id) if declaration_id is not None else None
    return [stamp(declaration.slug), LIST] if declaration is not None else [http_cache.GLOBAL]


def _row(row, session) -> list[str]:
    return _of_declaration(getattr(row, "declaration_id", None), session)


def _ballot(ballot, session) -> list[str]:
    vote = session.get(models.Vote, ballot.vote_id) if ballot.vote_id is not None else None
    return _of_declaration(vote.declaration_id if vote is not None else None, session)


def paths(slug: str) -> list[str]:
    return [url_for(endpoint, slug=slug, lang_code=lang)
            for lang in current_app.config["LANGUAGES"] for endpoint in AHEAD]


def _warm(name: str) -> list[str]:
    if name == http_cache.GLOBAL:
        slugs = db.session.scalars(db.select(Declaration.slug).where(Declaration.status == "adopted")).all()
    elif name.startswith("declaration:"):
        # drafting saves renew the stamp too: only an adopted (or corrected) text is rendered ahead
        slugs = db.session.scalars(db.select(Declaration.slug).where(
            Declaration.slug == name.partition(":")[2], Declaration.status == "adopted")).all()
    else:
        return []
    with current_app.test_request_context():
        return [path for slug in slugs for path in paths(slug)]


def init_app() -> None:
    http_cache.warmer(_warm)
    http_cache.watch(Declaration, _declaration)
    for model in (models.Clause, models.DeclarationVersion, models.Proposal, models.ConsensusPosition,
                  models.Vote, models.Correction, models.Signatory, models.CommitteeMember):
        http_cache.watch(model, _row)
    http_cache.watch(models.Ballot, _ballot)
