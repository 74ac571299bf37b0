"""Centrality over a whole plan: degree, betweenness (sampled above a size) and PageRank
on the dependency graph, as scores per node, computed at most once per snapshot.

Examples
--------
>>> from app import load_plan
>>> snap = load_plan()
>>> s = scores(snap, "pagerank")
>>> scores(snap, "pagerank") is s     # computed once
True
>>> s.ranked[0] in snap.nodes
True
"""

from __future__ import annotations

import math
import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import networkx as nx
import numpy as np
import numpy.typing as npt

from app.errors import InvalidParameter
from app.graph.dependency import needs
from app.graph.snapshot import Snapshot
from app.memo import Key

__all__ = [
    "METRICS",
    "Metric",
    "Scores",
    "betweenness",
    "compute_scores",
    "pagerank",
    "sampled_betweenness",
    "scores",
    "scores_key",
]

Metric = Literal["degree", "betweenness", "pagerank"]
METRICS: tuple[str, ...] = get_args(Metric)
_SCORES: Key[Scores] = Key("centrality")


#: above this many nodes, betweenness is estimated from SAMPLE_K sampled sources
SAMPLE_ABOVE = 2_000


#: sources of the betweenness sample (the trade-off of time and agreement with an exact
#: ranking is measured in docs/performance.md)
SAMPLE_K = 300


#: the seed of the sample, so that one snapshot always gets the same answer
SEED = 20211129


DAMPING = 0.85


def pagerank(
    nodes: Sequence[str],
    successors: Mapping[str, Collection[str]],
    alpha: float = DAMPING,
    max_iter: int = 100,
    tol: float = 1.0e-6,
) -> dict[str, float]:
    """PageRank by power iteration (pure Python), as :func:`networkx.pagerank` defines it:
    uniform teleport, dangling nodes spread their rank evenly.

    >>> r = pagerank(["a", "b", "c"], {"a": ["c"], "b": ["c"]})
    >>> max(r, key=r.__getitem__), round(sum(r.values()), 6)
    ('c', 1.0)
    """
    n = len(nodes)
    if n == 0:
        return {}
    out = {u: tuple(dict.fromkeys(v for v in successors.get(u, ()) if v != u)) for u in nodes}
    dangling = [u for u in nodes if not out[u]]
    x = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        last = x
        base = (alpha * sum(last[u] for u in dangling) + 1.0 - alpha) / n
        x = dict.fromkeys(nodes, base)
        for u in nodes:
            if out[u]:
                share = alpha * last[u] / len(out[u])
                for v in out[u]:
                    x[v] += share
        if sum(abs(x[u] - last[u]) for u in nodes) < n * tol:
            break
    return x


def betweenness(
    graph: nx.Graph, sample_above: int = SAMPLE_ABOVE, k: int = SAMPLE_K, seed: int = SEED
) -> tuple[dict[str, float], bool]:
    """Normalised betweenness of an undirected graph, and whether it was sampled.

    Above ``sample_above`` nodes it is estimated from ``k`` source nodes drawn with a fixed
    ``seed``, so the same graph always gets the same scores.

    >>> scores, sampled = betweenness(nx.path_graph(["a", "b", "c"]))
    >>> scores["b"], sampled
    (1.0, False)
    """
    n = graph.number_of_nodes()
    if n > sample_above and k < n:
        return sampled_betweenness(graph, k, seed), True
    return dict(nx.betweenness_centrality(graph, normalized=True)), False


def sampled_betweenness(graph: nx.Graph, k: int, seed: int = SEED) -> dict[str, float]:
    """Normalised betweenness of an undirected graph estimated from ``k`` sampled sources.

    What ``networkx.betweenness_centrality(graph, k=k, normalized=True, seed=seed)`` gives
    (the same sources, the same scaling; sums may differ in the last bits), with each
    source's breadth-first search and accumulation done a level at a time on numpy arrays:
    a pass over 100,000 nodes takes milliseconds instead of a second.

    >>> g = nx.path_graph(["a", "b", "c", "d", "e"])
    >>> ours = sampled_betweenness(g, 3, seed=1)
    >>> theirs = nx.betweenness_centrality(g, k=3, normalized=True, seed=1)
    >>> all(abs(ours[v] - theirs[v]) < 1e-12 for v in g)
    True
    """
    nodes = list(graph.nodes())
    n = len(nodes)
    sources = random.Random(seed).sample(nodes, k)
    index = {v: i for i, v in enumerate(nodes)}
    degree = np.fromiter((len(graph.adj[v]) for v in nodes), np.int64, n)
    indptr = np.zeros(n + 1, np.int64)
    np.cumsum(degree, out=indptr[1:])
    indices = np.fromiter(
        (index[w] for v in nodes for w in graph.adj[v]), np.int64, int(indptr[-1])
    )
    total = np.zeros(n)
    for source in sources:
        total += _dependencies(index[source], indptr, indices, degree)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0)
    # networkx's scaling of a sample without endpoints: a source cannot lie on its own paths
    scale = np.full(n, 1 / (k * (n - 2)))
    scale[[index[s] for s in sources]] = 1 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    return dict(zip(nodes, (total * scale).tolist(), strict=True))


def _dependencies(
    source: int,
    indptr: npt.NDArray[np.int64],
    indices: npt.NDArray[np.int64],
    degree: npt.NDArray[np.int64],
) -> npt.NDArray[np.float64]:
    """Brandes' dependencies of every node on ``source`` (0 for the source itself)."""
    n = degree.size
    dist = np.full(n, -1, np.int64)
    dist[source] = 0
    sigma = np.zeros(n)
    sigma[source] = 1.0
    frontier = np.array([source], np.int64)
    levels: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = []
    while frontier.size:
        counts = degree[frontier]
        reach = int(counts.sum())
        if reach == 0:
            break
        starts = np.repeat(indptr[frontier] - (np.cumsum(counts) - counts), counts)
        ends = indices[starts + np.arange(reach)]
        fresh = dist[ends] == -1  # arcs to the next level: shortest paths go on through them
        parents, children = np.repeat(frontier, counts)[fresh], ends[fresh]
        frontier = np.unique(children)
        dist[frontier] = len(levels) + 1
        sigma += np.bincount(children, weights=sigma[parents], minlength=n)
        levels.append((parents, children))
    delta = np.zeros(n)
    for parents, children in reversed(levels):
        share = sigma[parents] * ((1.0 + delta[children]) / sigma[children])
        delta += np.bincount(parents, weights=share, minlength=n)
    delta[source] = 0.0
    return delta


@dataclass(frozen=True, slots=True)
class Scores:
    """One metric's scores over a snapshot, ranked."""

    metric: str
    by_node: Mapping[str, float]
    ranked: tuple[str, ...]
    sampled: bool


def compute_scores(snap: Snapshot, metric: str) -> Scores:
    """The scores of ``metric`` computed now (:func:`scores` keeps them)."""
    sampled = False
    if metric == "degree":
        n = len(snap.nodes)
        by_node = {v: d / (n - 1) if n > 1 else 0.0 for v, d in snap.graph.degree()}
    elif metric == "betweenness":
        by_node, sampled = betweenness(snap.simple_graph, SAMPLE_ABOVE, SAMPLE_K, SEED)
    else:
        adj = needs(snap)
        by_node = pagerank(list(snap.nodes), {u: [v for _, v in adj[u]] for u in adj})
    rounded = {v: round(s, 9) for v, s in by_node.items()}
    ranked = tuple(sorted(rounded, key=lambda v: (-rounded[v], snap.order[v])))
    return Scores(metric, rounded, ranked, sampled)


def _check_metric(metric: str) -> str:
    if metric not in METRICS:
        raise InvalidParameter(
            "metric", f"unknown metric {metric!r}; allowed: {', '.join(METRICS)}"
        )
    return metric


def scores(snap: Snapshot, metric: str) -> Scores:
    """The scores of ``metric`` over the whole snapshot, computed on first use only.

    ``degree`` counts a node's edges (normalised by ``n - 1``); ``betweenness`` is computed
    on the undirected simple projection; ``pagerank`` runs on the dependency graph (an
    edge from each node to what it needs), so a node ranks high when much of the plan
    rests on it.
    """
    return snap.memo.get(scores_key(metric), lambda: compute_scores(snap, metric))


def scores_key(metric: str) -> Key[Scores]:
    """The memo key of a metric's scores (the runtime computes them in the background)."""
    return _SCORES.of(_check_metric(metric))
