"""Warm-up of a snapshot a server is about to serve: the response shapes of every node and
edge are built before the swap (so that no request pays for them), the per-snapshot
analyses after it, in the background (so that loading does not wait for them).

Examples
--------
>>> from app import load_plan
>>> snap = shapes(load_plan())
>>> runner = start_analyses(snap)
>>> runner.join(60)
True
>>> snap.memo.pending()
[]
"""

from __future__ import annotations

from functools import partial

from app.answers.analytics import (
    CITY_MATRIX,
    GOAL_COVERAGE,
    build_city_matrix,
    build_goal_coverage,
    city_matrix,
    goal_coverage,
)
from app.answers.views import views
from app.gcpause import paused_gc
from app.graph.algorithms import METRICS, compute_scores, scores, scores_key
from app.graph.snapshot import Snapshot
from app.runtime.background import Background, Job

__all__ = ["analyses", "shapes", "start_analyses", "warm"]


@paused_gc()  # hundreds of thousands of small objects: collections would walk them all
def shapes(snap: Snapshot) -> Snapshot:
    """Build the response shapes of every node and edge now; returns ``snap``."""
    v = views(snap)
    _ = v.summaries, v.nodes, v.edges
    return snap


def analyses(snap: Snapshot) -> list[Job]:
    """The per-snapshot analyses as background jobs, the quick ones first."""
    jobs: list[Job] = [
        (scores_key(m), f"{m} centrality", partial(compute_scores, snap, m))
        for m in METRICS
        if m != "betweenness"
    ]
    jobs += [
        (CITY_MATRIX, "the city matrix", partial(build_city_matrix, snap)),
        (GOAL_COVERAGE, "goal coverage", partial(build_goal_coverage, snap)),
        (
            scores_key("betweenness"),
            "betweenness centrality",
            partial(compute_scores, snap, "betweenness"),
        ),
    ]
    return jobs


def start_analyses(snap: Snapshot) -> Background:
    """Compute every per-snapshot analysis in a background thread; returns the runner.

    Until one is done, a caller asking for it waits briefly, then gets
    :class:`~app.errors.AnalysisPending`; it is never computed on a request.
    """
    return Background(snap.memo, analyses(snap), f"analyses-{snap.version}").start()


def warm(snap: Snapshot) -> Snapshot:
    """Compute the shapes and every per-snapshot analysis now; returns ``snap``."""
    shapes(snap)
    for metric in METRICS:
        scores(snap, metric)
    city_matrix(snap)
    goal_coverage(snap)
    return snap
