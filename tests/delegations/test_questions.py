"""Issue 13 item 10: custom questions per convening (organizers define them in every language; leads
answer them on the delegation and member forms, the import; organizers see them in the exports and
the dashboard)."""
from __future__ import annotations

import csv
import io

from organizer.delegations.models import Delegation, DelegationMember, RegistrationQuestion
from organizer.extensions import db


def _add_question(client, slug, *, label_en, label_es, kind="text", scope="member", required=False,
                  choices_en="", choices_es=""):
    data = {"label-en": label_en, "label-es": label_es, "kind": kind, "scope": scope,
            "choice_list-en": choices_en, "choice_list-es": choices_es}
    if required:
        data["required"] = "y"
    return client.post(f"/en/registration/{slug}/questions", data=data)


def _questions(app, convening_id):
    with app.app_context():
        rows = db.session.scalars(db.select(RegistrationQuestion).where(RegistrationQuestion.convening_id == convening_id)
                                  .order_by(RegistrationQuestion.position)).all()
        return [(q.id, q.label.to_dict(), q.kind, q.scope, q.required, q.choices) for q in rows]


def _shirt(client, world, required=True):
    return _add_question(client, world.slug, label_en="T-shirt size", label_es="Talla de camiseta", kind="choice",
                         required=required, choices_en="Small\nMedium\nLarge", choices_es="Chica\nMediana\nGrande")


def test_organizer_adds_edits_reorders_questions(app, client, world, login_as):
    login_as(world.organizer)
    assert client.get(f"/en/registration/{world.slug}/questions").status_code == 200
    assert _shirt(client, world).status_code == 302
    assert _add_question(client, world.slug, label_en="Union local", label_es="Sección sindical",
                         scope="delegation").status_code == 302
    rows = _questions(app, world.convening)
    assert [r[1]["en"] for r in rows] == ["T-shirt size", "Union local"]
    shirt_id, shirt_choices = rows[0][0], rows[0][5]
    assert [c["label"] for c in shirt_choices] == [{"en": "Small", "es": "Chica"}, {"en": "Medium", "es": "Mediana"},
                                                    {"en": "Large", "es": "Grande"}]
    # Reorder: the second moves up.
    client.post(f"/en/registration/{world.slug}/questions/{rows[1][0]}/move", data={"direction": "up"})
    assert [r[1]["en"] for r in _questions(app, world.convening)] == ["Union local", "T-shirt size"]
    # Reword a choice and reorder: keys follow the words.
    response = client.post(f"/en/registration/{world.slug}/questions/{shirt_id}/edit", data={
        "label-en": "Shirt size", "label-es": "Talla", "kind": "choice", "scope": "member", "required": "y",
        "choice_list-en": "Large\nMedium\nSmall", "choice_list-es": "Grande\nMediana\nChiquita"})
    assert response.status_code == 302
    after = {c["label"]["en"]: c["key"] for c in _questions(app, world.convening)[1][5]}
    before = {c["label"]["en"]: c["key"] for c in shirt_choices}
    assert after == before


def test_question_form_errors_at_the_field_and_keeps_what_was_typed(app, client, world, login_as):
    login_as(world.organizer)
    response = _add_question(client, world.slug, label_en="", label_es="", kind="choice",
                             choices_en="Only one", choices_es="Solo una\nDos")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Please fill this in at least one language." in page
    assert "Each language needs the same number of lines" in page
    assert "Solo una\nDos" in page
    response = client.post("/es/registration/encuentro-2027/questions", data={
        "label-en": "Q", "kind": "weird", "scope": "member"})
    assert "Elige una opción de la lista." in response.get_data(as_text=True) or response.status_code == 200
    assert _questions(app, world.convening) == []


def test_lead_answers_on_the_forms_required_and_kept_on_error(app, client, world, login_as):
    login_as(world.organizer)
    _shirt(client, world)
    _add_question(client, world.slug, label_en="Arrives by bus", label_es="Llega en autobús", kind="yesno",
                  scope="delegation", required=True)
    _add_question(client, world.slug, label_en="Workshops", label_es="Talleres", kind="multiple",
                  choices_en="Organizing\nHealth", choices_es="Organización\nSalud")
    _add_question(client, world.slug, label_en="Birthday", label_es="Cumpleaños", kind="date")
    shirt, bus, workshops, birthday = [r[0] for r in _questions(app, world.convening)]
    client.post("/en/account/logout")
    login_as(world.lead)
    page = client.get(f"/es/registration/d/{world.delegation}/members/new").get_data(as_text=True)
    assert "Talla de camiseta" in page and "Mediana" in page and "Talleres" in page
    # Missing the required answer: a translated message at the field, what was typed kept.
    response = client.post(f"/es/registration/d/{world.delegation}/members/new", data={
        "name": "Rosa Díaz", f"question_{workshops}": ["c2"], f"question_{birthday}": "1980-05-01",
        "country": "MX", "organization_id": str(world.organization)})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Esto es obligatorio." in page or "Este dato es obligatorio." in page or "obligatori" in page
    assert 'value="Rosa Díaz"' in page and 'value="1980-05-01"' in page
    assert f'checked id="question_{workshops}-1"' in page
    # A forged choice is refused at the field.
    response = client.post(f"/es/registration/d/{world.delegation}/members/new", data={
        "name": "Rosa Díaz", f"question_{shirt}": "zzz", "country": "MX", "organization_id": str(world.organization)})
    assert response.status_code == 200 and "Elige una opción de la lista." in response.get_data(as_text=True)
    response = client.post(f"/es/registration/d/{world.delegation}/members/new", data={
        "name": "Rosa Díaz", f"question_{shirt}": "c2", f"question_{workshops}": ["c1", "c2"],
        f"question_{birthday}": "1980-05-01", "country": "MX", "organization_id": str(world.organization)})
    assert response.status_code == 302
    with app.app_context():
        member = db.session.scalar(db.select(DelegationMember).where(DelegationMember.name == "Rosa Díaz"))
        assert member.answers == {str(shirt): "c2", str(workshops): ["c1", "c2"], str(birthday): "1980-05-01"}
        member_id = member.id
    page = client.get(f"/es/registration/d/{world.delegation}/members/{member_id}/edit").get_data(as_text=True)
    assert 'value="1980-05-01"' in page
    # The delegation form asks the per-delegation question.
    page = client.get(f"/es/registration/d/{world.delegation}/edit").get_data(as_text=True)
    assert "Llega en autobús" in page
    data = {"name-en": "California delegation", "organizations": str(world.organization)}
    response = client.post(f"/es/registration/d/{world.delegation}/edit", data=data)
    assert response.status_code == 200 and "obligatori" in response.get_data(as_text=True)
    response = client.post(f"/es/registration/d/{world.delegation}/edit", data=data | {f"question_{bus}": "yes"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Delegation, world.delegation).answers == {str(bus): True}
    page = client.get(f"/es/registration/d/{world.delegation}/").get_data(as_text=True)
    assert "Mediana" in page and "Llega en autobús" in page


def test_deleting_a_question_asks_first_and_says_how_many_answers_are_lost(app, client, world, login_as):
    login_as(world.organizer)
    _shirt(client, world, required=False)
    shirt = _questions(app, world.convening)[0][0]
    with app.app_context():
        for member in db.session.scalars(db.select(DelegationMember)):
            member.answers = {str(shirt): "c1"}
        db.session.commit()
    page = client.get(f"/en/registration/{world.slug}/questions/{shirt}/delete").get_data(as_text=True)
    assert "2 answers are lost with it" in page
    client.post(f"/en/registration/{world.slug}/questions/{shirt}/delete", data={})  # not confirmed
    assert _questions(app, world.convening)
    response = client.post(f"/en/registration/{world.slug}/questions/{shirt}/delete", data={"confirm": "yes"})
    assert response.status_code == 302
    assert _questions(app, world.convening) == []
    with app.app_context():
        assert all(not m.answers for m in db.session.scalars(db.select(DelegationMember)))


def test_another_conveninings_question_is_not_found(app, client, world, login_as, make_user):
    login_as(world.organizer)
    _shirt(client, world)
    shirt = _questions(app, world.convening)[0][0]
    assert client.get(f"/en/registration/{world.other_slug}/questions/{shirt}/edit").status_code in (403, 404)
    assert client.get(f"/en/registration/{world.slug}/questions/99999999999/edit").status_code == 404


def _answered_world(app, client, world, login_as):
    login_as(world.organizer)
    _shirt(client, world, required=False)
    _add_question(client, world.slug, label_en="Arrives by bus", label_es="Llega en autobús", kind="yesno",
                  scope="delegation")
    _add_question(client, world.slug, label_en="Workshops", label_es="Talleres", kind="multiple",
                  choices_en="Organizing\nHealth", choices_es="Organización\nSalud")
    shirt, bus, workshops = [r[0] for r in _questions(app, world.convening)]
    with app.app_context():
        for member in db.session.scalars(db.select(DelegationMember)):
            member.answers = {str(shirt): "c2", str(workshops): ["c1", "c2"]}
        db.session.get(Delegation, world.delegation).answers = {str(bus): True}
        db.session.commit()
    return shirt, bus, workshops


def test_exports_have_a_column_per_question_in_the_readers_language(app, client, world, login_as):
    _answered_world(app, client, world, login_as)
    text = client.get(f"/es/registration/{world.slug}/export.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert header[-3:] == ["Talla de camiseta", "Llega en autobús", "Talleres"]
    by_name = {row[header.index("Nombre")]: row for row in rows[1:]}
    assert by_name["Ana López"][-3:] == ["Mediana", "sí", "Organización, Salud"]
    assert by_name["Bob Smith"][-3:] == ["Mediana", "", "Organización, Salud"]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(f"/en/registration/{world.slug}/export.xlsx").data))
    sheet_rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert list(sheet_rows[0][-3:]) == ["T-shirt size", "Arrives by bus", "Workshops"]


def test_dashboard_counts_answers_per_choice(app, client, world, login_as):
    _answered_world(app, client, world, login_as)
    page = client.get(f"/en/registration/{world.slug}/dashboard").get_data(as_text=True)
    section = page[page.index('id="questions-heading"'):]
    assert "Medium: 2" in section and "Small: 0" in section
    assert "Organizing: 2" in section and "Health: 2" in section
    assert "yes: 1" in section and "no: 0" in section
    assert "1 delegation of 2 answered." in section


def test_import_template_and_import_with_questions(app, client, world, login_as):
    shirt, _bus, workshops = _answered_world(app, client, world, login_as)
    client.post("/en/account/logout")
    login_as(world.lead)
    text = client.get(f"/es/registration/d/{world.delegation}/import/template.csv").get_data().decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header[-2:] == ["Talla de camiseta", "Talleres"]  # per member only
    page = client.get(f"/es/registration/d/{world.delegation}/import").get_data(as_text=True)
    assert "Talla de camiseta" in page and "Chica; Mediana; Grande" in page
    # English headers and labels in both languages are accepted; a bad answer is that row's error.
    bad = "name,country,organization,T-shirt size,Talleres\nRosa,MX,SNTE,Grande,Health; Organización\nLuis,MX,SNTE,Huge,Salud\n"
    response = client.post(f"/es/registration/d/{world.delegation}/import",
                           data={"file": (io.BytesIO(bad.encode()), "m.csv")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Fila 3" in page and "Talla de camiseta" in page and "Fila 2" not in page
    good = "Nombre,País,Organización,Talla de camiseta,Workshops\nRosa,MX,SNTE,Grande,Health; Organización\nLuis,MX,SNTE,small,\n"
    response = client.post(f"/es/registration/d/{world.delegation}/import",
                           data={"file": (io.BytesIO(good.encode()), "m.csv")}, content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        answers = {m.name: m.answers for m in db.session.scalars(db.select(DelegationMember))}
    assert answers["Rosa"] == {str(shirt): "c3", str(workshops): ["c1", "c2"]}
    assert answers["Luis"] == {str(shirt): "c1"}


def test_hostile_answers_never_500(app, client, world, login_as):
    shirt, bus, workshops = _answered_world(app, client, world, login_as)
    _add_question(client, world.slug, label_en="Notes", label_es="Notas")
    _add_question(client, world.slug, label_en="Birthday", label_es="Cumpleaños", kind="date")
    notes, birthday = [r[0] for r in _questions(app, world.convening)][3:]
    huge = "x" * 200_000
    for value in ("\x00", huge, "a\x00b", "2020-13-45", "'; drop table x; --"):
        response = client.post(f"/en/registration/d/{world.delegation}/members/new", data={
            "name": "Eve", f"question_{shirt}": value, f"question_{workshops}": [value, "c1"],
            f"question_{notes}": value, f"question_{birthday}": value, "country": "MX"})
        assert response.status_code in (200, 302, 400, 413), response.status_code
        response = client.post(f"/en/registration/d/{world.delegation}/edit", data={
            "name-en": value, "organizations": str(world.organization), f"question_{bus}": value})
        assert response.status_code in (200, 302, 400, 413), response.status_code
        response = client.post(f"/en/registration/{world.slug}/questions", data={
            "label-en": value, "kind": value, "scope": value, "choice_list-en": value})
        assert response.status_code in (200, 302, 400, 413), response.status_code
    assert len(_questions(app, world.convening)) == 5


def test_constant_queries_with_questions_at_3_and_300(app, client, make_user, make_convening, make_organization,
                                                      login_as, count_queries, capsys):
    from datetime import date

    from organizer.database import utcnow
    from organizer.delegations.models import DelegationOrganization
    from organizer.i18n.translated import TranslatedText

    organizer, lead = make_user(), make_user()
    org = make_organization("Union")
    figures = {}
    delegations = {}
    for slug, n in (("small", 3), ("large", 300)):
        convening = make_convening(slug, organizer=organizer)
        with app.app_context():
            choice = RegistrationQuestion(convening_id=convening, position=0, kind="choice", scope="member",
                                          label=TranslatedText(en="Size", es="Talla"), required=False,
                                          choices=[{"key": "c1", "label": {"en": "S"}}, {"key": "c2", "label": {"en": "M"}}])
            bus = RegistrationQuestion(convening_id=convening, position=1, kind="yesno", scope="delegation",
                                       label=TranslatedText(en="Bus", es="Autobús"), required=False, choices=[])
            when = RegistrationQuestion(convening_id=convening, position=2, kind="date", scope="member",
                                        label=TranslatedText(en="Birthday"), required=False, choices=[])
            db.session.add_all([choice, bus, when])
            db.session.flush()
            delegation = Delegation(convening_id=convening, lead_user_id=lead, status="submitted",
                                    name=TranslatedText(en="D"), submitted_at=utcnow(), answers={str(bus.id): True})
            db.session.add(delegation)
            db.session.flush()
            db.session.add(DelegationOrganization(delegation_id=delegation.id, organization_id=org))
            db.session.add_all(DelegationMember(
                delegation_id=delegation.id, name=f"M{k}", status="submitted", languages=[], country="MX",
                organization_id=org, queued_at=utcnow(), arrival_date=date(2027, 3, 10),
                answers={str(choice.id): "c1" if k % 2 else "c2", str(when.id): "1980-01-01"}) for k in range(n))
            db.session.commit()
            delegations[slug] = delegation.id
    login_as(organizer)
    pages = {"dashboard": "/en/registration/{slug}/dashboard", "members list (delegation page)": "/en/registration/d/{d}/",
             "delegations list": "/en/registration/{slug}/delegations", "export.csv": "/en/registration/{slug}/export.csv",
             "export.xlsx": "/en/registration/{slug}/export.xlsx", "questions": "/en/registration/{slug}/questions"}
    for name, url in pages.items():
        counts = []
        for slug in ("small", "large"):
            with count_queries() as queries:
                response = client.get(url.format(slug=slug, d=delegations[slug]))
            assert response.status_code == 200, name
            counts.append(len(queries))
        assert counts[0] == counts[1], (name, counts)
        figures[name] = counts
    page = client.get("/en/registration/large/dashboard").get_data(as_text=True)
    assert "S: 150" in page and "M: 150" in page and "300 people of 300 answered." in page
    with capsys.disabled():
        print("\nquery counts with custom questions at 3 / 300 members:",
              "; ".join(f"{k} {v[0]} / {v[1]}" for k, v in figures.items()))


def test_removing_a_choice_or_changing_the_kind_drops_only_the_answers_that_no_longer_fit(app, client, world,
                                                                                           login_as):
    shirt, bus, workshops = _answered_world(app, client, world, login_as)
    page = client.get(f"/en/registration/{world.slug}/questions/{workshops}/edit").get_data(as_text=True)
    assert "Organizing\nHealth" in page and "2 answers are given" in page
    # "Organizing" goes; "Health" stays (same words in English), reworded in Spanish.
    response = client.post(f"/en/registration/{world.slug}/questions/{workshops}/edit", data={
        "label-en": "Workshops", "label-es": "Talleres", "kind": "multiple", "scope": "member",
        "choice_list-en": "Health\nSafety", "choice_list-es": "Salud laboral\nSeguridad"})
    assert response.status_code == 302
    # The shirt question becomes a text: its answers go.
    client.post(f"/en/registration/{world.slug}/questions/{shirt}/edit", data={
        "label-en": "Shirt", "label-es": "Camisa", "kind": "text", "scope": "member"})
    with app.app_context():
        answers = [m.answers for m in db.session.scalars(db.select(DelegationMember))]
        question = db.session.get(RegistrationQuestion, workshops)
        health = next(c["key"] for c in question.choices if c["label"]["en"] == "Health")
    assert health == "c2"
    assert answers == [{str(workshops): ["c2"]}, {str(workshops): ["c2"]}]


def test_a_member_answers_through_her_invitation(app, client, world, login_as):
    shirt, _bus, _workshops = _answered_world(app, client, world, login_as)
    from organizer.delegations import services

    with app.test_request_context("/en/"):
        member = db.session.get(DelegationMember, world.member_id)
        token = services.invite_member(member, None)
        db.session.commit()
    client.post("/en/account/logout")
    page = client.get(f"/es/registration/invitation/{token}").get_data(as_text=True)
    assert "Talla de camiseta" in page and f'checked id="question_{shirt}-1"' in page  # c2, prefilled


def test_submitting_rechecks_required_answers_of_members_and_delegation(app, client, world, login_as, make_user,
                                                                         make_delegation):
    """Members and a delegation created before the questions were added lack their answers: the
    submission is refused with one translated message naming who lacks what; once answered it goes."""
    lead = make_user("late-lead@example.org", language="es")
    delegation_id = make_delegation(world.convening, lead, [
        {"name": "Carmen Ruiz", "country": "MX", "organization_id": world.organization},
        {"name": "Diego Soto", "country": "MX", "organization_id": world.organization}],
        organization_ids=[world.organization], name="Late delegation")
    login_as(world.organizer)
    _shirt(client, world)
    _add_question(client, world.slug, label_en="Union local", label_es="Sección sindical", scope="delegation",
                  required=True)
    _add_question(client, world.slug, label_en="Arrives by bus", label_es="Llega en autobús", kind="yesno",
                  required=True)
    _add_question(client, world.slug, label_en="Nickname", label_es="Apodo")  # optional: never asked for
    shirt, local, bus, _nickname = [r[0] for r in _questions(app, world.convening)]
    with app.app_context():
        carmen = db.session.scalar(db.select(DelegationMember).where(DelegationMember.name == "Carmen Ruiz"))
        carmen.answers = {str(shirt): "c1", str(bus): False}  # "no" is an answer
        db.session.commit()
    client.post("/en/account/logout")
    login_as(lead)
    page = client.get(f"/es/registration/d/{delegation_id}/review").get_data(as_text=True)
    assert "Diego Soto: Talla de camiseta, Llega en autobús" in page  # told before submitting
    response = client.post(f"/es/registration/d/{delegation_id}/submit", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Responde las preguntas obligatorias antes de enviar" in page
    assert "la delegación: Sección sindical" in page
    assert "Diego Soto: Talla de camiseta, Llega en autobús" in page
    assert "Carmen Ruiz:" not in page and "Apodo" not in page.split("Faltan:")[1].split("</")[0]
    with app.app_context():
        statuses = db.session.scalars(db.select(DelegationMember.status).where(
            DelegationMember.delegation_id == delegation_id)).all()
        assert set(statuses) == {"draft"}
        diego = db.session.scalar(db.select(DelegationMember).where(DelegationMember.name == "Diego Soto"))
        diego.answers = {str(shirt): "c2", str(bus): True}
        db.session.get(Delegation, delegation_id).answers = {str(local): "Local 7"}
        db.session.commit()
    client.post(f"/en/registration/d/{delegation_id}/submit")
    with app.app_context():
        statuses = db.session.scalars(db.select(DelegationMember.status).where(
            DelegationMember.delegation_id == delegation_id)).all()
        assert len(statuses) == 2 and "draft" not in statuses


def test_history_shows_old_and_new_answers_in_the_readers_language(app, client, world, login_as):
    shirt, bus, workshops = _answered_world(app, client, world, login_as)  # signed in as the organizer
    response = client.post(f"/es/registration/d/{world.delegation}/members/{world.member_id}/edit", data={
        "name": "Ana López", "country": "MX", "organization_id": str(world.organization),
        f"question_{shirt}": "c3", f"question_{workshops}": ["c1"]})
    assert response.status_code == 302
    response = client.post(f"/es/registration/d/{world.delegation}/edit", data={
        "name-en": "California delegation", "organizations": str(world.organization), f"question_{bus}": "no"})
    assert response.status_code == 302
    page = client.get(f"/es/registration/d/{world.delegation}/").get_data(as_text=True)
    assert "Talla de camiseta: <del>Mediana</del> → Grande" in page
    assert "Talleres: <del>Organización, Salud</del> → Organización" in page
    assert "Llega en autobús: <del>sí</del> → no" in page
    page = client.get(f"/en/registration/d/{world.delegation}/").get_data(as_text=True)
    assert "T-shirt size: <del>Medium</del> → Large" in page and "Arrives by bus: <del>yes</del> → no" in page
    # A question deleted since: the history still says what changed, without its words.
    client.post(f"/en/registration/{world.slug}/questions/{shirt}/delete", data={"confirm": "yes"})
    page = client.get(f"/fr/registration/d/{world.delegation}/").get_data(as_text=True)
    assert "La réponse à une question supprimée depuis a changé." in page
