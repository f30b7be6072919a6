"""A pseudo-locale that makes every leftover visible at once.

The test-only locale ``qps`` ("pseudo") is an interface language like the others, built from a real
catalog (``translations/<base>/LC_MESSAGES/messages.po``) whose every translation is wrapped in
markers: "⟦Programa⟧". Its formatting data (months, countries, list patterns) are the base language's
CLDR data. Content fields get marked values too ("⟦Encuentro A⟧"). A page read in ``qps`` then shows
marked text only, apart from:

- numbers, punctuation, e-mail addresses and web addresses;
- names that are not translated (people's names, the app's name, acronyms, the languages' own names
  in the language switcher), listed by ``allowed_names``;
- words that come from the base language's CLDR data through Babel (month and day names, country and
  language names, time zone names, the literal words of date patterns such as "de");
- text inside an element whose ``lang`` attribute names another language (a clause shown side by side
  in English is English on purpose, and says so).

Everything else is a leftover: a string not marked for translation, a content field shown without
its translation, an English word glued to a sentence by the code.
"""
from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

PSEUDO = "qps"
OPEN, CLOSE = "⟦", "⟧"
ROOT = Path(__file__).resolve().parents[2]

_INNERMOST = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+|(?<!\w)/[\w./?=&%#-]*")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: Names that are not translated anywhere: the product, and the vendors the footer credits.
BRANDS = {"Organizer", "Pico", "CSS", "MIT", "iCal", "frab", "XLSX", "CSV", "PDF", "XML", "JSON", "UTF"}


def mark(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}" if text else text


def mark_words(text: str) -> str:
    """Content is marked word by word, so that a page showing part of it (a word diff, a truncated
    summary) still shows marked words."""
    return " ".join(mark(word) for word in text.split())


# --- the catalog ---------------------------------------------------------------------------------

def write_pseudo_catalog(base: str, directory: Path) -> Path:
    """``directory/qps/LC_MESSAGES/messages.mo``: the base catalog with every translation marked."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with (ROOT / "translations" / base / "LC_MESSAGES" / "messages.po").open("rb") as f:
        source = read_po(f)
    catalog = Catalog(locale=base, domain="messages")
    for message in source:
        if not message.id:
            continue
        if isinstance(message.id, (tuple, list)):
            string = tuple(mark(s) for s in message.string)
        else:
            string = mark(message.string)
        catalog.add(message.id, string, context=message.context)
    out = directory / PSEUDO / "LC_MESSAGES" / "messages.mo"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as f:
        write_mo(f, catalog)
    return out


def register_locale(base: str) -> None:
    """Babel knows ``qps`` from now on, with the base language's CLDR data."""
    from babel import localedata

    localedata._cache[PSEUDO] = localedata.load(base)
    _forget_cached_labels()


def unregister_locale() -> None:
    from babel import localedata

    localedata._cache.pop(PSEUDO, None)
    _forget_cached_labels()


def _forget_cached_labels() -> None:
    """Zone pickers, country and language labels are cached per locale name: ``qps`` built on
    another base must not reuse them. Every ``lru_cache`` of the application is emptied."""
    import sys

    for name, module in list(sys.modules.items()):
        if not name.startswith("organizer.") or module is None:
            continue
        for value in list(vars(module).values()):
            try:  # LocalProxy objects (current_app…) raise outside a context
                clear = getattr(value, "cache_clear", None) if getattr(value, "__module__", "") == name else None
            except RuntimeError:
                continue
            if callable(clear):
                clear()


# --- content -------------------------------------------------------------------------------------

def _marked(value, base: str):
    """A JSON value with every per-language text object given a marked ``qps`` text."""
    if isinstance(value, dict):
        keys = set(value)
        if keys and keys <= {"en", "es", "fr", PSEUDO} and all(isinstance(v, str) for v in value.values()):
            text = value.get(base) or value.get("en") or next(iter(value.values()))
            return {**value, PSEUDO: mark_words(text)}
        return {k: _marked(v, base) for k, v in value.items()}
    if isinstance(value, list):
        return [_marked(v, base) for v in value]
    return value


def mark_content(db, base: str) -> int:
    """Give every content field of every row (TranslatedText columns, and texts inside JSON snapshots)
    a marked value in the pseudo-locale. Commits. Returns the number of values changed."""
    from sqlalchemy import JSON

    from organizer.i18n.translated import TranslatedText, TranslatedType

    changed = 0
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (TranslatedType, JSON))]
        if not columns:
            continue
        keys = list(table.primary_key.columns)
        for row in db.session.execute(db.select(*keys, *columns)).all():
            values = {}
            for column in columns:
                old = row._mapping[column]
                if old is None:
                    continue
                plain = old.to_dict() if isinstance(old, TranslatedText) else old
                new = _marked(plain, base)
                if new != plain:
                    values[column.name] = TranslatedText(new) if isinstance(old, TranslatedText) else new
            if values:
                where = [k == row._mapping[k] for k in keys]
                db.session.execute(table.update().where(*where).values(**values))
                changed += len(values)
    db.session.commit()
    return changed


def _replaced(value, mapping: dict):
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, dict):
        return {k: _replaced(v, mapping) for k, v in value.items()}
    if isinstance(value, list):
        return [_replaced(v, mapping) for v in value]
    return value


def rename_everywhere(db, mapping: dict[str, str]) -> None:
    """Replace whole values (a person's name) in every text column and inside JSON snapshots. Commits."""
    from sqlalchemy import JSON, String

    from organizer.i18n.translated import TranslatedType

    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String):
                for old, new in mapping.items():
                    db.session.execute(table.update().where(column == old).values({column.name: new}))
            elif isinstance(column.type, JSON) and not isinstance(column.type, TranslatedType):
                keys = list(table.primary_key.columns)
                for row in db.session.execute(db.select(*keys, column)).all():
                    old = row._mapping[column]
                    new = _replaced(old, mapping)
                    if new != old:
                        db.session.execute(table.update().where(*[k == row._mapping[k] for k in keys])
                                           .values({column.name: new}))
    db.session.commit()


def allowed_names(db) -> set[str]:
    """The words of every name that is not translated: people, accounts, members, authors, acronyms."""
    from organizer.i18n.translated import TranslatedText

    wanted = {
        "users": ("name", "email"), "people": ("name",), "delegation_members": ("name", "email", "passport_name"),
        "signatories": ("authorized_by", "authorizer_title", "contact_email"), "sources": ("author", "file"),
        "organizations": ("acronym",), "convenings": ("slug",),
    }
    words: set[str] = set(BRANDS)
    for table in db.metadata.sorted_tables:
        for name in wanted.get(table.name, ()):
            if name not in table.columns:
                continue
            for value in db.session.scalars(db.select(table.columns[name])):
                if value is None:
                    continue
                texts = value.values() if isinstance(value, (TranslatedText, dict)) else [str(value)]
                for text in texts:
                    words.update(_WORD.findall(str(text)))
    db.session.rollback()
    return words


def cldr_words(base: str) -> set[str]:
    """Words Babel writes from the base language's CLDR data (folded to lower case)."""
    from babel import Locale

    locale = Locale.parse(base)
    texts: list[str] = []

    def walk(value):
        if isinstance(value, str):
            texts.append(value)
        elif hasattr(value, "pattern"):
            texts.extend(re.findall(r"'([^']+)'", value.pattern))
        elif isinstance(value, dict) or hasattr(value, "items"):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)

    for part in (locale.months, locale.days, locale.eras, locale.quarters, locale.day_periods, locale.territories,
                 locale.languages, locale.scripts, locale.time_zones, locale.meta_zones, locale.zone_formats,
                 locale.date_formats, locale.time_formats, locale.datetime_formats, locale.interval_formats,
                 locale.list_patterns):
        walk(part)
    # Babel names a zone's city from its identifier where CLDR has no exemplar city ("Bamako", and
    # in French "Argentina/La Rioja": everything after the region)
    from zoneinfo import available_timezones

    texts.extend(zone.split("/", 1)[-1].replace("_", " ") for zone in available_timezones())
    return {w.casefold() for text in texts for w in _WORD.findall(text)}


# --- reading what a reader sees ------------------------------------------------------------------

class _Visible(HTMLParser):
    """Visible text of a page: text nodes and the attributes people see or hear, minus scripts, styles
    and elements in another language (``lang`` other than the page's)."""

    SKIP = {"script", "style", "template", "noscript"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    ATTRIBUTES = ("title", "alt", "placeholder", "aria-label", "data-label")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page_lang: str | None = None
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.chunks: list[str] = []

    @property
    def skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.page_lang = attrs.get("lang")
        lang = attrs.get("lang")
        foreign = bool(lang and self.page_lang and lang.split("-")[0] != self.page_lang.split("-")[0])
        skipped = tag in self.SKIP or foreign
        if not (self.skipping or skipped):
            for name in self.ATTRIBUTES:
                if attrs.get(name):
                    self.chunks.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
                self.chunks.append(attrs["value"])
        if tag not in self.VOID:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.chunks.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return " ".join(parser.chunks)


def strip_marked(text: str) -> str:
    """The text with every marked span (nested ones too) removed."""
    previous = None
    while previous != text:
        previous, text = text, _INNERMOST.sub(" ", text)
    return text


def leftovers(text: str, names: set[str], words: set[str]) -> list[str]:
    """Runs of words outside markers that are neither names nor CLDR words nor acronyms."""
    rest = strip_marked(text)
    rest = _URL.sub(" ", _EMAIL.sub(" ", rest))
    found, run = [], []
    position = 0
    for match in _WORD.finditer(rest):
        word = match.group(0)
        allowed = (word in names or word.casefold() in words
                   or (word.isupper() and len(word) <= 6) or (len(word) == 1 and word.isupper()))
        gap = rest[position:match.start()]
        if run and (allowed or "\n" in gap or any(c in gap for c in ".;:!?()[]{}|")):
            found.append(" ".join(run))
            run = []
        if not allowed:
            run.append(word)
        position = match.end()
    if run:
        found.append(" ".join(run))
    return found


def csv_text(data: bytes) -> str:
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    return "\n".join(" | ".join(cell for cell in row) for row in rows)


def xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    lines = []
    for sheet in book.worksheets:
        lines.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            lines.append(" | ".join("" if v is None else str(v) for v in row))
    book.close()
    return "\n".join(lines)
