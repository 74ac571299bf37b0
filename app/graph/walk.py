"""Walks over a snapshot, as ids: the dependency walk (what a node needs, or what needs
it), k-shortest simple paths, the best path between two nodes, and ego networks.

Every walk is bounded: no answer holds more than :data:`MAX_NODES` nodes (it says
``truncated`` instead), and each loop checks a node budget and a time budget as it goes.
Parameters arrive checked (:mod:`app.answers.params` parses and bounds them).

Dependency direction comes from the vocabulary: for an edge ``s -> t`` whose relation
declares ``depends="source"``, ``s`` needs ``t``; with ``depends="target"``, ``t`` needs
``s``.

Examples
--------
>>> from app import load_plan
>>> snap = load_plan()
>>> region = snap.by_type["region"][0]
>>> found = walk(snap, region, "dependencies", depth=1)
>>> {snap.nodes[n].type for n, _, _ in found.reached} >= {"city"}
True
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

import networkx as nx

from app.graph.dependency import needed_by, needs
from app.graph.lookup import require_node
from app.graph.snapshot import Snapshot
from app.models import Edge

__all__ = [
    "EVIDENCE",
    "MAX_DEPTH",
    "MAX_IDS",
    "MAX_NODES",
    "MAX_PATHS",
    "MAX_PATH_LENGTH",
    "Direction",
    "Walk",
    "best_path",
    "ego_nodes",
    "hop_edge",
    "simple_paths",
    "walk",
]

Direction = Literal["dependencies", "impact"]
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
    direction: Direction,
    depth: int = MAX_DEPTH,
    relations: frozenset[str] | None = None,
    types: frozenset[str] | None = None,
    evidence: str | None = None,
    *,
    max_nodes: int = MAX_NODES,
    timeout: float = TIME_BUDGET,
) -> Walk:
    """Everything ``root`` needs (``direction="dependencies"``) or everything that needs it
    (``"impact"``), transitively, breadth first, as ids.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    root : str
        The node to walk from; an unknown id raises :class:`~app.errors.NodeNotFound`.
    direction : {"dependencies", "impact"}
        Which way to follow each relation's dependency.
    depth : int
        How many edges from the root to walk.
    relations, types : frozenset of str, optional
        Walk only edges of these relations; report only nodes of these types (the walk
        still passes through the others).
    evidence : {"stated", "inferred"}, optional
        Walk only edges with this evidence.
    max_nodes, timeout : int, float
        The node budget and the time budget (seconds); past either the walk stops and
        says ``truncated``.

    Returns
    -------
    Walk
        The nodes reached in walk order with their depth and the edge that first reached
        each, and every edge walked.

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> found = walk(snap, snap.by_type["region"][0], "dependencies", depth=1)
    >>> {snap.nodes[n].type for n, _, _ in found.reached} >= {"city"}
    True
    """
    require_node(snap, root)
    adjacency = needs(snap) if direction == "dependencies" else needed_by(snap)

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


def simple_paths(
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
    shortest, _ = simple_paths(
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


def ego_nodes(
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
