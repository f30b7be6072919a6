"""Anonymous sign-on is no spam relay: the mail to the contact address typed on the form carries no
text typed on the form, and the organization a signer proposes is seen by nobody else (pickers,
directory, search, its page, the declaration) until the convening's organizers verify it."""
from __future__ import annotations

from organizer.declarations.models import Signatory
from organizer.extensions import db
from organizer.mail.models import OutboxMessage
from organizer.organizations.models import Organization

SPAM_ORG = "Cheap Pills Ltd visit spam-example-org"
SPAM_PERSON = "Click https://spam.example/win now"
SPAM_TITLE = "Claim your prize at spam.example"


def _everywhere(world, clients) -> list[str]:
    """Where the proposed organization must not appear, for everyone but the organizers' review."""
    adopted = world.slugs["adopted"]
    found = []
    for role in ("anonymous", "delegate", "other_lead", "lead", "other_organizer"):
        client = clients[role]
        pages = {
            "directory": client.get("/en/organizations/"),
            "search": client.get("/en/search/", query_string={"q": "Cheap Pills"}),
            "declaration": client.get(f"/en/declarations/{adopted}"),
            "sign-on picker": client.get(f"/en/declarations/{adopted}/sign"),
        }
        if role != "other_organizer":  # organizers of any convening edit organizations: they see it, to verify it
            pages["organization page"] = client.get("/en/organizations/cheap-pills-ltd-visit-spam-example-org/")
        if role == "lead":  # the lead's organization picker (search on the delegation form)
            pages["lead's picker"] = client.post(f"/en/registration/d/{world.ids['delegation']}/edit",
                                                 data={"name-en": "Delegation A", "org_query": "Cheap Pills",
                                                       "search": "1"})
        found += [f"{name} as {role}" for name, response in pages.items() if SPAM_ORG in response.get_data(as_text=True)]
    return found


def test_sign_on_relays_no_text_and_shows_nothing_until_verified(app, world, clients):
    adopted = world.slugs["adopted"]
    response = clients["anonymous"].post(f"/en/declarations/{adopted}/sign", data={
        "organization": "", "new_organization": SPAM_ORG, "country": "MX", "sector": "",
        "authorized_by": SPAM_PERSON, "authorizer_title": SPAM_TITLE, "contact_email": "victim@example.net",
        "contact_language": "en", "confirm": "y"})
    assert response.status_code == 200 and "victim@example.net" in response.get_data(as_text=True)
    with app.app_context():
        mail = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.recipient == "victim@example.net")).one()
        text = mail.subject + "\n" + mail.body_text
        organization = db.session.scalar(db.select(Organization).where(Organization.slug.like("cheap-pills%")))
        assert organization is not None and not organization.verified
        signatory = db.session.scalar(db.select(Signatory).where(Signatory.organization_id == organization.id))
    for typed in (SPAM_ORG, SPAM_PERSON, SPAM_TITLE, "spam.example", "Cheap Pills"):
        assert typed not in text, typed
    assert "/withdraw/" in text  # what the contact does need: the link to undo it

    assert _everywhere(world, clients) == []

    # The organizers see it, to verify it.
    review = clients["organizer"].get(f"/en/declarations/{adopted}/signatories")
    assert SPAM_ORG in review.get_data(as_text=True)
    assert clients["organizer"].post(f"/en/declarations/{adopted}/signatories/{signatory.id}/verify").status_code == 302
    assert SPAM_ORG in clients["anonymous"].get(f"/en/declarations/{adopted}").get_data(as_text=True)
    assert SPAM_ORG in clients["anonymous"].get("/en/organizations/").get_data(as_text=True)
