"""Finnish (and English) text to index terms: lower-case words, Snowball stems, stop words out.

Compounds are handled at query time by `expand` against the index vocabulary: a query stem
matches an indexed stem when one is a prefix of the other (matkailu ~ matkailual[an]) or they
differ only in the last two letters of a shared stem (yrittäjyys ~ yrittäjyyd[en]).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"[0-9a-zåäöéü]+(?:-[0-9a-zåäöéü]+)*")
MIN_PREFIX = 4
MIN_COMMON = 5

_STOP = """
    ja tai sekä on ovat oli ei se ne että kuin myös jo sen niiden joka jotka mikä mutta
    kanssa kautta eri kaikki koko uusi uuden tämä nämä hän he me te olla ollut mm esim
    kehittäminen kehittämisen kehittämiseen hanke hankkeen hankkeessa hankkeet toimivien the
    a an and or of in to for with by from at as is are be this that these into our their
"""
STOP_WORDS = frozenset(_STOP.split())

_fi = snowballstemmer.stemmer("finnish")
_en = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Finnish stem; plain ASCII words also get the English stem's shorter form."""
    fi = _fi.stemWord(word)
    if word.isascii():
        en = _en.stemWord(word)
        return en if len(en) < len(fi) else fi
    return fi


def words(text: str) -> list[str]:
    out: list[str] = []
    for match in WORD.findall(text.lower()):
        for part in match.split("-"):
            if len(part) > 1 and part not in STOP_WORDS:
                out.append(part)
    return out


def terms(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def highlight(text: str, stems: set[str]) -> list[tuple[str, bool]]:
    """`text` cut into pieces, each marked True where it is a word whose stem is in `stems`
    (a word of a hyphenated compound counts on its own): the words as the writer wrote them."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for match in WORD.finditer(text.lower()):
        start = match.start()
        for part in match.group().split("-"):
            end = start + len(part)
            if len(part) > 1 and part not in STOP_WORDS and stem(part) in stems:
                if start > at:
                    pieces.append((text[at:start], False))
                pieces.append((text[start:end], True))
                at = end
            start = end + 1
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def related(query: str, term: str) -> bool:
    """Does indexed `term` answer query stem `query` (same word, compound part or inflection)?"""
    if query == term:
        return True
    if min(len(query), len(term)) < MIN_PREFIX:
        return False
    if term.startswith(query) or query.startswith(term):
        return True
    common = 0
    for a, b in zip(query, term, strict=False):
        if a != b:
            break
        common += 1
    return common >= MIN_COMMON and common >= min(len(query), len(term)) - 2


def expand(query: str, vocabulary: list[str]) -> list[str]:
    """Indexed terms related to `query`; `vocabulary` is sorted."""
    if len(query) < MIN_PREFIX:
        return [query] if _contains(vocabulary, query) else []
    head = query[:MIN_PREFIX]
    out = []
    i = bisect_left(vocabulary, head)
    while i < len(vocabulary) and vocabulary[i].startswith(head):
        if related(query, vocabulary[i]):
            out.append(vocabulary[i])
        i += 1
    return out


def _contains(vocabulary: list[str], term: str) -> bool:
    i = bisect_left(vocabulary, term)
    return i < len(vocabulary) and vocabulary[i] == term
