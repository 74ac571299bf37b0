"""Pin the snapshot a request reads, once, for its whole life.

A reload swaps the served snapshot in one assignment; a request that read the store more
than once could mix versions. This layer reads it once, when the request arrives, and
keeps it in the scope: the routes (:func:`app.api.deps.get_snapshot`), the response cache
and ``X-Dataset-Version`` (:mod:`app.api.middleware.observe`) all read that one.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.deps import SNAPSHOT_KEY
from app.runtime.store import SnapshotStore

__all__ = ["PinSnapshot"]


class PinSnapshot:
    """Put the served snapshot (if any) in each HTTP request's scope."""

    def __init__(self, app: ASGIApp, store: SnapshotStore) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            snap = self.store.loaded
            if snap is not None:
                scope[SNAPSHOT_KEY] = snap
        await self.app(scope, receive, send)
