"""Nodes, their neighbours, edges, and the typed collections frontends list."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import RedirectResponse

from app.answers import nodes as answers
from app.answers.params import parse_facets
from app.answers.schemas import EdgeOut, NodeDetail, NodeOut, Page, RelationOut
from app.api.deps import Facets, Limit, Offset, SnapshotDep
from app.api.problems import responses
from app.api.render import JSON_OUT, Out
from app.api.routes import JSONBytes
from app.errors import NodeRetired
from app.vocabulary import Evidence, NodeTypeName, RelationName

router = APIRouter(prefix="/v1", tags=["nodes"])

NodeId = Annotated[str, Path(max_length=200, description="A node id (kebab-case slug).")]
Q = Annotated[str | None, Query(max_length=200, description="A search query filtering the list.")]
TypeFilter = Annotated[NodeTypeName | None, Query(alias="type", description="Node type.")]
CityFilter = Annotated[
    str | None,
    Query(max_length=200, description="A city id: nodes that reach it or lie in it."),
]


@router.get(
    "/nodes", summary="List nodes", responses=responses(404, 422), response_model=Page[NodeOut]
)
def list_nodes(
    snap: SnapshotDep,
    type_: TypeFilter = None,
    city: CityFilter = None,
    q: Q = None,
    facets: Facets = None,
    limit: Limit = 50,
    offset: Offset = 0,
    out: Out = JSON_OUT,
) -> Response:
    """Full nodes, filterable by type, city and a search query, with optional facet counts."""
    return out(answers.list_nodes(snap, type_, city, q, limit, offset, parse_facets(facets)))


@router.get(
    "/nodes/{node_id}",
    summary="One node with its relations",
    responses={
        301: {
            "description": "The id was retired: Location names its successor",
            "headers": {"Location": {"schema": {"type": "string"}}},
        },
        **responses(404, 410, 422),
    },
    response_model=NodeDetail,
)
async def get_node(snap: SnapshotDep, node_id: NodeId) -> Response:
    """The full node plus every relation it takes part in.

    A retired id answers 301 to its successor, or 410 when it has none.
    """
    try:
        return JSONBytes(answers.node_detail_json(snap, node_id))
    except NodeRetired as exc:
        if exc.successor is None:
            raise
        return RedirectResponse(f"/v1/nodes/{exc.successor}", status_code=301)


@router.get(
    "/nodes/{node_id}/neighbors",
    summary="A node's neighbours",
    responses=responses(404, 422),
    response_model=Page[RelationOut],
)
async def get_neighbors(
    snap: SnapshotDep,
    node_id: NodeId,
    relation: RelationName | None = None,
    direction: Annotated[Literal["out", "in"] | None, Query(description="out or in.")] = None,
    type_: TypeFilter = None,
    limit: Limit = 50,
    offset: Offset = 0,
    out: Out = JSON_OUT,
) -> Response:
    """The node's relations, filtered by relation, direction and the other end's type."""
    return out(
        JSONBytes(answers.neighbors_json(snap, node_id, relation, direction, type_, limit, offset))
    )


@router.get(
    "/edges", summary="List edges", responses=responses(404, 422), response_model=Page[EdgeOut]
)
def list_edges(
    snap: SnapshotDep,
    relation: RelationName | None = None,
    source: Annotated[str | None, Query(max_length=200, description="Source node id.")] = None,
    target: Annotated[str | None, Query(max_length=200, description="Target node id.")] = None,
    evidence: Evidence | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
    out: Out = JSON_OUT,
) -> Response:
    """Edges filtered by relation, source, target and evidence."""
    return out(answers.list_edges(snap, relation, source, target, evidence, limit, offset))


def _collection(type_name: str, path: str, label: str) -> None:
    def handler(
        snap: SnapshotDep,
        city: CityFilter = None,
        q: Q = None,
        facets: Facets = None,
        limit: Limit = 50,
        offset: Offset = 0,
        out: Out = JSON_OUT,
    ) -> Response:
        return out(
            answers.list_nodes(snap, type_name, city, q, limit, offset, parse_facets(facets))
        )

    handler.__name__ = f"list_{path}"
    handler.__doc__ = f"Every {type_name} node (full nodes), filterable by city and query."
    router.add_api_route(
        f"/{path}",
        handler,
        methods=["GET"],
        summary=f"List {label}",
        response_model=Page[NodeOut],
        responses=responses(404, 422),
        tags=["collections"],
    )


for _type, _path, _label in (
    ("goal", "goals", "goals"),
    ("pillar", "pillars", "pillars"),
    ("measure", "measures", "measures"),
    ("action", "actions", "actions"),
    ("platform", "platforms", "platforms"),
    ("zone", "zones", "zones"),
    ("city", "cities", "cities"),
    ("field", "fields", "fields"),
):
    _collection(_type, _path, _label)
