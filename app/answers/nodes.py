"""Nodes and edges as answers: a node with its relations, a node's neighbours, lists of
nodes and edges.

Examples
--------
>>> from app import load_plan
>>> snap = load_plan()
>>> page = list_nodes(snap, type_="city")
>>> page.total == len(snap.by_type["city"])
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from app.answers.facets import facet_counts, of_type
from app.answers.schemas import EdgeOut, NodeDetail, NodeOut, Page, RelationOut, Summary
from app.answers.serialize import dumps
from app.answers.views import views
from app.graph.cities import nodes_in_city
from app.graph.lookup import require_node
from app.graph.snapshot import Snapshot
from app.models import Edge

__all__ = [
    "list_edges",
    "list_nodes",
    "neighbors",
    "neighbors_json",
    "node_detail",
    "node_detail_json",
    "relations",
    "summary",
]

T = TypeVar("T")


def summary(snap: Snapshot, node_id: str) -> Summary:
    return views(snap).summaries[node_id]


def _relation_ends(snap: Snapshot, node_id: str) -> list[tuple[Edge, str, str]]:
    """(edge, direction, node at the other end) of every edge at a node, outgoing first."""
    out = [(e, "out", e.target) for e in snap.out_edges.get(node_id, ())]
    out += [(e, "in", e.source) for e in snap.in_edges.get(node_id, ())]
    return out


def _relation_dicts(snap: Snapshot, ends: Iterable[tuple[Edge, str, str]]) -> list[dict[str, Any]]:
    """Relations (:class:`RelationOut`) as plain data for orjson, summaries as finished JSON."""
    summaries = views(snap).summary_json
    return [
        {
            "relation": e.relation,
            "direction": direction,
            "evidence": e.evidence,
            "node": summaries[other],
            "edge": e.id,
        }
        for e, direction, other in ends
    ]


def relations(snap: Snapshot, node_id: str) -> list[RelationOut]:
    """Every edge at a node, seen from it: outgoing first, then incoming."""
    return node_detail(snap, node_id).relations


def node_detail_json(snap: Snapshot, node_id: str) -> bytes:
    """The JSON of :func:`node_detail`: the full node plus every relation it takes part in.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    node_id : str
        A node id; an unknown one raises :class:`~app.errors.NodeNotFound`.

    Returns
    -------
    bytes
        A :class:`~app.answers.schemas.NodeDetail` as JSON: the node's fields (made once
        per snapshot) and its relations.
    """
    fields = views(snap).node_fields(require_node(snap, node_id))
    rels = _relation_dicts(snap, _relation_ends(snap, node_id))
    return dumps({**fields, "relations": rels})


def node_detail(snap: Snapshot, node_id: str) -> NodeDetail:
    """The full node plus every relation it takes part in (:func:`node_detail_json`, parsed)."""
    return NodeDetail.model_validate_json(node_detail_json(snap, node_id))


def _paged(items: Sequence[T], limit: int, offset: int) -> list[T]:
    return list(items[offset : offset + limit])


def list_nodes(
    snap: Snapshot,
    type_: str | None = None,
    city: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
    facets: Sequence[str] = (),
) -> Page[NodeOut]:
    """Full nodes, filtered by type, by the city they reach or lie in, and by a search query."""
    ids: Sequence[str]
    if q:
        ids = [h.node for h in snap.search_index.search(q, of_type(snap, type_))]
    elif type_:
        ids = snap.by_type.get(type_, ())
    else:
        ids = list(snap.nodes)
    if city:
        keep = nodes_in_city(snap, city)
        ids = [i for i in ids if i in keep]
    shapes = views(snap).nodes
    return Page[NodeOut](
        items=[shapes[i] for i in _paged(ids, limit, offset)],
        total=len(ids),
        limit=limit,
        offset=offset,
        facets=facet_counts(snap, ids, facets) if facets else None,
    )


def neighbors_json(
    snap: Snapshot,
    node_id: str,
    relation: str | None = None,
    direction: str | None = None,
    type_: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> bytes:
    """The JSON of :func:`neighbors`: a page of the node's relations, filtered.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    node_id : str
        A node id; an unknown one raises :class:`~app.errors.NodeNotFound`.
    relation, direction, type_ : str, optional
        Keep the relations of this relation, this direction (``out`` or ``in``), and
        whose other end has this type.
    limit, offset : int
        The page.

    Returns
    -------
    bytes
        A ``Page[RelationOut]`` as JSON; ``total`` counts every relation kept.
    """
    total, page = _neighbor_page(snap, node_id, relation, direction, type_, limit, offset)
    return dumps(
        {
            "items": _relation_dicts(snap, page),
            "total": total,
            "limit": limit,
            "offset": offset,
            "facets": None,
        }
    )


def _neighbor_page(
    snap: Snapshot,
    node_id: str,
    relation: str | None,
    direction: str | None,
    type_: str | None,
    limit: int,
    offset: int,
) -> tuple[int, list[tuple[Edge, str, str]]]:
    """How many relations of a node the filters keep, and the page of them asked for."""
    require_node(snap, node_id)
    if relation is None and direction is None and type_ is None:
        # no filter: the page is cut from the two adjacency lists, whatever the degree
        out, into = snap.out_edges.get(node_id, ()), snap.in_edges.get(node_id, ())
        start, stop = max(0, offset - len(out)), max(0, offset + limit - len(out))
        page = [(e, "out", e.target) for e in out[offset : offset + limit]]
        page += [(e, "in", e.source) for e in into[start:stop]]
        return len(out) + len(into), page
    nodes = snap.nodes
    ends = [
        (e, d, other)
        for e, d, other in _relation_ends(snap, node_id)
        if (relation is None or e.relation == relation)
        and (direction is None or d == direction)
        and (type_ is None or nodes[other].type == type_)
    ]
    return len(ends), _paged(ends, limit, offset)


def neighbors(
    snap: Snapshot,
    node_id: str,
    relation: str | None = None,
    direction: str | None = None,
    type_: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[RelationOut]:
    """The node's relations, filtered by relation, direction and the other end's type
    (:func:`neighbors_json`, parsed)."""
    answer = neighbors_json(snap, node_id, relation, direction, type_, limit, offset)
    return Page[RelationOut].model_validate_json(answer)


def list_edges(
    snap: Snapshot,
    relation: str | None = None,
    source: str | None = None,
    target: str | None = None,
    evidence: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[EdgeOut]:
    """Edges filtered by relation, source, target and evidence."""
    candidates: Iterable[str]
    if source is not None:
        require_node(snap, source)
        candidates = (e.id for e in snap.out_edges.get(source, ()))
    elif target is not None:
        require_node(snap, target)
        candidates = (e.id for e in snap.in_edges.get(target, ()))
    elif relation is not None:
        candidates = snap.by_relation.get(relation, ())
    else:
        candidates = snap.edges.keys()
    if target is not None:
        require_node(snap, target)  # also when filtering by source first
    ids = [
        eid
        for eid in candidates
        if (relation is None or snap.edges[eid].relation == relation)
        and (target is None or snap.edges[eid].target == target)
        and (evidence is None or snap.edges[eid].evidence == evidence)
    ]
    shapes = views(snap).edges
    return Page[EdgeOut](
        items=[shapes[i] for i in _paged(ids, limit, offset)],
        total=len(ids),
        limit=limit,
        offset=offset,
    )
