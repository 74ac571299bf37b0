"""Facet counts over a list of nodes: per type, per city reached, per pillar.

>>> from app import load_plan
>>> snap = load_plan()
>>> counts = facet_counts(snap, snap.by_type["measure"], ["type"])
>>> counts["type"][0].count == len(snap.by_type["measure"])
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from app.answers.schemas import FacetCount
from app.graph.cities import cities_of
from app.graph.snapshot import Snapshot
from app.memo import Key

__all__ = ["facet_counts", "facet_dicts", "of_type"]

_OF_TYPE: Key[frozenset[str]] = Key("of-type")


def of_type(snap: Snapshot, type_: str | None) -> frozenset[str] | None:
    """The ids of the nodes of ``type_`` as a set (built once per snapshot and type)."""
    if not type_:
        return None
    return snap.memo.get(_OF_TYPE.of(type_), lambda: frozenset(snap.by_type.get(type_, ())))


def facet_counts(
    snap: Snapshot, ids: Iterable[str], names: Sequence[str]
) -> dict[str, list[FacetCount]]:
    """Counts per value of each facet over ``ids``."""
    ids = list(ids)
    out: dict[str, list[FacetCount]] = {}
    for facet in names:
        counter: Counter[str] = Counter()
        for nid in ids:
            counter.update(_facet_values(snap, nid, facet))
        named = facet != "type"
        out[facet] = [
            FacetCount(value=v, count=c, name=snap.nodes[v].name if named else None)
            for v, c in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
    return out


def _facet_values(snap: Snapshot, nid: str, facet: str) -> Iterable[str]:
    node = snap.nodes[nid]
    if facet == "type":
        return (node.type,)
    if facet == "city":
        return cities_of(snap).get(nid, ())
    # pillar: the pillar a measure or action belongs to
    measure = nid if node.type == "measure" else snap.parent(nid, "measure")
    pillar = snap.parent(measure, "pillar") if measure else None
    return (pillar,) if pillar else (nid,) if node.type == "pillar" else ()


def facet_dicts(
    snap: Snapshot, ids: Iterable[str], names: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """:func:`facet_counts` as plain data for orjson."""
    return {
        facet: [c.model_dump() for c in counts]
        for facet, counts in facet_counts(snap, ids, names).items()
    }
