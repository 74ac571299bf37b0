"""What is served: metadata, the vocabulary, the outline, and health."""

from __future__ import annotations

from fastapi import APIRouter, Request

from app.api.deps import SnapshotDep
from app.api.problems import responses
from app.graph import queries
from app.schemas import Health, Meta, SchemaOut, Tree

router = APIRouter(prefix="/v1", tags=["meta"])
health = APIRouter(tags=["health"])


@router.get("/meta", summary="Dataset metadata, counts and text coverage")
def get_meta(snap: SnapshotDep) -> Meta:
    """Title, documents, dataset version, counts by type and relation, and text coverage."""
    return queries.meta(snap)


@router.get("/schema", summary="Node types and relations")
def get_schema(snap: SnapshotDep) -> SchemaOut:
    """Node types and relations with their meaning, allowed ends and dependency direction."""
    return queries.schema(snap)


@router.get("/tree", summary="The plan as an outline")
def get_tree(snap: SnapshotDep) -> Tree:
    """Goals with sub-goals; chapters with pillars, measures and actions."""
    return queries.tree(snap)


@health.get("/healthz", summary="Liveness")
def healthz() -> Health:
    """The process is alive."""
    return Health(status="ok")


@health.get("/readyz", summary="Readiness", responses=responses(503))
def readyz(request: Request) -> Health:
    """A snapshot is loaded and served."""
    snap = request.app.state.store.current  # NotReady (503) before the first load
    return Health(status="ready", version=snap.version)
