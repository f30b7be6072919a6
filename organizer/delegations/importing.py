"""Reading members from a CSV or XLSX file. All or nothing: a file with any bad row imports nothing
and every bad row is reported with its number and reason (validated by the same form as the page)."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from ..i18n.registry import country_by_name, language_by_name
from ..i18n.text import fold
from .forms import MemberForm

MAX_ROWS = 1000
MAX_BYTES = 2 * 1024 * 1024

#: Column -> field, with the headers accepted (English and Spanish, folded).
COLUMNS = {
    "name": ("name", "full name", "nombre", "nombre completo"),
    "email": ("email", "e-mail", "correo", "correo electronico"),
    "organization_id": ("organization", "organizacion"),
    "position": ("position", "title", "cargo", "puesto"),
    "country": ("country", "pais"),
    "languages": ("languages", "languages spoken", "idiomas", "idiomas que habla"),
    "listen_language": ("listens in", "listen language", "escucha en"),
    "speak_language": ("speaks in", "speak language", "habla en"),
    "accessibility_needs": ("accessibility", "accessibility needs", "accesibilidad", "necesidades de accesibilidad"),
    "dietary_needs": ("dietary", "dietary needs", "dieta", "necesidades alimentarias"),
    "arrival_date": ("arrival", "llegada"),
    "departure_date": ("departure", "salida"),
    "lodging_needed": ("lodging", "needs lodging", "hospedaje", "necesita hospedaje"),
    "visa_letter": ("visa letter", "carta de visa", "carta de invitacion"),
    "passport_name": ("name as in passport", "passport name", "nombre en pasaporte", "nombre como en el pasaporte"),
    "nationality": ("nationality", "nacionalidad"),
    "passport_number": ("passport number", "passport", "numero de pasaporte", "pasaporte"),
    "public_listing": ("public", "listed publicly", "publico", "aparece en publico"),
}
TEMPLATE_HEADERS = ["name", "email", "organization", "position", "country", "languages", "listens in", "speaks in",
                    "accessibility", "dietary", "arrival", "departure", "lodging", "visa letter",
                    "name as in passport", "nationality", "passport number", "public"]
YES = {"yes", "y", "si", "s", "true", "1", "x", "oui"}
NO = {"no", "n", "false", "0", ""}


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _read_rows(filename: str, content: bytes) -> list[list]:
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ImportFailed([_("This file is not a readable XLSX spreadsheet.")]) from exc
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return rows
    if name.endswith(".csv") or name.endswith(".txt"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = content.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise ImportFailed([_("The file's text encoding cannot be read; save it as CSV UTF-8.")]) from exc
        sample = text[:4096]
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    raise ImportFailed([_("Upload a .csv or .xlsx file.")])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_members(filename: str, content: bytes, settings, organizations) -> list[dict]:
    """Rows of member data, or ImportFailed listing every problem."""
    if len(content) > MAX_BYTES:
        raise ImportFailed([_("The file is too large (at most 2 MB).")])
    rows = _read_rows(filename, content)
    while rows and not any(_cell(c) for c in rows[-1]):
        rows.pop()
    if not rows:
        raise ImportFailed([_("The file is empty.")])
    header = [fold(_cell(c)).rstrip("*").strip() for c in rows[0]]
    columns: dict[int, str] = {}
    for index, title in enumerate(header):
        for field, aliases in COLUMNS.items():
            if title in aliases:
                columns[index] = field
    if "name" not in columns.values():
        raise ImportFailed([_("The first row must name the columns, with at least a “name” column.")])
    unknown = [rows[0][i] for i, title in enumerate(header) if title and i not in columns]
    errors: list[str] = []
    if unknown:
        errors.append(_("Unknown columns: %(columns)s.", columns=", ".join(_cell(u) for u in unknown)))
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFailed([_("At most %(max)d members per file.", max=MAX_ROWS)])
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
                                            value=value))
                    else:
                        formdata.add(field, match)
            elif field in ("country", "nationality"):
                code = country_by_name(value) if value else ""
                if code is None:
                    bad_fields.add(field)
                    row_errors.append(_("unknown country “%(value)s”", value=value))
                else:
                    formdata.add(field, code)
            elif field in ("languages",):
                for part in [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]:
                    code = language_by_name(part)
                    if code is None:
                        bad_fields.add(field)
                        row_errors.append(_("unknown language “%(value)s”", value=part))
                    else:
                        formdata.add(field, code)
            elif field in ("listen_language", "speak_language"):
                if value:
                    code = language_by_name(value)
                    if code is None:
                        bad_fields.add(field)
                        row_errors.append(_("unknown language “%(value)s”", value=value))
                    else:
                        formdata.add(field, code)
            elif field in ("lodging_needed", "visa_letter", "public_listing"):
                folded = fold(value)
                if folded in YES:
                    formdata.add(field, "y")
                elif folded not in NO:
                    row_errors.append(_("“%(value)s” should be yes or no", value=value))
            else:
                formdata.add(field, value)
        form = MemberForm(formdata=formdata, meta={"csrf": False}).configure(settings, organizations)
        if not form.validate():
            for name, messages in form.errors.items():
                if name in form._fields and name not in bad_fields:
                    for message in messages:
                        row_errors.append(f"{form[name].label.text}: {str(message).rstrip('.')}")
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


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(TEMPLATE_HEADERS)
    writer.writerow(["Ana López", "ana@example.org", "", "Secretaria general", "MX", "es, en", "es", "es",
                     "", "vegetariana", "2027-03-10", "2027-03-13", "yes", "no", "", "", "", "no"])
    return out.getvalue()
