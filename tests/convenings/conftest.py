from __future__ import annotations

import pytest

from organizer.extensions import db

from .. import factories


@pytest.fixture
def build(app):
    """with build() as f: f.org(...); commits at the end of the block."""
    from contextlib import contextmanager

    @contextmanager
    def _build():
        with app.app_context():
            yield factories
            db.session.commit()

    return _build


@pytest.fixture
def archive(app, build, make_user):
    """A small archive: two past convenings, one upcoming, one draft with its organizer."""
    organizer_id = make_user("organizer@example.org")
    other_organizer_id = make_user("other@example.org")
    with build() as f:
        tnsa = f.org("tnsa", "Trinational Solidarity Alliance", "Alianza Trinacional de Solidaridad", acronym="TNSA",
                     country="INT", kind="network")
        fat = f.org("fat", "Authentic Labor Front", "Frente Auténtico del Trabajo", acronym="FAT", country="MX",
                    kind="federation", sectors=["auto", "mining"], networks=[tnsa])
        utla = f.org("utla", "United Teachers Los Angeles", "Maestros Unidos de Los Ángeles", acronym="UTLA",
                     country="US", sectors=["education"])
        cnte = f.org("cnte", "National Coordination of Education Workers",
                     "Coordinadora Nacional de Trabajadores de la Educación", acronym="CNTE", country="MX",
                     sectors=["education"], networks=[tnsa])
        f.org("gates", "Gates Foundation", "Fundación Gates", country="US", kind="foundation",
                      sectors=["education"])
        usw = f.org("usw", "United Steelworkers", "Sindicato de Trabajadores del Acero", acronym="USW", country="CA",
                    sectors=["steel"], parent=None)
        f.org("usw-local-1", "USW Local 1", "Local 1 del USW", country="CA", parent=usw)
        ana = f.person("ana-lopez", "Ana López", country="MX",
                       affiliations=[(fat, ("National coordinator", "Coordinadora nacional"), "2013-12")])
        secret = f.person("private-person", "Private Person", public=False, affiliations=[(fat, None, None)])
        src = f.source("004_source.txt", "Report on the conference", "Informe sobre la conferencia",
                       author="Jane Writer", date="2014-02")
        la = f.convening("la-2013", "Los Angeles conference 2013", "Conferencia de Los Ángeles 2013",
                         start="2013-12-02", end="2013-12-03", subtitle=("Twenty years of NAFTA", "Veinte años de TLCAN"),
                         goals=[("Learn from the networks", "Aprender de las redes"), ("Build solidarity", "Construir solidaridad")],
                         organizations=[(utla, "host"), (fat, "participant"), (cnte, "participant"), (usw, "co_host"),
                                        (tnsa, "network")],
                         people=[(ana, "speaker", fat), (secret, "delegate", fat)], sources=[src])
        f.convening("la-2024", "Los Angeles gathering 2024", "Encuentro de Los Ángeles 2024", start="2024-02",
                    organizations=[(fat, "host")])
        f.convening("cdmx-2030", "Mexico City convening 2030", "Encuentro de la Ciudad de México 2030", start="2030-11-10",
                    end="2030-11-11", status="registration_open", city=("Mexico City", "Ciudad de México"),
                    country="MX", organizations=[(fat, "host")])
        f.convening("secret-draft", "Secret draft convening", "Borrador secreto", start="2031", status="draft",
                    organizers=[organizer_id])
        f.convening("other-draft", "Other draft", "Otro borrador", start="2031", status="draft",
                    organizers=[other_organizer_id])
        ids = dict(la=la.id, fat=fat.id)
    return dict(organizer=organizer_id, other_organizer=other_organizer_id, **ids)
