"""Rankings and overviews of a whole plan: centrality, the city matrix and goal coverage.

Each is computed at most once per snapshot (kept in ``snap.derived``) and reused by every
request; a request only filters and slices. :func:`warm` computes them all now;
:func:`warm_in_background` computes them in a background thread, which is what a server
does once it serves a snapshot: it answers at once, and a request for an analysis not
computed yet waits for it briefly, then gets a 503 with ``Retry-After``
(:class:`~app.errors.AnalysisPending`).

Examples
--------
>>> from app import load_plan
>>> snap = load_plan()
>>> top = centrality(snap, "degree", limit=3)
>>> [r.rank for r in top.items][:1]
[1]
>>> scores(snap, "pagerank") is scores(snap, "pagerank")     # computed once
True
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Literal, get_args

import networkx as nx
import numpy as np
import numpy.typing as npt

from app.answers.schemas import (
    Centrality,
    CityMatrix,
    GoalCoverage,
    GoalServed,
    MatrixCell,
    MatrixMeasure,
    Ranked,
)
from app.answers.traverse import MAX_DEPTH, parse_names, walk
from app.errors import InvalidParameter
from app.graph.derived import Job
from app.graph.snapshot import Snapshot
from app.vocabulary import NODE_TYPES, SCOPES

Metric = Literal["degree", "betweenness", "pagerank"]
METRICS: tuple[str, ...] = get_args(Metric)
#: above this many nodes, betweenness is estimated from SAMPLE_K sampled sources
SAMPLE_ABOVE = 2_000
#: each source costs one breadth-first pass (about 60 ms at 100,000 nodes and 300,000
#: edges: 300 sources and the graph took 18.8 s in the benchmark, 100 took 100 s before
#: the passes ran on numpy). Against 5,000 sources on a synthetic plan of 10,000 nodes, the
#: top 20 of 300 sources share 14-15 nodes (top 10: 8-10) over three seeds; of 100
#: sources, 11-14 (top 10: 6-8); of 500, 16-17, but 30 s for 100,000 nodes.
SAMPLE_K = 300
#: the seed of the sample, so that one snapshot always gets the same answer
SEED = 20211129
#: the most ranked nodes one request may ask for
MAX_RANKED = 500
DAMPING = 0.85


# ---- centrality --------------------------------------------------------------------------


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


def _compute(snap: Snapshot, metric: str) -> Scores:
    sampled = False
    if metric == "degree":
        n = len(snap.nodes)
        by_node = {v: d / (n - 1) if n > 1 else 0.0 for v, d in snap.graph.degree()}
    elif metric == "betweenness":
        by_node, sampled = betweenness(snap.simple_graph, SAMPLE_ABOVE, SAMPLE_K, SEED)
    else:
        needs = snap.derived.needs
        by_node = pagerank(list(snap.nodes), {u: [v for _, v in needs[u]] for u in needs})
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
    _check_metric(metric)
    return snap.derived.memo(("centrality", metric), lambda: _compute(snap, metric))


def centrality(
    snap: Snapshot,
    metric: str = "degree",
    type_: str | Iterable[str] | None = None,
    limit: int = 20,
) -> Centrality:
    """The ``limit`` highest-ranked nodes by ``metric``, optionally of some types only.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    metric : {"degree", "betweenness", "pagerank"}
        See :func:`scores`.
    type_ : str or iterable of str, optional
        Rank only nodes of these types (comma-separated in a string).
    limit : int
        How many to return, 1 to :data:`MAX_RANKED`.

    Returns
    -------
    Centrality
        Summaries with ``score`` and ``rank`` (equal scores share a rank), best first.

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> answer = centrality(snap, "betweenness", type_="city", limit=5)
    >>> {r.type for r in answer.items} <= {"city"}
    True
    """
    if not 1 <= limit <= MAX_RANKED:
        raise InvalidParameter("limit", f"must be between 1 and {MAX_RANKED} (got {limit})")
    types = parse_names("type", type_, NODE_TYPES)
    s = scores(snap, metric)
    ids = s.ranked
    if types is not None:
        ids = tuple(v for v in ids if snap.nodes[v].type in types)
    items: list[Ranked] = []
    rank = 0
    for i, v in enumerate(ids[:limit]):
        if i == 0 or s.by_node[v] != s.by_node[ids[i - 1]]:
            rank = i + 1
        items.append(Ranked(**dict(snap.views.summaries[v]), score=s.by_node[v], rank=rank))
    return Centrality(
        metric=s.metric,
        types=sorted(types) if types is not None else None,
        sampled=s.sampled,
        items=items,
        total=len(ids),
    )


# ---- the city matrix ---------------------------------------------------------------------


def _city_matrix(snap: Snapshot) -> CityMatrix:
    reach = snap.reach
    cities = list(snap.by_type.get("city", ()))
    measures = list(snap.by_type.get("measure", ()))
    matrix = []
    cells = []
    for c in cities:
        row = []
        for m in measures:
            r = reach.by_node.get(m, {}).get(c)
            row.append(r.scope if r is not None else None)
            if r is not None:
                acts = sum(c in reach.by_node[a] for a in reach.actions_of.get(m, ()))
                cells.append(MatrixCell(city=c, measure=m, scope=r.scope, actions=acts))
        matrix.append(row)
    summaries = snap.views.summaries
    return CityMatrix(
        cities=[summaries[c] for c in cities],
        measures=[
            MatrixMeasure(**dict(summaries[m]), pillar=snap.parent(m, "pillar")) for m in measures
        ],
        scopes=list(SCOPES),
        matrix=matrix,
        cells=cells,
    )


def city_matrix(snap: Snapshot) -> CityMatrix:
    """Cities x measures, with how each measure reaches each city (its scope), for a heatmap.

    ``matrix[i][j]`` is the scope by which measure ``j`` reaches city ``i`` (the strongest
    among its actions: explicit > located > metro_wide), or null; ``cells`` lists the
    non-empty cells with how many of the measure's actions reach the city.

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> m = city_matrix(snap)
    >>> len(m.matrix) == len(m.cities) and all(len(r) == len(m.measures) for r in m.matrix)
    True
    """
    return snap.derived.memo("city-matrix", lambda: _city_matrix(snap))


# ---- goal coverage -----------------------------------------------------------------------


def _goal_coverage(snap: Snapshot) -> GoalCoverage:
    summaries = snap.views.summaries
    goals = []
    unserved = []
    truncated = False
    for g in snap.by_type.get("goal", ()):
        found = walk(snap, g, "dependencies", MAX_DEPTH, type_=("measure", "action"))
        truncated = truncated or found.truncated
        actions = {n for n, _, _ in found.reached if snap.nodes[n].type == "action"}
        measures = {n for n, _, _ in found.reached if snap.nodes[n].type == "measure"}
        measures.update(m for a in actions if (m := snap.parent(a, "measure")) is not None)
        served = bool(measures)
        goals.append(
            GoalServed(
                goal=summaries[g],
                attributes=dict(snap.nodes[g].attributes),
                measures=[summaries[m] for m in sorted(measures, key=snap.order.__getitem__)],
                actions=[summaries[a] for a in sorted(actions, key=snap.order.__getitem__)],
                served=served,
            )
        )
        if not served:
            unserved.append(summaries[g])
    return GoalCoverage(goals=goals, unserved=unserved, truncated=truncated)


def goal_coverage(snap: Snapshot) -> GoalCoverage:
    """For each goal, the measures and actions that serve it; and the goals none serves.

    What serves a goal is what it depends on, transitively (see
    :func:`app.answers.traverse.dependencies`): its sub-goals, what contributes to them, the
    measures of a contributing pillar and their actions. A measure also serves a goal when
    one of its actions does. A goal no measure serves is listed in ``unserved``.

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> report = goal_coverage(snap)
    >>> len(report.goals) == len(snap.by_type.get("goal", ()))
    True
    >>> {g.goal.id for g in report.goals if not g.served} == {u.id for u in report.unserved}
    True
    """
    return snap.derived.memo("goal-coverage", lambda: _goal_coverage(snap))


def warm(snap: Snapshot) -> Snapshot:
    """Compute every per-snapshot analysis now (e.g. when a server loads the snapshot).

    >>> from app import load_plan
    >>> snap = warm(load_plan())
    """
    for metric in METRICS:
        scores(snap, metric)
    city_matrix(snap)
    goal_coverage(snap)
    return snap


def warm_in_background(snap: Snapshot) -> threading.Thread:
    """Compute every per-snapshot analysis in a background thread, the quick ones first.

    Until one is done, a caller asking for it waits briefly, then gets
    :class:`~app.errors.AnalysisPending`; it is never computed on a request.

    >>> from app import load_plan
    >>> snap = load_plan()
    >>> warm_in_background(snap).join()
    >>> snap.derived.pending()
    []
    """
    jobs: list[Job] = [
        (("centrality", m), f"{m} centrality", partial(_compute, snap, m))
        for m in METRICS
        if m != "betweenness"
    ]
    jobs += [
        ("city-matrix", "the city matrix", partial(_city_matrix, snap)),
        ("goal-coverage", "goal coverage", partial(_goal_coverage, snap)),
        (
            ("centrality", "betweenness"),
            "betweenness centrality",
            partial(_compute, snap, "betweenness"),
        ),
    ]
    return snap.derived.compute_in_background(jobs)
