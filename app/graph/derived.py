"""Per-snapshot structures for analysis, built once on first use and kept with the snapshot.

A snapshot never changes, so anything computed from it alone (the dependency adjacency,
centrality scores, the coverage report) is computed at most once and reused by every
request and every analyst's call.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from app.models import Edge
from app.vocabulary import RELATIONS

if TYPE_CHECKING:
    from app.graph.snapshot import Snapshot

T = TypeVar("T")

#: node id -> (edge, node at the other end), for one direction of dependency
Adjacency = Mapping[str, tuple[tuple[Edge, str], ...]]


class Derived:
    """Dependency adjacency and a memo of results computed once per snapshot."""

    def __init__(self, snap: Snapshot) -> None:
        self._snap = snap
        self._memo: dict[Hashable, Any] = {}
        self._lock = threading.RLock()

    def _adjacency(self) -> tuple[Adjacency, Adjacency]:
        needs: dict[str, list[tuple[Edge, str]]] = {}
        needed_by: dict[str, list[tuple[Edge, str]]] = {}
        for e in self._snap.edges.values():
            if RELATIONS[e.relation].depends == "source":
                needer, needed = e.source, e.target
            else:
                needer, needed = e.target, e.source
            needs.setdefault(needer, []).append((e, needed))
            needed_by.setdefault(needed, []).append((e, needer))
        return (
            MappingProxyType({k: tuple(v) for k, v in needs.items()}),
            MappingProxyType({k: tuple(v) for k, v in needed_by.items()}),
        )

    @cached_property
    def _both(self) -> tuple[Adjacency, Adjacency]:
        return self._adjacency()

    @property
    def needs(self) -> Adjacency:
        """``needs[x]``: the edges by which ``x`` needs another node, with that node."""
        return self._both[0]

    @property
    def needed_by(self) -> Adjacency:
        """``needed_by[x]``: the edges by which another node needs ``x``, with that node."""
        return self._both[1]

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value stored under ``key``, computed by ``compute()`` the first time only.

        Concurrent first callers wait for the one computation instead of repeating it.
        """
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        with self._lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]  # type: ignore[no-any-return]
