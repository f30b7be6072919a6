"""How the site search reads text: words, their stems per language, the field's synonyms, a query
made of groups of alternatives, and a highlighted snippet.

The same analysis serves both databases: SQLite's FTS5 index stores the tokens made here (FTS5 has
no Spanish or French stemmer), PostgreSQL builds its own with per-language configurations
(``unaccent`` then the Snowball stemmer of each language, the same algorithm as here); the query's
groups are handed to each backend, which writes them in its own syntax from sanitized words only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from markupsafe import Markup, escape

from ..i18n.text import fold

#: The languages with a stemmer (the content languages); text in another language is folded only.
STEMMED = {"en": "english", "es": "spanish", "fr": "french"}
WORD = re.compile(r"[^\W_]+")
MAX_QUERY_CHARS = 200
MAX_GROUPS = 8
#: Words that say nothing on their own: dropped from a query that has other words.
STOPWORDS = frozenset(
    "a an and at by de del des du el en et for in la las le les los of on or para por the to un una y".split())


@lru_cache(maxsize=8)
def _stemmer(language: str):
    return snowballstemmer.stemmer(STEMMED[language])


@lru_cache(maxsize=65536)
def stem(word: str, language: str | None) -> str:
    """The folded stem of a lowercase word in ``language`` (the folded word for other languages)."""
    if language in STEMMED:
        return fold(_stemmer(language).stemWord(word))
    return fold(word)


def words(text: str | None) -> list[str]:
    return WORD.findall((text or "").lower())


def tokens(text: str | None, language: str | None) -> str:
    """The index tokens of a text in ``language``: one folded stem per word, in order."""
    return " ".join(stem(w, language) for w in words(text))


@lru_cache(maxsize=65536)
def forms(word: str) -> frozenset[str]:
    """Every token a query word may match: folded, and stemmed in each language."""
    return frozenset([fold(word), *(stem(word, lang) for lang in STEMMED)]) - {""}


# ---------------------------------------------------------------------------------------------- synonyms

@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """The groups of ``synonyms.yaml``, each spelling as its tuple of folded words."""
    import yaml

    data = yaml.safe_load((Path(__file__).with_name("synonyms.yaml")).read_text(encoding="utf-8"))
    groups = []
    for group in data["groups"]:
        spellings = tuple(dict.fromkeys(tuple(fold(w) for w in words(str(s))) for s in group))
        groups.append(tuple(s for s in spellings if s))
    return tuple(groups)


@lru_cache(maxsize=1)
def _synonym_lookup() -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """First word -> (spelling, group index), longest spellings first."""
    lookup: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for index, group in enumerate(synonym_groups()):
        for spelling in group:
            lookup.setdefault(spelling[0], []).append((spelling, index))
    for entries in lookup.values():
        entries.sort(key=lambda e: -len(e[0]))
    return lookup


# ---------------------------------------------------------------------------------------------- queries

@dataclass(frozen=True)
class Group:
    """One thing the query asks for: any of ``alternatives`` (each a tuple of folded words)."""

    alternatives: tuple[tuple[str, ...], ...]

    def word_forms(self) -> frozenset[str]:
        return frozenset(f for alt in self.alternatives for w in alt for f in forms(w))


@dataclass
class Query:
    text: str  # what was asked, cleaned (shown back)
    folded: str  # the whole query folded: an exact name or acronym matches it
    groups: list[Group] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.groups)

    def forms(self) -> frozenset[str]:
        """The tokens to highlight (stopwords only when they are all the query has)."""
        every = frozenset(f for g in self.groups for f in g.word_forms())
        return (every - STOPWORDS) or every


def parse(raw: str | None) -> Query:
    """Words of the query (at most 200 characters, 8 groups), synonyms' spellings as alternatives;
    anything else (quotes, operators, NUL, punctuation) is dropped, so no backend ever sees syntax."""
    text = (raw or "").replace("\x00", "")[:MAX_QUERY_CHARS].strip()
    query_words = [fold(w) for w in words(text)]
    query_words = [w for w in query_words if w]
    groups: list[Group] = []
    i = 0
    lookup = _synonym_lookup()
    while i < len(query_words):
        for spelling, index in lookup.get(query_words[i], ()):
            if tuple(query_words[i:i + len(spelling)]) == spelling:
                groups.append(Group(synonym_groups()[index]))
                i += len(spelling)
                break
        else:
            groups.append(Group(((query_words[i],),)))
            i += 1
    meaningful = [g for g in groups if not (len(g.alternatives) == 1 and len(g.alternatives[0]) == 1
                                            and g.alternatives[0][0] in STOPWORDS)]
    groups = (meaningful or groups)[:MAX_GROUPS]
    return Query(text=text, folded=" ".join(query_words), groups=groups)


def phrases(alternative: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The token sequences an alternative may be indexed as: folded, and stemmed in each language."""
    out = [alternative, *(tuple(stem(w, lang) for w in alternative) for lang in STEMMED)]
    return [p for p in dict.fromkeys(out) if all(p)]


# ---------------------------------------------------------------------------------------------- matching

def text_forms(text: str | None) -> set[str]:
    """The folded words of a text and their stems in each language."""
    return {f for w in words(text) for f in forms(w)}


def group_in(group: Group, found: set[str]) -> bool:
    """Whether some alternative of ``group`` has every word among ``found`` (order not checked)."""
    return any(all(forms(w) & found for w in alt) for alt in group.alternatives)


def all_in(query: Query, texts) -> bool:
    found: set[str] = set()
    for text in texts:
        found |= text_forms(text)
    return all(group_in(g, found) for g in query.groups)


SNIPPET_CHARS = 220


def snippet(query: Query, texts, wanted: frozenset[str] | None = None) -> tuple[Markup, str] | None:
    """A passage of the first text (``texts``: (language, text) pairs) where a word of the query
    appears, the matching words in ``<mark>``, the text itself escaped; with the passage's language
    (the page marks it: it may differ from the reader's). None when no text has a match."""
    wanted = query.forms() if wanted is None else wanted
    for language, text in texts:
        if not text:
            continue
        hits = [m for m in WORD.finditer(text) if forms(m.group().lower()) & wanted]
        if not hits:
            continue
        start = max(0, hits[0].start() - SNIPPET_CHARS // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < hits[0].start() else start
        end = min(len(text), start + SNIPPET_CHARS)
        if end < len(text):
            space = text.rfind(" ", hits[0].end(), end)
            end = space if space > 0 else end
        parts = [Markup("…") if start else Markup("")]
        position = start
        for hit in hits:
            if hit.start() < start or hit.end() > end:
                continue
            parts.append(escape(text[position:hit.start()]))
            parts.append(Markup("<mark>%s</mark>") % text[hit.start():hit.end()])
            position = hit.end()
        parts.append(escape(text[position:end]))
        if end < len(text):
            parts.append(Markup("…"))
        return Markup("").join(parts), language
    return None
