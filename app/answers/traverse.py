"""Traversals that answer "why", shaped: what a node needs (dependencies) and what needs
it (impact), each node with its depth and the edge that reached it.

Every function is a plain function ``f(snap, ...)`` over a
:class:`~app.graph.snapshot.Snapshot` returning a response shape; the walks themselves
are in :mod:`app.graph.walk`. Every one is bounded: parameters have limits (a value over
its limit raises :class:`~app.errors.InvalidParameter` naming the parameter and the limit),
no answer holds more than :data:`~app.graph.walk.MAX_NODES` nodes (it says ``truncated``
instead), and each walk checks a node budget and a time budget as it goes.

:func:`traversal` walks either way; :func:`dependencies` (what a node needs) and
:func:`impact` (what needs it) are its two directions.

Examples
--------
>>> from app import load_plan
>>> snap = load_plan()
>>> city = snap.by_type["city"][0]
>>> answer = impact(snap, city)           # a region needs its cities
>>> any(n.type == "region" for n in answer.nodes)
True
>>> answer.truncated
False
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.answers.params import check_evidence, check_range, parse_names

# paths, explain and subgraph have modules of their own; importing them from here, as code
# written against earlier versions does, keeps working
from app.answers.paths import explain as explain
from app.answers.paths import paths as paths
from app.answers.schemas import (
    Summary,
    Traversal,
)
from app.answers.serialize import dumps, fragment
from app.answers.subgraph import subgraph as subgraph
from app.answers.views import views
from app.graph.snapshot import Snapshot
from app.graph.walk import (
    MAX_DEPTH,
    MAX_NODES,
    TIME_BUDGET,
    Direction,
    Walk,
    walk,
)
from app.vocabulary import NODE_TYPES, RELATIONS

__all__ = [
    "dependencies",
    "dependencies_json",
    "impact",
    "impact_json",
    "traversal",
    "traversal_json",
]


def _walk(
    snap: Snapshot,
    node_id: str,
    direction: Direction,
    depth: int,
    relation: str | Iterable[str] | None,
    type_: str | Iterable[str] | None,
    evidence: str | None,
    max_nodes: int,
    timeout: float,
) -> Walk:
    check_range("depth", depth, 1, MAX_DEPTH)
    return walk(
        snap,
        node_id,
        direction,
        depth,
        parse_names("relation", relation, RELATIONS),
        parse_names("type", type_, NODE_TYPES),
        check_evidence(evidence),
        max_nodes=max_nodes,
        timeout=timeout,
    )


def traversal_json(
    snap: Snapshot,
    node_id: str,
    direction: Direction,
    depth: int = MAX_DEPTH,
    relation: str | Iterable[str] | None = None,
    type_: str | Iterable[str] | None = None,
    evidence: str | None = None,
    *,
    max_nodes: int = MAX_NODES,
    timeout: float = TIME_BUDGET,
) -> bytes:
    """The JSON of :func:`traversal`: the bytes its :class:`~app.answers.schemas.Traversal` is.

    Parameters
    ----------
    snap, node_id, direction, depth, relation, type_, evidence, max_nodes, timeout
        As for :func:`traversal`.

    Returns
    -------
    bytes
        The answer, made of the per-snapshot summaries and edges (:mod:`app.answers.views`).
    """
    found = _walk(snap, node_id, direction, depth, relation, type_, evidence, max_nodes, timeout)
    shapes = views(snap)
    edge_json = shapes.edge_json
    return dumps(
        {
            "root": shapes.summary_json[found.root],
            "direction": found.direction,
            "depth": found.depth,
            "nodes": [
                {**shapes.summary_fields(n), "depth": d, "via": e} for n, d, e in found.reached
            ],
            "edges": [fragment(edge_json(e)) for e in found.edges],
            "truncated": found.truncated,
        }
    )


def traversal(
    snap: Snapshot,
    node_id: str,
    direction: Direction,
    depth: int = MAX_DEPTH,
    relation: str | Iterable[str] | None = None,
    type_: str | Iterable[str] | None = None,
    evidence: str | None = None,
    *,
    max_nodes: int = MAX_NODES,
    timeout: float = TIME_BUDGET,
) -> Traversal:
    """Everything ``node_id`` needs (``direction="dependencies"``), or everything that needs
    it (``"impact"``: what is affected if it slips), transitively, following each
    relation's dependency.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    node_id : str
        The root node.
    direction : {"dependencies", "impact"}
        Which way to walk.
    depth : int
        How many edges from the root to walk, 1 to :data:`~app.graph.walk.MAX_DEPTH`.
    relation : str or iterable of str, optional
        Walk only edges of these relations (comma-separated in a string).
    type_ : str or iterable of str, optional
        Return only nodes of these types; the walk still passes through the others.
    evidence : {"stated", "inferred"}, optional
        Walk only edges with this evidence.
    max_nodes, timeout : int, float
        The node budget and the time budget (seconds); past either the walk stops and the
        answer says ``truncated``.

    Returns
    -------
    Traversal
        ``nodes`` in walk order, each with its ``depth`` and the edge that reached it
        (``via``); ``edges`` are every edge walked.

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> region = snap.by_type["region"][0]
    >>> needs = traversal(snap, region, "dependencies", depth=1)
    >>> {n.type for n in needs.nodes} >= {"city"}
    True
    >>> all(n.depth == 1 for n in needs.nodes)
    True
    """
    answer = traversal_json(
        snap,
        node_id,
        direction,
        depth,
        relation,
        type_,
        evidence,
        max_nodes=max_nodes,
        timeout=timeout,
    )
    return Traversal.model_validate_json(answer)


def dependencies(snap: Snapshot, node_id: str, *args: Any, **kwargs: Any) -> Traversal:
    """Everything ``node_id`` needs: :func:`traversal` with ``direction="dependencies"``.

    >>> from app import load_plan
    >>> snap = load_plan()
    >>> region = snap.by_type["region"][0]
    >>> {n.type for n in dependencies(snap, region, depth=1).nodes} >= {"city"}
    True
    """
    return traversal(snap, node_id, "dependencies", *args, **kwargs)


def impact(snap: Snapshot, node_id: str, *args: Any, **kwargs: Any) -> Traversal:
    """Everything that needs ``node_id``: :func:`traversal` with ``direction="impact"``.

    >>> from app import load_plan
    >>> snap = load_plan()
    >>> city = snap.by_type["city"][0]
    >>> [n.type for n in impact(snap, city, type_="region").nodes]
    ['region']
    """
    return traversal(snap, node_id, "impact", *args, **kwargs)


def dependencies_json(snap: Snapshot, node_id: str, *args: Any, **kwargs: Any) -> bytes:
    """:func:`traversal_json` with ``direction="dependencies"``."""
    return traversal_json(snap, node_id, "dependencies", *args, **kwargs)


def impact_json(snap: Snapshot, node_id: str, *args: Any, **kwargs: Any) -> bytes:
    """:func:`traversal_json` with ``direction="impact"``."""
    return traversal_json(snap, node_id, "impact", *args, **kwargs)


def _summary(snap: Snapshot, node_id: str) -> Summary:
    return views(snap).summaries[node_id]
