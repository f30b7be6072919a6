"""Organizers' custom questions: the list (add, reorder), changing one, deleting one (asked first,
with the number of answers lost)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ...database import db_int
from .. import queries, services
from ..labels import QUESTION_KIND_LABELS, QUESTION_SCOPE_LABELS
from ..questions import QuestionForm, choice_lines, choices_text
from .common import _field_error, _organized_convening, bp


def _question(convening, question_id: int):
    question = queries.convening_question(convening.id, question_id) if db_int(question_id) else None
    if question is None:
        abort(404)
    return question


def _save(form: QuestionForm, convening, question=None) -> bool:
    try:
        services.questions.save_question(
            convening.id, question, label=form.label.data, kind=form.kind.data, scope=form.scope.data,
            required=form.required.data, choice_lines=choice_lines(form.choice_list.data))
    except services.RegistrationError as refusal:
        _field_error(form, refusal, "label")
        return False
    return True


@bp.route("/<slug>/questions", methods=["GET", "POST"])
def questions(slug: str):
    convening = _organized_convening(slug)
    form = QuestionForm()
    if form.validate_on_submit() and _save(form, convening):
        flash(_("The question is added. Leads see it on their forms now."), "success")
        return redirect(url_for("delegations.questions", slug=slug))
    return render_template("delegations/questions.html", convening=convening, form=form,
                           questions=queries.convening_questions(convening.id),
                           counts=services.questions.answer_counts(convening.id),
                           KIND_LABELS=QUESTION_KIND_LABELS, SCOPE_LABELS=QUESTION_SCOPE_LABELS)


@bp.route("/<slug>/questions/<int:question_id>/edit", methods=["GET", "POST"])
def edit_question(slug: str, question_id: int):
    convening = _organized_convening(slug)
    question = _question(convening, question_id)
    form = QuestionForm(obj=question, choice_list=choices_text(question)) if request.method == "GET" else QuestionForm()
    if form.validate_on_submit() and _save(form, convening, question):
        flash(_("The question is saved."), "success")
        return redirect(url_for("delegations.questions", slug=slug))
    return render_template("delegations/question_form.html", convening=convening, form=form, question=question,
                           answered=services.questions.answer_count(question))


@bp.route("/<slug>/questions/<int:question_id>/move", methods=["POST"])
def move_question(slug: str, question_id: int):
    convening = _organized_convening(slug)
    question = _question(convening, question_id)
    services.questions.move_question(question, -1 if request.form.get("direction") == "up" else 1)
    return redirect(url_for("delegations.questions", slug=slug) + f"#question-{question.id}")


@bp.route("/<slug>/questions/<int:question_id>/delete", methods=["GET", "POST"])
def delete_question(slug: str, question_id: int):
    """Asks first, saying how many answers would be lost; only the confirmed answer deletes."""
    convening = _organized_convening(slug)
    question = _question(convening, question_id)
    if request.method == "POST" and request.form.get("confirm") == "yes":
        lost = services.questions.delete_question(question)
        flash(ngettext("The question is deleted, with %(num)d answer.",
                       "The question is deleted, with %(num)d answers.", lost), "success")
        return redirect(url_for("delegations.questions", slug=slug))
    return render_template("delegations/question_delete.html", convening=convening, question=question,
                           answered=services.questions.answer_count(question))
