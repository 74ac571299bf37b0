"""Dependencies: the snapshot a request uses, and the common list parameters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator

from app.answers.params import Facet
from app.api.commalist import COMMA_SEPARATED, split_commas
from app.graph.snapshot import Snapshot

#: where the ASGI layer pins the snapshot a request reads (once) for its whole life
SNAPSHOT_KEY = "plangraph.snapshot"
MAX_LIMIT = 500
#: the largest offset accepted (a signed 32-bit integer, safe in every JSON client)
MAX_OFFSET = 2**31 - 1


async def get_snapshot(request: Request) -> Snapshot:
    """The snapshot pinned for this request (or the one served now).

    Async only so that it runs on the event loop, not in a worker thread: it never awaits.
    """
    snap: Snapshot | None = request.scope.get(SNAPSHOT_KEY)
    if snap is None:
        snap = request.app.state.store.current
        request.scope[SNAPSHOT_KEY] = snap
    return snap


SnapshotDep = Annotated[Snapshot, Depends(get_snapshot)]
Limit = Annotated[int, Query(ge=0, le=MAX_LIMIT, description=f"Page size, at most {MAX_LIMIT}.")]
Offset = Annotated[
    int, Query(ge=0, le=MAX_OFFSET, description=f"Items to skip, at most {MAX_OFFSET}.")
]
Facets = Annotated[
    list[Facet] | None,
    BeforeValidator(split_commas),
    Query(
        description="Facets to count, comma-separated: type, city, pillar.",
        examples=[["type", "city"]],
        json_schema_extra=COMMA_SEPARATED,
    ),
]
