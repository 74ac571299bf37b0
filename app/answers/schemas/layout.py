"""Layout shapes: node positions for drawing the graph, and a colour per node type."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from app.answers.schemas.core import Summary
from app.vocabulary import Evidence, RelationName


class PlacedNode(Summary):
    """A node with its position in the layout box and its degree in the whole graph."""

    x: float
    y: float
    degree: int


class PlacedEdge(BaseModel):
    """An edge between two placed nodes."""

    model_config = ConfigDict(frozen=True)

    id: str
    source: str
    target: str
    relation: RelationName
    evidence: Evidence


class TypeStyle(BaseModel):
    """How a node type is drawn, and how many of its nodes the layout holds."""

    model_config = ConfigDict(frozen=True)

    name: str
    colour: str
    count: int


class LayoutOut(BaseModel):
    """Positions of the whole graph, or of one node's neighbourhood, in a ``size`` box.

    ``center`` and ``radius`` are set for a neighbourhood; ``whole`` tells whether every
    node of the plan is drawn; ``truncated`` tells that the neighbourhood was cut to its
    closest nodes.
    """

    model_config = ConfigDict(frozen=True)

    version: str
    whole: bool
    center: str | None
    radius: int | None
    truncated: bool
    size: float
    nodes: list[PlacedNode]
    edges: list[PlacedEdge]
    types: list[TypeStyle]


__all__ = ["LayoutOut", "PlacedEdge", "PlacedNode", "TypeStyle"]
