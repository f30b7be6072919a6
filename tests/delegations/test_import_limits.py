"""Hostile spreadsheets: a lying dimension, a million rows, a zip bomb, broken XML, no sheet, dates
where text is expected, an overlong CSV field. Each is refused quickly, in little memory, with a
clear 422 and the form kept; never a 500. The XLSX files are built by hand (a zip of a few XML parts)
so that they can lie the way an attacker's would."""
from __future__ import annotations


import io
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from organizer.delegations import importing
from organizer.delegations.models import DelegationMember
from organizer.extensions import db

ROOT = Path(__file__).resolve().parents[2]
CT = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      b'<Default Extension="xml" ContentType="application/xml"/>'
      b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      b'</Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        b'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>%s</sheets></workbook>')
WORKBOOK_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                 b'Target="worksheets/sheet1.xml"/></Relationships>')
SHEET = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         b'<dimension ref="%s"/><sheetData>%s</sheetData></worksheet>')


def xlsx(rows: bytes = b"", *, dimension: bytes = b"A1:B2", sheet: bool = True, sheet_xml: bytes | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CT)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK % (b'<sheet name="S" sheetId="1" r:id="rId1"/>' if sheet else b""))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        if sheet:
            archive.writestr("xl/worksheets/sheet1.xml", sheet_xml if sheet_xml is not None else SHEET % (dimension, rows))
    return out.getvalue()


def text(ref: str, value: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'.encode()


def row(number: int, *cells: bytes) -> bytes:
    return f'<row r="{number}">'.encode() + b"".join(cells) + b"</row>"


HEADER = row(1, text("A1", "name"), text("B1", "email"))


def dimension_bomb() -> bytes:
    """1.5 KB: declares A1:XFD1048576 and really has a cell there."""
    return xlsx(HEADER + row(2, text("A2", "Ana")) + row(1048576, text("XFD1048576", "x")), dimension=b"A1:XFD1048576")


def million_rows() -> bytes:
    """About 100 KB: a header and a million one-cell rows."""
    body = b"".join(b"<row><c><v>%d</v></c></row>" % (n % 89) for n in range(1_000_000))
    return xlsx(HEADER + body, dimension=b"A1:A1000001")


MEASURE = r"""
import json, resource, sys, time, tracemalloc
sys.path.insert(0, sys.argv[1])


def peak_rss_kb():
    # VmHWM: this process's own high-water mark (ru_maxrss would include the parent's, kept across exec).
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))  # a runaway fails, not the machine
from organizer import create_app
from organizer.delegations import importing
app = create_app({"ENV": "testing", "TESTING": True, "SECRET_KEY": "x" * 32, "INSTANCE_PATH": sys.argv[2],
                  "DATABASE_URL": "sqlite://"})
content = open(sys.argv[3], "rb").read()
with app.test_request_context("/en/"):
    import openpyxl  # loaded before measuring: its import is not the file's cost
    before = peak_rss_kb()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        importing.parse_members("bomb.xlsx", content, None, [])
        outcome = "accepted"
    except importing.ImportFailed as failure:
        outcome = "refused: " + "; ".join(map(str, failure.errors))
    except MemoryError:
        outcome = "MemoryError"
    seconds = time.perf_counter() - started
    peak_traced = tracemalloc.get_traced_memory()[1]
    after = peak_rss_kb()
print(json.dumps({"outcome": outcome, "seconds": seconds, "traced_peak_mb": peak_traced / 2**20,
                  "rss_growth_mb": (after - before) / 1024, "rss_peak_mb": after / 1024}))
"""


def _measure(tmp_path, content: bytes) -> dict:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(content)
    done = subprocess.run([sys.executable, "-c", MEASURE, str(ROOT), str(tmp_path / "instance"), str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("bomb", [dimension_bomb, million_rows])
def test_xlsx_bombs_are_refused_fast_in_little_memory(tmp_path, bomb):
    content = bomb()
    assert len(content) < 200 * 1024
    figures = _measure(tmp_path, content)
    print(f"\n{bomb.__name__} ({len(content)} bytes): {figures}")
    assert figures["outcome"].startswith("refused"), figures
    assert figures["seconds"] < 3, figures
    assert figures["traced_peak_mb"] < 30, figures
    assert figures["rss_growth_mb"] < 60, figures


def test_a_lying_dimension_alone_costs_nothing(app):
    """The declared size is ignored: the two real rows are read."""
    content = xlsx(HEADER + row(2, text("A2", "Ana")), dimension=b"A1:XFD1048576")
    with app.test_request_context("/en/"):
        assert importing._read_rows("m.xlsx", content) == [["name", "email"], ["Ana"]]


def test_reading_stops_at_the_limits_before_reading_on(app, monkeypatch):
    read = []

    def endless(width=1):
        n = 0
        while True:
            n += 1
            read.append(n)
            yield ["x"] * width

    with app.test_request_context("/en/"):
        with pytest.raises(importing.ImportFailed, match="At most 1000 members"):
            importing._bounded(endless())
        assert len(read) == importing.MAX_ROWS + 2  # the header, the members, and the one too many
        read.clear()
        with pytest.raises(importing.ImportFailed, match="columns"):
            importing._bounded(endless(importing.MAX_COLUMNS + 1))
        assert len(read) == 1
        read.clear()
        empty = ([] for _ in iter(int, 1))
        with pytest.raises(importing.ImportFailed, match="At most 1000 members"):
            importing._bounded(empty)
        # The wall clock: a reader that is slow is stopped once the budget is spent.
        ticks = iter(range(0, 10_000_000, 1))
        with pytest.raises(importing.ImportFailed, match="too long to read"):
            importing._bounded(([] for _ in iter(int, 1)), clock=lambda: float(next(ticks)))


def test_zip_bomb_is_refused_before_unpacking(app):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CT)
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (64 * 1024 * 1024))
    content = out.getvalue()
    assert len(content) < importing.MAX_BYTES
    started = time.perf_counter()
    with app.test_request_context("/en/"):
        with pytest.raises(importing.ImportFailed, match="too large once unpacked"):
            importing._read_rows("m.xlsx", content)
    assert time.perf_counter() - started < 1


def _post(client, delegation, name: str, content: bytes, lang: str = "en"):
    return client.post(f"/{lang}/registration/d/{delegation}/import", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


CASES = {
    "dimension bomb": ("m.xlsx", dimension_bomb, "At most 1000 members per file"),
    "broken XML": ("m.xlsx", lambda: xlsx(sheet_xml=b"<worksheet><sheetData><row><c>"), "not a readable XLSX"),
    "no sheet": ("m.xlsx", lambda: xlsx(sheet=False), "no sheet"),
    "not a zip": ("m.xlsx", lambda: b"PK\x03\x04 broken", "not a readable XLSX"),
    "bad date cell": ("m.xlsx", lambda: xlsx(HEADER + row(2, b'<c r="A2" t="d"><v>not a date</v></c>')),
                      "not a readable XLSX"),
    "date where text is expected": (
        "m.xlsx", lambda: xlsx(HEADER + row(2, b'<c r="A2" t="d"><v>2027-03-10T00:00:00</v></c>',
                                           b'<c r="B2" t="d"><v>2027-03-10T00:00:00</v></c>')),
        "Row 2: Email: Please enter a valid email address"),
    "CSV field over 131,072 characters": ("m.csv", lambda: b"name,email\n" + b'"' + b"a" * 140_000 + b'",x\n',
                                          "Row 2: this row cannot be read"),
    "CSV with NUL": ("m.csv", lambda: b"name,email\nA\x00na,not-an-email\n", "Row 2: Email"),
    "CSV unclosed quote": ("m.csv", lambda: b'name\n"Ana\n' + b"x" * 200_000, "cannot be read"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_damaged_files_give_a_clear_422_with_the_form_kept(app, client, make_user, make_convening,
                                                           make_delegation, login_as, case):
    name, build, message = CASES[case]
    convening = make_convening(questions={"organization": "off"})
    lead = make_user()
    delegation = make_delegation(convening, lead)
    login_as(lead)
    response = _post(client, delegation, name, build())
    page = response.get_data(as_text=True)
    assert response.status_code == 422, (case, response.status_code)
    assert message in page, page[page.find("<main"):][:3000]
    assert 'type="file"' in page and 'name="file"' in page  # the form is there to try again
    with app.app_context():
        assert db.session.scalars(db.select(DelegationMember)).all() == []


def test_the_refusal_is_translated(app, client, make_user, make_convening, make_delegation, login_as):
    convening = make_convening(questions={"organization": "off"})
    lead = make_user(language="es")
    delegation = make_delegation(convening, lead)
    login_as(lead)
    response = _post(client, delegation, "m.xlsx", xlsx(sheet=False), lang="es")
    assert response.status_code == 422
    assert "no tiene ninguna hoja" in response.get_data(as_text=True)
