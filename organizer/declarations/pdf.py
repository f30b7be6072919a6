"""The declaration as a PDF (fpdf2): the text in one language or two or three side by side (the
draft's numbered lines, per language, when the page shows them), the adoption
record, the logged corrections, and an annex of signatories grouped by country.

Text is set in DejaVu Sans when the font is installed (Debian package fonts-dejavu-core; config
``DECLARATIONS_PDF_FONT``), which covers every Latin script; otherwise in the PDF core font Helvetica,
whose Latin-1 encoding covers Spanish (á, é, í, ó, ú, ü, ñ, ¿, ¡) with typographic punctuation
mapped to plain equivalents. A character the font lacks (an emoji) is replaced by a visible mark,
never dropped.

Typesetting: headings are set flush left (never justified) and kept with the text that follows;
a paragraph never leaves a single line alone at the foot of a page (orphan) nor carries a single
line to the next (widow); each page says "page N of M" in the reader's language.
"""
from __future__ import annotations

import os

from flask import current_app
from flask_babel import force_locale, gettext, ngettext

from ..i18n.formatting import format_local_datetime, format_partial
from ..i18n.registry import country_name
from ..organizations.labels import organization_name
from .labels import KIND_LABELS, METHOD_LABELS, SECTOR_LABELS

DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
_PLAIN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "\u00a0": " ", "\u202f": " "})
#: What stands for a character the font cannot draw (U+FFFD where the font has it, else "?").
REPLACEMENT = "\ufffd"
#: Lines a paragraph keeps together at a page's foot or head (no orphans, no widows).
MIN_LINES = 2


def _document_class():
    from fpdf import FPDF

    class Document(FPDF):
        footer_text = ""
        footer_family = "Helvetica"

        def footer(self):
            # "page N of M" in the reader's language; {nb} is the total, filled in at the end.
            self.set_y(-12)
            self.set_font(self.footer_family, "", 8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, self.footer_text.replace("{n}", str(self.page_no())), align="C")
            self.set_text_color(0, 0, 0)

    return Document


class _Writer:
    def __init__(self):
        self.pdf = _document_class()(format="A4")
        self.pdf.set_margins(18, 18, 18)
        self.pdf.set_auto_page_break(True, margin=18)
        self.pdf.footer_text = gettext("Page %(number)s of %(total)s", number="{n}", total="{nb}")
        path = current_app.config.get("DECLARATIONS_PDF_FONT", DEFAULT_FONT)
        bold = path.replace(".ttf", "-Bold.ttf")
        self.glyphs: set[int] | None = None
        if path and os.path.exists(path):
            self.pdf.add_font("Body", "", path)
            self.pdf.add_font("Body", "B", bold if os.path.exists(bold) else path)
            self.family, self.unicode = "Body", True
            fonts = [f for f in self.pdf.fonts.values() if getattr(f, "cmap", None)]
            self.glyphs = set.intersection(*(set(f.cmap) for f in fonts)) if fonts else None
        else:
            self.family, self.unicode = "Helvetica", False
        self.pdf.footer_family = self.family
        self.replacement = REPLACEMENT if self.glyphs is None or ord(REPLACEMENT) in self.glyphs else "?"

    def close(self) -> None:
        """fontTools reads embedded fonts lazily and keeps their files open: close them."""
        for font in self.pdf.fonts.values():
            ttfont = getattr(font, "ttfont", None)
            if ttfont is not None:
                ttfont.close()

    def text(self, value) -> str:
        """The text as the font can draw it: every character it lacks replaced by a visible mark."""
        value = str(value or "")
        if self.unicode:
            if self.glyphs is None:
                return value
            return "".join(ch if ord(ch) in self.glyphs or ch in "\n\r\t" else self.replacement for ch in value)
        value = value.translate(_PLAIN)
        return "".join(ch if ord(ch) < 256 else "?" for ch in value)

    def font(self, size: float, bold: bool = False):
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def lines(self, value, size: float, bold: bool = False, width: float = 0) -> list[str]:
        self.font(size, bold)
        return self.pdf.multi_cell(width, size * 0.5, self.text(value), dry_run=True, output="LINES") or [""]

    def room(self) -> float:
        return self.pdf.page_break_trigger - self.pdf.get_y()

    def para(self, value, size: float = 10.5, bold: bool = False, gap: float = 2, keep_with: float = 0):
        """A paragraph set flush left, line by line, with no orphan and no widow. ``keep_with``: the
        height of what must follow on the same page (a heading keeps its first lines with it)."""
        pdf, height = self.pdf, size * 0.5
        lines = self.lines(value, size, bold)
        fits = int(max(self.room() - keep_with, 0) // height)
        if fits < len(lines):
            if len(lines) <= MIN_LINES * 2 - 1 or fits < MIN_LINES:
                pdf.add_page()  # too short to split, or only one line would stay behind: move it whole
            else:
                first = min(fits, len(lines) - MIN_LINES)  # never carry a single line over
                self._set(lines[:first], height)
                pdf.add_page()
                lines = lines[first:]
        self._set(lines, height)
        pdf.ln(gap)

    def _set(self, lines: list[str], height: float) -> None:
        pdf = self.pdf
        for line in lines:
            pdf.set_x(pdf.l_margin)
            pdf.cell(pdf.epw, height, line, new_x="LMARGIN", new_y="NEXT")

    def heading(self, value, size: float, gap: float = 1, follow: float = 12):
        """A heading: flush left, kept with (``follow`` mm of) what comes after it."""
        self.para(value, size, bold=True, gap=gap, keep_with=follow)


def _body_lines(w: _Writer, text: str | None, width: float, size: float, numbered: bool,
                missing_marker: str) -> list[tuple[str, str]]:
    """A clause's text in one language broken into the PDF's lines: (line number or "", line). With
    ``numbered``, the draft's numbered lines (the same cut as the page, so "clause 3, lines 4-6"
    points to the same words): each numbered line starts with its number, and a line too long for
    the column continues under it unnumbered."""
    w.font(size)
    if not text:
        return [("", line) for line in
                w.pdf.multi_cell(width, size * 0.5, w.text(missing_marker), dry_run=True, output="LINES")]
    if not numbered:
        return [("", line) for line in w.pdf.multi_cell(width, size * 0.5, w.text(text), dry_run=True, output="LINES")]
    from .views._helpers import numbered_lines

    out = []
    for number, source in enumerate(numbered_lines(text), 1):
        parts = w.pdf.multi_cell(width - LINE_GUTTER, size * 0.5, w.text(source), dry_run=True, output="LINES") or [""]
        out += [(str(number) if i == 0 else "", part) for i, part in enumerate(parts)]
    return out


#: The room, in mm, for a line number before a numbered line.
LINE_GUTTER = 6


def _set_body(w: _Writer, lines, x: float, width: float, size: float, numbered: bool) -> None:
    pdf, height = w.pdf, size * 0.5
    for number, text_line in lines:
        if pdf.get_y() + height > pdf.page_break_trigger:  # a row taller than a page
            pdf.add_page()
        if numbered:
            w.font(size * 0.7)
            pdf.set_text_color(110, 110, 110)
            pdf.set_x(x)
            pdf.cell(LINE_GUTTER - 1, height, number, align="R")
            pdf.set_text_color(0, 0, 0)
            w.font(size)
            pdf.set_x(x + LINE_GUTTER)
            pdf.cell(width - LINE_GUTTER, height, text_line, new_x="LEFT", new_y="NEXT")
        else:
            pdf.set_x(x)
            pdf.cell(width, height, text_line, new_x="LEFT", new_y="NEXT")


def _side_by_side(w: _Writer, clauses, view_languages, kinds, missing_marker, numbered: bool = False) -> None:
    """Two or three columns, one row per clause; a row moves whole to the next page when it does
    not fit (a row taller than a page is set column after column instead)."""
    from ..i18n.registry import language_name

    pdf = w.pdf
    columns = len(view_languages)
    gap, number_width = (5, 8) if columns < 3 else (4, 7)
    size = 10 if columns < 3 else 9
    line = size * 0.5
    width = (pdf.epw - number_width - gap * (columns - 1)) / columns
    left = pdf.l_margin
    w.font(9, bold=True)
    y = pdf.get_y()
    for i, language in enumerate(view_languages):
        pdf.set_xy(left + number_width + i * (width + gap), y)
        pdf.cell(width, 5, w.text(language_name(language)))
    pdf.ln(6)
    for n, clause in enumerate(clauses, 1):
        # Break each cell into lines once (fpdf2's line breaking is the costly part), then set them.
        cells = []
        for language in view_languages:
            w.font(8.5, bold=True)
            label = pdf.multi_cell(width, 4.5, w.text(kinds[language][clause.kind]), dry_run=True, output="LINES")
            body = _body_lines(w, clause.text.get(language), width, size, numbered, missing_marker)
            cells.append((label, body))
        row = max(len(label) * 4.5 + len(body) * line for label, body in cells) + 3
        if pdf.get_y() + row > pdf.page_break_trigger and row < pdf.eph:
            pdf.add_page()
        y = pdf.get_y()
        w.font(size, bold=True)
        pdf.set_xy(left, y)
        pdf.cell(number_width, line, str(n))
        bottom = y
        for i, (label, body) in enumerate(cells):
            x = left + number_width + i * (width + gap)
            pdf.set_xy(x, y)
            w.font(8.5, bold=True)
            for text_line in label:
                pdf.set_x(x)
                pdf.cell(width, 4.5, text_line, new_x="LEFT", new_y="NEXT")
            _set_body(w, body, x, width, size, numbered)
            bottom = max(bottom, pdf.get_y())
        pdf.set_xy(left, bottom + 3)
        pdf.set_draw_color(220, 223, 228)
        pdf.line(left, bottom + 1.5, left + pdf.epw, bottom + 1.5)


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
        w.heading(title, 16)
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
    from .views._helpers import language_in_text

    for language, numbers in (context.get("unreviewed") or {}).items():
        w.para(ngettext("Clause %(numbers)s is not reviewed in %(language)s: its text there may not yet match "
                        "the other language.",
                        "Clauses %(numbers)s are not reviewed in %(language)s: their text there may not yet "
                        "match the other language.", len(numbers),
                        numbers=", ".join(str(n) for n in numbers), language=language_in_text(language)), 10,
               bold=True)
    pdf.ln(3)

    clauses = context["clauses"]
    if not declaration.text_in_sources and not clauses:
        w.para(gettext("The text of this declaration is not in our sources. What the sources record of how it was drafted and adopted:"), 10.5)
        if declaration.process:
            w.para(declaration.process.resolve(lang).text, 10.5)
    kinds = {language: labels_in(language) for language in view_languages}
    missing_marker = gettext("[translation missing]")
    numbered = bool(context.get("line_numbers"))
    if len(view_languages) == 1:
        language = view_languages[0]
        for n, clause in enumerate(clauses, 1):
            w.heading(f"{n}. {kinds[language][clause.kind]}", 9, gap=0.5, follow=10.5)
            if numbered and clause.text.get(language):
                body = _body_lines(w, clause.text[language], pdf.epw, 10.5, True, missing_marker)
                if pdf.get_y() + len(body) * 5.25 > pdf.page_break_trigger and len(body) * 5.25 < pdf.eph:
                    pdf.add_page()
                _set_body(w, body, pdf.l_margin, pdf.epw, 10.5, True)
                pdf.ln(3)
            else:
                w.para(clause.text.get(language) or missing_marker, 10.5, gap=3)
    elif clauses:
        _side_by_side(w, clauses, view_languages, kinds, missing_marker, numbered)

    corrections = context["corrections"]
    if corrections:
        pdf.ln(4)
        w.heading(gettext("Editorial corrections after adoption"), 12)
        for row in corrections:
            w.para(gettext("%(date)s, clause %(number)s (%(language)s): %(reason)s",
                           date=format_local_datetime(row.decided_at or row.created_at, convening.timezone), number=row.clause_number,
                           language=row.language.upper(), reason=row.reason.resolve(lang).text), 9.5, gap=0.5)
            w.para(gettext("Proposed by %(proposer)s, approved by %(approver)s.", proposer=row.author_name or "?",
                           approver=row.approved_by_name or "?"), 9, gap=1)

    if declaration.is_adopted:
        pdf.add_page()
        w.heading(gettext("Annex: signatories"), 14)
        groups = context["signatories_by_country"]
        if not groups:
            w.para(gettext("No organization has signed on yet."), 10.5)
        total = sum(len(rows) for _, rows in groups)
        if total:
            w.para(ngettext("%(num)d organization, by country.", "%(num)d organizations, by country.", total), 10)
        for code, rows in groups:
            w.heading(f"{country_name(code)} ({len(rows)})", 11.5)
            for s in rows:
                sector = f" — {SECTOR_LABELS[s.sector]}" if s.sector in SECTOR_LABELS else ""
                w.para(f"{organization_name(s.organization, lang=lang)}{sector}", 10, gap=0.5)
            pdf.ln(2)
    try:
        return bytes(pdf.output())
    finally:
        w.close()
