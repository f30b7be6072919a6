"""The declaration as a PDF (fpdf2): the text in one language or both side by side, the adoption
record, the logged corrections, and an annex of signatories grouped by country.

Text is set in DejaVu Sans when the font is installed (Debian package fonts-dejavu-core; config
``DECLARATIONS_PDF_FONT``), which covers every Latin script; otherwise in the PDF core font Helvetica,
whose Latin-1 encoding covers Spanish (á, é, í, ó, ú, ü, ñ, ¿, ¡) with typographic punctuation
mapped to plain equivalents.
"""
from __future__ import annotations

import os

from flask import current_app
from flask_babel import force_locale, gettext, ngettext

from ..i18n.formatting import format_date, format_partial
from .forms import country_name
from .labels import KIND_LABELS, METHOD_LABELS, SECTOR_LABELS

DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
_PLAIN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "\u00a0": " "})


class _Writer:
    def __init__(self):
        from fpdf import FPDF

        self.pdf = FPDF(format="A4")
        self.pdf.set_margins(18, 18, 18)
        self.pdf.set_auto_page_break(True, margin=18)
        path = current_app.config.get("DECLARATIONS_PDF_FONT", DEFAULT_FONT)
        bold = path.replace(".ttf", "-Bold.ttf")
        if path and os.path.exists(path):
            self.pdf.add_font("Body", "", path)
            self.pdf.add_font("Body", "B", bold if os.path.exists(bold) else path)
            self.family, self.unicode = "Body", True
        else:
            self.family, self.unicode = "Helvetica", False

    def close(self) -> None:
        """fontTools reads embedded fonts lazily and keeps their files open: close them."""
        for font in self.pdf.fonts.values():
            ttfont = getattr(font, "ttfont", None)
            if ttfont is not None:
                ttfont.close()

    def text(self, value) -> str:
        value = str(value or "")
        if self.unicode:
            return value
        return value.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False):
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def para(self, value, size: float = 10.5, bold: bool = False, gap: float = 2):
        self.font(size, bold)
        self.pdf.multi_cell(0, size * 0.5, self.text(value), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(gap)


def render_pdf(context: dict) -> bytes:
    declaration = context["declaration"]
    view_languages = context["view_languages"]
    from ..i18n.locale import current_language

    lang = current_language()
    w = _Writer()
    pdf = w.pdf
    pdf.set_title(w.text(declaration.title.resolve(view_languages[0]).text))
    pdf.set_creator("Organizer")
    pdf.add_page()

    def labels_in(language):
        with force_locale(language):
            return {k: str(v) for k, v in KIND_LABELS.items()}

    titles = [declaration.title.resolve(language).text for language in view_languages]
    for title in dict.fromkeys(titles):
        w.para(title, 16, bold=True, gap=1)
    pdf.ln(2)
    convening = context["convening"]
    w.para(convening.title.resolve(lang).text, 10.5, gap=1)
    if declaration.adopted:
        method = METHOD_LABELS.get(declaration.method or "unknown")
        w.para(gettext("Adopted %(date)s, %(method)s.", date=format_partial(declaration.adopted), method=method), 10)
        if declaration.method == "vote" and declaration.votes_for is not None:
            w.para(gettext("For: %(for)s · Against: %(against)s · Abstaining: %(abstain)s",
                           **{"for": declaration.votes_for, "against": declaration.votes_against,
                              "abstain": declaration.votes_abstain}), 10)
    else:
        w.para(gettext("Draft: not adopted. Version %(number)s.", number=declaration.version_number), 10, bold=True)
    summary = context["summary"]
    if summary["missing"]:
        w.para(ngettext("Warning: %(num)d clause lacks a translation; the missing text is marked.",
                        "Warning: %(num)d clauses lack a translation; the missing text is marked.",
                        len(summary["missing"])), 10, bold=True)
    pdf.ln(3)

    clauses = context["clauses"]
    if not declaration.text_in_sources and not clauses:
        w.para(gettext("The text of this declaration is not in our sources. What the sources record of how it was drafted and adopted:"), 10.5)
        if declaration.process:
            w.para(declaration.process.resolve(lang).text, 10.5)
    kinds = {language: labels_in(language) for language in view_languages}
    missing_marker = gettext("[translation missing]")
    if len(view_languages) == 1:
        language = view_languages[0]
        for n, clause in enumerate(clauses, 1):
            w.para(f"{n}. {kinds[language][clause.kind]}", 9, bold=True, gap=0.5)
            w.para(clause.text.get(language) or missing_marker, 10.5, gap=3)
    elif clauses:
        w.font(10)
        with pdf.table(col_widths=(8, 46, 46), text_align="LEFT", line_height=5, padding=1.5,
                       first_row_as_headings=True) as table:
            header = table.row()
            header.cell("#")
            for language in view_languages:
                header.cell(w.text(language.upper()))
            for n, clause in enumerate(clauses, 1):
                row = table.row()
                row.cell(str(n))
                for language in view_languages:
                    row.cell(w.text(f"{kinds[language][clause.kind]}\n{clause.text.get(language) or missing_marker}"))

    corrections = context["corrections"]
    if corrections:
        pdf.ln(4)
        w.para(gettext("Editorial corrections after adoption"), 12, bold=True)
        for row in corrections:
            w.para(gettext("%(date)s, clause %(number)s (%(language)s): %(reason)s",
                           date=format_date(row.created_at.date()), number=row.clause_number,
                           language=row.language.upper(), reason=row.reason.resolve(lang).text), 9.5, gap=1)

    if declaration.is_adopted:
        pdf.add_page()
        w.para(gettext("Annex: signatories"), 14, bold=True)
        groups = context["signatories_by_country"]
        if not groups:
            w.para(gettext("No organization has signed on yet."), 10.5)
        total = sum(len(rows) for _, rows in groups)
        if total:
            w.para(ngettext("%(num)d organization, by country.", "%(num)d organizations, by country.", total), 10)
        for code, rows in groups:
            w.para(f"{country_name(code)} ({len(rows)})", 11.5, bold=True, gap=1)
            for s in rows:
                sector = f" — {SECTOR_LABELS[s.sector]}" if s.sector in SECTOR_LABELS else ""
                w.para(f"{s.organization.name.resolve(lang).text}{sector}", 10, gap=0.5)
            pdf.ln(2)
    try:
        return bytes(pdf.output())
    finally:
        w.close()
