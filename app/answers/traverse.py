"""Traversals that answer "why", shaped: dependencies, impact, paths, explanations and
subgraphs.

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
from itertools import pairwise
from typing import Any

import networkx as nx

from app.answers.params import check_evidence, check_range, parse_ids, parse_names
from app.answers.schemas import (
    EdgeOut,
    Explanation,
    PathOut,
    Paths,
    Sentence,
    Step,
    Subgraph,
    Summary,
    Traversal,
)
from app.answers.serialize import dumps, fragment
from app.answers.views import views
from app.graph.lookup import require_node
from app.graph.snapshot import Snapshot
from app.graph.walk import (
    MAX_DEPTH,
    MAX_NODES,
    MAX_PATH_LENGTH,
    MAX_PATHS,
    TIME_BUDGET,
    Direction,
    Walk,
    best_path,
    ego_nodes,
    hop_edge,
    simple_paths,
    walk,
)
from app.models import Edge, Node
from app.vocabulary import NODE_TYPES, RELATIONS, TYPE_LABELS_ZH

__all__ = [
    "dependencies",
    "dependencies_json",
    "explain",
    "impact",
    "impact_json",
    "paths",
    "sentence",
    "subgraph",
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


def _path(snap: Snapshot, nodes: list[str], directed: bool) -> PathOut:
    shapes = views(snap)
    return PathOut(
        nodes=[shapes.summaries[n] for n in nodes],
        edges=[shapes.edges[hop_edge(snap, u, v, directed).id] for u, v in pairwise(nodes)],
        length=len(nodes) - 1,
    )


def paths(
    snap: Snapshot,
    source: str,
    target: str,
    max_length: int = 6,
    limit: int = 3,
    directed: bool = False,
) -> Paths:
    """Up to ``limit`` shortest simple paths from ``source`` to ``target``, shortest first.

    Paths are searched on a simple projection of the multigraph (built once per snapshot)
    with a k-shortest-paths generator that stops at ``max_length``; all simple paths are
    never enumerated.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    source, target : str
        Node ids.
    max_length : int
        The longest path wanted, in edges, 1 to :data:`MAX_PATH_LENGTH`.
    limit : int
        How many paths, 1 to :data:`MAX_PATHS`.
    directed : bool
        Follow edges only from source to target; by default direction is ignored.

    Returns
    -------
    Paths
        Each path's ``edges[i]`` joins ``nodes[i]`` and ``nodes[i + 1]``.

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> city, region = snap.by_type["city"][0], snap.by_type["region"][0]
    >>> found = paths(snap, city, region, limit=1)
    >>> [n.id for n in found.paths[0].nodes] == [city, region]
    True
    """
    check_range("max_length", max_length, 1, MAX_PATH_LENGTH)
    check_range("limit", limit, 1, MAX_PATHS)
    require_node(snap, source)
    require_node(snap, target)
    found, truncated = simple_paths(snap, source, target, directed, max_length, limit)
    return Paths(
        source=_summary(snap, source),
        target=_summary(snap, target),
        directed=directed,
        max_length=max_length,
        paths=[_path(snap, p, directed) for p in found],
        truncated=truncated,
    )


def _name_en(node: Node) -> str:
    return node.name.en if node.name.en == node.name.zh else f"{node.name.en} ({node.name.zh})"


def sentence(snap: Snapshot, edge: Edge, forward: bool = True) -> Sentence:
    """Say an edge in Chinese and English, read along it (``forward``) or against it.

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> edge = next(e for e in snap.edges.values() if e.relation == "part_of")
    >>> said = sentence(snap, edge)
    >>> snap.nodes[edge.source].name.zh in said.zh and "is part of" in said.en
    True
    """
    rel = RELATIONS[edge.relation]
    first, second = (edge.source, edge.target) if forward else (edge.target, edge.source)
    a, b = snap.nodes[first], snap.nodes[second]
    zh = (rel.sentence_zh if forward else rel.inverse_zh).format(
        s=a.name.zh, t=b.name.zh, st=TYPE_LABELS_ZH[a.type], tt=TYPE_LABELS_ZH[b.type]
    )
    en = (rel.sentence_en if forward else rel.inverse_en).format(
        s=_name_en(a), t=_name_en(b), st=a.type, tt=b.type
    )
    return Sentence(zh=zh, en=en[:1].upper() + en[1:])


def _quote(edge: EdgeOut) -> str | None:
    for s in edge.sources:
        if s.quote is not None:
            return s.quote
    return next((s.locator for s in edge.sources if s.locator is not None), None)


def _step(snap: Snapshot, u: str, v: str) -> Step:
    edge = hop_edge(snap, u, v)
    out = views(snap).edges[edge.id]
    forward = edge.source == u
    return Step(
        from_=_summary(snap, u),
        to=_summary(snap, v),
        edge=edge.id,
        relation=edge.relation,
        evidence=edge.evidence,
        direction="forward" if forward else "inverse",
        quote=_quote(out),
        rationale=edge.rationale,
        sentence=sentence(snap, edge, forward),
    )


def explain(snap: Snapshot, source: str, target: str) -> Explanation:
    """Why ``source`` bears on ``target``: the best path, read as cited sentences.

    Each step names the edge, its relation and evidence, the passage it cites (or its
    section, or the rationale of an inferred edge) and says the hop in Chinese and English.
    ``found`` is false when no path joins the two.

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> city, region = snap.by_type["city"][0], snap.by_type["region"][0]
    >>> why = explain(snap, region, city)
    >>> why.found, why.steps[0].direction, "includes" in why.steps[0].sentence.en
    (True, 'inverse', True)
    """
    nodes = best_path(snap, source, target)
    if nodes is None:
        return Explanation(
            from_=_summary(snap, source),
            to=_summary(snap, target),
            found=False,
            length=None,
            steps=[],
            path=None,
            text=None,
        )
    steps = [_step(snap, u, v) for u, v in pairwise(nodes)]
    return Explanation(
        from_=_summary(snap, source),
        to=_summary(snap, target),
        found=True,
        length=len(steps),
        steps=steps,
        path=_path(snap, nodes, False),
        text=Sentence(
            zh="；".join(s.sentence.zh for s in steps) + "。" if steps else "",
            en="; ".join(s.sentence.en for s in steps) + "." if steps else "",
        ),
    )


def subgraph(
    snap: Snapshot,
    ids: str | Iterable[str],
    depth: int = 1,
    *,
    max_nodes: int = MAX_NODES,
    timeout: float = TIME_BUDGET,
) -> Subgraph:
    """The union of the ego networks of ``ids`` (radius ``depth``, direction ignored), as
    networkx node-link data with edges under ``edges``.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    ids : str or iterable of str
        Up to :data:`MAX_IDS` node ids (comma-separated in a string).
    depth : int
        The radius, 0 to :data:`MAX_DEPTH`.
    max_nodes, timeout : int, float
        Budgets; past either the answer stops growing and says ``truncated``.

    Returns
    -------
    Subgraph
        Nodes carry ``type``, ``name_zh``, ``name_en``; edges ``id`` (also the multigraph
        ``key``), ``relation``, ``evidence``. Every edge among the kept nodes is included.

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> region = snap.by_type["region"][0]
    >>> data = subgraph(snap, region, depth=1).model_dump()
    >>> data["multigraph"], region in {n["id"] for n in data["nodes"]}
    (True, True)
    >>> import networkx as nx
    >>> g = nx.node_link_graph(data, edges="edges")
    >>> g.number_of_nodes() == len(data["nodes"])
    True
    """
    roots = [require_node(snap, i) for i in parse_ids(ids)]
    check_range("depth", depth, 0, MAX_DEPTH)
    keep, truncated = ego_nodes(snap, roots, depth, max_nodes, timeout)
    data = nx.node_link_data(snap.graph.subgraph(keep), edges="edges")
    # a small subgraph view lists its nodes in set order: the plan's order instead, so that
    # the same request gets the same answer in every worker
    data["nodes"].sort(key=lambda n: snap.order[n["id"]])
    data["edges"].sort(key=lambda e: (snap.order[e["source"]], snap.order[e["target"]], e["key"]))
    for e in data["edges"]:
        e["id"] = e["key"]
    return Subgraph(
        directed=data["directed"],
        multigraph=data["multigraph"],
        graph=dict(data["graph"]),
        nodes=data["nodes"],
        edges=data["edges"],
        ids=roots,
        depth=depth,
        truncated=truncated,
    )


def _summary(snap: Snapshot, node_id: str) -> Summary:
    return views(snap).summaries[node_id]
