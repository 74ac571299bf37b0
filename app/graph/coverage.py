"""Text coverage: is every clause of the plan cited by a span about its own size?

The plan's words (a document's ``plan_ranges``) are split at 。, ；, ; and line breaks into
clauses. A span counts for a clause when it overlaps it and is at most 2.5 times the
clause's length (or the clause plus 60 characters, if larger): a span of a whole paragraph
proves nothing about the clauses inside it. A clause is covered when counting spans cover
at least 80% of its characters.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.models import Document

_BREAKS = re.compile(r"[。；;\n]")
RATIO = 2.5
SLACK = 60
THRESHOLD = 0.8


@dataclass(frozen=True, slots=True)
class Clause:
    document: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Coverage:
    clauses: int
    covered: int
    uncovered: tuple[Clause, ...]

    @property
    def ratio(self) -> float:
        return round(self.covered / self.clauses, 4) if self.clauses else 1.0


def clauses(document: str, text: str, ranges: Iterable[tuple[int, int]]) -> list[Clause]:
    """Split the ranges of ``text`` into clauses, whitespace trimmed.

    >>> [c.text for c in clauses("d", "甲。乙\\n丙", [(0, 5)])]
    ['甲', '乙', '丙']
    """
    out = []
    for start, end in ranges:
        pos = start
        for m in _BREAKS.finditer(text, start, end):
            out += _clause(document, text, pos, m.start())
            pos = m.end()
        out += _clause(document, text, pos, end)
    return out


def _clause(document: str, text: str, start: int, end: int) -> list[Clause]:
    piece = text[start:end]
    kept = piece.strip()  # strips what str.isspace() calls whitespace
    if not kept:
        return []
    start += len(piece) - len(piece.lstrip())
    return [Clause(document, start, start + len(kept), kept)]


def covers(clause: Clause, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``spans`` (sorted by start) cover the clause under the size rule."""
    starts = [s for s, _ in spans]
    return _covered(clause.start, clause.end, spans, starts)


def _covered(start: int, end: int, spans: Sequence[tuple[int, int]], starts: Sequence[int]) -> bool:
    """:func:`covers` for the clause ``[start, end)``; ``starts`` are the spans' starts."""
    size = end - start
    limit = max(RATIO * size, size + SLACK)
    # only spans starting within `limit` before the clause, and before its end, can count
    lo = bisect.bisect_left(starts, int(start - limit))
    hi = bisect.bisect_left(starts, end, lo)
    covered, run_start, run_end = 0, start, start  # the union of the counting spans
    for s, e in spans[lo:hi]:
        if e <= start or e - s > limit:
            continue
        a = s if s > start else start
        b = e if e < end else end
        if a > run_end:
            covered += run_end - run_start
            run_start = a
        if b > run_end:
            run_end = b
    covered += run_end - run_start
    return covered >= THRESHOLD * size


def coverage(
    documents: Iterable[Document],
    texts: Mapping[str, str],
    spans: Mapping[str, Sequence[tuple[int, int]]],
) -> Coverage:
    """Coverage of every document's plan ranges by ``spans`` (document id -> (start, end))."""
    total = 0
    missing: list[Clause] = []
    for doc in documents:
        if doc.id not in texts or not doc.plan_ranges:
            continue
        cited = sorted(spans.get(doc.id, ()))
        starts = [s for s, _ in cited]
        text = texts[doc.id]
        for r in doc.plan_ranges:
            # the clauses of :func:`clauses`, a Clause made only for one not covered
            bounds = [r.start]
            for m in _BREAKS.finditer(text, r.start, r.end):
                bounds += m.span()
            bounds.append(r.end)
            for i in range(0, len(bounds), 2):
                start, end = bounds[i], bounds[i + 1]
                piece = text[start:end]
                kept = piece.strip()
                if not kept:
                    continue
                total += 1
                start += len(piece) - len(piece.lstrip())
                if not _covered(start, start + len(kept), cited, starts):
                    missing.append(Clause(doc.id, start, start + len(kept), kept))
    return Coverage(total, total - len(missing), tuple(missing))
