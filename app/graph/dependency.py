"""The dependency adjacency of a snapshot: for each node, the edges by which it needs
another node, and those by which another node needs it (made once per snapshot).

>>> from app import load_plan
>>> snap = load_plan()
>>> region = snap.by_type["region"][0]
>>> {snap.nodes[other].type for _, other in needs(snap)[region]} >= {"city"}
True
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from app.graph.snapshot import Snapshot
from app.memo import Key
from app.models import Edge
from app.vocabulary import RELATIONS

__all__ = ["Adjacency", "needed_by", "needs"]

#: node id -> (edge, node at the other end), for one direction of dependency
Adjacency = Mapping[str, tuple[tuple[Edge, str], ...]]
_ADJACENCY: Key[tuple[Adjacency, Adjacency]] = Key("dependency-adjacency")


def _build(snap: Snapshot) -> tuple[Adjacency, Adjacency]:
    needing: dict[str, list[tuple[Edge, str]]] = {}
    needed: dict[str, list[tuple[Edge, str]]] = {}
    for e in snap.edges.values():
        if RELATIONS[e.relation].depends == "source":
            needer, other = e.source, e.target
        else:
            needer, other = e.target, e.source
        needing.setdefault(needer, []).append((e, other))
        needed.setdefault(other, []).append((e, needer))
    return (
        MappingProxyType({k: tuple(v) for k, v in needing.items()}),
        MappingProxyType({k: tuple(v) for k, v in needed.items()}),
    )


def needs(snap: Snapshot) -> Adjacency:
    """``needs(snap)[x]``: the edges by which ``x`` needs another node, with that node."""
    return snap.memo.get(_ADJACENCY, lambda: _build(snap))[0]


def needed_by(snap: Snapshot) -> Adjacency:
    """``needed_by(snap)[x]``: the edges by which another node needs ``x``, with that node."""
    return snap.memo.get(_ADJACENCY, lambda: _build(snap))[1]
