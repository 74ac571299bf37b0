"""Full-text search over names, pinyin, aliases, descriptions and quotes.

Texts are folded (NFKC, case-folded) so that ``西部（成都）科学城`` finds ``西部(成都)科学城``
and ``TIANFU`` finds ``tianfu``. An inverted index of character unigrams and bigrams (which
suit Chinese as well as pinyin and English) narrows each query to a few candidate entries;
ranking is exact (1.0) > prefix (0.9–0.99) > substring (0.7–0.79) > fuzzy (below 0.6), a
closer match ranking higher within a tier, and ``field`` says what matched.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process

#: fields in order of preference when a node matches in several
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


def fold(text: str) -> str:
    """Width- and case-fold a text for comparison.

    >>> fold("西部（成都）科学城 TianFu")
    '西部(成都)科学城 tianfu'
    """
    return unicodedata.normalize("NFKC", text).casefold().strip()


def pinyin(text: str) -> tuple[str, str]:
    """Full pinyin (no spaces, no tones) and initials of the Han characters of a text.

    >>> pinyin("天府实验室")
    ('tianfushiyanshi', 'tfsys')
    """
    syllables = [s for s in lazy_pinyin(text, errors="ignore") if s.isalpha()]
    full = "".join(syllables)
    initials = "".join(s[0] for s in syllables)
    return full, initials


@dataclass(frozen=True, slots=True)
class Hit:
    node: str
    score: float
    field: str


@dataclass(frozen=True, slots=True)
class Entry:
    node: str
    field: str
    text: str


def _grams(text: str) -> set[str]:
    return set(text) | {text[i : i + 2] for i in range(len(text) - 1)}


class SearchIndex:
    """An inverted index over search entries, built once per snapshot."""

    __slots__ = ("_entries", "_fuzzy", "_fuzzy_entries", "_grams")

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._entries: list[Entry] = []
        grams: dict[str, list[int]] = {}
        for entry in entries:
            if not entry.text:
                continue
            idx = len(self._entries)
            self._entries.append(entry)
            for g in _grams(entry.text):
                grams.setdefault(g, []).append(idx)
        self._grams: dict[str, tuple[int, ...]] = {g: tuple(v) for g, v in grams.items()}
        self._fuzzy_entries = [i for i, e in enumerate(self._entries) if e.field in _FUZZY_FIELDS]
        self._fuzzy = [self._entries[i].text for i in self._fuzzy_entries]

    def __len__(self) -> int:
        return len(self._entries)

    def _candidates(self, q: str) -> Sequence[int]:
        keys = _grams(q) if len(q) > 1 else {q}
        keys = {k for k in keys if len(k) == 2} or keys
        postings = []
        for k in keys:
            p = self._grams.get(k)
            if p is None:
                return ()
            postings.append(p)
        postings.sort(key=len)
        found = set(postings[0])
        for p in postings[1:]:
            found.intersection_update(p)
            if not found:
                break
        return sorted(found)

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
            for i in self._candidates(variant):
                e = self._entries[i]
                if pinyin_only and e.field not in _PINYIN_FIELDS:
                    continue
                if e.text == variant:
                    offer(e.node, TIERS["exact"], e.field)
                elif e.text.startswith(variant):
                    offer(e.node, _closeness(TIERS["prefix"], variant, e.text), e.field)
                elif variant in e.text:
                    offer(e.node, _closeness(TIERS["substring"], variant, e.text), e.field)

        # fuzzy matching is a fallback for misspellings, not a source of noise
        if len(q) >= 3 and len(best) < FUZZY_BELOW:
            for _text, score, pos in process.extract(
                q, self._fuzzy, scorer=fuzz.QRatio, limit=FUZZY_BELOW, score_cutoff=75
            ):
                e = self._entries[self._fuzzy_entries[pos]]
                offer(e.node, round(0.6 * score / 100, 4), e.field)

        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
        return [Hit(node, score, field) for node, (score, _rank, field) in ranked]
