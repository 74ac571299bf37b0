"""Traversals that answer "why": dependencies, impact, paths, explanations and subgraphs.

Every function is a plain function ``f(snap, ...)`` over a :class:`~app.graph.snapshot.Snapshot`
and returns a response shape. Every one is bounded: parameters have limits (a value over
its limit raises :class:`~app.errors.InvalidParameter` naming the parameter and the limit),
no answer holds more than :data:`MAX_NODES` nodes (it says ``truncated`` instead), and each
loop checks a node budget and a time budget as it goes.

Dependency direction comes from the vocabulary: for an edge ``s -> t`` whose relation
declares ``depends="source"``, ``s`` needs ``t``; with ``depends="target"``, ``t`` needs
``s``. :func:`dependencies` walks what a node needs, :func:`impact` what needs it.

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

import time
from collections import deque
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

import networkx as nx
import orjson

from app.answers.queries import require_node, summary
from app.answers.schemas import (
    EdgeOut,
    Explanation,
    PathOut,
    Paths,
    Sentence,
    Step,
    Subgraph,
    Traversal,
)
from app.errors import InvalidParameter
from app.graph.snapshot import Snapshot
from app.models import Edge, Node
from app.vocabulary import NODE_TYPES, RELATIONS, TYPE_LABELS_ZH

#: the deepest traversal, in edges from the root
MAX_DEPTH = 10
#: the most nodes any answer holds; past it the answer says ``truncated``
MAX_NODES = 5_000
#: the most edges a traversal answer holds
MAX_EDGES = 20_000
#: the most paths one request may ask for, and the longest path it may ask about
MAX_PATHS = 20
MAX_PATH_LENGTH = 8
#: the most node ids a subgraph request may name
MAX_IDS = 50
#: seconds one traversal may spend before it stops and says ``truncated``
TIME_BUDGET = 2.0
#: how many equally short paths :func:`explain` compares to pick the best
EXPLAIN_CANDIDATES = 20

EVIDENCE = ("stated", "inferred")


# ---- parameters --------------------------------------------------------------------------


def parse_names(
    parameter: str, value: str | Iterable[str] | None, allowed: Collection[str]
) -> frozenset[str] | None:
    """Parse a comma-separated list (or an iterable) of names drawn from ``allowed``.

    Returns None when no name is given (no restriction).

    >>> sorted(parse_names("relation", "part_of, builds", RELATIONS))
    ['builds', 'part_of']
    >>> parse_names("relation", "", RELATIONS) is None
    True
    """
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    names = frozenset(n.strip() for n in items if n.strip())
    bad = sorted(names - set(allowed))
    if bad:
        raise InvalidParameter(
            parameter, f"unknown value {bad[0]!r}; allowed: {', '.join(allowed)}"
        )
    return names or None


def parse_ids(value: str | Iterable[str], limit: int = MAX_IDS) -> list[str]:
    """Parse node ids (comma-separated, or an iterable), unique, in order; at most ``limit``.

    >>> parse_ids("a,b, a")
    ['a', 'b']
    """
    items = value.split(",") if isinstance(value, str) else list(value)
    ids = list(dict.fromkeys(i.strip() for i in items if i.strip()))
    if not ids:
        raise InvalidParameter("ids", "give at least one node id")
    if len(ids) > limit:
        raise InvalidParameter("ids", f"at most {limit} ids per request (got {len(ids)})")
    return ids


def check_range(parameter: str, value: int, lo: int, hi: int) -> int:
    """Return ``value`` if ``lo <= value <= hi``, else raise InvalidParameter naming the limit."""
    if not lo <= value <= hi:
        raise InvalidParameter(parameter, f"must be between {lo} and {hi} (got {value})")
    return value


def _check_evidence(evidence: str | None) -> str | None:
    if evidence is not None and evidence not in EVIDENCE:
        raise InvalidParameter("evidence", f"must be one of {', '.join(EVIDENCE)}")
    return evidence


# ---- dependencies and impact -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Walk:
    """What a dependency walk found, as ids: the answer before it is shaped."""

    root: str
    direction: Literal["dependencies", "impact"]
    depth: int
    #: (node, edges from the root, id of the edge that first reached it), in walk order,
    #: only the nodes of the types asked for
    reached: list[tuple[str, int, str]]
    #: every edge walked, in walk order
    edges: list[str]
    truncated: bool


def walk(
    snap: Snapshot,
    root: str,
    direction: Literal["dependencies", "impact"],
    depth: int = MAX_DEPTH,
    relation: str | Iterable[str] | None = None,
    type_: str | Iterable[str] | None = None,
    evidence: str | None = None,
    *,
    max_nodes: int = MAX_NODES,
    timeout: float = TIME_BUDGET,
) -> Walk:
    """What :func:`dependencies` (or :func:`impact`) finds, as ids, before it is shaped.

    Parameters are those of :func:`dependencies`; ``direction`` says which way to walk.

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> found = walk(snap, snap.by_type["region"][0], "dependencies", depth=1)
    >>> {snap.nodes[n].type for n, _, _ in found.reached} >= {"city"}
    True
    """
    check_range("depth", depth, 1, MAX_DEPTH)
    relations = parse_names("relation", relation, RELATIONS)
    types = parse_names("type", type_, NODE_TYPES)
    evidence = _check_evidence(evidence)
    require_node(snap, root)
    adjacency = snap.derived.needs if direction == "dependencies" else snap.derived.needed_by

    # breadth first, a level at a time: each node is reached by the first edge to it
    deadline = time.monotonic() + timeout
    level: dict[str, int] = {root: 0}
    via: dict[str, str] = {}
    walked: dict[str, None] = {}
    frontier = [root]
    filtered = relations is not None or evidence is not None
    nodes_left, edges_left = max_nodes, MAX_EDGES
    truncated = False
    d = 0
    while frontier and d < depth and not truncated:
        d += 1
        reached: list[str] = []
        for i, node in enumerate(frontier):
            if not i & 63 and time.monotonic() > deadline:  # the clock, every 64 nodes
                truncated = True
                break
            for edge, other in adjacency.get(node, ()):
                if filtered and (
                    (relations is not None and edge.relation not in relations)
                    or (evidence is not None and edge.evidence != evidence)
                ):
                    continue
                if other not in level:
                    if not nodes_left:
                        truncated = True
                        break
                    nodes_left -= 1
                    level[other] = d
                    via[other] = edge.id
                    reached.append(other)
                if not edges_left:
                    truncated = True
                    break
                eid = edge.id
                if eid not in walked:
                    edges_left -= 1
                    walked[eid] = None
            if truncated:
                break
        frontier = reached

    nodes = snap.nodes
    found = [(n, level[n], e) for n, e in via.items() if types is None or nodes[n].type in types]
    return Walk(root, direction, depth, found, list(walked), truncated)


def _traversal_json(snap: Snapshot, found: Walk) -> bytes:
    # joined from finished JSON: summaries (a reached node is its summary with depth and
    # via appended) and edges, made once per snapshot
    views = snap.views
    summaries, edge_json, quoted = views.summary_bytes, views.edge_json, orjson.dumps
    reached = [
        b'%s,"depth":%d,"via":%s}' % (summaries[n][:-1], d, quoted(e)) for n, d, e in found.reached
    ]
    return b"".join(
        (
            b'{"root":',
            summaries[found.root],
            b',"direction":"',
            found.direction.encode(),
            b'","depth":%d,"nodes":[' % found.depth,
            b",".join(reached),
            b'],"edges":[',
            b",".join([edge_json(e) for e in found.edges]),
            b'],"truncated":true}' if found.truncated else b'],"truncated":false}',
        )
    )


def dependencies(
    snap: Snapshot,
    node_id: str,
    depth: int = MAX_DEPTH,
    relation: str | Iterable[str] | None = None,
    type_: str | Iterable[str] | None = None,
    evidence: str | None = None,
    *,
    max_nodes: int = MAX_NODES,
    timeout: float = TIME_BUDGET,
) -> Traversal:
    """Everything ``node_id`` needs, transitively, following each relation's dependency.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    node_id : str
        The root node.
    depth : int
        How many edges from the root to walk, 1 to :data:`MAX_DEPTH`.
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
    >>> needs = dependencies(snap, region, depth=1)
    >>> {n.type for n in needs.nodes} >= {"city"}
    True
    >>> all(n.depth == 1 for n in needs.nodes)
    True
    """
    answer = dependencies_json(
        snap, node_id, depth, relation, type_, evidence, max_nodes=max_nodes, timeout=timeout
    )
    return Traversal.model_validate_json(answer)


def dependencies_json(
    snap: Snapshot,
    node_id: str,
    depth: int = MAX_DEPTH,
    relation: str | Iterable[str] | None = None,
    type_: str | Iterable[str] | None = None,
    evidence: str | None = None,
    *,
    max_nodes: int = MAX_NODES,
    timeout: float = TIME_BUDGET,
) -> bytes:
    """The JSON of :func:`dependencies`: the bytes its :class:`~app.answers.schemas.Traversal` is.

    Parameters
    ----------
    snap, node_id, depth, relation, type_, evidence, max_nodes, timeout
        As for :func:`dependencies`.

    Returns
    -------
    bytes
        The answer, made with orjson from per-snapshot fragments of summaries and edges
        (:class:`~app.answers.views.Views`) instead of response models.
    """
    found = walk(
        snap,
        node_id,
        "dependencies",
        depth,
        relation,
        type_,
        evidence,
        max_nodes=max_nodes,
        timeout=timeout,
    )
    return _traversal_json(snap, found)


def impact(
    snap: Snapshot,
    node_id: str,
    depth: int = MAX_DEPTH,
    relation: str | Iterable[str] | None = None,
    type_: str | Iterable[str] | None = None,
    evidence: str | None = None,
    *,
    max_nodes: int = MAX_NODES,
    timeout: float = TIME_BUDGET,
) -> Traversal:
    """Everything that needs ``node_id``, transitively: what is affected if it slips.

    Parameters are those of :func:`dependencies`; the walk goes the other way.

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> city = snap.by_type["city"][0]
    >>> [n.type for n in impact(snap, city, type_="region").nodes]
    ['region']
    """
    answer = impact_json(
        snap, node_id, depth, relation, type_, evidence, max_nodes=max_nodes, timeout=timeout
    )
    return Traversal.model_validate_json(answer)


def impact_json(
    snap: Snapshot,
    node_id: str,
    depth: int = MAX_DEPTH,
    relation: str | Iterable[str] | None = None,
    type_: str | Iterable[str] | None = None,
    evidence: str | None = None,
    *,
    max_nodes: int = MAX_NODES,
    timeout: float = TIME_BUDGET,
) -> bytes:
    """The JSON of :func:`impact`: the bytes its :class:`~app.answers.schemas.Traversal` is.

    Parameters
    ----------
    snap, node_id, depth, relation, type_, evidence, max_nodes, timeout
        As for :func:`impact`.

    Returns
    -------
    bytes
        The answer, made with orjson from per-snapshot fragments of summaries and edges
        (:class:`~app.answers.views.Views`) instead of response models.
    """
    found = walk(
        snap,
        node_id,
        "impact",
        depth,
        relation,
        type_,
        evidence,
        max_nodes=max_nodes,
        timeout=timeout,
    )
    return _traversal_json(snap, found)


# ---- paths -------------------------------------------------------------------------------


def hop_edge(snap: Snapshot, u: str, v: str, directed: bool = False) -> Edge:
    """The edge that best joins ``u`` to ``v``: stated before inferred, then along before
    against its direction (only along when ``directed``), then in plan order."""
    candidates: list[tuple[int, int, str]] = []
    for key in snap.graph.succ[u].get(v, {}):
        candidates.append((snap.edges[key].evidence != "stated", 0, key))
    if not directed:
        for key in snap.graph.pred[u].get(v, {}):
            candidates.append((snap.edges[key].evidence != "stated", 1, key))
    if not candidates:
        raise ValueError(f"no edge joins {u!r} to {v!r}")
    return snap.edges[min(candidates, key=lambda c: (c[0], c[1]))[2]]


def _path(snap: Snapshot, nodes: list[str], directed: bool) -> PathOut:
    views = snap.views.edges
    return PathOut(
        nodes=[summary(snap, n) for n in nodes],
        edges=[views[hop_edge(snap, u, v, directed).id] for u, v in pairwise(nodes)],
        length=len(nodes) - 1,
    )


def _simple_paths(
    snap: Snapshot,
    source: str,
    target: str,
    directed: bool,
    max_length: int,
    limit: int,
    shortest_only: bool = False,
) -> tuple[list[list[str]], bool]:
    """Up to ``limit`` shortest simple paths no longer than ``max_length`` (only those as
    short as the first, if ``shortest_only``), shortest first; and whether the time budget
    cut the search short."""
    if source == target:
        return [[source]], False
    graph = snap.simple_digraph if directed else snap.simple_graph
    deadline = time.monotonic() + TIME_BUDGET
    found: list[list[str]] = []
    try:
        for p in nx.shortest_simple_paths(graph, source, target):
            if len(p) - 1 > max_length or (shortest_only and found and len(p) > len(found[0])):
                break
            found.append(p)
            if len(found) >= limit:
                break
            if time.monotonic() > deadline:
                return found, True
    except nx.NetworkXNoPath:
        pass
    return found, False


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
    found, truncated = _simple_paths(snap, source, target, directed, max_length, limit)
    return Paths(
        source=summary(snap, source),
        target=summary(snap, target),
        directed=directed,
        max_length=max_length,
        paths=[_path(snap, p, directed) for p in found],
        truncated=truncated,
    )


# ---- explanations ------------------------------------------------------------------------


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
    out = snap.views.edges[edge.id]
    forward = edge.source == u
    return Step(
        from_=summary(snap, u),
        to=summary(snap, v),
        edge=edge.id,
        relation=edge.relation,
        evidence=edge.evidence,
        direction="forward" if forward else "inverse",
        quote=_quote(out),
        rationale=edge.rationale,
        sentence=sentence(snap, edge, forward),
    )


def best_path(snap: Snapshot, source: str, target: str) -> list[str] | None:
    """The best path between two nodes, ignoring direction, or None when none joins them.

    The best is the shortest; among equally short ones (up to
    :data:`EXPLAIN_CANDIDATES`), the one with the fewest hops that only an inferred edge
    supports, then the one through the least connected nodes (the most specific link).
    """
    require_node(snap, source)
    require_node(snap, target)
    if source == target:
        return [source]
    shortest, _ = _simple_paths(
        snap, source, target, False, len(snap.nodes), EXPLAIN_CANDIDATES, shortest_only=True
    )
    if not shortest:
        return None
    degree = snap.simple_graph.degree

    def cost(item: tuple[int, list[str]]) -> tuple[int, int, int]:
        i, p = item
        inferred = sum(hop_edge(snap, u, v).evidence != "stated" for u, v in pairwise(p))
        return inferred, sum(degree(n) for n in p[1:-1]), i

    return min(enumerate(shortest), key=cost)[1]


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
            from_=summary(snap, source),
            to=summary(snap, target),
            found=False,
            length=None,
            steps=[],
            path=None,
            text=None,
        )
    steps = [_step(snap, u, v) for u, v in pairwise(nodes)]
    return Explanation(
        from_=summary(snap, source),
        to=summary(snap, target),
        found=True,
        length=len(steps),
        steps=steps,
        path=_path(snap, nodes, False),
        text=Sentence(
            zh="；".join(s.sentence.zh for s in steps) + "。" if steps else "",
            en="; ".join(s.sentence.en for s in steps) + "." if steps else "",
        ),
    )


# ---- subgraphs ---------------------------------------------------------------------------


def _ego_nodes(
    snap: Snapshot, roots: list[str], depth: int, max_nodes: int, timeout: float
) -> tuple[list[str], bool]:
    adj: Mapping[str, Mapping[str, object]] = snap.simple_graph.adj
    deadline = time.monotonic() + timeout
    level = dict.fromkeys(roots[:max_nodes], 0)
    truncated = len(roots) > max_nodes
    queue = deque(level)
    while queue and not truncated:
        if time.monotonic() > deadline:
            truncated = True
            break
        node = queue.popleft()
        if level[node] >= depth:
            continue
        for other in adj[node]:
            if other in level:
                continue
            if len(level) >= max_nodes:
                truncated = True
                break
            level[other] = level[node] + 1
            queue.append(other)
    return list(level), truncated


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
    keep, truncated = _ego_nodes(snap, roots, depth, max_nodes, timeout)
    data = nx.node_link_data(snap.graph.subgraph(keep), edges="edges")
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
