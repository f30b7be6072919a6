"""Journey 2: an organizer builds an agenda with parallel sessions in the browser, sees a conflict
warning, fixes it and releases a version with a bilingual note; a visitor reads the agenda in both
languages (on a desktop and on a phone), opens a session, the changelog and the printable view, and
downloads the iCal file, which parses. Every page is screenshotted and audited in both languages."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from organizer.agenda.models import Room
from organizer.extensions import db
from organizer.i18n.translated import TranslatedText

from ..conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.backends("sqlite")]

SLUG = "cdmx-2027"
TZ = "America/Mexico_City"

# Common English words that have no place in the text of a Spanish page (names of people and the
# language link "English" aside).
ENGLISH = {"the", "and", "of", "with", "for", "room", "rooms", "time", "session", "sessions", "version",
           "released", "agenda:", "changed", "what", "printable", "subscribe", "speakers", "speaker",
           "workshop", "plenary", "languages", "spoken", "interpretation", "calendar", "back",
           "draft", "warning", "warnings", "edit", "move", "delete", "duplicate", "day", "days", "when",
           "all", "filter", "track", "main", "hall", "note", "release", "log", "out", "venue"}


def _t(en: str, es: str) -> TranslatedText:
    return TranslatedText(en=en, es=es)


@pytest.fixture
def convening(app, make_user):
    """A published convening in Mexico City (March 15–16, 2027), two rooms, its organizer, three
    people and two organizations: made directly, the journey builds everything else."""
    from organizer.agenda.models import Room
    from organizer.convenings.models import Convening, ConveningOrganizer
    from organizer.organizations.models import Organization, Person

    organizer = make_user("lucia@example.org", name="Lucía Hernández")
    with app.app_context():
        conv = Convening(slug=SLUG, title=_t("Trinational Encounter in Mexico City",
                                             "Encuentro Trinacional en la Ciudad de México"),
                         kind="trinational", timezone=TZ, status="published", countries=["US", "MX", "CA"],
                         start_date=date(2027, 3, 15), end_date=date(2027, 3, 16))
        db.session.add(conv)
        db.session.flush()
        db.session.add(ConveningOrganizer(convening_id=conv.id, user_id=organizer))
        db.session.add_all([
            Room(convening_id=conv.id, name=_t("Main hall", "Salón principal"), capacity=300, position=1,
                 availabilities=[]),
            Room(convening_id=conv.id, name=_t("Room B", "Sala B"), capacity=40, position=2, availabilities=[]),
            Organization(slug="fat", name=_t("Authentic Labor Front", "Frente Auténtico del Trabajo"),
                         acronym=_t("FAT", "FAT"), country="MX", kind="federation"),
            Organization(slug="usw", name=_t("United Steelworkers", "Sindicato de Trabajadores del Acero"),
                         acronym=_t("USW", "USW"), country="US", kind="union"),
            Person(slug="ana-lopez", name="Ana López", is_public=True),
            Person(slug="bob-smith", name="Bob Smith", is_public=True),
            Person(slug="camille-roy", name="Camille Roy", is_public=True),
        ])
        db.session.commit()
    return organizer


def english_leftovers(page) -> set[str]:
    """English words in the visible text of the page's main content and header."""
    text = page.evaluate("""() => [...document.querySelectorAll('header, main')]
        .map(el => el.innerText).join(' ')""")
    for name in ("Ana López", "Bob Smith", "Camille Roy", "English", "Organizer", "Lucía Hernández", "JSON",
                 "iCal", "frab", "XML"):
        text = text.replace(name, " ")
    return {w for w in re.findall(r"[A-Za-záéíóúñü:]+", text.lower())} & ENGLISH


def fits(page) -> bool:
    """Nothing wider than the screen: no sideways scrolling of the page."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def check_both(j, label: str, *, es_label: str | None = None) -> None:
    """Audit the page in English, switch to Spanish with the language link, audit it there (no
    English leftovers), and switch back."""
    page = j.page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    j.check(label)
    page.locator("a.language-switch", has_text="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert english_leftovers(page) == set(), page.url
    j.check(es_label or f"{label}-es")
    page.locator("a.language-switch", has_text="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def add_session(page, *, en, es, kind, start, end, room, people, languages=("en", "es"), track=None):
    page.get_by_role("link", name="Add a session").first.click()
    page.locator("#title-en").fill(en)
    page.locator("#title-es").fill(es)
    page.locator("#kind").select_option(kind)
    page.locator("#start").fill(start)
    page.locator("#end").fill(end)
    page.locator("#room").select_option(label=room)
    if track:
        page.locator("#track").select_option(label=track)
    for box in page.locator("input[name=languages]").all():
        box.set_checked(box.get_attribute("value") in languages)
    for i, (person, organization, role) in enumerate(people):
        if page.locator(f"#people-{i}-person option", has_text=person).count() == 0:
            # Not yet at this convening: the rows never list the whole archive. Search, then choose.
            page.locator("#find_person").fill(person)
            page.get_by_role("button", name="Find", exact=True).click()
            expect(page.get_by_role("status")).to_contain_text("found")
        page.locator(f"#people-{i}-person").select_option(label=person)
        page.locator(f"#people-{i}-organization").select_option(label=organization)
        page.locator(f"#people-{i}-role").select_option(role)
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Session added to the draft.")).to_be_visible()


def test_organizer_builds_and_releases_an_agenda_visitor_reads_it(app, convening, journey):
    # ---------------------------------------------------------------- the organizer
    j = journey("agenda-organizer")
    page = j.page
    j.goto("/en/account/login")
    check_both(j, "login")
    page.get_by_label("Email").fill("lucia@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Lucía Hernández")).to_be_visible()
    j.goto(f"/en/convenings/{SLUG}/")
    check_both(j, "convening")
    page.get_by_role("link", name="Agenda", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Agenda draft"))
    check_both(j, "draft-empty")

    # The rooms made beforehand are listed; a track is added through its form.
    page.get_by_role("navigation", name="Agenda tools").get_by_role("link", name="Rooms").click()
    expect(page.get_by_role("rowheader", name="Room B")).to_be_visible()
    check_both(j, "rooms")
    page.get_by_text("Add a room", exact=True).click()
    check_both(j, "room-form")
    page.get_by_role("navigation", name="Agenda tools").get_by_role("link", name="Tracks").click()
    page.locator("#name-en").fill("Energy and mining")
    page.locator("#name-es").fill("Energía y minería")
    page.get_by_role("button", name="Add track").click()
    expect(page.get_by_text("Track added.")).to_be_visible()
    check_both(j, "tracks")

    # Two parallel sessions in different rooms, then a third that double-books Ana and the hall.
    add_session(page, en="The USMCA labor chapter, five years on", es="El capítulo laboral del T-MEC, cinco años después",
                kind="plenary", start="2027-03-15T09:00", end="2027-03-15T10:30", room="Main hall",
                people=[("Ana López", "FAT · Authentic Labor Front", "speaker"),
                        ("Camille Roy", "(no organization)", "moderator")])
    expect(page).to_have_url(re.compile(f"/en/convenings/{SLUG}/agenda/manage/day/2027-03-15/$"))
    add_session(page, en="Organizing in the auto plants", es="Organizarse en las plantas automotrices",
                kind="workshop", start="2027-03-15T09:00", end="2027-03-15T10:30", room="Room B",
                people=[("Bob Smith", "USW · United Steelworkers", "speaker")])
    check_both(j, "day-parallel")
    add_session(page, en="Mining and the environment", es="Minería y medio ambiente",
                kind="panel", start="2027-03-15T10:00", end="2027-03-15T11:00", room="Main hall",
                track="Energy and mining",
                people=[("Ana López", "FAT · Authentic Labor Front", "speaker")])

    # The conflict: the hall is used twice, and Ana is in two places at once.
    warnings = page.locator(".agenda-warnings")
    expect(warnings).to_be_visible()
    text = warnings.inner_text()
    assert "Main hall is used twice at once" in text
    assert "Ana López is in two places at once" in text
    # The two sessions in conflict are marked in the grid, the third is not.
    marked = page.locator(".agenda-session.has-warning")
    expect(marked).to_have_count(2)
    expect(marked.get_by_role("link", name="See the warning")).to_have_count(2)
    check_both(j, "day-conflict")
    j.goto(f"/en/convenings/{SLUG}/agenda/manage/")
    expect(page.get_by_role("heading", name="2 warnings before release")).to_be_visible()
    check_both(j, "draft-conflict")

    # Releasing with warnings and the box unticked is refused, the form kept.
    page.locator("#name-en").fill("First draft for delegations")
    page.locator("#name-es").fill("Primer borrador para las delegaciones")
    page.locator("#note-en").fill("Parallel workshops on the first morning; the mining panel follows the plenary.")
    page.locator("#note-es").fill("Talleres paralelos la primera mañana; el panel de minería sigue a la plenaria.")
    page.get_by_role("button", name="Release this version").click()
    expect(page.get_by_text("There are warnings: fix them, or tick this box to release anyway.")).to_be_visible()
    assert page.locator("#name-es").input_value() == "Primer borrador para las delegaciones"
    j.check("release-refused")

    # The fix, through the editor: the mining panel moves after the plenary, into Room B.
    page.locator(".agenda-warnings").get_by_role("link", name="Edit “Mining and the environment”").first.click()
    assert page.locator("#title-en").input_value() == "Mining and the environment"
    check_both(j, "edit-session")
    page.locator("#start").fill("2027-03-15T11:00")
    page.locator("#end").fill("2027-03-15T12:30")
    page.locator("#room").select_option(label="Room B")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Session saved in the draft.")).to_be_visible()
    expect(page.locator(".agenda-warnings")).to_have_count(0)
    expect(page.locator(".agenda-session.has-warning")).to_have_count(0)
    expect(page.locator(".agenda-ok")).to_be_visible()

    j.goto(f"/en/convenings/{SLUG}/agenda/manage/")
    expect(page.locator(".agenda-ok")).to_be_visible()
    page.locator("#name-en").fill("First draft for delegations")
    page.locator("#name-es").fill("Primer borrador para las delegaciones")
    page.locator("#note-en").fill("Parallel workshops on the first morning; the mining panel follows the plenary.")
    page.locator("#note-es").fill("Talleres paralelos la primera mañana; el panel de minería sigue a la plenaria.")
    page.get_by_role("button", name="Release this version").click()
    expect(page.get_by_text("Version “First draft for delegations” is released")).to_be_visible()
    check_both(j, "released")

    # A later change through the Move form: the mining panel goes to the second morning, in the
    # hall. Version 2, with its note, lists the change.
    j.goto(f"/en/convenings/{SLUG}/agenda/manage/day/2027-03-15/")
    page.locator("article.agenda-session", has_text="Mining and the environment").get_by_role("link", name="Move").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Move “Mining and the environment”")
    check_both(j, "move")
    page.get_by_label("New start (venue time)").fill("2027-03-16T09:00")
    page.get_by_label("Room").select_option(label="Main hall")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text("Session moved.")).to_be_visible()
    expect(page).to_have_url(re.compile("/manage/day/2027-03-16/$"))
    expect(page.locator(".agenda-ok")).to_be_visible()
    j.goto(f"/en/convenings/{SLUG}/agenda/manage/")
    expect(page.locator(".agenda-changes")).to_contain_text("Moved Mining and the environment: from Monday, March 15")
    page.locator("#name-en").fill("Final")
    page.locator("#name-es").fill("Final")
    page.locator("#note-en").fill("The mining panel moves to Tuesday morning, in the main hall.")
    page.locator("#note-es").fill("El panel de minería pasa al martes por la mañana, en el salón principal.")
    page.get_by_role("button", name="Release this version").click()
    expect(page.get_by_text("Version “Final” is released")).to_be_visible()

    # ---------------------------------------------------------------- a visitor, no login
    v = journey("agenda-visitor")
    page = v.page
    v.goto(f"/en/convenings/{SLUG}/")
    check_both(v, "convening")
    page.get_by_text("Read the agenda", exact=True).click()
    expect(page).to_have_url(re.compile(f"/en/convenings/{SLUG}/agenda/$"))
    grid = page.locator("table.agenda-grid").first
    assert grid.locator("thead th").all_inner_texts() == ["Time", "Main hall", "Room B"]
    # The two parallel sessions share a row, side by side in their rooms.
    first_row = grid.locator("tbody tr").first
    assert "The USMCA labor chapter, five years on" in first_row.locator("td").nth(0).inner_text()
    assert "Organizing in the auto plants" in first_row.locator("td").nth(1).inner_text()
    expect(page.locator(".agenda-version")).to_contain_text("Version “Final”")
    v.check("agenda")
    page.locator("a.language-switch", has_text="Español").click()
    expect(page).to_have_url(re.compile(f"/es/convenings/{SLUG}/agenda/$"))
    grid = page.locator("table.agenda-grid").first
    assert grid.locator("thead th").all_inner_texts() == ["Hora", "Salón principal", "Sala B"]
    expect(page.get_by_role("link", name="El capítulo laboral del T-MEC, cinco años después")).to_be_visible()
    expect(page.locator(".agenda-version")).to_contain_text("Versión “Final”")
    assert english_leftovers(page) == set()
    v.check("agenda-es")

    # Filtered by room: only what happens in Room B.
    page.get_by_label("Sala").select_option(label="Sala B")
    page.get_by_role("button", name="Filtrar").click()
    expect(page.get_by_role("status")).to_have_text("1 sesión coincide.")
    expect(page.get_by_role("link", name="El capítulo laboral del T-MEC, cinco años después")).to_have_count(0)
    expect(page.get_by_role("link", name="Organizarse en las plantas automotrices")).to_be_visible()
    assert english_leftovers(page) == set()
    v.check("agenda-filtrada-es")
    page.get_by_label("Sala").select_option(label="Todas")
    page.get_by_label("Eje o sector").select_option(label="Energía y minería")
    page.get_by_role("button", name="Filtrar").click()
    expect(page.get_by_role("status")).to_have_text("1 sesión coincide.")
    expect(page.get_by_role("link", name="Minería y medio ambiente")).to_be_visible()
    page.get_by_role("link", name="Mostrar todo").click()

    # A session page, in Spanish then English.
    page.get_by_role("link", name="Minería y medio ambiente").click()
    expect(page.get_by_role("heading", level=1, name="Minería y medio ambiente")).to_be_visible()
    expect(page.locator(".agenda-facts")).to_contain_text("martes, 16 de marzo de 2027")
    expect(page.locator(".agenda-facts")).to_contain_text("Salón principal")
    assert english_leftovers(page) == set()
    v.check("sesion-es")
    guid = page.url.rstrip("/").rsplit("/", 1)[1]
    page.locator("a.language-switch", has_text="English").click()
    expect(page.get_by_role("heading", level=1, name="Mining and the environment")).to_be_visible()
    v.check("session")

    # The changelog, with the release note, in both languages.
    page.get_by_role("link", name="Agenda", exact=True).last.click()
    page.get_by_role("link", name="What changed").click()
    expect(page.get_by_role("heading", name="First draft for delegations")).to_be_visible()
    expect(page.get_by_text("Parallel workshops on the first morning")).to_be_visible()
    expect(page.get_by_role("heading", name="Final")).to_be_visible()
    expect(page.get_by_text("The mining panel moves to Tuesday morning, in the main hall.")).to_be_visible()
    moved = page.locator(".agenda-changes li", has_text="Mining and the environment")
    expect(moved.first).to_contain_text("Moved")
    check_both(v, "changes")
    page.locator("a.language-switch", has_text="Español").click()
    expect(page.get_by_text("Talleres paralelos la primera mañana")).to_be_visible()
    expect(page.get_by_text("El panel de minería pasa al martes por la mañana")).to_be_visible()
    page.locator("a.language-switch", has_text="English").click()

    # The printable view.
    page.get_by_role("link", name="Agenda", exact=True).last.click()
    page.get_by_role("link", name="Printable version").click()
    expect(page.locator("table.agenda-print-table").first).to_be_visible()
    check_both(v, "print")
    page.emulate_media(media="print")  # as printed: the site's header, footer and links are gone
    v.screenshot("print-media")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("link", name="Back to the agenda")).to_be_hidden()
    page.emulate_media(media="screen")

    # The iCal file: downloaded through the link, parsed.
    from icalendar import Calendar

    page.get_by_role("link", name="Back to the agenda").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="download the .ics file").click()
    download = info.value
    assert download.suggested_filename == f"{SLUG}.ics"
    calendar = Calendar.from_ical(Path(download.path()).read_bytes())
    events = calendar.walk("VEVENT")
    assert sorted(str(e["summary"]) for e in events) == [
        "Mining and the environment", "Organizing in the auto plants", "The USMCA labor chapter, five years on"]
    for event in events:
        assert event["dtstart"].params["TZID"] == TZ and event["dtend"].params["TZID"] == TZ
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == [TZ]
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == 3 and all(u.endswith("@organizer") for u in uids)
    assert f"{guid}@organizer" in uids
    mining = next(e for e in events if str(e["summary"]) == "Mining and the environment")
    assert mining["dtstart"].dt.isoformat() == "2027-03-16T09:00:00-06:00"
    assert str(mining["location"]) == "Main hall"
    assert {int(e["sequence"]) for e in events} == {2}  # the release number: calendars update

    # The Spanish calendar has the Spanish titles and rooms, and the same UIDs.
    response = page.request.get(f"{v.base_url}/es/convenings/{SLUG}/agenda/agenda.ics")
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    spanish = Calendar.from_ical(response.body()).walk("VEVENT")
    assert sorted(str(e["uid"]) for e in spanish) == sorted(uids)
    assert {str(e["summary"]) for e in spanish} == {
        "Minería y medio ambiente", "Organizarse en las plantas automotrices",
        "El capítulo laboral del T-MEC, cinco años después"}
    assert {str(e.get("location")) for e in spanish} == {"Salón principal", "Sala B"}

    # ---------------------------------------------------------------- on a phone
    p = journey("agenda-phone", phone=True, locale="es-MX")
    page = p.page
    p.goto(f"/es/convenings/{SLUG}/agenda/")
    expect(page.get_by_role("link", name="Organizarse en las plantas automotrices")).to_be_visible()
    # Stacked on a phone: each session shows its room, and nothing runs off the screen.
    expect(page.locator(".agenda-grid .agenda-room-inline", has_text="Salón principal").first).to_be_visible()
    p.check("agenda-telefono")
    assert fits(page)
    page.locator("a.language-switch", has_text="English").click()
    p.check("agenda-phone-en")
    assert fits(page)
    page.get_by_role("link", name="Organizing in the auto plants").click()
    p.check("session-phone")
    assert fits(page)
    page.locator("a.language-switch", has_text="Español").click()
    expect(page.get_by_role("heading", level=1, name="Organizarse en las plantas automotrices")).to_be_visible()
    assert english_leftovers(page) == set()
    p.check("sesion-telefono")
    assert fits(page)


    # ---------------------------------------------------------------- issue 15: interpretation, frab, my agenda
    # The organizer adds interpretation into Mexican Sign Language to the auto plants workshop and a
    # session held only in Spanish, then releases: the changelog lists the interpretation change.
    page = j.page
    j.goto(f"/en/convenings/{SLUG}/agenda/manage/day/2027-03-15/")
    page.locator("article.agenda-session", has_text="Organizing in the auto plants").get_by_role("link", name="Edit").click()
    page.locator("#interpretation_mode").select_option("simultaneous")
    page.locator("input[name=interpretation_into][value=lsm]").check()
    page.locator("input[name=interpretation_into][value=en]").check()
    page.locator("#interpretation_channel").fill("3")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Session saved in the draft.")).to_be_visible()
    add_session(page, en="Domestic workers' assembly", es="Asamblea de trabajadoras del hogar", kind="caucus",
                start="2027-03-16T11:00", end="2027-03-16T12:00", room="Room B", people=[], languages=("es",))
    j.goto(f"/en/convenings/{SLUG}/agenda/manage/")
    expect(page.locator(".agenda-changes")).to_contain_text("Interpretation changed")
    page.locator("#name-en").fill("With sign language")
    page.locator("#name-es").fill("Con lengua de señas")
    # the Spanish-only assembly is not interpreted into English, a working language: said, and accepted
    expect(page.locator(".agenda-warnings")).to_contain_text("Domestic workers' assembly")
    page.locator("#despite_warnings").check()
    page.get_by_role("button", name="Release this version").click()
    expect(page.get_by_text("Version “With sign language” is released")).to_be_visible()
    j.goto(f"/en/convenings/{SLUG}/agenda/changes/")
    change = page.locator(".agenda-changes li", has_text="Interpretation changed")
    expect(change).to_contain_text("Organizing in the auto plants")
    expect(change).to_contain_text("Mexican Sign Language (LSM)")
    expect(change).to_contain_text("channel 3")
    assert "lsm" not in change.inner_text()
    check_both(j, "changes-interpretation")
    page.locator("a.language-switch", has_text="Español").click()
    expect(page.locator(".agenda-changes li", has_text="Cambio de interpretación").first).to_contain_text(
        "Lengua de Señas Mexicana (LSM)")
    page.locator("a.language-switch", has_text="English").click()

    # The Spanish-only session says "es" in the frab XML.
    import xml.etree.ElementTree as ET

    response = page.request.get(f"{j.base_url}/en/convenings/{SLUG}/agenda/schedule.xml")
    assert response.ok
    events = {e.findtext("title"): e for e in ET.fromstring(response.body()).iter("event")}
    assert events["Domestic workers' assembly"].findtext("language") == "es"
    assert events["Organizing in the auto plants"].findtext("language") == "en"

    # A delegate who listens in Mexican Sign Language builds her own agenda and subscribes to it.
    from organizer.delegations.models import Delegation, DelegationMember

    from ..factories import user as make_account

    with app.app_context():
        rosa = make_account("rosa@example.org", "Rosa Díaz", language="es")
        db.session.flush()
        delegation = Delegation(convening_id=db.session.scalar(db.select(Room.convening_id).limit(1)),
                                lead_user_id=rosa.id, status="confirmed",
                                name=_t("Deaf workers of Mexico", "Trabajadoras y trabajadores sordos de México"))
        db.session.add(delegation)
        db.session.flush()
        db.session.add(DelegationMember(delegation_id=delegation.id, user_id=rosa.id, name="Rosa Díaz",
                                        email="rosa@example.org", status="confirmed", listen_language="lsm"))
        db.session.commit()
    d = journey("agenda-delegate", locale="es-MX")
    page = d.page
    d.goto("/en/account/login")
    page.get_by_label("Email").fill("rosa@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Rosa Díaz")).to_be_visible()
    d.goto(f"/es/convenings/{SLUG}/agenda/")
    for title in ("Organizarse en las plantas automotrices", "Asamblea de trabajadoras del hogar"):
        page.locator("article.agenda-session", has_text=title).get_by_role("button", name=re.compile("Agregar a mi programa")).click()
        expect(page.get_by_text("Se agregó a tu programa.")).to_be_visible()
        expect(page.locator("article.agenda-session", has_text=title).get_by_role(
            "button", name=re.compile("En mi programa"))).to_be_visible()
    assert english_leftovers(page) == set()
    d.check("agenda-marcada")
    page.get_by_role("link", name="Mi programa").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mi programa")
    items = page.locator(".agenda-mine-item")
    expect(items).to_have_count(2)
    expect(page.get_by_text("Escuchas en Lengua de Señas Mexicana (LSM)")).to_be_visible()
    expect(items.filter(has_text="Organizarse en las plantas automotrices")).to_contain_text(
        "Lengua de Señas Mexicana (LSM): canal 3")
    expect(items.filter(has_text="Asamblea de trabajadoras del hogar")).to_contain_text(
        "No se anuncia interpretación a: Lengua de Señas Mexicana (LSM)")
    assert english_leftovers(page) == set()
    d.check("mi-programa")
    page.get_by_role("button", name="Obtener la dirección de mi calendario").click()
    url = page.locator("#feed-url").input_value()
    assert url.startswith(d.base_url) and url.endswith(".ics")
    d.check("mi-programa-calendario")

    # The feed, fetched without any log-in (as a calendar app does), parses, holds only her two
    # sessions with the public feed's UIDs and the venue's zone.
    import urllib.request

    from icalendar import Calendar

    with urllib.request.urlopen(url) as answer:  # noqa: S310 (the test's own loopback server)
        assert answer.headers["Content-Type"].startswith("text/calendar")
        mine = Calendar.from_ical(answer.read())
    events = mine.walk("VEVENT")
    assert sorted(str(e["summary"]) for e in events) == ["Asamblea de trabajadoras del hogar",
                                                         "Organizarse en las plantas automotrices"]
    assert [str(z["tzid"]) for z in mine.walk("VTIMEZONE")] == [TZ]
    public = Calendar.from_ical(page.request.get(f"{d.base_url}/es/convenings/{SLUG}/agenda/agenda.ics").body())
    assert {str(e["uid"]) for e in events} <= {str(e["uid"]) for e in public.walk("VEVENT")}

    # Revoked: the address stops working.
    page.get_by_role("button", name="Desactivar esta dirección").click()
    expect(page.get_by_text("La dirección de tu calendario ya no funciona.")).to_be_visible()
    import urllib.error

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url)  # noqa: S310
    assert refused.value.code == 404
    refused.value.close()
