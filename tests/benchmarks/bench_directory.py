"""Directory and search with 5,000 organizations: time per request and queries per request.

    python -m tests.benchmarks.bench_directory            # SQLite, and PostgreSQL if
                                                           # ORGANIZER_TEST_DATABASE_URL is set
"""
from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import event

N_ORGANIZATIONS = 5_000
COUNTRIES = ("US", "MX", "CA", "INT", "GT", "BR")
KINDS = ("union", "federation", "labor_council", "worker_center", "ngo", "university", "network")
SECTORS = ("education", "energy", "telecommunications", "auto", "mining", "public_sector", "health", "agriculture")
WORDS = ("Workers", "Union", "Teachers", "Miners", "Electrical", "Federation", "Alliance", "Solidarity", "Center",
         "Autoworkers", "Nurses", "Farmworkers", "Independent", "National", "Local", "Democratic")
PALABRAS = ("Trabajadores", "Sindicato", "Maestros", "Mineros", "Electricistas", "Federación", "Alianza",
            "Solidaridad", "Centro", "Automotrices", "Enfermeras", "Jornaleros", "Independiente", "Nacional", "Local",
            "Democrático")

PAGES = [
    ("directory", "/en/organizations/"),
    ("directory, page 40", "/en/organizations/?page=40"),
    ("directory filtered (country+sector)", "/es/organizations/?country=MX&sector=education"),
    ("directory filtered (all four)", "/es/organizations/?country=MX&sector=education&kind=union&network=net-0"),
    ("search 'teachers'", "/en/search/?q=teachers"),
    ("search 'maestros mexico'", "/es/search/?q=maestros+mexico"),
    ("search 'Frente Auténtico'", "/es/search/?q=Frente+Aut%C3%A9ntico"),
    ("search, no result", "/en/search/?q=zzzzqqq"),
]


def _populate(app, n: int) -> None:
    from organizer.extensions import db
    from organizer.i18n.translated import TranslatedText
    from organizer.organizations.models import Organization, OrganizationSector, organization_networks

    rng = random.Random(42)
    with app.app_context():
        networks = []
        for i in range(8):
            net = Organization(slug=f"net-{i}", name=TranslatedText(en=f"Trinational Network {i}", es=f"Red Trinacional {i}"),
                               country="INT", kind="network")
            net.set_sectors(["general"])
            db.session.add(net)
            networks.append(net)
        db.session.add(Organization(slug="fat", name=TranslatedText(en="Authentic Labor Front", es="Frente Auténtico del Trabajo"),
                                    acronym=TranslatedText(en="FAT", es="FAT"), country="MX", kind="federation"))
        db.session.flush()
        rows = []
        for i in range(n - 9):
            k = rng.randrange(len(WORDS))
            j = rng.randrange(len(WORDS))
            org = Organization(slug=f"org-{i:05d}",
                               name=TranslatedText(en=f"{WORDS[k]} {WORDS[j]} {i}", es=f"{PALABRAS[k]} {PALABRAS[j]} {i}"),
                               country=rng.choice(COUNTRIES), kind=rng.choice(KINDS))
            org.sector_rows = [OrganizationSector(sector=s) for s in rng.sample(SECTORS, rng.randint(1, 2))]
            db.session.add(org)
            rows.append(org)
            if len(rows) % 1000 == 0:
                db.session.flush()
        db.session.flush()
        links = [{"organization_id": o.id, "network_id": rng.choice(networks).id} for o in rows if rng.random() < 0.3]
        db.session.execute(organization_networks.insert(), links)
        db.session.commit()


def _measure(app, repeat: int) -> list[tuple[str, float, float, int]]:
    """Per page: the median ms rendered (the shared cache emptied before each request, as for a
    signed-in visitor or the first after a change), the median ms from the cache, and the queries
    of a render."""
    from organizer.extensions import db
    from organizer.platform import http_cache

    def empty():
        with app.app_context():
            http_cache.backend(app).clear()

    client = app.test_client()
    with app.app_context():
        engine = db.engine
    results = []
    for name, path in PAGES:
        assert client.get(path).status_code == 200, path  # warm up
        statements: list[str] = []

        def count(conn, cursor, statement, *args, statements=statements):
            statements.append(statement)

        empty()
        event.listen(engine, "before_cursor_execute", count)
        try:
            client.get(path)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        rendered, cached = [], []
        for _ in range(repeat):
            empty()
            start = time.perf_counter()
            response = client.get(path)
            rendered.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
            start = time.perf_counter()
            response = client.get(path)
            cached.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        results.append((name, statistics.median(rendered), statistics.median(cached), len(statements)))
    return results


def _app(url: str, tmp: str):
    from organizer import create_app

    return create_app({"ENV": "testing", "TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "bench-" + "x" * 32,
                       "INSTANCE_PATH": tmp, "WTF_CSRF_ENABLED": False, "MAIL_SEND_IMMEDIATELY": False})


def _run_backend(backend: str, quick: bool) -> list[tuple[str, str, str]]:
    from organizer.extensions import db

    n = 500 if quick else N_ORGANIZATIONS
    repeat = 3 if quick else 15
    with tempfile.TemporaryDirectory() as tmp:
        pg_name = None
        if backend == "sqlite":
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        else:
            import psycopg
            from sqlalchemy.engine import make_url

            from organizer.config import normalize_database_url

            base = make_url(normalize_database_url(os.environ["ORGANIZER_TEST_DATABASE_URL"]))
            pg_name = f"organizer_bench_{uuid.uuid4().hex[:8]}"
            conninfo = base.set(drivername="postgresql").render_as_string(hide_password=False)
            with psycopg.connect(conninfo, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{pg_name}"')
            url = base.set(database=pg_name).render_as_string(hide_password=False)
        app = _app(url, tmp)
        try:
            with app.app_context():
                db.create_all()
            start = time.perf_counter()
            _populate(app, n)
            load = time.perf_counter() - start
            rows = [(f"directory/search [{backend}]", "organizations", f"{n:,}"),
                    (f"directory/search [{backend}]", "load (s)", f"{load:.1f}")]
            for name, ms, cached_ms, queries in _measure(app, repeat):
                rows.append((f"{name} [{backend}]", "median ms rendered", f"{ms:.1f}"))
                rows.append((f"{name} [{backend}]", "median ms cached", f"{cached_ms:.2f}"))
                rows.append((f"{name} [{backend}]", "queries", str(queries)))
            return rows
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
            if pg_name:
                with psycopg.connect(conninfo, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def run(quick: bool = False) -> list[tuple[str, str, str]]:
    rows = _run_backend("sqlite", quick)
    if os.environ.get("ORGANIZER_TEST_DATABASE_URL"):
        rows += _run_backend("postgresql", quick)
    return rows


if __name__ == "__main__":
    import sys

    for benchmark, measure, value in run(quick="--quick" in sys.argv):
        print(f"{benchmark:<55} {measure:<14} {value:>10}")
