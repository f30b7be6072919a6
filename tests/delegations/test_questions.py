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
            "choices-en": choices_en, "choices-es": choices_es}
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
        "choices-en": "Large\nMedium\nSmall", "choices-es": "Grande\nMediana\nChiquita"})
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
    client.get("/logout")
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
    assert 'value="c2" checked' in page or ('checked' in page and 'value="c2"' in page)
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
