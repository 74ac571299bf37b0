"""Analyst queries: dependencies, impact, paths, explanations, subgraphs and rankings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BeforeValidator

from app.answers import analytics, paths, subgraph, traverse
from app.answers.analytics import MAX_RANKED, Metric
from app.answers.schemas import (
    Centrality,
    CityMatrix,
    Explanation,
    GoalCoverage,
    Paths,
    Subgraph,
    Traversal,
)
from app.api.commalist import COMMA_SEPARATED, split_commas
from app.api.deps import SnapshotDep
from app.api.problems import responses
from app.api.render import JSON_OUT, Out
from app.api.routes import JSONBytes
from app.graph.walk import MAX_DEPTH, MAX_IDS, MAX_PATH_LENGTH, MAX_PATHS
from app.models import Slug
from app.vocabulary import Evidence, NodeTypeName, RelationName

router = APIRouter(prefix="/v1", tags=["analysis"])

NodeId = Annotated[str, Path(max_length=200, description="A node id (kebab-case slug).")]
Depth = Annotated[
    int, Query(ge=1, le=MAX_DEPTH, description=f"Edges from the root, 1 to {MAX_DEPTH}.")
]
Relations = Annotated[
    list[RelationName] | None,
    BeforeValidator(split_commas),
    Query(
        description="Walk only these relations (comma-separated), e.g. part_of,builds.",
        json_schema_extra=COMMA_SEPARATED,
    ),
]
Types = Annotated[
    list[NodeTypeName] | None,
    BeforeValidator(split_commas),
    Query(
        alias="type",
        description="Return only nodes of these types (comma-separated); the walk is unchanged.",
        json_schema_extra=COMMA_SEPARATED,
    ),
]
EvidenceFilter = Annotated[
    Evidence | None, Query(description="Walk only edges with this evidence.")
]
From = Annotated[str, Query(alias="from", max_length=200, description="The first node's id.")]
To = Annotated[str, Query(alias="to", max_length=200, description="The last node's id.")]


@router.get(
    "/nodes/{node_id}/dependencies",
    summary="What a node needs, transitively",
    responses=responses(404, 422),
    response_model=Traversal,
)
def get_dependencies(
    snap: SnapshotDep,
    node_id: NodeId,
    depth: Depth = MAX_DEPTH,
    relation: Relations = None,
    type_: Types = None,
    evidence: EvidenceFilter = None,
    out: Out = JSON_OUT,
) -> Response:
    """Everything the node needs, following each relation's dependency direction."""
    return out(
        JSONBytes(
            traverse.traversal_json(snap, node_id, "dependencies", depth, relation, type_, evidence)
        )
    )


@router.get(
    "/nodes/{node_id}/impact",
    summary="What needs a node, transitively",
    responses=responses(404, 422),
    response_model=Traversal,
)
def get_impact(
    snap: SnapshotDep,
    node_id: NodeId,
    depth: Depth = MAX_DEPTH,
    relation: Relations = None,
    type_: Types = None,
    evidence: EvidenceFilter = None,
    out: Out = JSON_OUT,
) -> Response:
    """Everything that needs the node: what is affected if it slips."""
    return out(
        JSONBytes(
            traverse.traversal_json(snap, node_id, "impact", depth, relation, type_, evidence)
        )
    )


@router.get("/paths", summary="Shortest paths between two nodes", responses=responses(404, 422))
def get_paths(
    snap: SnapshotDep,
    source: From,
    target: To,
    max_length: Annotated[
        int,
        Query(ge=1, le=MAX_PATH_LENGTH, description=f"Longest path, 1 to {MAX_PATH_LENGTH}."),
    ] = 6,
    limit: Annotated[
        int, Query(ge=1, le=MAX_PATHS, description=f"How many paths, 1 to {MAX_PATHS}.")
    ] = 3,
    directed: Annotated[
        bool, Query(description="Follow edges from source to target only.")
    ] = False,
) -> Paths:
    """Up to `limit` shortest simple paths, shortest first; direction ignored by default."""
    return paths.paths(snap, source, target, max_length, limit, directed)


@router.get("/explain", summary="Why one node bears on another", responses=responses(404, 422))
def get_explanation(snap: SnapshotDep, source: From, target: To) -> Explanation:
    """The best path between two nodes, as cited steps with sentences in zh and en."""
    return paths.explain(snap, source, target)


@router.get("/subgraph", summary="Ego networks as node-link JSON", responses=responses(404, 422))
def get_subgraph(
    snap: SnapshotDep,
    ids: Annotated[
        list[Slug],
        BeforeValidator(split_commas),
        Query(
            min_length=1,
            max_length=MAX_IDS,
            description=f"Node ids, comma-separated, 1 to {MAX_IDS}.",
            json_schema_extra=COMMA_SEPARATED,
        ),
    ],
    depth: Annotated[int, Query(ge=0, le=MAX_DEPTH, description=f"Radius, 0 to {MAX_DEPTH}.")] = 1,
) -> Subgraph:
    """The union of the nodes' ego networks, as networkx node-link data (edges: `edges`)."""
    return subgraph.subgraph(snap, ids, depth)


@router.get(
    "/analytics/centrality",
    summary="Nodes ranked by centrality",
    responses=responses(422, 503),
    response_model=Centrality,
)
def get_centrality(
    snap: SnapshotDep,
    metric: Metric = "degree",
    type_: Annotated[
        list[NodeTypeName] | None,
        BeforeValidator(split_commas),
        Query(
            alias="type",
            description="Rank only these node types (comma-separated).",
            json_schema_extra=COMMA_SEPARATED,
        ),
    ] = None,
    limit: Annotated[
        int, Query(ge=1, le=MAX_RANKED, description=f"How many, 1 to {MAX_RANKED}.")
    ] = 20,
    out: Out = JSON_OUT,
) -> Response:
    """Ranked summaries with scores; computed once per snapshot, never per request."""
    return out(analytics.centrality(snap, metric, type_, limit))


@router.get(
    "/analytics/city-matrix",
    summary="Cities x measures",
    responses=responses(422, 503),
    response_model=CityMatrix,
)
def get_city_matrix(snap: SnapshotDep, out: Out = JSON_OUT) -> Response:
    """How each measure reaches each city (its scope), for a heatmap."""
    return out(analytics.city_matrix(snap))


@router.get("/analytics/coverage", summary="What serves each goal", responses=responses(422, 503))
def get_coverage(snap: SnapshotDep) -> GoalCoverage:
    """For each goal, the measures and actions that serve it; and the goals none serves."""
    return analytics.goal_coverage(snap)
