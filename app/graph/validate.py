"""Checks a parsed data file and reports every problem at once.

Structure (types, required keys) is checked by pydantic; this module adds what a schema
cannot say: unique ids, edge ends that exist, relations between allowed types, offsets
inside the cited text, known documents, no part_of cycle, rationale for inferred edges.
The checks read the raw JSON defensively so that one file gets one complete report.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx
from pydantic import ValidationError

from app.errors import Problem
from app.vocabulary import RELATIONS


def json_path(loc: tuple[int | str, ...]) -> str:
    """Render a pydantic location as a JSON path.

    >>> json_path(("nodes", 3, "name", "en"))
    '$.nodes[3].name.en'
    """
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def structure_problems(error: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into problems, one line each."""
    problems = []
    for err in error.errors(include_url=False):
        # drop the union-branch names pydantic inserts into locations
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "Source" in p))
        msg = err["msg"]
        if err["type"] == "missing":
            msg = f"missing required field {loc[-1]!r}" if loc else "missing required field"
        problems.append(Problem(json_path(loc), msg))
    return _dedupe(problems)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def _items(raw: Mapping[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    value = raw.get(key)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def semantic_problems(raw: Mapping[str, Any], texts: Mapping[str, str]) -> list[Problem]:
    """Every problem a schema cannot see.

    ``texts`` maps a shipped document's id to its text (offsets are checked against it).
    """
    problems: list[Problem] = []
    docs: dict[str, dict[str, Any]] = {}
    for i, doc in _items(raw, "documents"):
        did = doc.get("id")
        if isinstance(did, str):
            if did in docs:
                problems.append(Problem(f"$.documents[{i}].id", f"duplicate document id {did!r}"))
            docs[did] = doc
        for j, rng in enumerate(doc.get("plan_ranges") or []):
            if isinstance(rng, dict) and isinstance(did, str):
                problems += _check_range(f"$.documents[{i}].plan_ranges[{j}]", did, rng, texts)

    node_types: dict[str, str] = {}
    for i, node in _items(raw, "nodes"):
        nid = node.get("id")
        if isinstance(nid, str):
            if nid in node_types:
                problems.append(Problem(f"$.nodes[{i}].id", f"duplicate node id {nid!r}"))
            else:
                node_types[nid] = str(node.get("type"))
        problems += _check_sources(f"$.nodes[{i}]", node.get("sources"), docs, texts)

    edge_ids: set[str] = set()
    part_of = nx.DiGraph()
    for i, edge in _items(raw, "edges"):
        here = f"$.edges[{i}]"
        eid = edge.get("id")
        if isinstance(eid, str):
            if eid in edge_ids:
                problems.append(Problem(f"{here}.id", f"duplicate edge id {eid!r}"))
            edge_ids.add(eid)
        ends = {}
        for end in ("source", "target"):
            ref = edge.get(end)
            if isinstance(ref, str) and ref not in node_types:
                problems.append(Problem(f"{here}.{end}", f"edge end {ref!r} is not a node"))
            elif isinstance(ref, str):
                ends[end] = ref
        rel = RELATIONS.get(str(edge.get("relation")))
        if rel is not None and len(ends) == 2:
            st, tt = node_types[ends["source"]], node_types[ends["target"]]
            if not rel.allows(st, tt):
                problems.append(
                    Problem(
                        f"{here}.relation",
                        f"{rel.name} cannot join a {st} ({ends['source']}) to a {tt} "
                        f"({ends['target']})",
                    )
                )
            if rel.name == "part_of":
                part_of.add_edge(ends["source"], ends["target"])
        evidence = edge.get("evidence")
        if evidence == "inferred" and not (edge.get("rationale") or "").strip():
            problems.append(Problem(f"{here}.rationale", "an inferred edge needs a rationale"))
        if evidence == "stated" and not edge.get("sources"):
            problems.append(Problem(f"{here}.sources", "a stated edge needs at least one source"))
        problems += _check_sources(here, edge.get("sources"), docs, texts)

    if part_of.number_of_edges():
        try:
            cycle = nx.find_cycle(part_of)
        except nx.NetworkXNoCycle:
            pass
        else:
            chain = " -> ".join([u for u, _ in cycle] + [cycle[0][0]])
            problems.append(Problem("$.edges", f"part_of cycle: {chain}"))
    return problems


def _check_range(
    here: str, did: str, rng: Mapping[str, Any], texts: Mapping[str, str]
) -> list[Problem]:
    start, end = rng.get("start"), rng.get("end")
    if not (isinstance(start, int) and isinstance(end, int)):
        return []
    if did not in texts:
        return [Problem(here, f"document {did!r} has no shipped text to cite by offsets")]
    n = len(texts[did])
    if start >= end:
        return [Problem(here, f"empty or reversed span {start}..{end}")]
    if end > n:
        return [Problem(here, f"span {start}..{end} is outside the text of {did!r} ({n} chars)")]
    return []


def _check_sources(
    here: str, sources: Any, docs: Mapping[str, Any], texts: Mapping[str, str]
) -> list[Problem]:
    if not isinstance(sources, list):
        return []
    problems = []
    for j, src in enumerate(sources):
        if not isinstance(src, dict):
            continue
        at = f"{here}.sources[{j}]"
        did = src.get("document")
        if not isinstance(did, str):
            continue
        if did not in docs:
            problems.append(Problem(f"{at}.document", f"unknown document {did!r}"))
            continue
        if "start" in src or "end" in src:
            problems += _check_range(at, did, src, texts)
    return problems
