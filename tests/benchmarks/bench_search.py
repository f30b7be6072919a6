"""Site search at scale (issue 16 item 13) and the directory (issue 18 item 6): 5,000 organizations,
200 convenings, 20,000 sessions and 2,000 declaration clauses; time per search and statements per
search, on SQLite and (with ORGANIZER_TEST_DATABASE_URL) PostgreSQL. Prints, never asserts times.

    python -m tests.benchmarks.bench_search [--quick]
"""
from __future__ import annotations

import os
import random
import statistics
import time

from sqlalchemy import event

from .common import fresh_app

SIZES = {"organizations": 5_000, "convenings": 200, "sessions": 20_000, "clauses": 2_000}
QUICK = {"organizations": 500, "convenings": 20, "sessions": 2_000, "clauses": 200}
WORDS = ("workers", "union", "teachers", "miners", "electrical", "solidarity", "trade", "organizing", "NAFTA",
         "USMCA", "strike", "contract", "migrants", "health", "autoworkers")
PALABRAS = ("trabajadores", "sindicato", "maestros", "mineros", "electricistas", "solidaridad", "comercio",
            "organización", "TLCAN", "T-MEC", "huelga", "contrato", "migrantes", "salud", "automotrices")

# "app cpu ms" is the process's CPU time (on SQLite the whole search, engine included; on
# PostgreSQL the application's share): a figure that a busy machine does not inflate.
SEARCHES = [("declaración", "es"), ("Frente Auténtico", "es"), ("maestros", "es"), ("sindicato minero", "es"),
            ("USMCA", "en"), ("workers solidarity", "en"), ("zzzzqqq", "en")]
PAGES = [("directory", "/en/organizations/"), ("directory, page 40", "/es/organizations/?page=40"),
         ("directory filtered", "/es/organizations/?country=MX&sector=education&kind=union")]


def _sentence(rng, words, n) -> str:
    return " ".join(rng.choice(words) for _ in range(n)).capitalize()


def _populate(app, sizes: dict) -> float:
    from organizer.agenda.models import Release, Session
    from organizer.convenings.models import Convening
    from organizer.declarations.models import Clause, Declaration
    from organizer.extensions import db
    from organizer.i18n.translated import TranslatedText as T
    from organizer.organizations.models import Organization, OrganizationSector

    rng = random.Random(7)
    started = time.perf_counter()
    with app.app_context():
        db.session.add(Organization(slug="fat", name=T(en="Authentic Labor Front", es="Frente Auténtico del Trabajo"),
                                    acronym=T(en="FAT", es="FAT"), country="MX", kind="federation"))
        db.session.add(Organization(slug="mineros", name=T(en="Mexican Miners' Union (Los Mineros)",
                                                           es="Sindicato Nacional de Trabajadores Mineros"),
                                    country="MX", kind="union"))
        for i in range(sizes["organizations"] - 2):
            k = rng.randrange(len(WORDS))
            org = Organization(slug=f"org-{i:05d}", name=T(en=f"{WORDS[k]} {rng.choice(WORDS)} {i}".title(),
                                                           es=f"{PALABRAS[k]} {rng.choice(PALABRAS)} {i}".capitalize()),
                               country=rng.choice(("US", "MX", "CA", "INT")), kind=rng.choice(("union", "ngo", "federation")),
                               description=T(en=_sentence(rng, WORDS, 25), es=_sentence(rng, PALABRAS, 25)))
            org.sector_rows = [OrganizationSector(sector=rng.choice(("education", "mining", "auto", "health")))]
            db.session.add(org)
            if i % 1000 == 999:
                db.session.flush()
        db.session.flush()
        per_convening = sizes["sessions"] // sizes["convenings"]
        clauses_per = sizes["clauses"] // sizes["convenings"]
        for c in range(sizes["convenings"]):
            conv = Convening(slug=f"conv-{c:04d}", title=T(en=f"Convening {c} on {rng.choice(WORDS)}",
                                                             es=f"Encuentro {c} sobre {rng.choice(PALABRAS)}"),
                             description=T(en=_sentence(rng, WORDS, 40), es=_sentence(rng, PALABRAS, 40)),
                             kind="conference", status="past")
            db.session.add(conv)
            db.session.flush()
            for s in range(per_convening):
                db.session.add(Session(convening_id=conv.id, key=f"s{s}", title=T(en=_sentence(rng, WORDS, 5),
                                                                                     es=_sentence(rng, PALABRAS, 5)),
                                       description=T(en=_sentence(rng, WORDS, 30), es=_sentence(rng, PALABRAS, 30))))
            db.session.add(Release(convening_id=conv.id, number=1, name=T(en="Agenda"), snapshot={}))
            declaration = Declaration(convening_id=conv.id, slug=f"decl-{c:04d}", title=T(en=f"Declaration {c}",
                                                                                         es=f"Declaración {c}"),
                                      status="adopted")
            db.session.add(declaration)
            db.session.flush()
            for n in range(clauses_per):
                db.session.add(Clause(declaration_id=declaration.id, position=n, kind="demand", original_language="es",
                                      text=T(en=_sentence(rng, WORDS, 30), es=_sentence(rng, PALABRAS, 30))))
            if c % 10 == 9:
                db.session.flush()
        db.session.commit()
    return time.perf_counter() - started


def _statements(app):
    from organizer.extensions import db

    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE", "PRAGMA")):
            statements.append(statement)
    return engine, statements, count


def _measure_searches(app, repeat: int) -> list[tuple[str, str, str]]:
    from organizer.archive import search_index

    rows = []
    engine, statements, count = _statements(app)
    for query, language in SEARCHES:
        with app.test_request_context(f"/{language}/"):
            results = search_index.search(query, language)  # warm up
            statements.clear()
            event.listen(engine, "before_cursor_execute", count)
            try:
                search_index.search(query, language)
            finally:
                event.remove(engine, "before_cursor_execute", count)
            queries = len(statements)
            times, cpu = [], []
            for _ in range(repeat):
                started, started_cpu = time.perf_counter(), time.process_time()
                search_index.search(query, language)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
        rows.append((f"search {query!r}", "median ms", f"{statistics.median(times):.1f}"))
        rows.append((f"search {query!r}", "app cpu ms", f"{statistics.median(cpu):.1f}"))
        rows.append((f"search {query!r}", "queries", str(queries)))
        rows.append((f"search {query!r}", "results", str(results.total)))
    return rows


def _measure_pages(app, repeat: int) -> list[tuple[str, str, str]]:
    from organizer.platform import http_cache

    client = app.test_client()
    engine, statements, count = _statements(app)
    rows = []
    for name, path in [*PAGES, ("search page 'maestros'", "/es/search/?q=maestros")]:
        assert client.get(path).status_code == 200, path
        with app.app_context():
            http_cache.backend(app).clear()
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        try:
            client.get(path)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        queries = len(statements)
        times, cpu = [], []
        for _ in range(repeat):
            with app.app_context():
                http_cache.backend(app).clear()  # the render, not the shared copy
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        rows.append((name, "median ms", f"{statistics.median(times):.1f}"))
        rows.append((name, "app cpu ms", f"{statistics.median(cpu):.1f}"))
        rows.append((name, "queries", str(queries)))
    return rows


def _directory_query_ms(app, repeat: int) -> list[tuple[str, str, str]]:
    """The directory's reads alone (``archive.queries.directory``), without rendering."""
    from organizer.archive import queries

    with app.test_request_context("/es/organizations/"):
        queries.directory({}, 1)
        times, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            queries.directory({}, 1)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    return [("directory reads (3 queries)", "median ms", f"{statistics.median(times):.1f}"),
            ("directory reads (3 queries)", "app cpu ms", f"{statistics.median(cpu):.1f}")]


def _run(backend: str, quick: bool) -> list[tuple[str, str, str]]:
    sizes = QUICK if quick else SIZES
    repeat = 5 if quick else 15
    with fresh_app(backend) as app:
        load = _populate(app, sizes)
        rows = [("load " + ", ".join(f"{v:,} {k}" for k, v in sizes.items()), "s", f"{load:.1f}"),
                ("machine load average (1 min) at start", "", f"{os.getloadavg()[0]:.1f}")]
        rows += _measure_searches(app, repeat)
        rows += _directory_query_ms(app, repeat)
        rows += _measure_pages(app, repeat)
    return [(f"{name} [{backend}]", measure, value) for name, measure, value in rows]


def run(quick: bool = False) -> list[tuple[str, str, str]]:
    rows = _run("sqlite", quick)
    if os.environ.get("ORGANIZER_TEST_DATABASE_URL"):
        rows += _run("postgresql", quick)
    return rows


if __name__ == "__main__":
    import sys

    for benchmark, measure, value in run(quick="--quick" in sys.argv):
        print(f"{benchmark:<70} {measure:<10} {value:>10}")
