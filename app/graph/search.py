"""Full-text search over names, pinyin, aliases, descriptions and quotes.

Texts are folded (NFKC, case-folded) so that ``河谷（北城）实验室`` finds ``河谷(北城)实验室``
and ``RIVER`` finds ``river``. An inverted index of character bigrams (which suit Chinese
as well as pinyin and English) narrows each query to a few candidate texts, so no query
visits every entry; ranking is exact (1.0) > prefix (0.9–0.99) > substring (0.7–0.79) >
fuzzy (below 0.6), a closer match ranking higher within a tier, and ``field`` says what
matched.
"""

from __future__ import annotations

import bisect
import operator
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain, compress, pairwise
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from pypinyin import Style
from pypinyin.constants import PHRASES_DICT, RE_HANS
from pypinyin.converter import DefaultConverter
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

    >>> fold("河谷（北城）实验室 RiverLab")
    '河谷(北城)实验室 riverlab'
    """
    if text.isascii():  # NFKC leaves ASCII alone; casefold lowers it
        return text.lower().strip()
    return unicodedata.normalize("NFKC", text).casefold().strip()


def pinyin(text: str) -> tuple[str, str]:
    """Full pinyin (no spaces, no tones) and initials of the Han characters of a text.

    The answer is pypinyin's ``lazy_pinyin``: the text is cut into words the way it cuts
    them (longest dictionary phrase first), and each word is read once per process.

    >>> pinyin("河谷实验室")
    ('hegushiyanshi', 'hgsys')
    """
    if text.isascii():
        return "", ""
    syllables: list[str] = []
    for run in _han_runs().findall(text):
        for word in _cut(run):
            syllables += _read(word)
    return "".join(syllables), "".join(s[0] for s in syllables)


@cache
def _han_runs() -> re.Pattern[str]:
    """Runs of the characters pypinyin reads (its ``RE_HANS`` without the anchors)."""
    pattern = RE_HANS.pattern
    if not (pattern.startswith("^(?:[") and pattern.endswith("])+$")):
        raise RuntimeError(f"unexpected pypinyin RE_HANS pattern: {pattern[:40]}")
    return re.compile(pattern[1:-1], RE_HANS.flags)


@cache
def _prefixes() -> frozenset[str]:
    return frozenset(p[:i] for p in PHRASES_DICT for i in range(1, len(p) + 1))


def _cut(run: str) -> list[str]:
    """Cut a run of Han characters into words as pypinyin's strict forward maximum
    matching does: the longest phrase of its dictionary, else one character."""
    prefixes = _prefixes()
    words: list[str] = []
    i, n = 0, len(run)
    while i < n:
        best, j = 0, i + 1
        while j <= n and run[i:j] in prefixes:
            if run[i:j] in PHRASES_DICT:
                best = j
            j += 1
        if best:
            words.append(run[i:best])
            i = best
        elif j > n:  # the rest is the start of a phrase but none: one by one
            words += run[i:]
            break
        else:
            words.append(run[i])
            i += 1
    return words


_CONVERTER = DefaultConverter()


@cache
def _read(word: str) -> tuple[str, ...]:
    """The syllables of one word, as ``lazy_pinyin`` reads it."""
    readings = _CONVERTER.convert(word, Style.NORMAL, False, "ignore", True)
    return tuple(r[0] for r in readings if r and r[0].isalpha())


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


def _bigrams(text: str) -> set[str]:
    """The distinct character bigrams of a text.

    >>> sorted(_bigrams("abab"))
    ['ab', 'ba']
    """
    return set(map(operator.add, text, text[1:]))


_WORD = re.compile(r"[a-z0-9]+")
#: a candidate set this small is checked text by text instead of narrowed further
_FEW = 32
#: fuzzy matching compares the query with at most about this many texts
FUZZY_POOL = 200


def _narrow(found: Sequence[int], posting: Sequence[int]) -> list[int]:
    """The ids of ``found`` that are also in ``posting`` (both sorted), in order."""
    if len(found) * 16 < len(posting):  # few against many: look each one up
        out = []
        for t in found:
            i = bisect.bisect_left(posting, t)
            if i < len(posting) and posting[i] == t:
                out.append(t)
        return out
    keep = set(found)
    return [t for t in posting if t in keep]


def _group(
    keys: npt.NDArray[np.int64], values: npt.NDArray[np.int64], ints: npt.NDArray[np.object_]
) -> tuple[list[int], list[tuple[int, ...]]]:
    """Group (key, value) pairs: the distinct keys ascending and, for each, the ints its
    values index (``ints[v]``), distinct and ascending.

    ``ints`` holds one int object per value, shared by every group that holds it (as
    ``enumerate`` would give), so that postings of millions of ids do not make millions of
    ints. Each pair is sorted by numpy as one number (key * len(ints) + value) when that fits
    in 63 bits.

    >>> _group(np.array([5, 2, 5, 5]), np.array([1, 0, 0, 1]), np.array([7, 8], dtype=object))
    ([2, 5], [(7,), (7, 8)])
    """
    size = len(ints)
    if keys.size == 0:
        return [], []
    if int(keys.max()) < np.iinfo(np.int64).max // size - 1:
        pairs = keys * size + values
        pairs.sort()
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
        keys, values = np.divmod(pairs, size)
        del pairs
    else:  # too many distinct keys to combine with the values
        order = np.lexsort((values, keys))
        keys, values = keys[order], values[order]
        fresh = np.concatenate(([True], (keys[1:] != keys[:-1]) | (values[1:] != values[:-1])))
        keys, values = keys[fresh], values[fresh]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    bounds = [*starts.tolist(), int(keys.size)]
    shared: list[int] = ints[values].tolist()
    del values
    groups = [tuple(shared[a:b]) for a, b in pairwise(bounds)]
    return keys[starts].tolist(), groups


#: one more than the largest code point
_UNICODE = 0x110000
#: texts are indexed this many characters at a time, which bounds the memory numpy takes
_CHUNK = 1 << 20

Postings = dict[str, tuple[int, ...]]


def _text_postings(texts: Sequence[str]) -> tuple[Postings, Postings]:
    """Bigram -> ids of the texts containing it (a one-character text: its character), and
    word -> ids of the texts with a space containing it as a whole word (``_WORD``).

    The same postings as ``_bigrams`` and ``_WORD.findall`` of each text give, but the
    millions of (bigram, text) pairs of a large plan are numbers in numpy arrays: characters
    get dense ids, a bigram is ``first * alphabet + second``, and a string is made for each
    distinct bigram of a chunk only. Chunks of texts are indexed in turn, so each posting is
    its chunks' parts in order.
    """
    n = len(texts)
    ints = np.array(range(n), dtype=object)
    lengths = np.fromiter(map(len, texts), np.int64, n)
    cuts = np.searchsorted(np.cumsum(lengths), np.arange(_CHUNK, int(lengths.sum()), _CHUNK))
    bounds = [0, *dict.fromkeys(c for c in cuts.tolist() if 0 < c < n), n] if n else [0]
    grams: dict[str, list[tuple[int, ...]]] = {}
    words: dict[str, list[tuple[int, ...]]] = {}
    for lo, hi in pairwise(bounds):
        chunk, ids, sizes = texts[lo:hi], ints[lo:hi], lengths[lo:hi]
        for found, into in (
            (_chunk_grams(chunk, ids, sizes), grams),
            (_chunk_words(chunk, ids, sizes), words),
        ):
            for key, part in found:
                parts = into.get(key)
                if parts is None:
                    into[key] = [part]
                else:
                    parts.append(part)
    return _joined(grams), _joined(words)


def _joined(parts: dict[str, list[tuple[int, ...]]]) -> Postings:
    return {k: p[0] if len(p) == 1 else tuple(chain.from_iterable(p)) for k, p in parts.items()}


def _chunk_grams(
    texts: Sequence[str], ints: npt.NDArray[np.object_], lengths: npt.NDArray[np.int64]
) -> Iterable[tuple[str, tuple[int, ...]]]:
    """(bigram, the ints of the texts containing it) for a chunk of texts."""
    n = len(texts)
    ends = np.cumsum(lengths)
    points = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), np.uint32)
    used = np.zeros(_UNICODE, np.int32)
    used[points] = 1
    letters = [chr(c) for c in np.flatnonzero(used).tolist()]
    size = len(letters)
    chars = (np.cumsum(used, dtype=np.int32) - 1)[points]
    del used, points
    # a bigram starts at every position but the last of each text
    inside = np.ones(max(chars.size - 1, 0), bool)
    inside[ends[:-1] - 1] = False
    grams = chars[:-1][inside].astype(np.int64)
    grams *= size
    grams += chars[1:][inside]
    del inside
    owners = np.repeat(np.arange(n, dtype=np.int64), lengths - 1)
    single = np.flatnonzero(lengths == 1)
    if single.size:  # a one-character text is indexed by its character, coded past the pairs
        grams = np.concatenate((grams, chars[ends[single] - 1].astype(np.int64) + size * size))
        owners = np.concatenate((owners, single))
    del chars
    codes, postings = _group(grams, owners, ints)
    del grams, owners
    for code, posting in zip(codes, postings, strict=True):
        first, second = divmod(code, size)
        yield (letters[second] if first == size else letters[first] + letters[second]), posting


def _chunk_words(
    texts: Sequence[str], ints: npt.NDArray[np.object_], lengths: npt.NDArray[np.int64]
) -> Iterable[tuple[str, tuple[int, ...]]]:
    """(word, the ints of the texts with a space that hold it) for a chunk of texts.

    ``_WORD.findall`` over the texts with a space (joined by a newline, which no word holds)
    gives every word in order; numpy finds where each starts, hence its text.
    """
    spaced = np.fromiter((" " in t for t in texts), bool, len(texts))
    if not spaced.any():
        return
    found = _WORD.findall("\n".join(compress(texts, spaced.tolist())))
    points = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), np.uint32)
    word = ((points >= ord("a")) & (points <= ord("z"))) | (
        (points >= ord("0")) & (points <= ord("9"))
    )
    del points
    word &= np.repeat(spaced, lengths)
    begins = word.copy()
    begins[1:] &= ~word[:-1]
    ends = np.cumsum(lengths)
    begins[ends[:-1]] = word[ends[:-1]]  # a text's first character starts a word of its own
    at = np.flatnonzero(begins)
    del word, begins
    if at.size != len(found):  # cannot happen: the two agree on what a word is
        raise AssertionError("word boundaries disagree")
    owners = np.searchsorted(ends, at, side="right")
    ids = {w: i for i, w in enumerate(dict.fromkeys(found))}
    keys = np.fromiter(map(ids.__getitem__, found), np.int64, len(found))
    codes, postings = _group(keys, owners.astype(np.int64), ints)
    vocabulary = list(ids)
    for code, posting in zip(codes, postings, strict=True):
        yield vocabulary[code], posting


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
        self._text_entries: list[tuple[int, ...]] = _group(
            of_entry,
            np.arange(len(texts), dtype=np.int64),
            np.array(range(len(texts)), dtype=object),
        )[1]
        grams, words = _text_postings(order)
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
        for k in _bigrams(q):
            gram = self._grams.get(k)
            if gram is None:
                return ()
            postings.append(gram)
        postings.sort(key=len)
        narrowed: Sequence[int] = postings[0]
        for posting in postings[1:]:
            if len(narrowed) <= _FEW:
                break
            narrowed = _narrow(narrowed, posting)
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
        for m in _WORD.finditer(q):
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
        found = [self._words.get(w) for w in set(_WORD.findall(q))]
        found += [self._grams.get(k) for k in _bigrams(q)]
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
                narrowed = _narrow(narrowed, p)
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
