"""Rankings and overviews of a whole plan, shaped: centrality, the city matrix and goal
coverage.

Each is computed at most once per snapshot (kept in its memo) and reused by every
request; a request only filters and slices. A server computes them in the background
once it serves a snapshot (:mod:`app.runtime.warmup`): until one is done, a request for
it waits briefly, then gets a 503 with ``Retry-After``
(:class:`~app.errors.AnalysisPending`).

Examples
--------
>>> from app import load_plan
>>> snap = load_plan()
>>> top = centrality(snap, "degree", limit=3)
>>> [r.rank for r in top.items][:1]
[1]
"""

from __future__ import annotations

from collections.abc import Iterable

from app.answers.params import parse_names
from app.answers.schemas import (
    Centrality,
    CityMatrix,
    GoalCoverage,
    GoalServed,
    MatrixCell,
    MatrixMeasure,
    Ranked,
)
from app.answers.views import views
from app.errors import InvalidParameter
from app.graph.algorithms import METRICS, Metric, scores
from app.graph.cities import reach_rows
from app.graph.snapshot import Snapshot
from app.graph.walk import MAX_DEPTH, walk
from app.memo import Key
from app.vocabulary import NODE_TYPES, SCOPES

__all__ = [
    "CITY_MATRIX",
    "GOAL_COVERAGE",
    "MAX_RANKED",
    "METRICS",
    "Metric",
    "build_city_matrix",
    "build_goal_coverage",
    "centrality",
    "city_matrix",
    "goal_coverage",
]

#: the most ranked nodes one request may ask for
MAX_RANKED = 500
CITY_MATRIX: Key[CityMatrix] = Key("city-matrix")
GOAL_COVERAGE: Key[GoalCoverage] = Key("goal-coverage")
_SERVING = frozenset({"measure", "action"})


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
        items.append(Ranked(**dict(views(snap).summaries[v]), score=s.by_node[v], rank=rank))
    return Centrality(
        metric=s.metric,
        types=sorted(types) if types is not None else None,
        sampled=s.sampled,
        items=items,
        total=len(ids),
    )


def build_city_matrix(snap: Snapshot) -> CityMatrix:
    """The city matrix computed now (:func:`city_matrix` keeps it)."""
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
                acts = len(reach_rows(snap, m, c))
                cells.append(MatrixCell(city=c, measure=m, scope=r.scope, actions=acts))
        matrix.append(row)
    summaries = views(snap).summaries
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
    return snap.memo.get(CITY_MATRIX, lambda: build_city_matrix(snap))


def build_goal_coverage(snap: Snapshot) -> GoalCoverage:
    """Goal coverage computed now (:func:`goal_coverage` keeps it)."""
    summaries = views(snap).summaries
    goals = []
    unserved = []
    truncated = False
    for g in snap.by_type.get("goal", ()):
        found = walk(snap, g, "dependencies", MAX_DEPTH, types=_SERVING)
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
    return snap.memo.get(GOAL_COVERAGE, lambda: build_goal_coverage(snap))
