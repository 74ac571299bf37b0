"""Text as search compares it: width- and case-folded, and read as pinyin.

Han characters are read the way pypinyin's ``lazy_pinyin`` reads them, cut into words by
its dictionary; each word is read once per process.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from pypinyin import Style
from pypinyin.constants import PHRASES_DICT, RE_HANS
from pypinyin.converter import DefaultConverter

__all__ = ["fold", "pinyin"]


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
