"""`flask organizer seed`: idempotent, updates edited files, never deletes app data, refuses invalid files."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from organizer.platform import signals
from organizer.convenings.models import (Convening, ConveningGoal, ConveningOrganization, ConveningPerson,
                                         ConveningSource, Source)
from organizer.convenings.seeding import SeedError, seed
from organizer.extensions import db
from organizer.organizations.models import Affiliation, Organization, Person

ROOT = Path(__file__).resolve().parents[2]

SOURCES = """
sources:
  - file: 004_report.txt
    title: {en: "Report on the 2013 conference", es: "Informe sobre la conferencia de 2013"}
    author: "Jane Writer"
    date: "2014-02"
"""

ORGANIZATIONS = """
organizations:
  - slug: tnsa
    name: {en: Trinational Solidarity Alliance, es: Alianza Trinacional de Solidaridad}
    acronym: {en: TNSA, es: TNSA}
    country: INT
    kind: network
    sectors: [general]
    sources: [004_report.txt]
  - slug: fat
    name: {en: Authentic Labor Front, es: Frente Auténtico del Trabajo}
    acronym: {en: FAT, es: FAT}
    country: MX
    kind: federation
    sectors: [auto, mining]
    networks: [tnsa]
    sources: [004_report.txt]
  - slug: stunam
    name: {en: UNAM Workers Union, es: Sindicato de Trabajadores de la UNAM}
    country: MX
    kind: union
    sectors: [education]
    parent: fat
    sources: [004_report.txt]
"""

PEOPLE = """
people:
  - slug: ana-lopez
    name: Ana López
    country: MX
    public: true
    affiliations:
      - organization: fat
        title: {en: National coordinator, es: Coordinadora nacional}
        as_of: "2013-12"
    sources: [004_report.txt]
"""

CONVENING = """
slug: la-2013
title: {en: Los Angeles conference 2013, es: Conferencia de Los Ángeles 2013}
subtitle: {en: Twenty years of NAFTA, es: Veinte años de TLCAN}
kind: trinational
countries: [US, MX, CA]
city: {en: Los Angeles, es: Los Ángeles}
venue: null
country: US
timezone: America/Los_Angeles
start: "2013-12-02"
end: "2013-12-03"
status: past
goals:
  - {en: Learn from the networks, es: Aprender de las redes}
  - {en: Build solidarity, es: Construir solidaridad}
organizations:
  - {organization: fat, role: participant}
  - {organization: tnsa, role: network}
people:
  - {person: ana-lopez, role: speaker, organization: fat}
sessions:
  - key: opening
    title: {en: Opening plenary, es: Plenaria de apertura}
    kind: plenary
    day: "2013-12-02"
    languages: [en, es]
    speakers:
      - {person: ana-lopez, organization: fat, role: speaker}
sources: [004_report.txt]
"""


def write_tree(base: Path, **overrides) -> Path:
    files = {"sources.yaml": SOURCES, "organizations.yaml": ORGANIZATIONS, "people.yaml": PEOPLE,
             "convenings/la-2013.yaml": CONVENING}
    files.update(overrides)
    for name, content in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return base


def counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(db.select(db.func.count()).select_from(model))
            for model in (Source, Organization, Person, Affiliation, Convening, ConveningGoal, ConveningOrganization,
                          ConveningPerson, ConveningSource)}


@pytest.fixture
def tree(tmp_path):
    return write_tree(tmp_path / "seeds")


def run_seed(app, directory):
    with app.app_context():
        stats = seed(directory)
        db.session.commit()
        return stats


def test_loads_everything(app, tree):
    stats = run_seed(app, tree)
    assert stats["convenings created"] == 1 and stats["organizations created"] == 3 and stats["people created"] == 1
    with app.app_context():
        c = db.session.scalar(db.select(Convening).where(Convening.slug == "la-2013"))
        assert c.origin == "seed" and c.status == "past" and c.start_precision == "day"
        assert c.title["es"] == "Conferencia de Los Ángeles 2013"
        fat = db.session.scalar(db.select(Organization).where(Organization.slug == "fat"))
        stunam = db.session.scalar(db.select(Organization).where(Organization.slug == "stunam"))
        assert stunam.parent_id == fat.id
        assert "frente autentico del trabajo" in fat.search_text and "maestros" in stunam.search_text
        assert fat.sources == ["004_report.txt"]
        source = db.session.scalar(db.select(Source))
        assert source.date == "2014-02" and source.author == "Jane Writer"


def test_second_run_changes_nothing(app, tree, count_queries):
    run_seed(app, tree)
    with app.app_context():
        before = counts()
        stamps = {c.slug: c.updated_at for c in db.session.scalars(db.select(Convening))}
        org_stamps = {o.slug: o.updated_at for o in db.session.scalars(db.select(Organization))}
    stats = run_seed(app, tree)
    assert set(stats) == {"files read"}
    with app.app_context():
        assert counts() == before
        assert {c.slug: c.updated_at for c in db.session.scalars(db.select(Convening))} == stamps
        assert {o.slug: o.updated_at for o in db.session.scalars(db.select(Organization))} == org_stamps


def test_an_edited_file_updates_its_records(app, tree):
    run_seed(app, tree)
    edited = CONVENING.replace("Twenty years of NAFTA", "Almost twenty years of NAFTA").replace(
        "  - {en: Build solidarity, es: Construir solidaridad}\n", "").replace(
        "  - {organization: tnsa, role: network}\n", "  - {organization: stunam, role: participant}\n")
    write_tree(tree, **{"convenings/la-2013.yaml": edited})
    stats = run_seed(app, tree)
    assert stats["convenings updated"] == 1
    with app.app_context():
        c = db.session.scalar(db.select(Convening).where(Convening.slug == "la-2013"))
        assert c.subtitle["en"] == "Almost twenty years of NAFTA"
        assert [g.text["en"] for g in db.session.scalars(db.select(ConveningGoal).order_by(ConveningGoal.position))] == [
            "Learn from the networks"]
        slugs = sorted(db.session.scalars(db.select(Organization.slug).join(
            ConveningOrganization, ConveningOrganization.organization_id == Organization.id)))
        assert slugs == ["fat", "stunam"]


def test_never_deletes_or_overwrites_what_was_made_in_the_app(app, tree):
    run_seed(app, tree)
    with app.app_context():
        c = db.session.scalar(db.select(Convening).where(Convening.slug == "la-2013"))
        new_org = Organization(slug="app-made", name={"en": "App Made Union", "es": "Sindicato hecho en la app"},
                               country="US", kind="union")
        db.session.add(new_org)
        db.session.flush()
        db.session.add(ConveningOrganization(convening_id=c.id, organization_id=new_org.id, role="partner", origin="app"))
        fat = db.session.scalar(db.select(Organization).where(Organization.slug == "fat"))
        fat.origin = "app"  # edited by an organizer
        fat.name = {"en": "Authentic Labor Front (edited)", "es": "Frente Auténtico del Trabajo"}
        db.session.commit()
    run_seed(app, tree)
    with app.app_context():
        assert db.session.scalar(db.select(Organization).where(Organization.slug == "app-made")) is not None
        assert db.session.scalar(db.select(ConveningOrganization).where(ConveningOrganization.role == "partner")) is not None
        fat = db.session.scalar(db.select(Organization).where(Organization.slug == "fat"))
        assert fat.name["en"] == "Authentic Labor Front (edited)"


@pytest.mark.parametrize("name, content, record, field", [
    ("organizations.yaml", ORGANIZATIONS.replace("es: Frente Auténtico del Trabajo", "es: ''"), "fat", "name.es"),
    ("organizations.yaml", ORGANIZATIONS.replace("kind: union", "kind: guild"), "stunam", "kind"),
    ("organizations.yaml", ORGANIZATIONS.replace("parent: fat", "parent: nobody"), "stunam", "parent"),
    ("people.yaml", PEOPLE.replace('as_of: "2013-12"', 'as_of: "Dec 2013"'), "ana-lopez", "affiliations[0].as_of"),
    ("people.yaml", PEOPLE.replace("    public: true\n", "    public: true\n    email: ana@example.org\n"),
     "ana-lopez", "email"),
    ("convenings/la-2013.yaml", CONVENING.replace('start: "2013-12-02"', 'start: "2013-13-02"'), "la-2013", "start"),
    ("convenings/la-2013.yaml", CONVENING.replace("{person: ana-lopez", "{person: nobody"), "la-2013", "people[0].person"),
    ("convenings/la-2013.yaml", CONVENING.replace("role: speaker", "role: singer"), "la-2013", "people[0].role"),
    ("convenings/la-2013.yaml", CONVENING.replace("timezone: America/Los_Angeles", "timezone: Mars/Olympus"),
     "la-2013", "timezone"),
])
def test_invalid_file_names_file_record_and_field_and_loads_nothing_of_it(app, tmp_path, name, content, record, field):
    tree = write_tree(tmp_path / "seeds", **{name: content})
    with app.app_context():
        with pytest.raises(SeedError) as info:
            seed(tree)
        db.session.commit()  # what the command does: keep the valid files before
        error = info.value
        assert (error.file, error.record, error.field) == (name, record, field)
        assert name in str(error) and record in str(error) and field in str(error)
        if name == "organizations.yaml":
            assert counts()["Organization"] == 0
        if name == "people.yaml":
            assert counts()["Person"] == 0 and counts()["Organization"] == 3
        if name.startswith("convenings/"):
            assert counts()["Convening"] == 0 and counts()["ConveningGoal"] == 0 and counts()["Person"] == 1


def test_invalid_yaml_is_reported_with_its_line(app, tmp_path):
    tree = write_tree(tmp_path / "seeds", **{"convenings/la-2013.yaml": "slug: [unclosed\n"})
    with app.app_context():
        with pytest.raises(SeedError) as info:
            seed(tree)
        assert info.value.file == "convenings/la-2013.yaml" and "line" in str(info.value)


def test_invalid_update_keeps_the_previous_version(app, tree):
    run_seed(app, tree)
    write_tree(tree, **{"convenings/la-2013.yaml": CONVENING.replace("Twenty years", "Thirty years").replace(
        "kind: trinational", "kind: picnic")})
    with app.app_context():
        with pytest.raises(SeedError):
            seed(tree)
        db.session.rollback()
        c = db.session.scalar(db.select(Convening).where(Convening.slug == "la-2013"))
        assert c.subtitle["en"] == "Twenty years of NAFTA"


def test_command_reports_and_exits_1_on_invalid_data(app, runner, tmp_path):
    tree = write_tree(tmp_path / "seeds", **{"convenings/la-2013.yaml": CONVENING.replace("kind: trinational", "kind: x")})
    result = runner.invoke(args=["organizer", "seed", "--directory", str(tree)])
    assert result.exit_code == 1
    assert "convenings/la-2013.yaml" in result.output and "'la-2013'" in result.output and "'kind'" in result.output
    with app.app_context():
        assert counts()["Organization"] == 3 and counts()["Convening"] == 0


def test_command_is_idempotent(app, runner, tree):
    first = runner.invoke(args=["organizer", "seed", "--directory", str(tree)])
    assert first.exit_code == 0, first.output
    assert "convenings created: 1" in first.output
    second = runner.invoke(args=["organizer", "seed", "--directory", str(tree)])
    assert second.exit_code == 0 and "already up to date" in second.output


def test_seed_convening_hook_gets_the_context_and_the_data(app, tree):
    seen = []

    def loader(ctx, convening, data):
        ctx.record = "opening"
        assert ctx.file == "convenings/la-2013.yaml"
        assert ctx.organization("fat").slug == "fat" and ctx.person("ana-lopez").name == "Ana López"
        assert ctx.source("004_report.txt").file == "004_report.txt"
        assert ctx.partial_date("2013-12", "day").precision == "month"
        assert ctx.text({"en": "a", "es": "b"}, "title")["es"] == "b"
        assert ctx.choice("panel", ("panel", "plenary"), "kind") == "panel"
        ctx.stats["probe sessions"] += len(data["sessions"])
        seen.append(convening.slug)

    with signals.convening_seeded.connected_to(loader):
        stats = run_seed(app, tree)
    assert seen == ["la-2013"] and stats["probe sessions"] == 1 and stats["sessions created"] == 1


def test_errors_raised_by_a_hook_roll_back_the_whole_file(app, tree):
    def loader(ctx, convening, data):
        ctx.record = "opening"
        ctx.organization("nobody", "sessions[0].speakers[0].organization")

    with signals.convening_seeded.connected_to(loader), app.app_context():
        with pytest.raises(SeedError) as info:
            seed(tree)
        assert (info.value.record, info.value.field) == ("opening", "sessions[0].speakers[0].organization")
        db.session.commit()
        assert counts()["Convening"] == 0 and counts()["Organization"] == 3


def test_the_repository_seeds_load_twice_without_change(app):
    seeds = ROOT / "seeds"
    if not list((seeds / "convenings").glob("*.yaml")):
        pytest.skip("the repository has no convening seed files yet")
    first = run_seed(app, seeds)
    assert first["convenings created"] >= 1
    second = run_seed(app, seeds)
    assert set(second) == {"files read"}, second
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Convening).where(Convening.status == "draft")) == 0


def test_a_new_slug_for_an_organization_already_there_is_refused_through_the_one_owner(app, tmp_path):
    """Issue 10: the seeds create organizations through organizations.services, whose duplicate rule
    (same folded name or acronym in the same country) applies to them too."""
    twin = ORGANIZATIONS + textwrap.indent(textwrap.dedent("""\
        - slug: frente-autentico
          name: {en: Authentic Labour Front, es: FRENTE AUTENTICO DEL TRABAJO}
          country: MX
          kind: federation
          sources: [004_report.txt]
        """), "  ")
    tree = write_tree(tmp_path / "seeds", **{"organizations.yaml": twin})
    with app.app_context():
        with pytest.raises(SeedError) as info:
            seed(tree)
        assert (info.value.record, info.value.field) == ("frente-autentico", "name") and "'fat'" in str(info.value)


def test_the_seeder_makes_organizations_only_through_the_organizations_service():
    seeding = ROOT / "organizer" / "convenings" / "seeding"
    for path in seeding.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<![A-Za-z])(Organization|Person|Affiliation)\(", text), path.name
        assert "organization_networks" not in text, path.name
