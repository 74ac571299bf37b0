"""Inverted postings of character bigrams and words, built with numpy.

A large plan has millions of (bigram, text) pairs: they are numbers in numpy arrays, and
each posting is a tuple of shared ints, so building the index neither makes millions of
small objects nor visits a text more than once.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterable, Sequence
from itertools import chain, compress, pairwise

import numpy as np
import numpy.typing as npt

__all__ = ["WORD", "Postings", "bigrams", "group", "narrow", "text_postings"]


def bigrams(text: str) -> set[str]:
    """The distinct character bigrams of a text.

    >>> sorted(bigrams("abab"))
    ['ab', 'ba']
    """
    return set(map(operator.add, text, text[1:]))


WORD = re.compile(r"[a-z0-9]+")


def narrow(found: Sequence[int], posting: Sequence[int]) -> list[int]:
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


def group(
    keys: npt.NDArray[np.int64], values: npt.NDArray[np.int64], ints: npt.NDArray[np.object_]
) -> tuple[list[int], list[tuple[int, ...]]]:
    """Group (key, value) pairs: the distinct keys ascending and, for each, the ints its
    values index (``ints[v]``), distinct and ascending.

    ``ints`` holds one int object per value, shared by every group that holds it (as
    ``enumerate`` would give), so that postings of millions of ids do not make millions of
    ints. Each pair is sorted by numpy as one number (key * len(ints) + value) when that fits
    in 63 bits.

    >>> group(np.array([5, 2, 5, 5]), np.array([1, 0, 0, 1]), np.array([7, 8], dtype=object))
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


def text_postings(texts: Sequence[str]) -> tuple[Postings, Postings]:
    """Bigram -> ids of the texts containing it (a one-character text: its character), and
    word -> ids of the texts with a space containing it as a whole word (``WORD``).

    The same postings as ``bigrams`` and ``WORD.findall`` of each text give, but the
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
    codes, postings = group(grams, owners, ints)
    del grams, owners
    for code, posting in zip(codes, postings, strict=True):
        first, second = divmod(code, size)
        yield (letters[second] if first == size else letters[first] + letters[second]), posting


def _chunk_words(
    texts: Sequence[str], ints: npt.NDArray[np.object_], lengths: npt.NDArray[np.int64]
) -> Iterable[tuple[str, tuple[int, ...]]]:
    """(word, the ints of the texts with a space that hold it) for a chunk of texts.

    ``WORD.findall`` over the texts with a space (joined by a newline, which no word holds)
    gives every word in order; numpy finds where each starts, hence its text.
    """
    spaced = np.fromiter((" " in t for t in texts), bool, len(texts))
    if not spaced.any():
        return
    found = WORD.findall("\n".join(compress(texts, spaced.tolist())))
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
    codes, postings = group(keys, owners.astype(np.int64), ints)
    vocabulary = list(ids)
    for code, posting in zip(codes, postings, strict=True):
        yield vocabulary[code], posting
