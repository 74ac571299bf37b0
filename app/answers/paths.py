"""Paths that answer "why": the shortest paths between two nodes, and the best one read
as cited sentences.

Every function is a plain function ``f(snap, ...)`` over a
:class:`~app.graph.snapshot.Snapshot` returning a response shape; the path searches are in
:mod:`app.graph.walk`. Parameters have limits (a value over its limit raises
:class:`~app.errors.InvalidParameter` naming the parameter and the limit).
"""

from __future__ import annotations

from itertools import pairwise

from app.answers.params import check_range
from app.answers.schemas import EdgeOut, Explanation, PathOut, Paths, Sentence, Step, Summary
from app.answers.views import views
from app.graph.lookup import require_node
from app.graph.snapshot import Snapshot
from app.graph.walk import MAX_PATH_LENGTH, MAX_PATHS, best_path, hop_edge, simple_paths
from app.models import Edge, Node
from app.vocabulary import RELATIONS, TYPE_LABELS_ZH

__all__ = ["explain", "paths", "sentence"]


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


def _summary(snap: Snapshot, node_id: str) -> Summary:
    return views(snap).summaries[node_id]
