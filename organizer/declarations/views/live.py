"""The screen in the room: the clause under discussion in both languages, in large type, with the
positions and the vote's counts as they arrive (never a secret choice). Where JavaScript runs, a
small script (static/declarations-live.js: the CSP forbids inline script) fetches ``live.json``
every few seconds and updates the page; without it, the page reloads itself. The chair keeps
``live/chair`` open on a second screen to move to the next clause."""
from __future__ import annotations

from flask import jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...accounts.permissions import require
from ...i18n.locale import current_language
from .. import queries, services
from ..labels import MAJORITY_LABELS, POSITION_LABELS
from ..permissions import chairs_plenary
from . import bp
from ._helpers import act, load, readable, reader_languages

#: Seconds between two refreshes of the room's screen.
REFRESH_SECONDS = 4


def _state(declaration, convening=None) -> dict:
    """The live state as plain data (the JSON the script reads, and the page's own content)."""
    state = queries.live_state(declaration)
    clause, vote = state["clause"], state["vote"]
    data = {
        "version": declaration.version_number,
        "number": state["number"], "total": state["total"],
        "heading": _("Clause %(number)s of %(total)s", number=state["number"], total=state["total"])
        if clause else _("No clauses yet."),
        "text": {lang: (clause.text.get(lang) if clause else "") or "" for lang in reader_languages(convening)},
        "positions": {code: state["positions"].get(code, 0) for code in POSITION_LABELS},
        "positions_line": " · ".join(f"{label}: {state['positions'].get(code, 0)}"
                                     for code, label in POSITION_LABELS.items()),
        "vote": None,
    }
    if vote is not None:
        counts_public = not vote.secret or vote.status == "closed"
        data["vote"] = {
            "status": vote.status, "secret": vote.secret, "cast": vote.cast, "electorate": vote.electorate,
            # A secret vote's counts show only once it is closed: the room sees ballots arrive, not choices.
            "yes": vote.yes if counts_public else None, "no": vote.no if counts_public else None,
            "abstain": vote.abstain if counts_public else None, "passed": vote.passed,
            "line": _vote_line(vote, counts_public),
        }
    return data


def _vote_line(vote, counts_public: bool) -> str:
    line = _("Ballots: %(cast)s of %(electorate)s", cast=vote.cast, electorate=vote.electorate)
    if counts_public:
        line += " · " + _("In favor: %(yes)s · Against: %(no)s · Abstaining: %(abstain)s",
                          yes=vote.yes, no=vote.no, abstain=vote.abstain)
    if vote.status == "closed":
        line += " · " + (_("Carried") if vote.passed else _("Not carried")) + f" ({MAJORITY_LABELS[vote.majority]})"
    return line


@bp.route("/<slug>/live")
def live(slug: str):
    declaration, convening = readable(slug)
    return render_template("declarations/live.html", declaration=declaration, convening=convening,
                           state=_state(declaration, convening), languages=reader_languages(convening),
                           refresh=REFRESH_SECONDS,
                           lang=current_language())


@bp.route("/<slug>/live.json")
def live_json(slug: str):
    declaration, convening = readable(slug)
    response = jsonify(_state(declaration, convening))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<slug>/live/chair", methods=["GET", "POST"])
def live_chair(slug: str):
    declaration, convening = load(slug)
    require(chairs_plenary, declaration)
    if request.method == "POST":
        step = -1 if request.form.get("step") == "previous" else 1
        act(lambda: services.move_live(declaration, step), _("The screen shows the clause you chose."))
        return redirect(url_for("declarations.live_chair", slug=slug))
    return render_template("declarations/live_chair.html", declaration=declaration, convening=convening,
                           state=_state(declaration, convening))
