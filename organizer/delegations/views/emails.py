"""Organizers rewrite the subject and main paragraph of each registration email, per language, and
see a preview before saving."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import services
from ...i18n.registry import language_label
from ..labels import EMAIL_KIND_LABELS
from ..models import EMAIL_KINDS
from .common import _organized_convening, bp


@bp.route("/<slug>/emails", methods=["GET", "POST"])
def emails(slug: str):
    convening = _organized_convening(slug)
    languages = current_app.config["LANGUAGES"]
    kind = request.values.get("kind", EMAIL_KINDS[0])
    language = request.values.get("language", languages[0])
    if kind not in EMAIL_KINDS or language not in languages:
        kind, language = EMAIL_KINDS[0], languages[0]
    saved = services.emails.custom_text(convening.id, kind, language)
    if request.method == "POST":
        subject = (request.form.get("subject") or "")[:200]
        body = (request.form.get("body") or "")[:5000]
    else:
        subject, body = (saved.subject or "", saved.body or "") if saved else ("", "")
    if request.method == "POST" and request.form.get("save") == "yes":
        services.organizing.save_email_text(convening.id, kind, language, subject, body)
        flash(_("The text of this email is saved."), "success")
        return redirect(url_for("delegations.emails", slug=slug, kind=kind, language=language))
    preview_subject, preview_body = services.emails.sample(convening, kind, language, subject, body)
    return render_template("delegations/emails.html", convening=convening, kind=kind, language=language,
                           kinds=[(k, EMAIL_KIND_LABELS[k]) for k in EMAIL_KINDS],
                           languages=[(code, language_label(code)) for code in languages],
                           subject=subject, body=body, preview_subject=preview_subject, preview_body=preview_body)
