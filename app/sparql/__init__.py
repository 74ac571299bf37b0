"""SPARQL over the served plan: a read-only store per snapshot, queries run in worker
processes under limits, answers negotiated, and publishing into an external store.

The package's names are imported on first use, so that a query worker (which imports
:mod:`app.sparql.worker`, and so this package) starts with pyoxigraph alone.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.sparql.query import Limits, Result, run_query

__all__ = ["Limits", "Result", "run_query"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module("app.sparql.query"), name)
    raise AttributeError(name)
