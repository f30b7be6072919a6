"""The pseudo-locale crawl: every page of the route matrix's world, as every role, in a test-only
locale whose translations are all marked (see pseudo.py), and every email, export and PDF: no text may
show outside the markers apart from numbers, names and punctuation.

It runs once per interface language with a catalog (Spanish today; French when its catalog exists),
so a string someone adds without marking it, or a content field shown without its translation, fails
here with the page and the words."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone

import pytest

from organizer.platform import http_cache
from flask import current_app

from organizer.extensions import db

from ..conftest import login
from ..security.matrix import TABLE
from ..security.world import PASSWORD, ROLES, build_world
from . import pseudo

BASES = sorted(p.parent.parent.name for p in (pseudo.ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))
#: Human names for the world's accounts and people, so that no name is also an English word of the interface.
RENAMES = {"Ana": "Citlali Mena", "Delegate": "Ximena Olvera", "Other Lead": "Rigoberto Caamal", "Other Organizer": "Itzel Bautista",
           "Lead": "Maricruz Ek", "Organizer": "Tonatiuh Pech", "Admin": "Yolotl Ramos", "Speaker A": "Nayeli Tzompa",
           "Member B": "Cuauhtli Sosa", "Archivist": "Rosa Cerezo"}


@pytest.fixture(params=BASES)
def base(request):
    return request.param


@pytest.fixture
def app_config(tmp_path_factory, base):
    directory = tmp_path_factory.mktemp(f"pseudo-{base}")
    pseudo.write_pseudo_catalog(base, directory)
    pseudo.register_locale(base)
    from organizer.config import Defaults

    yield {"LANGUAGES": [*Defaults.LANGUAGES, pseudo.PSEUDO],
           "BABEL_TRANSLATION_DIRECTORIES": f"{pseudo.ROOT / 'translations'};{directory}"}
    pseudo.unregister_locale()


@pytest.fixture
def mail_in_pseudo(monkeypatch):
    """Every email is written in the pseudo-locale, whatever its recipient's language."""
    from organizer.mail import services as mail

    original = mail.render_mail
    monkeypatch.setattr(mail, "render_mail", lambda template, language, **context: original(
        template, pseudo.PSEUDO, **context))


@pytest.fixture
def pdf_texts(monkeypatch):
    """The texts written into PDFs (fpdf2 compresses and subsets fonts: read what goes in instead)."""
    from fpdf import FPDF

    texts: list[str] = []
    for method in ("cell", "multi_cell", "write", "text"):
        original = getattr(FPDF, method)

        def recording(self, *args, _original=original, _method=method, **kwargs):
            value = kwargs.get("text", kwargs.get("txt"))
            if value is None:
                index = {"cell": 2, "multi_cell": 2, "write": 1, "text": 2}[_method]
                value = args[index] if len(args) > index else ""
            texts.append(str(value))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(FPDF, method, recording)
    return texts


@pytest.fixture
def pseudo_world(app, base, mail_in_pseudo):
    from werkzeug.security import generate_password_hash

    from organizer.accounts import services as accounts
    from organizer.mail.models import OutboxMessage

    hashed = generate_password_hash(PASSWORD)
    original = accounts.generate_password_hash
    with app.test_request_context(f"/{pseudo.PSEUDO}/"):
        accounts.generate_password_hash = lambda *a, **k: hashed
        try:
            world = build_world()
        finally:
            accounts.generate_password_hash = original
        pseudo.rename_everywhere(db, RENAMES)
        pseudo.mark_content(db, base)
        db.session.execute(db.delete(OutboxMessage))  # written before the content had its marked values
        _send_every_email(world)
        names = pseudo.allowed_names(db)
    names |= {_endonym(app, lang) for lang in app.config["LANGUAGES"]}
    return world, names


def _endonym(app, lang: str) -> str:
    from organizer.i18n.fields import language_name

    with app.app_context():
        return language_name(lang)


def _marked(en: str, es: str):
    from organizer.i18n.translated import TranslatedText

    return TranslatedText(en=en, es=es, **{pseudo.PSEUDO: pseudo.mark_words(es)})


def _send_every_email(world, language: str = pseudo.PSEUDO) -> None:
    """Queue one email of every kind, about content that has its marked values; new accounts and
    sign-on contacts write in ``language``. Commits."""
    from organizer.accounts import services as accounts
    from organizer.accounts.models import User
    from organizer.declarations import services as declarations
    from organizer.declarations.models import Clause, Proposal, Signatory
    from organizer.delegations import services as delegations
    from organizer.delegations.models import Delegation, DelegationMember
    from organizer.organizations.models import Organization

    organizer = db.session.get(User, world.users["organizer"])
    lead = db.session.get(User, world.users["lead"])
    accounts.sign_up("newcomer@example.org", "Citlali Mena", PASSWORD, language)
    accounts.sign_up(lead.email, "Citlali Mena", PASSWORD, language)  # the address has an account
    accounts.request_password_reset(lead.email)
    draft = declarations.get_by_slug(world.slugs["declaration"])
    adopted = declarations.get_by_slug(world.slugs["adopted"])
    delegation = db.session.get(Delegation, world.ids["delegation"])
    declarations.submit_proposal(draft, lead, action="change", on_behalf=delegation,
                                 clause=db.session.get(Clause, world.ids["clause"]), kind=None,
                                 text=_marked("We the workers of three countries meet.",
                                              "Las y los trabajadores de tres países nos reunimos."),
                                 reason=_marked("Clearer", "Más claro"))
    declarations.decline_proposal(db.session.get(Proposal, world.ids["proposal"]), organizer,
                                  _marked("Out of scope", "Fuera de tema"))
    declarations.verify_signatory(db.session.get(Signatory, world.ids["signatory"]), organizer)
    front = Organization(slug="frente-mixteco", name=_marked("Mixtec Front", "Frente Mixteco"), country="MX",
                         kind="union", verified=True)
    db.session.add(front)
    db.session.flush()
    declarations.sign_on(adopted, organization=front, new_name=None, country="MX", sector=None,
                         authorized_by="Citlali Mena", authorizer_title=None, contact_email="frente@example.org",
                         contact_language=language, user=lead)
    member = db.session.get(DelegationMember, world.ids["member"])
    delegations.invite_member(member, lead)
    templates = [name for name in current_app.jinja_env.list_templates()
                 if name.startswith("mail/delegations_")
                 and name not in ("mail/delegations_invitation.txt", "mail/delegations_member.txt")]
    for name in templates:
        delegations.notify_lead(delegation, name[len("mail/"):-len(".txt")], members=[member], drafts=2,
                                first=True, reason=_marked("Full", "Sin cupo"),
                                deadline=datetime(2030, 5, 1, 23, 0, tzinfo=timezone.utc),
                                sections=[(kind, [member]) for kind in delegations.NOTICE_KINDS])
    # A release that moves a session tells its speaker (linked to the lead's account).
    from datetime import timedelta

    from organizer.agenda import services as agenda
    from organizer.agenda.models import Session
    from organizer.convenings.models import Convening
    from organizer.organizations.models import Person

    db.session.get(Person, world.ids["person"]).user_id = lead.id
    session = db.session.get(Session, world.ids["session"])
    session.start, session.end = session.start + timedelta(hours=1), session.end + timedelta(hours=1)
    db.session.flush()
    agenda.release(db.session.get(Convening, session.convening_id), _marked("Second agenda", "Segunda agenda"), None,
                   organizer.id)
    member.email = member.email or "member@example.org"
    delegations.notify_members(delegation, [(kind, [member]) for kind in delegations.MEMBER_NOTICE_KINDS],
                               _marked("Full", "Sin cupo"))
    db.session.commit()


def _time_zone_words() -> set[str]:
    from zoneinfo import available_timezones

    return {w for zone in available_timezones() for w in pseudo._WORD.findall(zone)}


_ZONES = _time_zone_words()
#: The import's column names in both languages, its yes/no values and its example row.
_IMPORT_WORDS = set("""name nombre email correo organization organización position cargo country país languages listens
    in escucha en speaks habla accessibility accesibilidad dietary dieta arrival llegada departure salida lodging
    hospedaje visa letter carta as passport como pasaporte nationality nacionalidad number número public público
    yes Ana López Secretaria general vegetariana""".split())
_CONVENING_FORMS = ("/convenings/new", "/convenings/conv-a/edit", "/convenings/conv-a/copy")
#: Text outside the markers that is there by design (no leftover): each is (what, why, test on the
#: words and where they were seen). The test fails when one of them is no longer found, so the list
#: never outlives its reason.
KNOWN = [
    # By design: the import help lists the column names and yes/no values of both languages, since
    # the import accepts either whatever the page's language.
    ("import help: column names and yes/no values of both languages", "by design",
     lambda run, where: "/import" in where and set(run.split()) <= _IMPORT_WORDS),
]


def _check(where: str, text: str, names, words, found: dict) -> None:
    for run in pseudo.leftovers(text, names, words):
        found[run].add(where)


def crawl(app, world, names, base, pdf_texts) -> dict[str, set[str]]:
    """{leftover words: {where they were seen}} over pages, exports, PDFs and emails."""
    from organizer.mail.models import OutboxMessage

    words = pseudo.cldr_words(base)
    found: dict[str, set[str]] = defaultdict(set)
    clients = {}
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous":
            assert login(client, world.emails[role]).status_code == 302
        clients[role] = client
    values = {**world.ids, **world.slugs}
    seen_kinds = set()
    pages = 0
    for entry in TABLE:
        if entry.token:
            continue
        url = entry.url.format(lang=pseudo.PSEUDO, **values)
        for role, _expected in zip(ROLES, entry.expect):
            requests = []
            if "GET" in entry.methods:
                requests.append("GET")
            if entry.methods == "GET,POST" and entry.exercise_allowed and entry.post_expect[ROLES.index(role)] == "O":
                requests.append("POST")
            for method in requests:
                del pdf_texts[:]
                with app.app_context():
                    http_cache.backend(app).clear()  # render the PDF again, to read its texts
                response = clients[role].open(url, method=method, data={})
                if response.status_code in (301, 302, 303, 307, 308):
                    continue
                where = f"{method} {url} as {role}"
                kind = response.mimetype
                data = response.get_data()
                if kind == "text/html":
                    text = pseudo.visible_text(data.decode("utf-8"))
                    assert pseudo.OPEN in text, f"{where}: no marked text at all (is the pseudo catalog loaded?)"
                    pages += 1
                elif kind == "text/csv":
                    text = pseudo.csv_text(data)
                elif kind.endswith("spreadsheetml.sheet"):
                    text = pseudo.xlsx_text(data)
                elif kind == "application/pdf":
                    text = "\n".join(pdf_texts)
                    assert pdf_texts, "the PDF's texts were not captured"
                else:
                    continue  # iCal, JSON, XML: formats for machines
                seen_kinds.add(kind)
                _check(where, text, names, words, found)
        if entry.endpoint == "delegations.export":  # the XLSX export shares the CSV's endpoint
            response = clients["organizer"].get(url.replace("export.csv", "export.xlsx"))
            assert response.status_code == 200
            _check(f"GET {url} (xlsx)", pseudo.xlsx_text(response.get_data()), names, words, found)
    missing = clients["anonymous"].get(f"/{pseudo.PSEUDO}/no-such-page")
    assert missing.status_code == 404
    _check("404 page", pseudo.visible_text(missing.get_data(as_text=True)), names, words, found)
    assert {"text/html", "text/csv", "application/pdf"} <= seen_kinds, seen_kinds
    assert pages > 400, f"only {pages} pages read"
    with app.app_context():
        mails = db.session.scalars(db.select(OutboxMessage)).all()
        kinds = {m.template for m in mails}
        templates = {n[len("mail/"):-len(".txt")] for n in app.jinja_env.list_templates()
                     if n.startswith("mail/") and not n.startswith("mail/_")}  # partials are included, not sent
        assert templates - kinds == set(), "email kinds the pseudo-locale test does not send yet"
        for message in mails:
            _check(f"email {message.template}", f"{message.subject}\n{message.body_text}", names, words, found)
    return found


@pytest.mark.backends("sqlite")
def test_no_visible_text_escapes_translation(app, base, pseudo_world, pdf_texts):
    world, names = pseudo_world
    found = crawl(app, world, names, base, pdf_texts)
    known_seen: set[int] = set()
    report = []
    for words, places in sorted(found.items()):
        unexplained = []
        for where in sorted(places):
            owners = [i for i, (_, _, test) in enumerate(KNOWN) if test(words, where)]
            known_seen.update(owners)
            if not owners:
                unexplained.append(where)
        if unexplained:
            report.append(f"{words!r}: {len(unexplained)} place(s), e.g. {unexplained[0]}")
    assert report == [], f"{len(report)} leftovers outside the markers:\n" + "\n".join(report)
    landed = [f"{what} ({owner})" for i, (what, owner, _) in enumerate(KNOWN) if i not in known_seen]
    assert landed == [], f"no longer found, remove from KNOWN: {landed}"


def test_the_checker_sees_leftovers_and_lets_names_and_numbers_pass():
    names = {"Ximena", "Olvera", "Organizer"}
    words = pseudo.cldr_words("es")
    text = pseudo.visible_text(
        '<html lang="qps"><head><title>⟦Programa⟧ · Organizer</title><script>var x = "English";</script></head>'
        '<body><h1>⟦Versión “⟦Primera⟧”⟧</h1><p>10 de mayo de 2030, 18:00 · Ximena Olvera (CWA)</p>'
        '<p>Delegation state: ⟦Confirmada⟧</p><input type="submit" value="Save"><span lang="en">English clause</span>'
        '<a href="/qps/x" title="⟦Inicio⟧">ana@example.org https://example.org/a</a></body></html>')
    assert pseudo.leftovers(text, names, words) == ["Delegation state", "Save"]
    assert pseudo.strip_marked("a ⟦b ⟦c⟧ d⟧ e") == "a   e"
