"""Passages of a text: the W3C Web Annotation selectors of a cited span, and its context.

A span is ``text[start:end]`` in Unicode code points, end exclusive (what the Web
Annotation model's ``TextPositionSelector`` counts; JavaScript strings count UTF-16 code
units, which differ beyond the Basic Multilingual Plane). Its ``TextQuoteSelector`` is the
quote with a ``prefix`` and a ``suffix`` of :data:`WIDTH` code points where the text has
them, widened until ``prefix + exact + suffix`` occurs exactly once in the text (up to
:data:`MAX_WIDTH`). Its context is the clause holding it: the text between the clause
breaks (。！？；!?; a full stop before a space, a line break) around the span.

This is a leaf: the data file's checks and the graph's snapshot both use it.

Examples
--------
>>> text = "Build the lab. Open the lab to firms; fund the lab."
>>> p = passage(text, text.index("Open"), text.index("Open") + 12)
>>> p.exact, p.unique
('Open the lab', True)
>>> text[p.context_start : p.context_end]
'Open the lab to firms;'
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "MAX_WIDTH",
    "WIDTH",
    "Passage",
    "Passages",
    "clause_ranges",
    "occurrences",
    "passage",
]

#: code points of prefix and suffix where the text has them
WIDTH = 32
#: the widest prefix/suffix tried to make a quote unique; beyond it a selector is no anchor
MAX_WIDTH = 512

_BREAK = re.compile(r"[。！？；!?;]+|\.(?=\s|$)|\n+")


@dataclass(frozen=True, slots=True)
class Passage:
    """A cited span with its quote selector and the clause (or clauses) holding it."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    #: whether prefix + exact + suffix occurs exactly once in the text
    unique: bool
    context_start: int
    context_end: int


def occurrences(text: str, needle: str, limit: int = 0) -> list[int]:
    """Where ``needle`` starts in ``text``, overlapping matches included (at most ``limit``
    of them when it is set).

    >>> occurrences("aaa", "aa")
    [0, 1]
    """
    found: list[int] = []
    if not needle:
        return found
    pos = text.find(needle)
    while pos != -1:
        found.append(pos)
        if limit and len(found) >= limit:
            break
        pos = text.find(needle, pos + 1)
    return found


def clause_ranges(text: str) -> list[tuple[int, int]]:
    """The clauses of ``text`` as (start, end), whitespace trimmed, punctuation kept.

    >>> t = "甲，乙。丙；丁\\n戊"
    >>> [t[s:e] for s, e in clause_ranges(t)]
    ['甲，乙。', '丙；', '丁', '戊']
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _BREAK.finditer(text):
        end = m.start() if m.group().startswith("\n") else m.end()
        _trimmed(text, pos, end, out)
        pos = m.end()
    _trimmed(text, pos, len(text), out)
    return out


def _trimmed(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def _quote(
    text: str, start: int, end: int, found: list[int] | None = None
) -> tuple[str, str, bool]:
    """(prefix, suffix, unique) for ``text[start:end]``: :data:`WIDTH` code points each,
    widened (doubling) until the whole occurs once. ``found``: where the first candidate
    occurs (at most two places), when already known."""
    exact = text[start:end]
    width = WIDTH
    while True:
        prefix, suffix = text[max(0, start - width) : start], text[end : end + width]
        if found is None:
            found = occurrences(text, prefix + exact + suffix, 2)
        if len(found) == 1:
            return prefix, suffix, True
        if width >= MAX_WIDTH or (start - width <= 0 and end + width >= len(text)):
            return prefix, suffix, False
        width = min(width * 2, MAX_WIDTH)
        found = None


#: code points of the start of a candidate quote that :meth:`Passages.prepare` indexes
_GRAM = 16


def passage(text: str, start: int, end: int) -> Passage:
    """The selectors and context of ``text[start:end]`` (see :class:`Passages` for many).

    >>> p = passage("the lab; the lab.", 9, 16)
    >>> p.exact, p.prefix, p.suffix, p.unique
    ('the lab', 'the lab; ', '.', True)
    """
    return Passages(text).get(start, end)


class Passages:
    """The passages of one text, each computed once, on first use (clauses split once).

    >>> ps = Passages("Grow the lab. Fund the lab.")
    >>> ps.get(5, 12) is ps.get(5, 12)
    True
    """

    __slots__ = ("_cache", "_clause_ends", "_clause_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        clauses = clause_ranges(text)
        self._clause_starts = [s for s, _ in clauses]
        self._clause_ends = [e for _, e in clauses]
        self._cache: dict[tuple[int, int], Passage] = {}

    def context(self, start: int, end: int) -> tuple[int, int]:
        """The clauses overlapping ``[start, end)`` as one range (the span itself when none)."""
        # the first clause ending after start, the last one starting before end
        first = bisect.bisect_right(self._clause_ends, start)
        last = bisect.bisect_left(self._clause_starts, max(end, start + 1)) - 1
        if first > last:
            return start, end
        return min(start, self._clause_starts[first]), max(end, self._clause_ends[last])

    def get(self, start: int, end: int) -> Passage:
        """The passage ``text[start:end]``."""
        found = self._cache.get((start, end))
        return found if found is not None else self._make(start, end, None)

    def _make(self, start: int, end: int, where: list[int] | None) -> Passage:
        prefix, suffix, unique = _quote(self.text, start, end, where)
        cs, ce = self.context(start, end)
        made = Passage(start, end, self.text[start:end], prefix, suffix, unique, cs, ce)
        self._cache[(start, end)] = made
        return made

    def prepare(self, spans: Iterable[tuple[int, int]]) -> Passages:
        """Compute the passages of many spans at once (returns ``self``).

        One pass over the text finds where each span's first candidate quote (exact with
        :data:`WIDTH` code points each side) could start, by its first code points, instead
        of one search of the whole text per span: a long text cited a hundred thousand
        times is read once.
        """
        text = self.text
        todo: dict[tuple[int, int], str] = {}
        for start, end in spans:
            if (start, end) not in self._cache:
                todo[(start, end)] = text[max(0, start - WIDTH) : end + WIDTH]
        grams = {c[:_GRAM] for c in todo.values() if len(c) >= _GRAM}
        starts: dict[str, list[int]] = {}
        if grams:
            for i in range(len(text) - _GRAM + 1):
                g = text[i : i + _GRAM]
                if g in grams:
                    starts.setdefault(g, []).append(i)
        for (start, end), cand in todo.items():
            where = None
            if len(cand) >= _GRAM:
                where = [i for i in starts.get(cand[:_GRAM], ()) if text.startswith(cand, i)][:2]
            self._make(start, end, where)
        return self
