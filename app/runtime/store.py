"""The snapshot store: holds the snapshot being served and swaps it in one assignment.

A request reads the store once and uses that snapshot throughout, so no answer mixes
versions.
"""

from __future__ import annotations

from app.errors import NotReady
from app.graph.snapshot import Snapshot


class SnapshotStore:
    """The currently served snapshot of one worker (empty until the first load)."""

    __slots__ = ("_current",)

    def __init__(self, snapshot: Snapshot | None = None) -> None:
        self._current = snapshot

    @property
    def loaded(self) -> Snapshot | None:
        """The served snapshot, or None before the first load."""
        return self._current

    @property
    def current(self) -> Snapshot:
        """The served snapshot; raises NotReady before the first load."""
        if self._current is None:
            raise NotReady("no plan is loaded yet")
        return self._current

    def swap(self, snapshot: Snapshot) -> Snapshot | None:
        """Serve ``snapshot`` from now on; returns the one it replaces."""
        old, self._current = self._current, snapshot
        return old
