"""Per-snapshot structures for analysis, built once on first use and kept with the snapshot.

A snapshot never changes, so anything computed from it alone (the dependency adjacency,
centrality scores, the coverage report) is computed at most once and reused by every
request and every analyst's call.

A server computes the slow ones in a background thread once a snapshot is served
(:meth:`Derived.compute_in_background`); until one is done, a caller waits for it at most
:data:`WAIT` seconds and then gets :class:`~app.errors.AnalysisPending` (a 503 with
``Retry-After``), so that no request computes it and none hangs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from app.errors import AnalysisPending
from app.models import Edge
from app.vocabulary import RELATIONS

if TYPE_CHECKING:
    from app.graph.snapshot import Snapshot

T = TypeVar("T")

#: node id -> (edge, node at the other end), for one direction of dependency
Adjacency = Mapping[str, tuple[tuple[Edge, str], ...]]
#: (memo key, what it is for people, how to compute it)
Job = tuple[Hashable, str, Callable[[], object]]

#: seconds a caller waits for a result being computed in the background before giving up
WAIT = 2.0
#: seconds a caller that gave up is told to wait before asking again
RETRY_AFTER = 5

log = logging.getLogger("plangraph.derived")


class Derived:
    """Dependency adjacency and a memo of results computed once per snapshot."""

    def __init__(self, snap: Snapshot) -> None:
        self._snap = snap
        self._memo: dict[Hashable, Any] = {}
        self._lock = threading.RLock()
        #: key -> (set when computed or abandoned, what it is) of the background's results
        self._pending: dict[Hashable, tuple[threading.Event, str]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

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

        Concurrent first callers wait for the one computation instead of repeating it. A key
        the background computes is never computed here: the caller waits for it at most
        :data:`WAIT` seconds, then :class:`~app.errors.AnalysisPending` is raised.
        """
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        pending = self._pending.get(key)
        if pending is not None:
            done, what = pending
            if not done.wait(WAIT):
                raise AnalysisPending(what, RETRY_AFTER)
            try:
                return self._memo[key]  # type: ignore[no-any-return]
            except KeyError:
                pass  # the background failed on it (and logged why): try here
        with self._lock:
            if key not in self._memo:
                self._memo[key] = compute()
            return self._memo[key]  # type: ignore[no-any-return]

    def compute_in_background(self, jobs: Sequence[Job]) -> threading.Thread:
        """Compute ``jobs`` in order in a daemon thread, each into the memo under its key.

        Keys already computed or already in the background are skipped. Returns the thread.
        """
        with self._lock:
            fresh = [j for j in jobs if j[0] not in self._memo and j[0] not in self._pending]
            for key, what, _ in fresh:
                self._pending[key] = (threading.Event(), what)
        thread = threading.Thread(
            target=self._background,
            args=(fresh,),
            name=f"analyses-{self._snap.version}",
            daemon=True,
        )
        self._thread = thread
        thread.start()
        return thread

    def _background(self, jobs: Sequence[Job]) -> None:
        for key, what, compute in jobs:
            if self._stop.is_set():
                return  # the snapshot is no longer served; waiting callers time out
            try:
                value = compute()
            except Exception:
                log.exception("computing %s failed", what)
                with self._lock:
                    done, _ = self._pending.pop(key)
                done.set()
                continue
            with self._lock:
                self._memo.setdefault(key, value)
                done, _ = self._pending.pop(key)
            done.set()

    def pending(self) -> list[str]:
        """What the background has yet to compute (empty once it is done)."""
        with self._lock:
            return [what for _, what in self._pending.values()]

    def wait_background(self, timeout: float | None = None) -> bool:
        """Wait for the background computation (if any) to end; whether it has."""
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def stop_background(self) -> None:
        """Compute nothing more in the background once the current job is done."""
        self._stop.set()
