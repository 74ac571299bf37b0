"""The passages a snapshot cites: selectors and context of each span, computed once per
snapshot (kept in its memo) and per span on first use.

>>> from app import load_plan
>>> snap = load_plan()
>>> c = next(iter(snap.citations.values()))[0]
>>> p = passage(snap, c.document, c.start, c.end)
>>> snap.texts[c.document][p.start : p.end] == p.exact
True
"""

from __future__ import annotations

from app.graph.snapshot import Snapshot
from app.memo import Key
from app.passages import Passage, Passages

__all__ = ["passage", "passages"]

_PASSAGES: Key[Passages] = Key("passages")


def passages(snap: Snapshot, document: str) -> Passages:
    """The passages of one shipped text of ``snap`` (one :class:`Passages` per snapshot),
    every span the snapshot cites computed together on first use."""

    def make() -> Passages:
        spans = ((c.start, c.end) for c in snap.citations.get(document, ()))
        return Passages(snap.texts[document]).prepare(spans)

    return snap.memo.get(_PASSAGES.of(document), make)


def passage(snap: Snapshot, document: str, start: int, end: int) -> Passage:
    """The selectors and context of ``document``'s ``text[start:end]``."""
    return passages(snap, document).get(start, end)
