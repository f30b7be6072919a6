"""Translated labels for the organizations domain (one place), and the bilingual search keywords
that let "maestros" and "teachers" both find a teachers' union."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from ..i18n.locale import current_language
from ..i18n.memo import request_memo
from ..i18n.registry import language_label
from .models import ORGANIZATION_KINDS, SECTORS

KIND_LABELS = {
    "union": _l("Union"),
    "federation": _l("Federation"),
    "labor_council": _l("Labor council"),
    "worker_center": _l("Worker center"),
    "ngo": _l("Non-governmental organization"),
    "university": _l("University or research center"),
    "foundation": _l("Foundation"),
    "government": _l("Government agency"),
    "network": _l("Network or alliance"),
    "political_party": _l("Political party"),
    "company": _l("Company"),
    "media": _l("Media"),
    "other": _l("Other"),
}

SECTOR_LABELS = {
    "education": _l("Education"),
    "energy": _l("Energy"),
    "telecommunications": _l("Telecommunications"),
    "auto": _l("Auto industry"),
    "mining": _l("Mining"),
    "public_sector": _l("Public sector"),
    "domestic_homecare": _l("Domestic work and homecare"),
    "gig_platform": _l("Gig and platform work"),
    "building_trades": _l("Building trades"),
    "hospitality": _l("Hospitality"),
    "retail": _l("Retail"),
    "health": _l("Health"),
    "agriculture": _l("Agriculture"),
    "manufacturing": _l("Manufacturing"),
    "transport": _l("Transport"),
    "garment": _l("Garment"),
    "film_entertainment": _l("Film and entertainment"),
    "electrical": _l("Electrical work"),
    "steel": _l("Steel"),
    "general": _l("General (several sectors)"),
}

assert set(KIND_LABELS) == set(ORGANIZATION_KINDS)
assert set(SECTOR_LABELS) == set(SECTORS)

# Search keywords, in both languages, whatever the reader's language: they are folded into
# ``search_text`` so a search in either language finds the organization.
KIND_KEYWORDS = {
    "union": "union unions labor union trade union sindicato sindicatos gremio",
    "federation": "federation confederation federacion confederacion central",
    "labor_council": "labor council labour council central labor council consejo laboral consejo sindical",
    "worker_center": "worker center workers center centro de trabajadores centro obrero",
    "ngo": "ngo nonprofit non-governmental organization ong organizacion no gubernamental asociacion civil",
    "university": "university research center academic universidad centro de investigacion academico",
    "foundation": "foundation fundacion",
    "government": "government agency ministry gobierno dependencia secretaria",
    "network": "network alliance coalition red alianza coalicion",
    "political_party": "political party partido politico",
    "company": "company employer empresa",
    "media": "media press newspaper medios prensa periodico",
    "other": "",
}

# The sector as a topic (any organization working on it) ...
SECTOR_KEYWORDS = {
    "education": "education educacion public education educacion publica school escuela",
    "energy": "energy energia electricity electricidad oil petroleo",
    "telecommunications": "telecommunications telecom telecomunicaciones telephone telefonia communications comunicaciones",
    "auto": "auto automotive automotriz cars autos automoviles",
    "mining": "mining mineria mines minas",
    "public_sector": "public sector sector publico public services servicios publicos",
    "domestic_homecare": "domestic work homecare home care trabajo del hogar cuidados",
    "gig_platform": "gig platform platforms plataformas digitales apps aplicaciones",
    "building_trades": "building trades construction construccion",
    "hospitality": "hospitality hoteleria hotels hoteles restaurants restaurantes",
    "retail": "retail comercio stores tiendas",
    "health": "health salud healthcare hospitals hospitales",
    "agriculture": "agriculture agricultura farm campo",
    "manufacturing": "manufacturing manufactura maquiladora maquila factories fabricas",
    "transport": "transport transportation transporte ports puertos",
    "garment": "garment textile textil apparel confeccion",
    "film_entertainment": "film entertainment cine entretenimiento",
    "electrical": "electrical electrico electricidad",
    "steel": "steel acero",
    "general": "",
}

# ... and its workers, for the organizations of workers ("teachers" finds teachers' unions, not
# a foundation that funds schools).
SECTOR_WORKER_KEYWORDS = {
    "education": "teachers teacher educators education workers maestros maestras maestro docentes magisterio profesores trabajadores de la educacion",
    "energy": "energy workers utility workers electrical workers oil workers trabajadores de la energia electricistas petroleros",
    "telecommunications": "telephone workers communications workers telefonistas trabajadores de las telecomunicaciones",
    "auto": "autoworkers auto workers trabajadores automotrices",
    "mining": "miners mineworkers mineros metalurgicos",
    "public_sector": "public employees government workers servidores publicos burocratas trabajadores del estado",
    "domestic_homecare": "domestic workers household workers caregivers homecare workers trabajadoras del hogar trabajadoras domesticas cuidadoras",
    "gig_platform": "gig workers app drivers delivery workers rideshare drivers repartidores conductores de plataformas",
    "building_trades": "construction workers carpenters electricians trabajadores de la construccion albaniles carpinteros",
    "hospitality": "hotel workers restaurant workers food service workers trabajadores de hoteles meseros",
    "retail": "retail workers store workers trabajadores del comercio",
    "health": "nurses health workers healthcare workers enfermeras enfermeros trabajadores de la salud",
    "agriculture": "farmworkers farm workers agricultural workers jornaleros jornaleras campesinos trabajadores agricolas",
    "manufacturing": "factory workers maquiladora workers obreros trabajadores de la maquila",
    "transport": "transport workers drivers dockworkers longshore choferes transportistas estibadores",
    "garment": "garment workers textile workers costureras trabajadores textiles",
    "film_entertainment": "actors performers actores",
    "electrical": "electrical workers electricians electricistas",
    "steel": "steelworkers steel workers trabajadores del acero siderurgicos",
    "general": "",
}

#: Kinds of organizations of workers, whose sectors also name their members.
WORKER_KINDS = ("union", "federation", "labor_council", "worker_center", "network")


assert set(SECTOR_KEYWORDS) == set(SECTORS) == set(SECTOR_WORKER_KEYWORDS)


# ---------------------------------------------------------------- an organization's name

_TRAILING_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)\s*$")


def _text(value, lang: str | None) -> str:
    from ..i18n.translated import TranslatedText

    if not value:
        return ""
    if isinstance(value, str):
        return value.strip()
    return TranslatedText.coerce(value).resolve(lang or current_language()).text.strip()


def _mentions(name: str, acronym: str) -> bool:
    return bool(re.search(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", name))


def organization_name(org=None, *, name=None, acronym=None, lang: str | None = None, short: bool = False) -> str:
    """THE way an organization is named, everywhere (pages, exports, PDFs, emails), in ``lang``
    (default: the reader's):

    - full: "Communications Workers of America (CWA)"; the acronym is added only when the name does
      not already carry it ("AFL-CIO (Federación…)" stays as it is, never "… (AFL-CIO)");
    - ``short=True``, for a mention inside a sentence or after a person: the acronym, else the name
      without its trailing parenthesis, so that "(Centro Laboral de UCLA (UCLA Labor Center))"
      cannot happen.

    Pass an Organization (or anything with ``name`` and ``acronym``), or ``name=``/``acronym=``."""
    if org is not None:
        name = getattr(org, "name", name)
        acronym = getattr(org, "acronym", acronym)
    lang = lang or current_language()
    try:
        key = (_hashable(name), _hashable(acronym), lang, short)
    except TypeError:  # not a text or a mapping of texts: nothing to remember it by
        return _organization_name(name, acronym, lang, short)
    memo = request_memo("organization_name")
    if key not in memo:
        memo[key] = _organization_name(name, acronym, lang, short)
    return memo[key]


def _hashable(value):
    if value is None or isinstance(value, str):
        return value
    return frozenset(value.items())


def _organization_name(name, acronym, lang: str, short: bool) -> str:
    name_text, acronym_text = _text(name, lang), _text(acronym, lang)
    if short:
        if acronym_text:
            return acronym_text
        bare = _TRAILING_PARENTHESIS.sub("", name_text)
        return bare or name_text
    if not acronym_text or acronym_text.casefold() == name_text.casefold() or _mentions(name_text, acronym_text):
        return name_text or acronym_text
    return f"{name_text} ({acronym_text})"


def other_names(name, lang: str | None = None) -> list[tuple[str, str, str]]:
    """The organization's name in the other languages, each worth saying: [(code, language in the
    reader's words, text)], leaving out a name the reader's one already contains."""
    from ..i18n.translated import TranslatedText

    if not name:
        return []
    lang = lang or current_language()
    value = TranslatedText.coerce(name)
    shown = value.resolve(lang).text
    out = []
    for code, text in value.items():
        if code == lang or not text or text.casefold() in shown.casefold():
            continue
        out.append((code, language_label(code, lang, sentence=True), text))
    return out


def init_filters(app) -> None:
    app.jinja_env.globals["other_organization_names"] = other_names
    app.jinja_env.globals["organization_name"] = organization_name
    app.jinja_env.filters["org_name"] = organization_name
    app.jinja_env.filters["org_short"] = lambda org, **kw: organization_name(org, short=True, **kw)
