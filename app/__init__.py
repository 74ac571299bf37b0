"""PlanGraph: a knowledge-graph API over a policy plan.

For analysts in Python::

    from app import load_plan, impact, paths, explain, centrality
    snap = load_plan()             # the bundled plan
    snap.graph                     # a frozen networkx MultiDiGraph
    impact(snap, "some-node-id")   # what needs it, transitively

The analyst functions are imported on first use, so that ``import app.config`` (say)
stays light.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.answers.analytics import centrality, city_matrix, goal_coverage
    from app.answers.paths import explain, paths
    from app.answers.subgraph import subgraph
    from app.answers.traverse import dependencies, impact
    from app.graph.snapshot import Snapshot

__all__ = [
    "Snapshot",
    "centrality",
    "city_matrix",
    "dependencies",
    "explain",
    "goal_coverage",
    "impact",
    "load_plan",
    "paths",
    "subgraph",
]

_LAZY = {
    "Snapshot": "app.graph.snapshot",
    "centrality": "app.answers.analytics",
    "city_matrix": "app.answers.analytics",
    "goal_coverage": "app.answers.analytics",
    "dependencies": "app.answers.traverse",
    "explain": "app.answers.paths",
    "impact": "app.answers.traverse",
    "paths": "app.answers.paths",
    "subgraph": "app.answers.subgraph",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'app' has no attribute {name!r}")
    return getattr(import_module(module), name)


def load_plan(path: str | Path | None = None) -> Snapshot:
    """Load a plan data file (the bundled plan by default) into a snapshot."""
    from app.config import DEFAULT_DATA
    from app.runtime.load import load_plan as _load

    return _load(path or DEFAULT_DATA)
