"""A small in-process inverted index with BM25 scoring, independent of Django and the database.

Documents are keyed (kind, id); each has a text. Query terms are expanded against the
vocabulary (see `optiimi.core.text.expand`) so Finnish inflections and compounds match.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from optiimi.core import text as textmod

Key = tuple[str, int]
K1 = 1.2
B = 0.75
EXPANDED_WEIGHT = 0.85  # a compound's part (matkailu ~ matkailuyrittäjä), not an inflection


@dataclass
class Hit:
    key: Key
    score: float
    matched: dict[str, set[str]] = field(default_factory=dict)  # query word -> indexed terms


class Index:
    def __init__(self) -> None:
        self.postings: dict[str, dict[Key, int]] = defaultdict(dict)
        self.lengths: dict[Key, int] = {}
        self.doc_terms: dict[Key, Counter[str]] = {}
        self.total_length = 0
        self._vocabulary: list[str] | None = None
        self._cache: dict[str, dict[str, dict[Key, float]]] = {}

    def __len__(self) -> int:
        return len(self.lengths)

    def add(self, key: Key, text: str) -> None:
        self.remove(key)
        counts = Counter(textmod.terms(text))
        for term, tf in counts.items():
            self.postings[term][key] = tf
            self._cache.pop(term, None)
        length = sum(counts.values())
        self.lengths[key] = length
        self.doc_terms[key] = counts
        self.total_length += length
        if any(term not in self.postings or len(self.postings[term]) == 1 for term in counts):
            self._vocabulary = None

    def add_many(self, docs: Iterable[tuple[Key, str]]) -> None:
        for key, text in docs:
            self.add(key, text)

    def remove(self, key: Key) -> None:
        counts = self.doc_terms.pop(key, None)
        if counts is None:
            return
        for term in counts:
            posting = self.postings.get(term)
            if posting is not None:
                posting.pop(key, None)
                self._cache.pop(term, None)
                if not posting:
                    del self.postings[term]
                    self._vocabulary = None
        self.total_length -= self.lengths.pop(key)

    @property
    def vocabulary(self) -> list[str]:
        if self._vocabulary is None:
            self._vocabulary = sorted(self.postings)
        return self._vocabulary

    def _norms(self, term: str) -> dict[str, dict[Key, float]]:
        """BM25 term-frequency parts of `term`'s postings by kind, cached until it changes."""
        cached = self._cache.get(term)
        if cached is None:
            average = self.total_length / len(self.lengths) or 1.0
            cached = defaultdict(dict)
            for key, tf in self.postings[term].items():
                cached[key[0]][key] = (
                    tf * (K1 + 1) / (tf + K1 * (1 - B + B * self.lengths[key] / average))
                )
            self._cache[term] = cached
        return cached

    def search(
        self, query: str, *, kinds: Iterable[str] | None = None, limit: int | None = None
    ) -> list[Hit]:
        if not self.lengths:
            return []
        n = len(self.lengths)
        scores: dict[Key, float] = defaultdict(float)
        expanded: dict[str, list[str]] = {}
        words = {w: textmod.stem(w) for w in dict.fromkeys(textmod.words(query))}
        for word, q in words.items():
            expanded[word] = textmod.expand(q, self.vocabulary)
        common = max(1000, n // 20)

        def rarity(word: str) -> int:
            return min((len(self.postings[t]) for t in expanded[word]), default=0)

        # Rare words first; a very common word then only adds to documents already found
        # (its idf is small, so it reorders those but brings in no new candidates).
        for word in sorted(words, key=rarity):
            q = words[word]
            best: dict[Key, float] = {}  # a word counts once per document, by its best form
            for term in expanded[word]:
                df = len(self.postings[term])
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                weight = idf * (EXPANDED_WEIGHT if abs(len(term) - len(q)) >= 4 else 1.0)
                by_kind = self._norms(term)
                for kind in kinds if kinds is not None else list(by_kind):
                    postings = by_kind.get(kind, {})
                    if scores and len(postings) > common:
                        postings = {k: postings[k] for k in scores if k in postings}
                    if len(expanded[word]) == 1:  # the common case: add straight to scores
                        for key, norm in postings.items():
                            scores[key] += weight * norm
                        continue
                    for key, norm in postings.items():
                        value = weight * norm
                        if value > best.get(key, 0.0):
                            best[key] = value
            for key, value in best.items():
                scores[key] += value
        if limit is None:
            ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        else:
            ranked = heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))
        hits = []
        for key, score in ranked:
            terms = self.doc_terms[key]
            matched = {w: {t for t in ts if t in terms} for w, ts in expanded.items()}
            hits.append(Hit(key, score, {w: ts for w, ts in matched.items() if ts}))
        return hits
