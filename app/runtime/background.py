"""The background runner: computes slow per-snapshot values into the snapshot's memo in a
daemon thread, so that a server answers at once and no request computes them.

Each job's key is reserved in the memo before the thread starts (:meth:`Memo.reserve`): a
request asking for one meanwhile waits briefly, then gets a 503 with ``Retry-After``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from app.memo import Key, Memo

__all__ = ["Background", "Job"]

#: (memo key, what it is for people, how to compute it)
Job = tuple[Key[Any], str, Callable[[], object]]

log = logging.getLogger("plangraph.background")


class Background:
    """Jobs computed in order in one daemon thread, each into ``memo`` under its key."""

    def __init__(self, memo: Memo, jobs: Sequence[Job], name: str) -> None:
        self._memo = memo
        # keys already computed or reserved by another runner are left alone
        self._jobs = [j for j in jobs if memo.reserve(j[0], j[1])]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Background:
        """Start the thread; returns self."""
        self._thread.start()
        return self

    def _run(self) -> None:
        for i, (key, what, compute) in enumerate(self._jobs):
            if self._stop.is_set():
                for k, _, _ in self._jobs[i:]:
                    self._memo.release(k)  # waiters compute it themselves, if ever asked
                return
            try:
                value = compute()
            except Exception:
                log.exception("computing %s failed", what)
                self._memo.release(key)
                continue
            self._memo.fill(key, value)

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the thread to end; whether it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def stop(self) -> None:
        """Compute nothing more once the current job is done (the snapshot is replaced)."""
        self._stop.set()
