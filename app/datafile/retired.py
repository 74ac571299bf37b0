"""Ids that never break: the checks on a data file's ``retired`` node ids.

An id once published is never reused. A retired id is listed with its successor (a node
of the plan) or with none; it must not be a node id again.

Examples
--------
>>> raw = {"nodes": [{"id": "lab"}], "retired": [{"id": "lab"}, {"id": "old", "successor": "x"}]}
>>> [str(p) for p in retired_problems(raw)]  # doctest: +NORMALIZE_WHITESPACE
["$.retired[0].id: 'lab' was retired and cannot be reused as a node id",
 "$.retired[1].successor: successor 'x' is not a node of the plan"]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.errors import Problem

__all__ = ["retired_problems"]


def retired_problems(raw: Mapping[str, Any]) -> list[Problem]:
    """Every problem of the ``retired`` list of a raw data file (``[]`` when it has none).

    Parameters
    ----------
    raw : Mapping
        The data file's JSON object.

    Returns
    -------
    list of Problem
        A retired id reused as a node id, listed twice, or whose successor is not a node.
    """
    retired = raw.get("retired")
    if not isinstance(retired, list) or not retired:
        return []
    nodes = raw.get("nodes")
    node_ids = {
        n.get("id") for n in (nodes if isinstance(nodes, list) else ()) if isinstance(n, dict)
    }
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, item in enumerate(retired):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue  # the schema says what is wrong with it
        rid, successor = item["id"], item.get("successor")
        if rid in node_ids:
            problems.append(
                Problem(
                    f"$.retired[{i}].id", f"{rid!r} was retired and cannot be reused as a node id"
                )
            )
        if rid in seen:
            problems.append(Problem(f"$.retired[{i}].id", f"{rid!r} is retired twice"))
        seen.add(rid)
        if isinstance(successor, str) and successor not in node_ids:
            problems.append(
                Problem(
                    f"$.retired[{i}].successor",
                    f"successor {successor!r} is not a node of the plan",
                )
            )
    return problems
