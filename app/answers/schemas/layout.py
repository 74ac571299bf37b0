"""The graph the explorer draws (it lays it out in the browser), and a colour per node type."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from app.answers.schemas.core import Summary
from app.vocabulary import Evidence, RelationName


class LayoutNode(Summary):
    """A node to draw, with its degree in the whole graph."""

    degree: int


class LayoutEdge(BaseModel):
    """An edge between two drawn nodes."""

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
    """The whole graph, or one node's neighbourhood, to draw.

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
    nodes: list[LayoutNode]
    edges: list[LayoutEdge]
    types: list[TypeStyle]


__all__ = ["LayoutEdge", "LayoutNode", "LayoutOut", "TypeStyle"]
