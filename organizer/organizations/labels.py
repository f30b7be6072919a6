"""Translated labels for the organizations domain (one place), and the bilingual search keywords
that let "maestros" and "teachers" both find a teachers' union."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

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
