"""A small in-process inverted index with BM25 scoring, independent of Django and the database.

Documents are keyed (kind, id); each has a text. Query terms are expanded against the
vocabulary (see `optiimi.core.text.expand`) so Finnish inflections and compounds match.
"""

from __future__ import annotations

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

    def __len__(self) -> int:
        return len(self.lengths)

    def add(self, key: Key, text: str) -> None:
        self.remove(key)
        counts = Counter(textmod.terms(text))
        for term, tf in counts.items():
            self.postings[term][key] = tf
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
                if not posting:
                    del self.postings[term]
                    self._vocabulary = None
        self.total_length -= self.lengths.pop(key)

    @property
    def vocabulary(self) -> list[str]:
        if self._vocabulary is None:
            self._vocabulary = sorted(self.postings)
        return self._vocabulary

    def search(
        self, query: str, *, kinds: Iterable[str] | None = None, limit: int | None = None
    ) -> list[Hit]:
        if not self.lengths:
            return []
        allowed = set(kinds) if kinds is not None else None
        n = len(self.lengths)
        average = self.total_length / n or 1.0
        scores: dict[Key, float] = defaultdict(float)
        matched: dict[Key, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for word in dict.fromkeys(textmod.words(query)):
            q = textmod.stem(word)
            best: dict[Key, float] = {}  # a word counts once per document, by its best form
            for term in textmod.expand(q, self.vocabulary):
                posting = self.postings[term]
                idf = math.log(1 + (n - len(posting) + 0.5) / (len(posting) + 0.5))
                weight = idf * (EXPANDED_WEIGHT if abs(len(term) - len(q)) >= 4 else 1.0)
                for key, tf in posting.items():
                    if allowed is not None and key[0] not in allowed:
                        continue
                    norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * self.lengths[key] / average))
                    best[key] = max(best.get(key, 0.0), weight * norm)
                    matched[key][word].add(term)
            for key, value in best.items():
                scores[key] += value
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        if limit is not None:
            ranked = ranked[:limit]
        return [
            Hit(key, score, {w: set(t) for w, t in matched[key].items()}) for key, score in ranked
        ]
