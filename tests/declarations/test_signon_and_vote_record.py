"""Issue 16, item 5: archive declarations are closed to new signatures unless an organizer opens
sign-on. Issue 14 leftover: an adoption by vote reads the frozen result of the closed vote."""
from __future__ import annotations

from datetime import date

import pytest

from organizer.accounts.models import User
from organizer.declarations import services
from organizer.declarations.models import Declaration, Signatory
from organizer.declarations.services import DeclarationError
from organizer.delegations.models import Delegation
from organizer.extensions import db

from ..conftest import session_user_id
from .conftest import make_delegation

SIGN = {"new_organization": "Sindicato Nuevo", "country": "MX", "authorized_by": "Ana", "contact_email": "a@example.org",
        "contact_language": "es"}


def _as(client, user_id):
    with client.session_transaction() as session:
        session["_user_id"] = session_user_id(client.application, user_id)
        session["_fresh"] = True


def _adopt(app, world, signon_open=True):
    with app.test_request_context("/en/"):
        declaration = db.session.get(Declaration, world.declaration_id)
        declaration.status, declaration.adopted_on, declaration.method = "adopted", date(2030, 5, 1), "unknown"
        declaration.signon_open = signon_open
        db.session.commit()


def _signatories(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Signatory))


def test_a_closed_declaration_says_so_and_takes_no_signature(app, client, world):
    _adopt(app, world, signon_open=False)
    page = client.get(f"/es/declarations/{world.slug}").get_data(as_text=True)
    assert "Sign on for your organization" not in page and "firmar" not in page.split("signatories-heading")[1][:400].lower()
    assert "signon-closed" in page
    sign = client.get(f"/en/declarations/{world.slug}/sign")
    assert sign.status_code == 200 and "is closed" in sign.get_data(as_text=True) and 'name="authorized_by"' not in sign.text
    response = client.post(f"/en/declarations/{world.slug}/sign", data=SIGN)
    assert response.status_code == 200 and _signatories(app) == 0
    with app.test_request_context("/en/"), pytest.raises(DeclarationError, match="closed"):
        services.sign_on(db.session.get(Declaration, world.declaration_id), organization=None, new_name="X",
                         country="MX", sector=None, authorized_by="A", authorizer_title=None,
                         contact_email="x@example.org", contact_language="en", user=None)


def test_organizers_open_sign_on_after_confirming(app, client, world):
    _adopt(app, world, signon_open=False)
    base = f"/en/declarations/{world.slug}"
    _as(client, world.committee)
    assert client.get(f"{base}/signon").status_code == 403
    _as(client, world.organizer)
    page = client.get(f"{base}/signon").get_data(as_text=True)
    assert "Yes, open sign-on" in page
    # A post without the confirmation only asks again.
    assert client.post(f"{base}/signon").status_code == 200
    with app.app_context():
        assert db.session.get(Declaration, world.declaration_id).signon_open is False
    assert client.post(f"{base}/signon", data={"confirm": "yes"}).status_code == 302
    with app.app_context():
        assert db.session.get(Declaration, world.declaration_id).signon_open is True
    assert 'name="authorized_by"' in client.get(f"{base}/sign").get_data(as_text=True)
    # And closes it again; signatures given stay.
    assert "Yes, close sign-on" in client.get(f"{base}/signon").get_data(as_text=True)
    client.post(f"{base}/signon", data={"confirm": "yes"})
    with app.app_context():
        assert db.session.get(Declaration, world.declaration_id).signon_open is False


def test_sign_on_cannot_be_opened_before_adoption(app, world, db_ctx):
    with pytest.raises(DeclarationError):
        services.set_signon(db.session.get(Declaration, world.declaration_id), True)


def test_seeded_historical_declarations_are_closed(app, client):
    """The archive's declarations arrive closed; a re-seed keeps an organizer's choice."""
    import copy

    from organizer.declarations.seeding import seed_convening

    from .test_seeding import LA, SOURCE, seed_context
    from organizer.convenings.models import Source
    from organizer.i18n.translated import TranslatedText
    from .conftest import make_convening

    with app.test_request_context("/en/"):
        db.session.add(Source(file=SOURCE, title=TranslatedText(en="Report", es="Informe")))
        la = make_convening("la-2013", "past")
        seed_convening(seed_context(), la, copy.deepcopy(LA))
        db.session.commit()
        declaration = db.session.scalar(db.select(Declaration).where(Declaration.slug == "la-2013-declaration"))
        assert declaration.signon_open is False
        slug, declaration_id, la_id = declaration.slug, declaration.id, la.id
    page = client.get(f"/en/declarations/{slug}").get_data(as_text=True)
    assert "Sign-on to this declaration is closed." in page and "Sign on for your organization" not in page
    assert "is closed" in client.get(f"/en/declarations/{slug}/sign").get_data(as_text=True)
    with app.test_request_context("/en/"):
        from organizer.convenings.models import Convening

        db.session.get(Declaration, declaration_id).signon_open = True
        db.session.commit()
        seed_convening(seed_context(), db.session.get(Convening, la_id), copy.deepcopy(LA))
        db.session.commit()
        assert db.session.get(Declaration, declaration_id).signon_open is True


def _vote_on_text(world, passes=True, quorum=0):
    declaration = db.session.get(Declaration, world.declaration_id)
    organizer, lead = db.session.get(User, world.organizer), db.session.get(User, world.lead)
    delegations = [db.session.get(Delegation, world.delegation_id)] + [
        make_delegation(world.convening_id, world.lead, "confirmed", f"D{i}") for i in range(2)]
    vote = services.open_vote(declaration, organizer, proposal=None, secret=True, majority="two_thirds", quorum=quorum)
    for delegation, choice in zip(delegations, ["yes", "yes", "abstain"] if passes else ["yes", "no", "no"]):
        services.cast_ballot(vote, lead, choice, delegation)
    services.close_vote(vote, organizer)
    return declaration, vote


def test_adoption_by_vote_reads_the_frozen_result(app, world, db_ctx):
    declaration, vote = _vote_on_text(world)
    organizer = db.session.get(User, world.organizer)
    # Typed counts are refused once the plenary voted here.
    with pytest.raises(DeclarationError, match="typed counts"):
        services.adopt(declaration, organizer, method="vote", adopted_on=date(2030, 5, 1),
                       votes_for=99, votes_against=0, votes_abstain=0)
    services.adopt(declaration, organizer, method="vote", adopted_on=date(2030, 5, 1), vote=vote,
                   votes_for=99, votes_against=0, votes_abstain=0)
    assert declaration.adopted_vote_id == vote.id
    assert (declaration.votes_for, declaration.votes_against, declaration.votes_abstain) == (2, 0, 1)


def test_a_vote_that_did_not_carry_or_is_stale_cannot_adopt(app, world, db_ctx):
    declaration, vote = _vote_on_text(world, passes=False)
    organizer = db.session.get(User, world.organizer)
    with pytest.raises(DeclarationError, match="did not carry"):
        services.adopt(declaration, organizer, method="vote", adopted_on=date(2030, 5, 1), vote=vote)
    declaration, vote = _vote_on_text(world)
    services.set_title(declaration, declaration.title.replace(en="Changed title"), organizer)
    with pytest.raises(DeclarationError, match="earlier version"):
        services.adopt(declaration, organizer, method="vote", adopted_on=date(2030, 5, 1), vote=vote)
    assert declaration.status != "adopted"


def test_the_adoption_page_offers_the_closed_vote_and_the_record_links_it(app, client, world):
    with app.test_request_context("/en/"):
        _declaration, vote = _vote_on_text(world)
        vote_id = vote.id
        db.session.commit()
    base = f"/en/declarations/{world.slug}"
    _as(client, world.organizer)
    page = client.get(f"{base}/adoption").get_data(as_text=True)
    assert 'name="vote"' in page and 'name="votes_for"' not in page
    # A vote id from elsewhere (hostile) is refused with a field error.
    response = client.post(f"{base}/adoption/adopt", data={"method": "vote", "adopted_on": "2030-05-01",
                                                           "vote": "999999"})
    assert response.status_code == 400
    response = client.post(f"{base}/adoption/adopt", data={"method": "vote", "adopted_on": "2030-05-01",
                                                           "vote": str(vote_id)})
    assert response.status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert f'href="#vote-{vote_id}"' in page and f'id="vote-{vote_id}"' in page
    assert "The vote that adopted the declaration" in page
