"""PlanGraph: a knowledge-graph API over a policy plan.

For analysts in Python::

    from app import load_plan
    snap = load_plan()             # the bundled plan
    snap.graph                     # a frozen networkx MultiDiGraph
"""

from __future__ import annotations

from pathlib import Path

from app.graph.snapshot import Snapshot

__all__ = ["Snapshot", "load_plan"]


def load_plan(path: str | Path | None = None) -> Snapshot:
    """Load a plan data file (the bundled plan by default) into a snapshot."""
    from app.config import DEFAULT_DATA
    from app.runtime.load import load_plan as _load

    return _load(path or DEFAULT_DATA)
