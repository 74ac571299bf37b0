"""Response shapes of analyst queries: traversals, paths, explanations, subgraphs, rankings,
the city matrix and goal coverage."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.answers.schemas.core import EdgeOut, Summary
from app.vocabulary import Evidence, NodeTypeName, RelationName, Scope


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Reached(Summary):
    """A node a traversal reached: its summary, how many edges from the root, and by which edge."""

    depth: int
    via: str = Field(description="The id of the edge by which the walk first reached the node.")


class Traversal(_Out):
    """What a node needs (``dependencies``) or what needs it (``impact``), transitively."""

    root: Summary
    direction: Literal["dependencies", "impact"]
    depth: int
    nodes: list[Reached]
    edges: list[EdgeOut]
    truncated: bool


class PathOut(_Out):
    """A simple path: ``edges[i]`` joins ``nodes[i]`` and ``nodes[i + 1]``."""

    nodes: list[Summary]
    edges: list[EdgeOut]
    length: int


class Paths(_Out):
    """Shortest simple paths between two nodes, shortest first."""

    source: Summary
    target: Summary
    directed: bool
    max_length: int
    paths: list[PathOut]
    truncated: bool


class Sentence(_Out):
    """One statement in Chinese and in English."""

    zh: str
    en: str


class Step(_Out):
    """One hop of an explanation, read from ``from`` to ``to``."""

    from_: Summary = Field(serialization_alias="from")
    to: Summary
    edge: str
    relation: RelationName
    evidence: Evidence
    direction: Literal["forward", "inverse"] = Field(
        description="forward when the hop follows the edge (source to target), else inverse."
    )
    quote: str | None = Field(
        description="The edge's first cited passage (zh), or its section locator."
    )
    rationale: str | None
    sentence: Sentence


class Explanation(_Out):
    """Why one node bears on another: the best path, read as sentences."""

    from_: Summary = Field(serialization_alias="from")
    to: Summary
    found: bool
    length: int | None
    steps: list[Step]
    path: PathOut | None
    text: Sentence | None


class SubgraphNode(_Out):
    id: str
    type: NodeTypeName
    name_zh: str
    name_en: str


class SubgraphEdge(_Out):
    source: str
    target: str
    key: str
    id: str
    relation: RelationName
    evidence: Evidence


class Subgraph(_Out):
    """The union of ego networks, as networkx node-link data (edges under ``edges``)."""

    directed: bool
    multigraph: bool
    graph: dict[str, Any]
    nodes: list[SubgraphNode]
    edges: list[SubgraphEdge]
    ids: list[str]
    depth: int
    truncated: bool


class Ranked(Summary):
    """A node with its score and rank (1 is highest)."""

    score: float
    rank: int


class Centrality(_Out):
    """Nodes ranked by a centrality metric, computed once per snapshot."""

    metric: Literal["degree", "betweenness", "pagerank"]
    types: list[NodeTypeName] | None
    sampled: bool = Field(description="Whether betweenness was estimated from sampled sources.")
    items: list[Ranked]
    total: int


class MatrixMeasure(Summary):
    pillar: str | None


class MatrixCell(_Out):
    city: str
    measure: str
    scope: Scope
    actions: int = Field(description="How many of the measure's actions reach the city.")


class CityMatrix(_Out):
    """Cities x measures: ``matrix[i][j]`` is how measure j reaches city i (null: not at all)."""

    cities: list[Summary]
    measures: list[MatrixMeasure]
    scopes: list[Scope]
    matrix: list[list[Scope | None]]
    cells: list[MatrixCell]


class GoalServed(_Out):
    """A goal with the measures and actions that serve it (its dependencies of those types)."""

    goal: Summary
    attributes: dict[str, Any]
    measures: list[Summary]
    actions: list[Summary]
    served: bool


class GoalCoverage(_Out):
    """For each goal, what serves it; and the goals no measure serves."""

    goals: list[GoalServed]
    unserved: list[Summary]
    truncated: bool


__all__ = [
    "Centrality",
    "CityMatrix",
    "Explanation",
    "GoalCoverage",
    "GoalServed",
    "MatrixCell",
    "MatrixMeasure",
    "PathOut",
    "Paths",
    "Ranked",
    "Reached",
    "Sentence",
    "Step",
    "Subgraph",
    "SubgraphEdge",
    "SubgraphNode",
    "Traversal",
]
