"""The passages behind an answer, quoted: what an agent shows as its sources.

Every node and edge an answer names cites the plan; :func:`passages` gathers their
sources in the order the answer names them (each node's and edge's sources as the API
serves them, read from the same per-snapshot views, so fields added to a source flow
through), and :func:`render` writes them as lines an agent can quote verbatim: the quote,
the document and the code-point offsets (or the section, for a source cited by section).

>>> from app import load_plan
>>> snap = load_plan()
>>> city = snap.by_type["city"][0]
>>> found = passages(snap, {"city": {"id": city, "type": "city", "name": {}}})
>>> found[0].label.endswith(f"({city})") and found[0].source["document"] != ""
True
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from app.answers.views import views
from app.graph.snapshot import Snapshot

__all__ = ["MAX_PASSAGES", "Passage", "passages", "render"]

#: at most this many passages in a text answer (the structured answer has every id)
MAX_PASSAGES = 60


@dataclass(frozen=True, slots=True)
class Passage:
    """One source of one node or edge: who cites (``label``) and the source as served."""

    label: str
    source: dict[str, Any]


def _named(answer: Any) -> Iterator[tuple[str, str]]:
    """The nodes (``("node", id)``) and edges (``("edge", id)``) an answer names, breadth
    first: what the answer is about (a city, its measures) before what lies under it (each
    measure's actions and places), so that a text cut at its limit keeps the first."""
    level = [answer]
    while level:
        below: list[Any] = []
        for value in level:
            if isinstance(value, list):
                below += value
            elif isinstance(value, dict):
                if {"id", "source", "target", "relation"} <= value.keys():
                    yield "edge", value["id"]
                elif {"id", "type", "name"} <= value.keys():
                    yield "node", value["id"]
                for key, item in value.items():
                    if key in ("via", "edge") and isinstance(item, str):
                        yield "edge", item
                    elif isinstance(item, dict | list):
                        below.append(item)
        level = below


def _name(node: dict[str, Any]) -> str:
    name = node.get("name") or {}
    en, zh = name.get("en") or "", name.get("zh") or ""
    return en if not zh or zh == en else f"{en} ({zh})" if en else zh


def passages(snap: Snapshot, answer: Any) -> list[Passage]:
    """The sources of every node and edge ``answer`` names, each once, in order."""
    shapes = views(snap)
    seen: set[tuple[str, str]] = set()
    found: list[Passage] = []
    for kind, ident in _named(answer):
        if (kind, ident) in seen:
            continue
        seen.add((kind, ident))
        if kind == "node" and ident in snap.nodes:
            node = orjson.loads(shapes.node_json(ident))
            label = f"{_name(node)} ({ident})"
        elif kind == "edge" and ident in snap.edges:
            node = orjson.loads(shapes.edge_json(ident))
            label = f"{node['source']} —{node['relation']}→ {node['target']}"
        else:
            continue
        found += [Passage(label, s) for s in node.get("sources") or ()]
    return found


def _cite(source: dict[str, Any]) -> str:
    where = source.get("document", "")
    if source.get("start") is not None:
        where += f" [{source['start']}:{source.get('end')}]"
    elif source.get("locator"):
        where += f", {source['locator']}"
    quote = source.get("quote")
    line = f"“{quote}” — {where}" if quote else f"(cited by section) — {where}"
    context = source.get("context")
    if isinstance(context, str) and context and context != quote:
        line += f"\n    in: “{context}”"
    return line


def render(found: list[Passage], limit: int = MAX_PASSAGES) -> str:
    """The passages as numbered lines: who cites, the quote, the document and offsets.

    >>> render([Passage("A (a)", {"document": "d", "start": 1, "end": 3, "quote": "xy"})])
    'Passages (quote — document [start:end], code points):\\n[1] A (a): “xy” — d [1:3]'
    """
    if not found:
        return "Passages: none cited."
    lines = ["Passages (quote — document [start:end], code points):"]
    lines += [f"[{i}] {p.label}: {_cite(p.source)}" for i, p in enumerate(found[:limit], 1)]
    if len(found) > limit:
        lines.append(f"… and {len(found) - limit} more passages: get_node gives an id's sources.")
    return "\n".join(lines)
