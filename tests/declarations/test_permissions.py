"""Every route, with every role: who is let in and who is refused."""
from __future__ import annotations

from datetime import date

import pytest

from organizer.accounts.models import User
from organizer.declarations import services
from organizer.declarations.models import Declaration
from organizer.delegations.models import Delegation
from organizer.extensions import db
from organizer.i18n.translated import TranslatedText

from ..conftest import session_user_id
from .conftest import make_delegation

ROLES = ("anonymous", "committee", "lead", "group_member", "other_lead", "other_organizer", "organizer", "admin")
FOLLOWERS = {"committee", "lead", "group_member", "organizer", "admin"}
ORGANIZERS = {"organizer", "admin"}
COMMITTEE = {"committee"}
PROPOSERS = {"lead", "group_member"}


def _extras(app, world, adopted: bool) -> dict:
    with app.test_request_context("/en/"):
        declaration = db.session.get(Declaration, world.declaration_id)
        lead = db.session.get(User, world.lead)
        organizer = db.session.get(User, world.organizer)
        proposal = services.submit_proposal(
            declaration, lead, action="change", on_behalf=db.session.get(Delegation, world.delegation_id),
            clause=services.clauses_of(declaration)[1], kind=None, text=TranslatedText(en="We demand more."),
            reason=TranslatedText(en="Clearer."))
        blockers = make_delegation(world.convening_id, world.stranger, "submitted", "Blockers")
        block = services.record_position(declaration, blockers, "block", None, organizer)
        extras = {"proposal": proposal.id, "position": block.id, "delegation": world.delegation_id}
        if adopted:
            services.resolve_block(block, TranslatedText(en="Talked it through."), organizer)
            # No proposal may stay undecided at adoption.
            services.close_proposal(proposal, organizer, TranslatedText(en="Out of time."))
            services.adopt(declaration, organizer, method="consensus", adopted_on=date(2030, 5, 1))
            signatory, token = services.sign_on(
                declaration, organization=None, new_name="Union", country="US", sector=None, authorized_by="A",
                authorizer_title=None, contact_email="a@example.org", contact_language="en", user=None)
            extras.update(signatory=signatory.id, token=token)
        db.session.commit()
        return extras


D = "/en/declarations/{slug}"
# (name, adopted?, method, path, allowed roles, form data, anonymous allowed)
ROUTES = [
    ("show draft", False, "GET", D, FOLLOWERS, None),
    ("print draft", False, "GET", D + "/print", FOLLOWERS, None),
    ("pdf draft", False, "GET", D + ".pdf", FOLLOWERS, None),
    ("versions", False, "GET", D + "/versions", FOLLOWERS, None),
    ("compare", False, "GET", D + "/compare?a=1&b=2", FOLLOWERS, None),
    ("proposals", False, "GET", D + "/proposals", FOLLOWERS, None),
    ("new", False, "GET", "/en/declarations/new/{convening}", ORGANIZERS, None),
    ("manage", False, "GET", D + "/manage", ORGANIZERS, None),
    ("committee add", False, "POST", D + "/manage", ORGANIZERS, {"email": "stranger@example.org"}),
    ("committee remove", False, "POST", D + "/committee/{stranger}/remove", ORGANIZERS, {}),
    ("status", False, "POST", D + "/status", ORGANIZERS, {"status": "plenary"}),
    ("title", False, "GET", D + "/title", COMMITTEE, None),
    ("title save", False, "POST", D + "/title", COMMITTEE, {"title-en": "New title", "title-es": "Nuevo título"}),
    ("clause new", False, "GET", D + "/clauses/new", COMMITTEE, None),
    ("clause add", False, "POST", D + "/clauses/new", COMMITTEE,
     {"kind": "demand", "original_language": "en", "text-en": "More."}),
    ("clause edit", False, "GET", D + "/clauses/{clause}/edit", COMMITTEE, None),
    ("clause save", False, "POST", D + "/clauses/{clause}/edit", COMMITTEE,
     {"kind": "preamble", "original_language": "en", "text-en": "Changed.", "text-es": "Cambiado."}),
    ("clause move", False, "POST", D + "/clauses/{clause}/move", COMMITTEE, {"direction": "down"}),
    ("clause remove", False, "POST", D + "/clauses/{clause}/remove", COMMITTEE, {}),
    ("propose form", False, "GET", D + "/propose", PROPOSERS, None),
    ("propose", False, "POST", D + "/propose", PROPOSERS,
     {"on_behalf": "d{delegation}", "action": "add", "kind": "demand", "text-en": "x", "reason-en": "y"}),
    ("proposal", False, "GET", D + "/proposals/{proposal}", {"committee", "lead", "organizer", "admin"}, None),
    ("proposal decide", False, "POST", D + "/proposals/{proposal}", COMMITTEE,
     {"decision": "decline", "reason-en": "No."}),
    ("proposal withdraw", False, "POST", D + "/proposals/{proposal}/withdraw", {"lead"}, {}),
    ("merge", False, "GET", D + "/proposals/merge", COMMITTEE, None),
    ("adoption", False, "GET", D + "/adoption", ORGANIZERS, None),
    ("position", False, "POST", D + "/adoption/position", ORGANIZERS,
     {"delegation": "{delegation}", "position": "consent"}),
    ("resolve", False, "POST", D + "/adoption/resolve", ORGANIZERS,
     {"position_id": "{position}", "resolution-en": "Resolved."}),
    ("adopt", False, "POST", D + "/adoption/adopt", ORGANIZERS,
     {"method": "vote", "adopted_on": "2030-05-01", "votes_for": "3", "votes_against": "0", "votes_abstain": "0"}),
    ("groups", False, "GET", "/en/declarations/groups/{convening}", ORGANIZERS, None),
    ("group create", False, "POST", "/en/declarations/groups/{convening}", ORGANIZERS,
     {"group-name-en": "Women", "group-name-es": "Mujeres"}),
    ("group member add", False, "POST", "/en/declarations/groups/{convening}/{group}/members", ORGANIZERS,
     {"member-email": "stranger@example.org"}),
    ("group member remove", False, "POST", "/en/declarations/groups/{convening}/{group}/members/{group_member}/remove",
     ORGANIZERS, {}),
    ("show adopted", True, "GET", D, set(ROLES), None),
    ("print adopted", True, "GET", D + "/print", set(ROLES), None),
    ("pdf adopted", True, "GET", D + ".pdf?view=es", set(ROLES), None),
    ("sign form", True, "GET", D + "/sign", set(ROLES), None),
    ("correction", True, "GET", D + "/correction", COMMITTEE | ORGANIZERS, None),
    ("correction save", True, "POST", D + "/correction", COMMITTEE | ORGANIZERS,
     {"clause": "{clause}", "language": "en", "new_text": "Fixed typo.", "reason-en": "Typo."}),
    ("signatories", True, "GET", D + "/signatories", ORGANIZERS, None),
    ("verify", True, "POST", D + "/signatories/{signatory}/verify", ORGANIZERS, {}),
    ("reject", True, "POST", D + "/signatories/{signatory}/reject", ORGANIZERS, {}),
    ("withdraw mine", True, "POST", D + "/signatures/{signatory}/withdraw", set(), {}),
    ("adopted: clause edit refused", True, "GET", D + "/clauses/{clause}/edit", COMMITTEE, None),
    ("adopted: versions", True, "GET", D + "/versions", FOLLOWERS, None),
]


def _fill(template: str, values: dict) -> str:
    return template.format(**values)


@pytest.mark.parametrize("route", ROUTES, ids=[r[0] for r in ROUTES])
def test_route_roles(app, world, route, make_user):
    name, adopted, method, path, allowed, data = route
    extras = _extras(app, world, adopted)
    values = {"slug": world.slug, "convening": world.convening_slug, "clause": world.clause_ids[0],
              "stranger": world.stranger, "group": world.group_id, "group_member": world.group_member, **extras}
    url = _fill(path, values)
    form = {k: _fill(v, values) for k, v in (data or {}).items()}
    users = {"committee": world.committee, "lead": world.lead, "group_member": world.group_member,
             "other_lead": world.other_lead, "other_organizer": world.other_organizer,
             "organizer": world.organizer, "admin": world.admin}
    # Refused roles first (so an allowed POST's effect cannot hide a refusal), then allowed ones.
    order = [r for r in ROLES if r not in allowed] + [r for r in ROLES if r in allowed]
    for role in order:
        client = app.test_client()
        if role != "anonymous":
            with client.session_transaction() as session:  # logged in as Flask-Login does it
                session["_user_id"] = session_user_id(app, users[role])
                session["_fresh"] = True
        response = client.get(url) if method == "GET" else client.post(url, data=form)
        location = response.headers.get("Location", "")
        if role in allowed:
            # Let in: the page, a redirect after success, or a form re-rendered with a rule's refusal
            # (a second adoption, say): never a refusal of the person.
            assert response.status_code in (200, 302, 400), (name, role, response.status_code)
            assert "/account/login" not in location, (name, role)
            if method == "GET" and response.status_code == 200 and not url.split("?")[0].endswith(".pdf"):
                assert "<h1" in response.text
        elif role == "anonymous":
            assert response.status_code == 404 or (
                response.status_code == 302 and "/account/login" in location), (name, role, response.status_code)
        else:
            assert response.status_code in (403, 404), (name, role, response.status_code)
