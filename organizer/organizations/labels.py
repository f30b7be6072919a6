"""Translated labels for the organizations domain (one place), and the bilingual search keywords
that let "maestros" and "teachers" both find a teachers' union."""
from __future__ import annotations

from babel import Locale
from flask_babel import lazy_gettext as _l

from ..i18n.locale import current_language
from .models import INTERNATIONAL, ORGANIZATION_KINDS, SECTORS

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

SECTOR_KEYWORDS = {
    "education": "education teachers teacher school schools educators educacion maestros maestras maestro docentes magisterio escuela profesores",
    "energy": "energy power utility utilities oil gas energia electricidad petroleo petroleros",
    "telecommunications": "telecommunications telecom telephone communications telecomunicaciones telefonistas telefonia comunicaciones",
    "auto": "auto automotive autoworkers car cars automotriz automotores autos automoviles",
    "mining": "mining miners mine mineria mineros minas metalurgicos",
    "public_sector": "public sector public employees government workers sector publico servidores publicos burocratas trabajadores del estado",
    "domestic_homecare": "domestic workers homecare home care caregivers household trabajo del hogar trabajadoras del hogar cuidados cuidadoras",
    "gig_platform": "gig platform app drivers delivery rideshare plataformas digitales repartidores conductores aplicaciones",
    "building_trades": "building trades construction carpenters construccion albaniles carpinteros",
    "hospitality": "hospitality hotel hotels restaurant food service hoteleria hoteles restaurantes",
    "retail": "retail stores commerce comercio tiendas",
    "health": "health nurses hospital healthcare salud enfermeras enfermeria hospitales",
    "agriculture": "agriculture farmworkers farm workers agricultural jornaleros campesinos agricultura agricolas",
    "manufacturing": "manufacturing factory maquiladora maquila industria manufactura fabrica",
    "transport": "transport transportation drivers port dockworkers transporte choferes puertos estibadores",
    "garment": "garment textile apparel costura textil confeccion",
    "film_entertainment": "film entertainment actors cine entretenimiento actores",
    "electrical": "electrical electricians electricity electricistas electricos electricidad",
    "steel": "steel steelworkers metal acero siderurgicos",
    "general": "",
}


def country_name(code: str | None, language: str | None = None) -> str:
    """A country's name in the reader's language ("Mexico" / "México"); "International" for INT."""
    if not code:
        return ""
    if code == INTERNATIONAL:
        return str(_l("International"))
    lang = language or current_language()
    try:
        return Locale.parse(lang).territories.get(code, code)
    except Exception:  # an unknown language code
        return code


def country_keywords(code: str | None) -> str:
    """The country's names in English and Spanish, for search."""
    if not code:
        return ""
    if code == INTERNATIONAL:
        return "international internacional"
    return " ".join(dict.fromkeys(Locale.parse(lang).territories.get(code, code) for lang in ("en", "es")))


# Countries offered first in forms: the three of the trinational movement, then international.
MAIN_COUNTRIES = ("US", "MX", "CA", INTERNATIONAL)


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    lang = language or current_language()
    territories = Locale.parse(lang).territories
    main = [(code, country_name(code, lang)) for code in MAIN_COUNTRIES]
    others = sorted(
        ((code, name) for code, name in territories.items()
         if len(code) == 2 and code.isalpha() and code not in MAIN_COUNTRIES and code not in ("ZZ", "QO", "EU", "UN", "EZ", "XA", "XB", "XK")),
        key=lambda item: _sort_key(item[1]))
    return main + others


def _sort_key(text: str) -> str:
    from ..i18n.text import fold

    return fold(text)
