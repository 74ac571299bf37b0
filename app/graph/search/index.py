"""The search index of one snapshot: entries, their postings, and ranked hits."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from app.graph.search.postings import WORD, bigrams, group, narrow, text_postings
from app.graph.search.text import fold

__all__ = [
    "CLOSENESS",
    "FIELDS",
    "FUZZY_BELOW",
    "FUZZY_POOL",
    "TIERS",
    "Entry",
    "Hit",
    "SearchIndex",
]

FIELDS = ("name.zh", "name.en", "alias", "pinyin", "initials", "description", "quote")
_FIELD_RANK = {f: i for i, f in enumerate(FIELDS)}
_PINYIN_FIELDS = frozenset({"pinyin", "initials"})
_FUZZY_FIELDS = frozenset({"name.zh", "name.en", "alias", "pinyin"})
TIERS = {"exact": 1.0, "prefix": 0.9, "substring": 0.7}
#: within a tier, a match covering more of the text ranks higher (by up to this much)
CLOSENESS = 0.09
#: fuzzy candidates are sought only when the other tiers found fewer nodes than this
FUZZY_BELOW = 5


def _closeness(tier: float, query: str, text: str) -> float:
    """The tier's score plus a bonus for how much of ``text`` the query covers."""
    return round(tier + CLOSENESS * len(query) / len(text), 4)


#: a candidate set this small is checked text by text instead of narrowed further
_FEW = 32
#: fuzzy matching compares the query with at most about this many texts
FUZZY_POOL = 200


@dataclass(frozen=True, slots=True)
class Hit:
    node: str
    score: float
    field: str


class Entry(NamedTuple):
    """One searchable text of a node, and the field it comes from."""

    node: str
    field: str
    text: str


class SearchIndex:
    """An inverted index over search entries, built once per snapshot.

    Each distinct text is indexed once, by its character bigrams (a one-character text by
    its character); a query is narrowed by the postings of its rarest bigrams and every
    candidate is then checked by comparing the texts, so no query visits every entry.
    """

    __slots__ = (
        "_by_char",
        "_fields",
        "_fuzzy_texts",
        "_grams",
        "_nodes",
        "_text_entries",
        "_texts",
        "_vocabulary",
        "_words",
    )

    def __init__(self, entries: Iterable[Entry | tuple[str, str, str]]) -> None:
        # entries are kept as columns: node ids and fields, by entry number
        rows = [e for e in entries if e[2]]
        texts = [e[2] for e in rows]
        self._nodes: list[str] = [e[0] for e in rows]
        fields = [e[1] for e in rows]
        self._fields: list[str] = fields
        # name-like texts (names, aliases, pinyin: what fuzzy matching compares) get the
        # lowest ids, so each posting starts with them
        fuzzy = set(compress(texts, map(_FUZZY_FIELDS.__contains__, fields)))
        distinct = dict.fromkeys(texts)
        order = [t for t in distinct if t in fuzzy]
        self._fuzzy_texts = len(order)
        order += [t for t in distinct if t not in fuzzy]
        self._texts: list[str] = order
        tid = {t: i for i, t in enumerate(order)}
        of_entry = np.fromiter(map(tid.__getitem__, texts), np.int64, len(texts))
        self._text_entries: list[tuple[int, ...]] = group(
            of_entry,
            np.arange(len(texts), dtype=np.int64),
            np.array(range(len(texts)), dtype=object),
        )[1]
        grams, words = text_postings(order)
        self._grams: dict[str, tuple[int, ...]] = grams
        by_char: defaultdict[str, list[str]] = defaultdict(list)
        for g in self._grams:
            for ch in set(g):
                by_char[ch].append(g)
        self._by_char = dict(by_char)
        # English and pinyin tokens beside the bigrams: a word of the query that is whole
        # in it (spaces on both sides) is a whole word of every text containing the query
        self._words: dict[str, tuple[int, ...]] = words
        self._vocabulary = sorted(self._words)

    def __len__(self) -> int:
        return len(self._nodes)

    def _candidates(self, q: str) -> Sequence[int]:
        """Ids of the texts that may contain ``q``: a superset, narrowed by postings."""
        if len(q) == 1:
            found: set[int] = set()
            for g in self._by_char.get(q, ()):
                found.update(self._grams[g])
            return sorted(found)
        postings = self._word_postings(q)
        if postings is None:
            return ()
        for k in bigrams(q):
            gram = self._grams.get(k)
            if gram is None:
                return ()
            postings.append(gram)
        postings.sort(key=len)
        narrowed: Sequence[int] = postings[0]
        for posting in postings[1:]:
            if len(narrowed) <= _FEW:
                break
            narrowed = narrow(narrowed, posting)
        return narrowed

    def _word_postings(self, q: str) -> list[Sequence[int]] | None:
        """Postings every text containing ``q`` is in, from its words; None: no text is.

        A word with non-word characters on both sides in the query is a whole word of the
        text; the last word, with one before it, starts a word of the text (the texts of
        the few words it starts, when they are few).
        """
        if " " not in q:
            return []
        found: list[Sequence[int]] = []
        for m in WORD.finditer(q):
            start, end, word = m.start(), m.end(), m.group()
            if start > 0 and end < len(q):
                p = self._words.get(word)
                if p is None:
                    return None
                found.append(p)
            elif start > 0:  # the last word: a prefix
                vocabulary = self._vocabulary
                i = bisect.bisect_left(vocabulary, word)
                window = vocabulary[i : i + _FEW + 1]  # sorted: those it starts come first
                starting = [w for w in window if w.startswith(word)]
                if not starting:
                    return None
                if len(starting) <= _FEW:
                    merged: set[int] = set()
                    for w in starting:
                        merged.update(self._words[w])
                    found.append(sorted(merged))
        return found

    def _fuzzy_pool(self, q: str) -> Sequence[int]:
        """Name-like texts sharing the rarest words and bigrams of ``q`` (at most FUZZY_POOL).

        The rarest postings are merged while they fit; when even the rarest is too long,
        the texts in all of the rarest few are kept instead.
        """
        cut = self._fuzzy_texts
        found = [self._words.get(w) for w in set(WORD.findall(q))]
        found += [self._grams.get(k) for k in bigrams(q)]
        heads = sorted(
            ((bisect.bisect_left(p, cut), p) for p in found if p),
            key=lambda head: head[0],
        )
        if not heads:
            return []
        if heads[0][0] > FUZZY_POOL:
            narrowed: Sequence[int] = heads[0][1][: heads[0][0]]
            for _n, p in heads[1:]:
                if len(narrowed) <= FUZZY_POOL:
                    break
                narrowed = narrow(narrowed, p)
            return narrowed[:FUZZY_POOL]
        pool: set[int] = set()
        for n, p in heads:
            if len(pool) + n > FUZZY_POOL:
                break
            pool.update(p[:n])
        return sorted(pool)

    def search(self, query: str, allowed: frozenset[str] | None = None) -> list[Hit]:
        """All nodes matching ``query``, best first; ``allowed`` restricts to those node ids."""
        q = fold(query)
        if not q:
            return []
        compact = q.replace(" ", "")
        best: dict[str, tuple[float, int, str]] = {}

        def offer(node: str, score: float, field: str) -> None:
            if allowed is not None and node not in allowed:
                return
            cur = best.get(node)
            cand = (score, -_FIELD_RANK[field], field)
            if cur is None or cand[:2] > cur[:2]:
                best[node] = cand

        for variant, pinyin_only in ((q, False), (compact, True)):
            if pinyin_only and (compact == q or not compact):
                continue
            for tid in self._candidates(variant):
                text = self._texts[tid]
                if text == variant:
                    score = TIERS["exact"]
                elif text.startswith(variant):
                    score = _closeness(TIERS["prefix"], variant, text)
                elif variant in text:
                    score = _closeness(TIERS["substring"], variant, text)
                else:
                    continue
                for i in self._text_entries[tid]:
                    field = self._fields[i]
                    if not pinyin_only or field in _PINYIN_FIELDS:
                        offer(self._nodes[i], score, field)

        # fuzzy matching is a fallback for misspellings, not a source of noise
        if len(q) >= 3 and len(best) < FUZZY_BELOW:
            pool = self._fuzzy_pool(q)
            matches = process.extract(
                q,
                [self._texts[t] for t in pool],
                scorer=fuzz.QRatio,
                limit=FUZZY_BELOW,
                score_cutoff=75,
            )
            fuzzy = sorted(
                (-score, i)
                for _text, score, pos in matches
                for i in self._text_entries[pool[pos]]
                if self._fields[i] in _FUZZY_FIELDS
            )
            for neg, i in fuzzy[:FUZZY_BELOW]:
                offer(self._nodes[i], round(-0.6 * neg / 100, 4), self._fields[i])

        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
        return [Hit(node, score, field) for node, (score, _rank, field) in ranked]
