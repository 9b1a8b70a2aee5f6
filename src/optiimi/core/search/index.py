"""A small in-process inverted index with BM25 scoring, independent of Django and the database.

Documents are keyed (kind, id); each has a text, and is public (anyone may find it) or not;
a search may ask for public documents only. Query terms are expanded against the
vocabulary (see `optiimi.core.text.expand`) so Finnish inflections and compounds match.

Layout: a *base* built in one go and held as numpy arrays in compressed sparse row form, one
row per term (`indptr`, the documents' row numbers and term frequencies), plus a small *delta*
of documents added since (a dict of postings). A changed or removed base document is only
marked dead; the delta is folded into the base once it grows past `COMPACT_AT`.

Scoring treats a query word and all its indexed forms as one term, as Lucene's synonym query
does: the word's frequency in a document is the sum over its forms (a compound part counts
`EXPANDED_WEIGHT`), and its idf comes from the number of documents holding any form. So a
common word does not become rare, and score high, through one of its compounds.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import threading
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from optiimi.core import text as textmod

Key = tuple[str, int]
K1 = 1.2
B = 0.75
EXPANDED_WEIGHT = 0.85  # a compound's part (matkailu ~ matkailuyrittäjä), not an inflection
COMPACT_AT = 2000  # delta documents before they are folded into the base
FORMAT = 2

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]


@dataclass
class Hit:
    key: Key
    score: float
    matched: dict[str, set[str]] = field(default_factory=dict)  # query word -> indexed terms


class Index:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        # Documents, by row: the key, the kind's code and id, the length, alive or not.
        self.keys: list[Key] = []
        self.rows: dict[Key, int] = {}
        self.kinds: list[str] = []
        self._kind: IntArray = np.zeros(0, np.int32)
        self._id: npt.NDArray[np.int64] = np.zeros(0, np.int64)
        self._length: FloatArray = np.zeros(0)
        self._alive: npt.NDArray[np.bool_] = np.zeros(0, bool)
        self._public: npt.NDArray[np.bool_] = np.zeros(0, bool)
        self.total_length = 0
        # The base: term -> id in the sorted `vocabulary`; postings in CSR form.
        self.vocabulary: list[str] = []
        self._term_id: dict[str, int] = {}
        self._indptr: npt.NDArray[np.int64] = np.zeros(1, np.int64)
        self._doc: IntArray = np.zeros(0, np.int32)
        self._tf: FloatArray = np.zeros(0)
        self._base_rows = 0
        # The delta: documents added since the base was built.
        self._delta: dict[str, dict[int, int]] = {}
        self._delta_terms: dict[int, Counter[str]] = {}
        self._delta_vocabulary: list[str] = []  # terms not in the base, sorted
        self._average = 1.0
        self._lennorm: FloatArray = np.zeros(0)
        self._expansions: dict[str, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self.rows)

    # -- writing ----------------------------------------------------------------------------

    def add(self, key: Key, text: str, *, public: bool = True) -> None:
        counts = Counter(textmod.terms(text))
        with self._lock:
            self._remove(key)
            row = self._new_row(key, sum(counts.values()), public)
            self._delta_terms[row] = counts
            for term, tf in counts.items():
                self._delta.setdefault(term, {})[row] = tf
                if term not in self._term_id and len(self._delta[term]) == 1:
                    insort(self._delta_vocabulary, term)
                    self._expansions.clear()
            if len(self._delta_terms) >= COMPACT_AT:
                self._compact()

    def add_many(self, docs: Iterable[tuple[Key, str] | tuple[Key, str, bool]]) -> None:
        """Add many documents, (key, text) or (key, text, public), at once (a fresh base when
        the index is empty)."""
        with self._lock:
            if self.rows:
                for key, body, *public in docs:
                    self.add(key, body, public=public[0] if public else True)
                return
            self._build(
                (key, Counter(textmod.terms(body)), public[0] if public else True)
                for key, body, *public in docs
            )

    def remove(self, key: Key) -> None:
        with self._lock:
            self._remove(key)

    def _remove(self, key: Key) -> None:
        row = self.rows.pop(key, None)
        if row is None:
            return
        self._alive[row] = False
        self.total_length -= int(self._length[row])
        counts = self._delta_terms.pop(row, None)
        for term in counts or ():
            posting = self._delta[term]
            del posting[row]
            if not posting:
                del self._delta[term]
                if term not in self._term_id:
                    del self._delta_vocabulary[bisect_left(self._delta_vocabulary, term)]
                    self._expansions.clear()

    def _new_row(self, key: Key, length: int, public: bool) -> int:
        row = len(self.keys)
        self.keys.append(key)
        self.rows[key] = row
        if key[0] not in self.kinds:
            self.kinds.append(key[0])
        self._kind = np.append(self._kind, np.int32(self.kinds.index(key[0])))
        self._id = np.append(self._id, np.int64(key[1]))
        self._length = np.append(self._length, float(length))
        self._alive = np.append(self._alive, True)
        self._public = np.append(self._public, public)
        self._lennorm = np.append(self._lennorm, K1 * (1 - B + B * length / self._average))
        self.total_length += length
        return row

    def _build(self, docs: Iterable[tuple[Key, Counter[str], bool]]) -> None:
        """Make a fresh base of `docs` (keys unique), replacing everything."""
        keys: list[Key] = []
        lengths: list[int] = []
        public: list[bool] = []
        ids: dict[str, int] = {}
        term_ids: list[int] = []
        doc_rows: list[int] = []
        tfs: list[int] = []
        for key, counts, is_public in docs:
            row = len(keys)
            keys.append(key)
            lengths.append(sum(counts.values()))
            public.append(is_public)
            for term, tf in counts.items():
                term_ids.append(ids.setdefault(term, len(ids)))
                doc_rows.append(row)
                tfs.append(tf)
        vocabulary = sorted(ids)
        rank = np.empty(len(ids), np.int64)
        rank[[ids[t] for t in vocabulary]] = np.arange(len(vocabulary))
        by_term = rank[np.asarray(term_ids, np.int64)]
        order = np.argsort(by_term, kind="stable")
        counts_per_term = np.bincount(by_term, minlength=len(vocabulary))
        self._set_base(
            keys,
            np.asarray(lengths, np.float64),
            np.asarray(public, bool),
            vocabulary,
            np.concatenate([[0], np.cumsum(counts_per_term)]).astype(np.int64),
            np.asarray(doc_rows, np.int32)[order],
            np.asarray(tfs, np.float64)[order],
        )

    def _set_base(
        self,
        keys: list[Key],
        lengths: FloatArray,
        public: npt.NDArray[np.bool_],
        vocabulary: list[str],
        indptr: npt.NDArray[np.int64],
        doc: IntArray,
        tf: FloatArray,
    ) -> None:
        self.keys = list(keys)
        self.rows = {key: row for row, key in enumerate(self.keys)}
        self.kinds = list(dict.fromkeys(kind for kind, _pk in self.keys))
        code = {kind: i for i, kind in enumerate(self.kinds)}
        self._kind = np.asarray([code[kind] for kind, _pk in self.keys], np.int32)
        self._id = np.asarray([pk for _kind, pk in self.keys], np.int64)
        self._length = lengths
        self._alive = np.ones(len(self.keys), bool)
        self._public = public
        self.total_length = int(lengths.sum())
        self.vocabulary = vocabulary
        self._term_id = {term: i for i, term in enumerate(vocabulary)}
        self._indptr, self._doc, self._tf = indptr, doc, tf
        self._base_rows = len(self.keys)
        self._delta, self._delta_terms, self._delta_vocabulary = {}, {}, []
        self._average = self.total_length / len(self.keys) if self.keys else 1.0
        self._average = self._average or 1.0
        self._lennorm = K1 * (1 - B + B * self._length / self._average)
        self._expansions = {}

    def _compact(self) -> None:
        """Fold the delta into a new base and drop dead rows (vectorised over the postings)."""
        alive_rows = np.flatnonzero(self._alive)
        renumber = np.full(len(self.keys), -1, np.int64)
        renumber[alive_rows] = np.arange(len(alive_rows))
        term_of = np.repeat(np.arange(len(self.vocabulary)), np.diff(self._indptr))
        keep = self._alive[self._doc]
        delta = [
            (term, row, tf)
            for row, counts in self._delta_terms.items()
            if self._alive[row]
            for term, tf in counts.items()
        ]
        terms = sorted(set(self.vocabulary).union(term for term, _row, _tf in delta))
        new_id = {term: i for i, term in enumerate(terms)}
        base_ids = np.asarray([new_id[term] for term in self.vocabulary], np.int64)
        t = np.concatenate(
            [base_ids[term_of[keep]], np.asarray([new_id[d[0]] for d in delta], np.int64)]
        )
        r = np.concatenate([self._doc[keep], np.asarray([d[1] for d in delta], np.int64)])
        f = np.concatenate([self._tf[keep], np.asarray([d[2] for d in delta], np.float64)])
        used = np.unique(t)  # terms whose every document is gone leave the vocabulary
        t = np.searchsorted(used, t)
        order = np.lexsort((renumber[r], t))
        self._set_base(
            [self.keys[row] for row in alive_rows.tolist()],
            self._length[alive_rows],
            self._public[alive_rows],
            [terms[i] for i in used.tolist()],
            np.concatenate([[0], np.cumsum(np.bincount(t, minlength=len(used)))]).astype(np.int64),
            renumber[r][order].astype(np.int32),
            f[order],
        )

    # -- reading ----------------------------------------------------------------------------

    def expand(self, stem: str) -> tuple[str, ...]:
        """The indexed terms that answer the query stem `stem` (cached until the vocabulary
        changes)."""
        cached = self._expansions.get(stem)
        if cached is None:
            if len(self._expansions) > 100_000:
                self._expansions.clear()
            found = textmod.expand(stem, self.vocabulary)
            if self._delta_vocabulary:
                found += textmod.expand(stem, self._delta_vocabulary)
            cached = self._expansions[stem] = tuple(found)
        return cached

    def _postings(self, term: str) -> tuple[IntArray, FloatArray]:
        rows, tfs, _which = self._gather((term,))
        return rows, tfs

    def _gather(self, forms: tuple[str, ...]) -> tuple[IntArray, FloatArray, npt.NDArray[np.intp]]:
        """The postings of all `forms` at once: rows, term frequencies and which form."""
        ids = np.fromiter((self._term_id.get(t, -1) for t in forms), np.int64, len(forms))
        known = np.flatnonzero(ids >= 0)
        starts = self._indptr[ids[known]]
        lengths = self._indptr[ids[known] + 1] - starts
        ends = np.cumsum(lengths)
        at = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(
            starts - ends + lengths, lengths
        )
        rows, tfs, which = self._doc[at], self._tf[at], np.repeat(known, lengths)
        if self._delta:
            extra = [(i, self._delta[t]) for i, t in enumerate(forms) if t in self._delta]
            if extra:
                rows = np.concatenate(
                    [rows, *(np.fromiter(d, np.int32, len(d)) for _i, d in extra)]
                )
                tfs = np.concatenate(
                    [tfs, *(np.fromiter(d.values(), np.float64, len(d)) for _i, d in extra)]
                )
                which = np.concatenate([which, *(np.full(len(d), i) for i, d in extra)])
        return rows, tfs, which

    def search(
        self,
        query: str,
        *,
        kinds: Iterable[str] | None = None,
        limit: int | None = None,
        public_only: bool = False,
    ) -> list[Hit]:
        with self._lock:
            return self._search(query, kinds, limit, public_only)

    def ranked(self, query: str, *, kind: str, public_only: bool = False) -> list[int]:
        """The ids of every `kind` document that answers `query`, best first (ties by id);
        cheaper than `search` for long lists, as it explains nothing."""
        with self._lock:
            scored = self._scores(query, [kind], public_only)
            if scored is None:
                return []
            scores, _expanded, _gathered = scored
            found = np.flatnonzero(scores)
            order = np.lexsort((self._id[found], -scores[found]))
            return self._id[found[order]].tolist()

    def _scores(
        self, query: str, kinds: Iterable[str] | None, public_only: bool = False
    ) -> tuple[FloatArray, dict[str, tuple[str, ...]], dict[str, Any]] | None:
        """BM25 per row (zero for rows that do not answer or are not of `kinds`)."""
        n = len(self.rows)
        if not n:
            return None
        size = len(self.keys)
        scores = np.zeros(size)
        expanded: dict[str, tuple[str, ...]] = {}
        gathered = {}
        for word in dict.fromkeys(textmod.words(query)):
            q = textmod.stem(word)
            expanded[word] = forms = self.expand(q)
            if not forms:
                continue
            gathered[word] = rows, tfs, which = self._gather(forms)
            weight = np.asarray(
                [EXPANDED_WEIGHT if abs(len(term) - len(q)) >= 4 else 1.0 for term in forms]
            )
            tf = np.bincount(rows, weights=tfs * weight[which], minlength=size)
            if len(self.rows) < size:  # some rows are dead
                tf[~self._alive] = 0.0
            found = np.flatnonzero(tf)
            df = len(found)
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            part = tf[found]
            scores[found] += idf * part * (K1 + 1) / (part + self._lennorm[found])
        if kinds is not None:
            wanted = [self.kinds.index(k) for k in kinds if k in self.kinds]
            scores[~np.isin(self._kind, wanted)] = 0.0
        if public_only:
            scores[~self._public] = 0.0
        return scores, expanded, gathered

    def _search(
        self, query: str, kinds: Iterable[str] | None, limit: int | None, public_only: bool
    ) -> list[Hit]:
        scored = self._scores(query, kinds, public_only)
        if scored is None:
            return []
        scores, expanded, gathered = scored
        candidates = np.flatnonzero(scores)
        if limit is not None and len(candidates) > limit:
            # The top `limit` scores, ties at the border kept so that order by key is exact.
            border = np.partition(scores[candidates], len(candidates) - limit)[
                len(candidates) - limit
            ]
            candidates = candidates[scores[candidates] >= border]
        kind_rank = np.argsort(np.argsort(np.asarray(self.kinds, dtype=object)))
        order = np.lexsort(
            (self._id[candidates], kind_rank[self._kind[candidates]], -scores[candidates])
        )
        ranked = candidates[order[:limit] if limit is not None else order].tolist()
        matched = self._matched(ranked, expanded, gathered)
        return [
            Hit(self.keys[row], float(scores[row]), found)
            for row, found in zip(ranked, matched, strict=True)
        ]

    def _matched(
        self,
        rows: list[int],
        expanded: dict[str, tuple[str, ...]],
        gathered: dict[str, tuple[IntArray, FloatArray, npt.NDArray[np.intp]]] | None = None,
    ) -> list[dict[str, set[str]]]:
        """For each row, the query words it holds and by which indexed terms."""
        out: list[dict[str, set[str]]] = [{} for _row in rows]
        if not rows:
            return out
        position = np.full(len(self.keys), -1, np.int64)
        position[np.asarray(rows, np.int64)] = np.arange(len(rows))
        for word, forms in expanded.items():
            if not forms:
                continue
            postings, _tfs, which = (gathered or {}).get(word) or self._gather(forms)
            found = position[postings]
            holds = found >= 0
            for i, form in zip(found[holds].tolist(), which[holds].tolist(), strict=True):
                out[i].setdefault(word, set()).add(forms[form])
        return out

    def explain(self, query: str, keys: Iterable[Key]) -> dict[Key, dict[str, set[str]]]:
        """The query words each of `keys` holds, by which terms (only keys that hold some)."""
        with self._lock:
            known = [key for key in keys if key in self.rows]
            expanded = {
                w: self.expand(textmod.stem(w)) for w in dict.fromkeys(textmod.words(query))
            }
            matched = self._matched([self.rows[key] for key in known], expanded)
        return {key: m for key, m in zip(known, matched, strict=True) if m}

    # -- saving and loading -------------------------------------------------------------------

    def save(self, path: Path, stamp: str = "") -> None:
        """Write the index as `<path>.npz` (arrays) and `<path>.json` (vocabulary, keys, stamp);
        neither format runs code when loaded. Written to temporary names and renamed, so a
        reader sees either the old or the new files."""
        with self._lock:
            if self._delta_terms or not self._alive.all():
                self._compact()
            kinds = np.asarray([self.kinds.index(kind) for kind, _pk in self.keys], np.int32)
            ids = np.asarray([pk for _kind, pk in self.keys], np.int64)
            meta = {
                "format": FORMAT,
                "stamp": stamp,
                "kinds": self.kinds,
                "vocabulary": self.vocabulary,
            }
            arrays: dict[str, npt.NDArray[Any]] = {
                "kind": kinds,
                "id": ids,
                "length": self._length,
                "public": self._public,
                "indptr": self._indptr,
                "doc": self._doc,
                "tf": self._tf,
            }
        # The same random token in both files tells a reader that they were written together.
        token = secrets.randbits(62)
        meta["token"] = token
        path.parent.mkdir(parents=True, exist_ok=True)
        npz, js = path.with_suffix(".npz"), path.with_suffix(".json")
        unique = f"{path.name}.{os.getpid()}-{token:x}.tmp"  # processes may save at once
        tmp_npz, tmp_js = path.parent / f"{unique}.npz", path.parent / f"{unique}.json"
        with open(tmp_npz, "wb") as out:
            np.savez(
                out,
                kind=arrays["kind"],
                id=arrays["id"],
                length=arrays["length"],
                public=arrays["public"],
                indptr=arrays["indptr"],
                doc=arrays["doc"],
                tf=arrays["tf"],
                token=np.asarray([token], np.int64),
            )
        tmp_js.write_text(json.dumps(meta, ensure_ascii=False))
        tmp_npz.replace(npz)
        tmp_js.replace(js)

    @classmethod
    def load(cls, path: Path) -> tuple[Index, str]:
        """The index saved at `path` and its stamp; ValueError when the files are not one."""
        meta = json.loads(path.with_suffix(".json").read_text())
        if meta.get("format") != FORMAT:
            raise ValueError(f"{path}: index format {meta.get('format')!r}, expected {FORMAT}")
        with np.load(path.with_suffix(".npz"), allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        kinds: list[str] = meta["kinds"]
        keys = [
            (kinds[k], pk)
            for k, pk in zip(arrays["kind"].tolist(), arrays["id"].tolist(), strict=True)
        ]
        vocabulary: list[str] = meta["vocabulary"]
        if int(arrays["token"][0]) != meta.get("token"):
            raise ValueError(f"{path}: the .npz and .json files are from different saves")
        indptr = arrays["indptr"].astype(np.int64)
        if len(indptr) != len(vocabulary) + 1 or indptr[-1] != len(arrays["doc"]):
            raise ValueError(f"{path}: postings do not match the vocabulary")
        index = cls()
        index._set_base(
            keys,
            arrays["length"].astype(np.float64),
            arrays["public"].astype(bool),
            vocabulary,
            indptr,
            arrays["doc"].astype(np.int32),
            arrays["tf"].astype(np.float64),
        )
        return index, str(meta.get("stamp", ""))
