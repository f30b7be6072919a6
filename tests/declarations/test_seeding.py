"""The seed_convening hook loads past declarations; tested with a small stand-in for SeedContext."""
from __future__ import annotations

import copy

import pytest

from organizer.convenings.models import Source
from organizer.declarations.models import Clause, ConstituencyGroup, Declaration, DeclarationVersion
from organizer.declarations.seeding import seed_convening
from organizer.convenings.seeding import SeedContext, SeedError
from organizer.extensions import db
from organizer.i18n.formatting import PartialDate
from organizer.i18n.translated import TranslatedText

from .conftest import make_convening

SOURCE = "004_289e62a384239937.txt"


def seed_context():
    """The real seeding context, as `flask organizer seed` gives it to the loader."""
    return SeedContext("convenings/la-2013.yaml")

LA = {
    "slug": "la-2013",
    "sources": [SOURCE],
    "declarations": [{
        "key": "la-2013-declaration",
        "title": {"en": "Declaration of the conference", "es": "Declaración de la conferencia"},
        "status": "adopted", "adopted_on": "2013-12", "method": "unknown", "text_in_sources": True,
        "process": {"en": "Issued in the name of the participants.", "es": "Emitida a nombre de los participantes."},
        "clauses": [
            {"kind": "solidarity", "original_language": "en",
             "text": {"en": "Solidarity with the CNTE.", "es": "Solidaridad con la CNTE."}},
            {"kind": "demand", "original_language": "en",
             "text": {"en": "Stop criminalizing social movements.",
                      "es": "Que cese la criminalización de los movimientos sociales."}},
        ],
    }],
}
MX = {
    "slug": "mexico-city-2014",
    "sources": [SOURCE],
    "declarations": [{
        "key": "mexico-city-2014-joint-declaration",
        "title": {"en": "Joint declaration of the forums", "es": "Declaración conjunta de los foros"},
        "status": "adopted", "adopted_on": "2014-01-31", "method": "unknown", "text_in_sources": False,
        "process": {"en": "A committee reconciled the ideas of the four constituency groups; the plenary approved it.",
                    "es": "Una comisión conjuntó las ideas de los cuatro grupos; la plenaria la aprobó."},
        "constituency_groups": [{"key": "mining", "name": {"en": "Mining", "es": "Minería"}}],
        "clauses": [],
    }],
}


@pytest.fixture
def seeded(app):
    with app.test_request_context("/en/"):
        db.session.add(Source(file=SOURCE, title=TranslatedText(en="Report", es="Informe")))
        la = make_convening("la-2013", "past")
        mx = make_convening("mexico-city-2014", "past")
        db.session.commit()
        yield la, mx


def test_seeds_past_declarations_idempotently(app, seeded, client):
    la, mx = seeded
    ctx = seed_context()
    seed_convening(ctx, la, LA)
    seed_convening(ctx, mx, MX)
    db.session.commit()
    assert ctx.stats["declarations created"] == 2 and ctx.stats["constituency groups created"] == 1
    la_decl = db.session.scalar(db.select(Declaration).where(Declaration.slug == "la-2013-declaration"))
    assert la_decl.status == "adopted" and la_decl.adopted == PartialDate.parse("2013-12")
    assert la_decl.method == "unknown" and la_decl.sources == [SOURCE] and la_decl.origin == "seed"
    clauses = db.session.scalars(db.select(Clause).where(Clause.declaration_id == la_decl.id)
                                 .order_by(Clause.position)).all()
    assert [c.kind for c in clauses] == ["solidarity", "demand"]
    assert clauses[0].translation == {"en": "reviewed", "es": "reviewed"}
    versions = db.session.scalar(db.select(db.func.count()).select_from(DeclarationVersion))
    assert versions == 2
    # A second run changes nothing.
    again = seed_context()
    seed_convening(again, la, copy.deepcopy(LA))
    seed_convening(again, mx, copy.deepcopy(MX))
    db.session.commit()
    assert sum(again.stats.values()) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(DeclarationVersion)) == versions
    assert db.session.scalar(db.select(db.func.count()).select_from(Clause)) == 2
    # An edited file updates the declaration, with a version.
    edited = copy.deepcopy(LA)
    edited["declarations"][0]["clauses"][1]["text"]["en"] = "End the criminalization of social movements."
    third = seed_context()
    seed_convening(third, la, edited)
    db.session.commit()
    assert third.stats["declarations updated"] == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(DeclarationVersion)) == versions + 1

    # The pages: the LA text with its month precision and source; the 2014 page says the text is not in
    # our sources, in both languages.
    page = client.get("/en/declarations/la-2013-declaration")
    assert page.status_code == 200 and "December 2013" in page.text and "Solidarity with the CNTE." in page.text
    assert "method not recorded" in page.text and "Report" in page.text
    mx_page = client.get("/en/declarations/mexico-city-2014-joint-declaration")
    assert mx_page.status_code == 200 and "not in our sources" in mx_page.text
    assert "A committee reconciled" in mx_page.text
    assert "not fully translated" not in mx_page.text
    assert client.get("/en/declarations/mexico-city-2014-joint-declaration.pdf").status_code == 200


def test_app_made_records_are_never_overwritten(app, seeded):
    la, mx = seeded
    db.session.add(ConstituencyGroup(convening_id=mx.id, key="mining", name=TranslatedText(en="Miners", es="Mineros")))
    db.session.commit()
    seed_convening(seed_context(), mx, MX)
    group = db.session.scalar(db.select(ConstituencyGroup).where(ConstituencyGroup.key == "mining"))
    assert group.name["en"] == "Miners"
    db.session.add(Declaration(convening_id=la.id, slug="la-2013-declaration", title=TranslatedText(en="Ours"),
                               origin="app"))
    db.session.commit()
    with pytest.raises(SeedError, match="key"):
        seed_convening(seed_context(), la, LA)


@pytest.mark.parametrize("mutate, field", [
    (lambda d: d["declarations"][0].update(key="Bad Key"), "key"),
    (lambda d: d["declarations"][0].update(title={"en": "Only English"}), "title"),
    (lambda d: d["declarations"][0].update(status="published"), "status"),
    (lambda d: d["declarations"][0].update(method="acclamation"), "method"),
    (lambda d: d["declarations"][0].update(adopted_on="December 2013"), "adopted_on"),
    (lambda d: d["declarations"][0]["clauses"][0].update(kind="preface"), "clauses[1].kind"),
    (lambda d: d["declarations"][0]["clauses"][1].update(text={"es": "Solo español"}), "clauses[2].text"),
    (lambda d: d["declarations"][0].update(text_in_sources=False), "clauses"),
    (lambda d: d["declarations"][0].update(clauses=[]), "clauses"),
    (lambda d: d.update(sources=["missing.txt"]), "sources"),
])
def test_invalid_data_names_record_and_field(app, seeded, mutate, field):
    la, _ = seeded
    data = copy.deepcopy(LA)
    mutate(data)
    with pytest.raises(SeedError) as error:
        seed_convening(seed_context(), la, data)
    assert error.value.field == field or error.value.field.startswith((field + ".", field + "["))  # the real context may name the language or item
