"""What is served: metadata, the vocabulary, the outline, and health."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from app.answers.meta import meta as meta_answer
from app.answers.meta import schema as schema_answer
from app.answers.outline import tree as tree_answer
from app.answers.schemas import Health, Meta, SchemaOut, Tree
from app.api.deps import SnapshotDep
from app.api.problems import responses
from app.runtime.reload import Reloader, ReloadResult

router = APIRouter(prefix="/v1", tags=["meta"])
health = APIRouter(tags=["health"])


def last_reload(request: Request, response: Response) -> ReloadResult | None:
    """The last attempt to load the data file; the answer then changes without a new version."""
    response.headers["Cache-Control"] = "no-store"
    reloader: Reloader | None = getattr(request.app.state, "reloader", None)
    return reloader.last if reloader is not None else None


@router.get("/meta", summary="Dataset metadata, counts, text coverage and the last reload")
def get_meta(
    snap: SnapshotDep,
    last: Annotated[ReloadResult | None, Depends(last_reload)] = None,
) -> Meta:
    """Title, documents, version, counts by type and relation, text coverage, last reload."""
    return meta_answer(snap, last)


@router.get("/schema", summary="Node types and relations")
def get_schema(snap: SnapshotDep) -> SchemaOut:
    """Node types and relations with their meaning, allowed ends and dependency direction."""
    return schema_answer(snap)


@router.get("/tree", summary="The plan as an outline")
def get_tree(snap: SnapshotDep) -> Tree:
    """Goals with sub-goals; chapters with pillars, measures and actions."""
    return tree_answer(snap)


@health.get("/healthz", summary="Liveness")
def healthz() -> Health:
    """The process is alive."""
    return Health(status="ok")


@health.get("/readyz", summary="Readiness", responses=responses(503))
def readyz(request: Request) -> Health:
    """A snapshot is loaded and served."""
    # Ready does not wait for the per-plan analyses: they are computed in the background
    # once the plan is served; one asked for before it is done answers 503 + Retry-After.
    snap = request.app.state.store.current  # NotReady (503) before the first load
    return Health(status="ready", version=snap.version)
