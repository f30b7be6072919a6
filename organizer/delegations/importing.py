"""Reading members from a CSV or XLSX file. All or nothing: a file with any bad row imports nothing
and every bad row is reported with its number and reason (validated by the same form as the page)."""
from __future__ import annotations

import csv
import io
import time
import zipfile
from datetime import date, datetime
from typing import Iterator

from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.datastructures import MultiDict

from ..i18n.registry import country_by_name, language_by_name
from ..i18n.text import fold
from .forms import MemberForm

MAX_ROWS = 1000
MAX_BYTES = 2 * 1024 * 1024
#: Limits that stop reading early: columns filled in a row, rows looked at (empty ones included),
#: bytes an XLSX may unpack to and its compression ratio, and seconds spent reading.
MAX_COLUMNS = 60
MAX_SCANNED_ROWS = 5 * MAX_ROWS
MAX_UNPACKED_BYTES = 30 * 1024 * 1024
MAX_RATIO = 200
TIME_BUDGET = 5.0
#: Longest text kept from a cell (above every field's limit: the form still says "too long"), and
#: shown back in a message.
MAX_CELL = 5000
MAX_SHOWN = 80

#: Column -> field, with the headers accepted (English, Spanish and French, folded).
COLUMNS = {
    "name": ("name", "full name", "nombre", "nombre completo", "nom", "nom complet"),
    "email": ("email", "e-mail", "correo", "correo electronico", "courriel", "adresse courriel",
              "adresse electronique"),
    "organization_id": ("organization", "organizacion", "organisation"),
    "position": ("position", "title", "cargo", "puesto", "poste", "fonction", "titre"),
    "country": ("country", "pais", "pays"),
    "languages": ("languages", "languages spoken", "idiomas", "idiomas que habla", "langues", "langues parlees"),
    "listen_language": ("listens in", "listen language", "escucha en", "ecoute en"),
    "speak_language": ("speaks in", "speak language", "habla en", "parle en"),
    "accessibility_needs": ("accessibility", "accessibility needs", "accesibilidad", "necesidades de accesibilidad",
                            "accessibilite", "besoins d'accessibilite"),
    "dietary_needs": ("dietary", "dietary needs", "dieta", "necesidades alimentarias", "alimentation",
                      "besoins alimentaires", "regime alimentaire"),
    "arrival_date": ("arrival", "llegada", "arrivee"),
    "departure_date": ("departure", "salida", "depart"),
    "lodging_needed": ("lodging", "needs lodging", "hospedaje", "necesita hospedaje", "hebergement",
                       "besoin d'hebergement"),
    "visa_letter": ("visa letter", "carta de visa", "carta de invitacion", "lettre de visa", "lettre d'invitation"),
    "passport_name": ("name as in passport", "passport name", "nombre en pasaporte", "nombre como en el pasaporte",
                      "nom dans le passeport", "nom comme dans le passeport"),
    "nationality": ("nationality", "nacionalidad", "nationalite"),
    "passport_number": ("passport number", "passport", "numero de pasaporte", "pasaporte", "numero de passeport",
                        "passeport"),
    "public_listing": ("public", "listed publicly", "publico", "aparece en publico", "publique", "liste publique"),
}
#: The template's columns (fields), headed in the reader's language with the export's headers.
TEMPLATE_FIELDS = ["name", "email", "organization_id", "position", "country", "languages", "listen_language",
                   "speak_language", "accessibility_needs", "dietary_needs", "arrival_date", "departure_date",
                   "lodging_needed", "visa_letter", "passport_name", "nationality", "passport_number", "public_listing"]
_EXPORT_KEYS = {"organization_id": "organization"}
YES = {"yes", "y", "si", "s", "true", "1", "x", "oui", "vrai"}
NO = {"no", "n", "false", "0", "", "non", "faux"}


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _export_labels() -> dict[str, object]:
    from .reporting import EXPORT_COLUMNS

    return dict(EXPORT_COLUMNS)


def header_aliases() -> dict[str, set[str]]:
    """Field -> folded headers accepted: the fixed aliases plus the export's headers in every
    interface language, so a file exported (or a template downloaded) in either language imports."""
    from flask import current_app
    from flask_babel import force_locale

    labels = _export_labels()
    aliases = {field: set(names) for field, names in COLUMNS.items()}
    for lang in current_app.config["LANGUAGES"]:
        with force_locale(lang):
            for field in COLUMNS:
                label = labels.get(_EXPORT_KEYS.get(field, field))
                if label is not None:
                    aliases[field].add(fold(str(label)))
    return aliases


def yes_no_words() -> tuple[set[str], set[str]]:
    """The folded words read as yes and as no: the fixed ones plus the catalog's "yes" and "no" in
    every interface language (what a template downloaded in any of them says)."""
    from flask import current_app
    from flask_babel import force_locale

    yes, no = set(YES), set(NO)
    for lang in current_app.config["LANGUAGES"]:
        with force_locale(lang):
            yes.add(fold(_("yes")))
            no.add(fold(_("no")))
    return yes, no - yes


def _read_rows(filename: str, content: bytes) -> list[list]:
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(".csv") or name.endswith(".txt"):
        return _read_csv(content)
    raise ImportFailed([_("Upload a .csv or .xlsx file.")])


def _too_many_rows() -> ImportFailed:
    return ImportFailed([_("At most %(max)d members per file.", max=MAX_ROWS)])


def _too_slow() -> ImportFailed:
    return ImportFailed([_("The file took too long to read. Save it again with only the members' rows and "
                           "columns, then upload it again.")])


def _bounded(rows: Iterator, *, clock=time.monotonic) -> list[list]:
    """The rows, stopping as soon as a limit is passed: more than MAX_COLUMNS filled columns, more
    than MAX_ROWS filled rows (plus the header), more than MAX_SCANNED_ROWS rows at all (empty ones
    included), or TIME_BUDGET seconds. Trailing empty cells and rows are dropped."""
    deadline = clock() + TIME_BUDGET
    kept: list[list] = []
    filled = 0
    for scanned, row in enumerate(rows, start=1):
        if scanned % 64 == 0 and clock() > deadline:
            raise _too_slow()
        if scanned > MAX_SCANNED_ROWS:
            raise _too_many_rows()
        values = list(row)
        while values and (values[-1] is None or values[-1] == ""):
            values.pop()
        if len(values) > MAX_COLUMNS:
            raise ImportFailed([_("At most %(max)d columns per file.", max=MAX_COLUMNS)])
        if not values:
            kept.append([])
            continue
        filled += 1
        if filled > MAX_ROWS + 1:  # the header, then the members
            raise _too_many_rows()
        kept.append(values)
    while kept and not kept[-1]:
        kept.pop()
    return kept


def _check_archive(content: bytes) -> None:
    """Refuse a zip whose parts would unpack to too much (a zip bomb) before anything is unpacked.
    Python's zipfile never yields more than a part's declared size, so the declared sizes bound the work."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFailed([_("This file is not a readable XLSX spreadsheet.")]) from exc
    total = sum(part.file_size for part in parts)
    ratio = max((part.file_size / max(part.compress_size, 1) for part in parts), default=0)
    if total > MAX_UNPACKED_BYTES or (ratio > MAX_RATIO and total > 1024 * 1024):
        raise ImportFailed([_("The spreadsheet is too large once unpacked. Save it again with only the members' "
                              "rows and columns, or as CSV.")])


def _read_xlsx(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    _check_archive(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFailed([_("This file is not a readable XLSX spreadsheet.")]) from exc
    try:
        if not workbook.worksheets:
            raise ImportFailed([_("The spreadsheet has no sheet. Put the members on its first sheet.")])
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # never trust the declared size (A1:XFD1048576 in a 2 KB file)
        return _bounded(sheet.iter_rows(values_only=True))
    except ImportFailed:
        raise
    except Exception as exc:  # broken XML inside the archive, a part missing...
        raise ImportFailed([_("This file is not a readable XLSX spreadsheet.")]) from exc
    finally:
        workbook.close()


def _read_csv(content: bytes) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ImportFailed([_("The file's text encoding cannot be read; save it as CSV UTF-8.")]) from exc
    text = text.replace("\x00", "")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return _bounded(reader)
    except csv.Error as exc:  # a field over the csv module's limit, a broken quote...
        raise ImportFailed([_("Row %(number)d: %(reasons)s.", number=reader.line_num,
                              reasons=_("this row cannot be read (a cell is too long or a quote is not closed)"))]
                           ) from exc


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()[:MAX_CELL]


def _shown(value: str) -> str:
    return value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"


def parse_members(filename: str, content: bytes, settings, organizations, questions=()) -> list[dict]:
    """Rows of member data, or ImportFailed listing every problem. ``questions``: the convening's
    custom questions asked per member, one column each (headed by the question in any language)."""
    from .questions import header_aliases as question_aliases
    from .questions import import_value, with_questions

    asked = {q.field_name: q for q in questions}
    if len(content) > MAX_BYTES:
        raise ImportFailed([_("The file is too large (at most 2 MB).")])
    rows = _read_rows(filename, content)
    while rows and not any(_cell(c) for c in rows[-1]):
        rows.pop()
    if not rows:
        raise ImportFailed([_("The file is empty.")])
    header = [fold(_cell(c)).rstrip("*").strip() for c in rows[0]]
    columns: dict[int, str] = {}
    accepted = header_aliases() | {name: question_aliases(q) for name, q in asked.items()}
    yes, no = yes_no_words()
    for index, title in enumerate(header):
        for field, aliases in accepted.items():
            if title in aliases:
                columns[index] = field
    if "name" not in columns.values():
        raise ImportFailed([_("The first row must name the columns, with at least a “name” column.")])
    unknown = [rows[0][i] for i, title in enumerate(header) if title and i not in columns]
    errors: list[str] = []
    if unknown:
        errors.append(_("Unknown columns: %(columns)s.", columns=", ".join(_shown(_cell(u)) for u in unknown)))
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFailed([ngettext("At most %(num)d member per file.", "At most %(num)d members per file.", MAX_ROWS)])
    org_names = {}
    for organization in organizations:
        for text in list(organization.name.values()) + list((organization.acronym or {}).values()):
            org_names[fold(text)] = str(organization.id)
    result = []
    for number, row in enumerate(rows[1:], start=2):
        values = {field: _cell(row[i]) if i < len(row) else "" for i, field in columns.items()}
        if not any(values.values()):
            continue
        row_errors = []
        bad_fields = set()
        formdata = MultiDict()
        for field, value in values.items():
            if field == "organization_id":
                if value:
                    match = org_names.get(fold(value))
                    if match is None:
                        bad_fields.add(field)
                        row_errors.append(_("organization “%(value)s” is not one of the delegation's organizations",
                                            value=_shown(value)))
                    else:
                        formdata.add(field, match)
            elif field in ("country", "nationality"):
                code = country_by_name(value) if value else ""
                if code is None:
                    bad_fields.add(field)
                    row_errors.append(_("unknown country “%(value)s”", value=_shown(value)))
                else:
                    formdata.add(field, code)
            elif field in ("languages",):
                for part in [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]:
                    code = language_by_name(part)
                    if code is None:
                        bad_fields.add(field)
                        row_errors.append(_("unknown language “%(value)s”", value=_shown(part)))
                    else:
                        formdata.add(field, code)
            elif field in ("listen_language", "speak_language"):
                if value:
                    code = language_by_name(value)
                    if code is None:
                        bad_fields.add(field)
                        row_errors.append(_("unknown language “%(value)s”", value=_shown(value)))
                    else:
                        formdata.add(field, code)
            elif field in asked:
                answer = import_value(asked[field], value)
                for part in answer if isinstance(answer, list) else [answer]:
                    if part:
                        formdata.add(field, part)
            elif field in ("lodging_needed", "visa_letter", "public_listing"):
                folded = fold(value)
                if folded in yes:
                    formdata.add(field, "y")
                elif folded not in no:
                    row_errors.append(_("“%(value)s” should be yes or no", value=_shown(value)))
            else:
                formdata.add(field, value)
        form = with_questions(MemberForm, questions)(formdata=formdata, meta={"csrf": False}).configure(
            settings, organizations)
        if not form.validate():
            for name, messages in form.errors.items():
                if name in form._fields and name not in bad_fields:
                    for message in messages:
                        row_errors.append(_("%(field)s: %(message)s", field=form[name].label.text,
                                            message=str(message).rstrip(".")))
        if row_errors:
            errors.append(_("Row %(number)d: %(reasons)s.", number=number,
                            reasons="; ".join(str(r).rstrip(".") for r in row_errors)))
        else:
            result.append(form.member_data())
    if not result and not errors:
        errors.append(_("The file has no members."))
    if errors:
        raise ImportFailed(errors)
    return result


def column_help(questions=()) -> list[tuple[str, str]]:
    """The template's columns for the import page: (header in the reader's language, what to write),
    the convening's questions asked per member last."""
    from .questions import import_note

    labels = _export_labels()
    notes = {
        "name": _("required"),
        "organization_id": _("the name or acronym of one of the delegation’s organizations"),
        "country": _("code such as MX, or name"), "nationality": _("code such as MX, or name"),
        "languages": _("separated by commas"),
        "arrival_date": _("YYYY-MM-DD"), "departure_date": _("YYYY-MM-DD"),
        "lodging_needed": _("yes or no"), "visa_letter": _("yes or no"), "public_listing": _("yes or no"),
    }
    return [(str(labels[_EXPORT_KEYS.get(field, field)]), notes.get(field, "")) for field in TEMPLATE_FIELDS] + [
        (str(question.label), import_note(question)) for question in questions]


def template_csv(questions=()) -> str:
    """The import template in the reader's language: headers, yes/no and the example row (the
    convening's questions asked per member: one column each, headed by the question)."""
    labels = _export_labels()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(labels[_EXPORT_KEYS.get(field, field)]) for field in TEMPLATE_FIELDS]
                    + [str(question.label) for question in questions])
    yes, no = _("yes"), _("no")
    writer.writerow(["Ana López", "ana@example.org", "", _("General secretary"), "MX", "es, en", "es", "es",
                     "", _("vegetarian"), "2027-03-10", "2027-03-13", yes, no, "", "", "", no]
                    + ["" for _question in questions])
    return out.getvalue()
