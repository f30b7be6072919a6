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

# Search keywords, in the three languages (French folded like the others), whatever the reader's language: they are folded into
# ``search_text`` so a search in either language finds the organization.
KIND_KEYWORDS = {
    "union": "union unions labor union trade union sindicato sindicatos gremio syndicat syndicats syndicat local section locale",
    "federation": "federation confederation federacion confederacion central federation confederation centrale syndicale",
    "labor_council": "labor council labour council central labor council consejo laboral consejo sindical conseil du travail conseil regional conseil central",
    "worker_center": "worker center workers center centro de trabajadores centro obrero centre de travailleurs centre des travailleuses et travailleurs",
    "ngo": "ngo nonprofit non-governmental organization ong organizacion no gubernamental asociacion civil organisme communautaire organisme sans but lucratif organisation non gouvernementale",
    "university": "university research center academic universidad centro de investigacion academico universite centre de recherche universitaire",
    "foundation": "foundation fundacion fondation",
    "government": "government agency ministry gobierno dependencia secretaria gouvernement organisme public ministere",
    "network": "network alliance coalition red alianza coalicion reseau alliance coalition",
    "political_party": "political party partido politico parti politique",
    "company": "company employer empresa entreprise employeur compagnie",
    "media": "media press newspaper medios prensa periodico medias presse journal",
    "other": "",
}

# The sector as a topic (any organization working on it) ...
SECTOR_KEYWORDS = {
    "education": "education educacion public education educacion publica school escuela education publique ecole",
    "energy": "energy energia electricity electricidad oil petroleo energie electricite petrole",
    "telecommunications": "telecommunications telecom telecomunicaciones telephone telefonia communications comunicaciones telecommunications telephonie communications",
    "auto": "auto automotive automotriz cars autos automoviles automobile automobiles",
    "mining": "mining mineria mines minas mines secteur minier",
    "public_sector": "public sector sector publico public services servicios publicos secteur public services publics fonction publique",
    "domestic_homecare": "domestic work homecare home care trabajo del hogar cuidados travail domestique soins a domicile",
    "gig_platform": "gig platform platforms plataformas digitales apps aplicaciones plateformes numeriques applications",
    "building_trades": "building trades construction construccion construction",
    "hospitality": "hospitality hoteleria hotels hoteles restaurants restaurantes hotellerie restauration hotels restaurants",
    "retail": "retail comercio stores tiendas commerce de detail magasins",
    "health": "health salud healthcare hospitals hospitales sante soins de sante hopitaux",
    "agriculture": "agriculture agricultura farm campo agriculture ferme",
    "manufacturing": "manufacturing manufactura maquiladora maquila factories fabricas fabrication manufacturier usines maquiladora",
    "transport": "transport transportation transporte ports puertos transport ports",
    "garment": "garment textile textil apparel confeccion vetement textile confection",
    "film_entertainment": "film entertainment cine entretenimiento cinema divertissement",
    "electrical": "electrical electrico electricidad electricite electrique",
    "steel": "steel acero acier siderurgie",
    "general": "",
}

# ... and its workers, for the organizations of workers ("teachers" finds teachers' unions, not
# a foundation that funds schools).
SECTOR_WORKER_KEYWORDS = {
    "education": "teachers teacher educators education workers maestros maestras maestro docentes magisterio profesores trabajadores de la educacion enseignants enseignantes personnel enseignant travailleurs de l'education",
    "energy": "energy workers utility workers electrical workers oil workers trabajadores de la energia electricistas petroleros travailleurs de l'energie electriciens",
    "telecommunications": "telephone workers communications workers telefonistas trabajadores de las telecomunicaciones travailleurs du telephone travailleurs des telecommunications",
    "auto": "autoworkers auto workers trabajadores automotrices travailleurs de l'automobile",
    "mining": "miners mineworkers mineros metalurgicos mineurs metallurgistes",
    "public_sector": "public employees government workers servidores publicos burocratas trabajadores del estado employes du secteur public fonctionnaires",
    "domestic_homecare": "domestic workers household workers caregivers homecare workers trabajadoras del hogar trabajadoras domesticas cuidadoras travailleuses domestiques preposees aux soins a domicile",
    "gig_platform": "gig workers app drivers delivery workers rideshare drivers repartidores conductores de plataformas travailleurs de plateformes livreurs chauffeurs",
    "building_trades": "construction workers carpenters electricians trabajadores de la construccion albaniles carpinteros travailleurs de la construction menuisiers electriciens",
    "hospitality": "hotel workers restaurant workers food service workers trabajadores de hoteles meseros travailleurs de l'hotellerie serveurs",
    "retail": "retail workers store workers trabajadores del comercio travailleurs du commerce",
    "health": "nurses health workers healthcare workers enfermeras enfermeros trabajadores de la salud infirmieres infirmiers travailleurs de la sante",
    "agriculture": "farmworkers farm workers agricultural workers jornaleros jornaleras campesinos trabajadores agricolas travailleurs agricoles ouvriers agricoles",
    "manufacturing": "factory workers maquiladora workers obreros trabajadores de la maquila ouvriers travailleurs d'usine",
    "transport": "transport workers drivers dockworkers longshore choferes transportistas estibadores travailleurs du transport chauffeurs debardeurs camionneurs",
    "garment": "garment workers textile workers costureras trabajadores textiles travailleuses du vetement couturieres",
    "film_entertainment": "actors performers actores comediens artistes",
    "electrical": "electrical workers electricians electricistas electriciens",
    "steel": "steelworkers steel workers trabajadores del acero siderurgicos metallos travailleurs de l'acier",
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
