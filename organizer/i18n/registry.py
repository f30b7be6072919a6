"""The one registry of places and languages: countries and languages, with their names in every
interface language, and the one order in which lists of them are shown.

**Countries** are ISO 3166-1 alpha-2 codes as Babel (CLDR) knows them, plus two codes of our own:
``INT`` (an international organization) and ``ZZ`` (country not known; CLDR's "unknown region"),
which forms and the directory can show and filter like any other.

**Languages** are the ones people register, speak, sign and are interpreted into. Each has the code
stored in the database (``Language.code``; existing rows keep their codes), the ISO 639-3 code
(``Language.iso``: the same where the stored code is ISO, e.g. ``ase`` for ASL, stored as ``asl``),
its name in English, Spanish and French (vetted here; in any other interface language, the name
its catalog gives the English one (the English names are extracted), else Babel's, else English), whether it is signed, and whether interpretation
into it is usually simultaneous (on a channel, or on stage for a signed language) rather than
consecutive. Adding a language is adding one line to ``LANGUAGES``.

**One order rule** for every list: by name in the reader's language, compared with the one
collation helper (``i18n/collation.py``: the Unicode collation, tailored where a language differs:
Spanish sorts ñ after n), so "Égypte" sits with the E's in French and "Ñ" after "N" in Spanish. Lists of countries
put the three countries of the trinational movement first (then International), each part in that
same order.

Templates: ``country_name(code)`` and ``language_label(code)`` (globals and filters), and
``language_name(code)`` for a language's name in itself (the language switcher).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from babel import Locale
from babel.core import UnknownLocaleError

from .collation import collation_key, sort_by_name

INTERNATIONAL = "INT"
UNKNOWN_COUNTRY = "ZZ"
#: Countries offered first in every list of countries (the trinational movement).
FEATURED_COUNTRIES = ("CA", "MX", "US")



def N_(english: str) -> str:
    """Marks a vetted English name for the catalog (extraction only): an interface language the
    registry does not vet gets its translators' name for it (see ``_catalog_name``)."""
    return english


_SPECIAL_COUNTRIES = {
    INTERNATIONAL: {"en": N_("International"), "es": "Internacional", "fr": "International"},
    UNKNOWN_COUNTRY: {"en": N_("Country not known"), "es": "País no conocido", "fr": "Pays inconnu"},
}
# CLDR territories that are not countries people belong to.
_NOT_COUNTRIES = frozenset(("ZZ", "QO", "EU", "UN", "EZ", "XA", "XB", "XK", "CQ"))  # CQ: Sark, not ISO 3166-1


# ---------------------------------------------------------------------------------------- countries

def country_name(code: str | None, lang: str | None = None) -> str:
    """A country's name in the reader's language ("Mexico" / "México"); "" for no code; the code
    itself for a code nobody knows (old data is shown, never hidden)."""
    if not code:
        return ""
    return _territories(_base(lang or _reader())).get(code, code)


def is_country(code: str | None) -> bool:
    return bool(code) and code in _country_codes()


def country_choices(lang: str | None = None, *, international: bool = True,
                    unknown: bool = False) -> list[tuple[str, str]]:
    """(code, name) for a select: the featured countries, International, then every country, each
    part by name; "Country not known" last when asked for."""
    lang = _base(lang or _reader())
    return list(_country_choices(lang, international, unknown))


def country_keywords(code: str | None) -> str:
    """The country's names in every interface language (for search: "mexico méxico mexique")."""
    if not code:
        return ""
    return " ".join(dict.fromkeys(country_name(code, lang) for lang in _interface_languages()))


@lru_cache(maxsize=32)
def _territories(lang: str) -> dict[str, str]:
    names = dict(Locale("en").territories)
    try:
        names.update(Locale.parse(lang).territories)
    except (UnknownLocaleError, ValueError):
        pass
    for code, special in _SPECIAL_COUNTRIES.items():
        names[code] = special.get(lang) or _catalog_name(special["en"], lang) or special["en"]
    return names


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    codes = {c for c in Locale("en").territories if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES}
    return frozenset(codes | set(_SPECIAL_COUNTRIES))


@lru_cache(maxsize=32)
def _country_choices(lang: str, international: bool, unknown: bool) -> tuple:
    names = _territories(lang)
    key = lambda code: collation_key(names[code], lang)  # noqa: E731
    featured = sorted(FEATURED_COUNTRIES, key=key)
    rest = sorted((c for c in _country_codes() if c not in FEATURED_COUNTRIES and c not in _SPECIAL_COUNTRIES), key=key)
    codes = featured + ([INTERNATIONAL] if international else []) + rest + ([UNKNOWN_COUNTRY] if unknown else [])
    return tuple((code, names[code]) for code in codes)


# ---------------------------------------------------------------------------------------- languages

@dataclass(frozen=True)
class Language:
    code: str                 # as stored
    iso: str                  # ISO 639-1 where it exists, else ISO 639-3 (or the BCP 47 tag)
    names: dict = field(hash=False, compare=False)  # {"en": ..., "es": ..., "fr": ...}
    signed: bool = False
    simultaneous: bool = True  # interpretation into it is usually simultaneous
    indigenous: bool = False

    def name(self, lang: str | None = None) -> str:
        return language_label(self.code, lang)


def _entry(code, iso, en, es, fr, **flags) -> Language:
    return Language(code, iso, {"en": en, "es": es, "fr": fr}, **flags)


#: Every language, in no particular order (lists sort by name in the reader's language).
#: Interpreters of the Indigenous languages of Mexico usually work consecutively (or by relay).
LANGUAGES: tuple[Language, ...] = (
    _entry("en", "en", N_("English"), "inglés", "anglais"),
    _entry("es", "es", N_("Spanish"), "español", "espagnol"),
    _entry("fr", "fr", N_("French"), "francés", "français"),
    _entry("fr-CA", "fr-CA", N_("Quebec French"), "francés de Quebec", "français québécois"),
    _entry("pt", "pt", N_("Portuguese"), "portugués", "portugais"),
    _entry("ht", "ht", N_("Haitian Creole"), "criollo haitiano", "créole haïtien"),
    _entry("zh", "zh", N_("Chinese"), "chino", "chinois"),
    _entry("vi", "vi", N_("Vietnamese"), "vietnamita", "vietnamien"),
    _entry("ko", "ko", N_("Korean"), "coreano", "coréen"),
    _entry("tl", "tl", N_("Tagalog"), "tagalo", "tagalog"),
    _entry("ar", "ar", N_("Arabic"), "árabe", "arabe"),
    # Sign languages: stored with the acronym their communities use; ISO 639-3 alongside.
    _entry("lsm", "mfs", N_("Mexican Sign Language (LSM)"), "Lengua de Señas Mexicana (LSM)",
       "langue des signes mexicaine (LSM)", signed=True),
    _entry("asl", "ase", N_("American Sign Language (ASL)"), "Lengua de Señas Americana (ASL)",
       "langue des signes américaine (ASL)", signed=True),
    _entry("lsq", "fcs", N_("Quebec Sign Language (LSQ)"), "Lengua de Señas de Quebec (LSQ)",
       "langue des signes québécoise (LSQ)", signed=True),
    # Indigenous languages of Mexico. Where ISO 639-3 only codes the varieties, the code is the
    # collective ISO 639-2/5 one (nah, oto) or that of the most spoken variety (mau, trc).
    _entry("nah", "nah", N_("Nahuatl"), "náhuatl", "nahuatl", simultaneous=False, indigenous=True),
    _entry("mix", "mix", N_("Mixtec"), "mixteco", "mixtèque", simultaneous=False, indigenous=True),
    _entry("zap", "zap", N_("Zapotec"), "zapoteco", "zapotèque", simultaneous=False, indigenous=True),
    _entry("yua", "yua", N_("Yucatec Maya"), "maya yucateco", "maya yucatèque", simultaneous=False, indigenous=True),
    _entry("tsz", "tsz", N_("Purépecha"), "purépecha", "purépecha", simultaneous=False, indigenous=True),
    _entry("oto", "oto", N_("Otomí"), "otomí", "otomi", simultaneous=False, indigenous=True),
    _entry("mau", "mau", N_("Mazatec"), "mazateco", "mazatèque", simultaneous=False, indigenous=True),
    _entry("trc", "trc", N_("Triqui"), "triqui", "triqui", simultaneous=False, indigenous=True),
    _entry("tzh", "tzh", N_("Tzeltal"), "tseltal", "tzeltal", simultaneous=False, indigenous=True),
    _entry("tzo", "tzo", N_("Tzotzil"), "tsotsil", "tzotzil", simultaneous=False, indigenous=True),
    # Indigenous languages of Canada and the United States.
    _entry("iu", "iu", N_("Inuktitut"), "inuktitut", "inuktitut", simultaneous=False, indigenous=True),
    _entry("cr", "cr", N_("Cree"), "cree", "cri", simultaneous=False, indigenous=True),
    _entry("nv", "nv", N_("Navajo"), "navajo", "navajo", simultaneous=False, indigenous=True),
)
_BY_CODE = {language.code: language for language in LANGUAGES}
_BY_ISO = {language.iso: language for language in LANGUAGES}


def language(code: str | None) -> Language | None:
    """The language stored as ``code`` (or known by its ISO code: "ase" is ASL); None if unknown."""
    if not code:
        return None
    return _BY_CODE.get(code) or _BY_ISO.get(code)


def is_language(code: str | None) -> bool:
    return language(code) is not None


def language_codes() -> tuple[str, ...]:
    return tuple(_BY_CODE)


def language_label(code: str | None, lang: str | None = None, *, sentence: bool = False) -> str:
    """A language's name in the reader's language. As a label (lists, headings, choices) it starts
    with a capital ("Inglés", "Mexican Sign Language (LSM)"); with ``sentence=True`` it is written
    as inside a sentence ("Se habla en inglés"). Unknown codes: Babel's name, else the code."""
    if not code:
        return ""
    name = _language_label(code, _base(lang or _reader()))
    return name if sentence else name[:1].upper() + name[1:]


def language_choices(codes=None, lang: str | None = None) -> list[tuple[str, str]]:
    """(code, name) for every language in the one order; or for ``codes`` in their own order (a
    convening's languages, listed as its organizers ranked them)."""
    lang = _base(lang or _reader())
    if codes is not None:
        return [(c, language_label(c, lang)) for c in dict.fromkeys(codes) if c]
    return sort_by_name([(c, language_label(c, lang)) for c in language_codes()], lambda pair: pair[1], lang)


def content_language_choices(lang: str | None = None) -> list[tuple[str, str]]:
    """(code, name) for the configured content languages (``LANGUAGES``: those a convening may work
    in), in the one order: by name in the reader's language."""
    lang = _base(lang or _reader())
    return sort_by_name([(c, language_label(c, lang)) for c in _configured_languages()], lambda pair: pair[1], lang)


def _configured_languages() -> list[str]:
    try:
        from flask import current_app

        return list(current_app.config["LANGUAGES"])
    except RuntimeError:
        return ["en", "es", "fr"]


def language_name(code: str) -> str:
    """A language's name in itself ("English", "Español", "Français"): how people find their own
    language in a switcher."""
    entry = language(code)
    base = _base(code)
    if entry is not None and base in entry.names:
        name = entry.names[base]
    else:
        name = _babel_name(code, code) or (entry.names["en"] if entry else code)
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=2048)
def _language_label(code: str, lang: str) -> str:
    entry = language(code)
    name = None
    if entry is not None:
        name = (entry.names.get(lang) or _catalog_name(entry.names["en"], lang) or _babel_name(entry.iso, lang)
                or entry.names["en"])
    else:
        name = _babel_name(code, lang) or _babel_name(code, "en") or code
    return name


def _catalog_name(english: str, lang: str) -> str | None:
    """The catalog's name for a vetted English name in ``lang`` (an interface language whose names
    the registry does not vet), or None when its catalog does not translate it."""
    try:
        from flask_babel import force_locale, gettext

        with force_locale(lang):
            text = gettext(english)
    except (RuntimeError, UnknownLocaleError, ValueError, KeyError):  # outside an app, or no such locale
        return None
    return text if text and text != english else None


def _babel_name(code: str, lang: str) -> str | None:
    try:
        return Locale.parse(lang).get_display_name(Locale.parse(code.replace("-", "_"))) if "-" in code or "_" in code \
            else Locale.parse(lang).languages.get(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return None


# ---------------------------------------------------------------------------------------- context

def _base(lang: str) -> str:
    return (lang or "en").replace("_", "-").split("-")[0].lower()


def _reader() -> str:
    try:
        from .locale import current_language

        return current_language()
    except RuntimeError:  # outside a request or app context
        return "en"


def _interface_languages() -> list[str]:
    try:
        from flask import current_app

        return list(dict.fromkeys([*current_app.config["LANGUAGES"], "en", "es"]))
    except RuntimeError:
        return ["en", "es"]


def init_app(app) -> None:
    """The template names for the registry: one per concept."""
    for name, function in (("country_name", country_name), ("language_label", language_label),
                           ("language_name", language_name)):
        app.jinja_env.globals[name] = function
        app.jinja_env.filters[name] = function


# ---------------------------------------------------------------------------------------- lookups

def country_by_name(text: str | None) -> str | None:
    """The code of a country written by name in any interface language, or as its code, accents
    and case ignored ("mexico", "México", "MX"): for spreadsheets people fill in by hand."""
    from .text import fold

    return _country_lookup(tuple(_interface_languages())).get(fold(text)) if text else None


def language_by_name(text: str | None) -> str | None:
    """The stored code of a language written by name in any interface language, or by its code or
    ISO code ("Náhuatl", "nahuatl", "nah", "ASL", "ase")."""
    from .text import fold

    return _language_lookup(tuple(_interface_languages())).get(fold(text)) if text else None


@lru_cache(maxsize=8)
def _country_lookup(langs: tuple[str, ...]) -> dict[str, str]:
    from .text import fold

    names = {}
    for lang in langs:
        for code in _country_codes():
            names.setdefault(fold(country_name(code, lang)), code)
    names.update({fold(code): code for code in _country_codes()})
    return names


@lru_cache(maxsize=8)
def _language_lookup(langs: tuple[str, ...]) -> dict[str, str]:
    from .text import fold

    names = {}
    for entry in LANGUAGES:
        keys = [*entry.names.values(), *(language_label(entry.code, lang) for lang in langs), entry.code, entry.iso]
        if "(" in entry.names["en"]:  # "Mexican Sign Language (LSM)": the acronym alone too
            keys.append(entry.names["en"].rsplit("(", 1)[1].rstrip(")"))
        for key in keys:
            names.setdefault(fold(key), entry.code)
    return names
