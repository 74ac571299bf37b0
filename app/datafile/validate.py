"""Checks a parsed data file and reports every problem at once.

Structure (types, required keys) is checked by pydantic (:mod:`app.datafile.structure`);
this module adds what a schema cannot say: unique ids, edge ends that exist, relations
between allowed types, offsets inside the cited text, known documents, no part_of cycle,
rationale for inferred edges, attribute values of their declared shape
(:mod:`app.datafile.shapes`), none null or empty.
The checks read the raw JSON defensively so that one file gets one complete report.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from app.datafile.retired import retired_problems
from app.datafile.shapes import attribute_problems
from app.errors import Problem
from app.vocabulary import NODE_TYPES, RELATIONS


def _items(raw: Mapping[str, Any], key: str) -> Iterator[tuple[int, dict[str, Any]]]:
    value = raw.get(key)
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def semantic_problems(raw: Mapping[str, Any], texts: Mapping[str, str]) -> list[Problem]:
    """Every problem a schema cannot see.

    ``texts`` maps a shipped document's id to its text (offsets are checked against it).
    Each check is written for the common case (a good item costs a few lookups); the JSON
    path of an item is spelled out only when it has a problem.
    """
    problems: list[Problem] = []
    docs: dict[str, dict[str, Any]] = {}
    for i, doc in _items(raw, "documents"):
        did = doc.get("id")
        if isinstance(did, str):
            if did in docs:
                problems.append(Problem(f"$.documents[{i}].id", f"duplicate document id {did!r}"))
            docs[did] = doc
        ranges = doc.get("plan_ranges")
        for j, rng in enumerate(ranges if isinstance(ranges, list) else ()):
            if isinstance(rng, dict) and isinstance(did, str):
                problems += _check_range(f"$.documents[{i}].plan_ranges[{j}]", did, rng, texts)
    lengths = {did: len(text) for did, text in texts.items()}
    sources = _SourceCheck(docs, lengths, texts, problems)

    node_types: dict[str, str] = {}
    for i, node in _items(raw, "nodes"):
        nid = node.get("id")
        if isinstance(nid, str):
            if nid in node_types:
                problems.append(Problem(f"$.nodes[{i}].id", f"duplicate node id {nid!r}"))
            else:
                node_types[nid] = str(node.get("type"))
        sources.check("nodes", i, node.get("sources"))
        attrs = node.get("attributes")
        if attrs and isinstance(attrs, dict):
            kind = NODE_TYPES.get(str(node.get("type")))
            declared = kind.attributes if kind is not None else {}
            problems += attribute_problems(f"$.nodes[{i}].attributes", attrs, declared)

    edge_ids: set[str] = set()
    part_of: dict[str, list[str]] = {}
    relations = RELATIONS
    for i, edge in _items(raw, "edges"):
        attrs = edge.get("attributes")
        if attrs and isinstance(attrs, dict):
            rel = relations.get(str(edge.get("relation")))
            declared = rel.attributes if rel is not None else {}
            problems += attribute_problems(f"$.edges[{i}].attributes", attrs, declared)
        if _good_edge(edge, node_types, edge_ids, sources):  # the common case, at a glance
            edge_ids.add(edge["id"])
            if edge["relation"] == "part_of":
                part_of.setdefault(edge["source"], []).append(edge["target"])
            continue
        eid = edge.get("id")
        if isinstance(eid, str):
            if eid in edge_ids:
                problems.append(Problem(f"$.edges[{i}].id", f"duplicate edge id {eid!r}"))
            edge_ids.add(eid)
        src, tgt = edge.get("source"), edge.get("target")
        st = node_types.get(src) if isinstance(src, str) else None
        tt = node_types.get(tgt) if isinstance(tgt, str) else None
        if st is None and isinstance(src, str):
            problems.append(Problem(f"$.edges[{i}].source", f"edge end {src!r} is not a node"))
        if tt is None and isinstance(tgt, str):
            problems.append(Problem(f"$.edges[{i}].target", f"edge end {tgt!r} is not a node"))
        rel = relations.get(str(edge.get("relation")))
        if rel is not None and st is not None and tt is not None:
            if not rel.allows(st, tt):
                problems.append(
                    Problem(
                        f"$.edges[{i}].relation",
                        f"{rel.name} cannot join a {st} ({src}) to a {tt} ({tgt})",
                    )
                )
            if rel.name == "part_of":
                part_of.setdefault(src, []).append(tgt)  # type: ignore[arg-type]
        evidence = edge.get("evidence")
        rationale = edge.get("rationale")
        if evidence == "inferred" and not (isinstance(rationale, str) and rationale.strip()):
            problems.append(
                Problem(f"$.edges[{i}].rationale", "an inferred edge needs a rationale")
            )
        if evidence == "stated" and not edge.get("sources"):
            problems.append(
                Problem(f"$.edges[{i}].sources", "a stated edge needs at least one source")
            )
        sources.check("edges", i, edge.get("sources"))

    cycle = find_cycle(part_of)
    if cycle:
        chain = " -> ".join([*cycle, cycle[0]])
        problems.append(Problem("$.edges", f"part_of cycle: {chain}"))
    problems += retired_problems(raw)
    return problems


#: (relation, source type, target type) of every edge the vocabulary allows
_ALLOWED = frozenset(
    (name, s, t) for name, r in RELATIONS.items() for s in r.sources for t in r.targets
)


def _good_edge(
    edge: dict[str, Any], node_types: Mapping[str, str], edge_ids: set[str], sources: _SourceCheck
) -> bool:
    """Whether an edge has none of the problems below (False: look at it closely)."""
    try:
        eid, src, tgt = edge["id"], edge["source"], edge["target"]
        relation, evidence, cited = edge["relation"], edge["evidence"], edge["sources"]
    except KeyError:
        return False
    if not (type(eid) is str and type(src) is str and type(tgt) is str and type(relation) is str):
        return False
    if eid in edge_ids or (relation, node_types.get(src), node_types.get(tgt)) not in _ALLOWED:
        return False
    if evidence == "stated" and not cited:
        return False
    if evidence == "inferred":
        rationale = edge.get("rationale")
        if not (isinstance(rationale, str) and rationale.strip()):
            return False
    return sources.clean(cited)


def find_cycle(successors: Mapping[str, Sequence[str]]) -> list[str]:
    """The nodes of one cycle of a directed graph, in order, or [] when it has none.

    Depth first from each node in turn (in the mapping's order), iteratively, so a long
    chain cannot overflow the stack.

    >>> find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]})
    ['a', 'b', 'c']
    >>> find_cycle({"a": ["b"], "b": ["c"]})
    []
    """
    done: set[str] = set()
    for root in successors:
        if root in done:
            continue
        path = [root]
        on_path = {root: 0}
        stack = [iter(successors.get(root, ()))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                node = path.pop()
                del on_path[node]
                done.add(node)
                continue
            if nxt in on_path:
                return path[on_path[nxt] :]
            if nxt in done:
                continue
            on_path[nxt] = len(path)
            path.append(nxt)
            stack.append(iter(successors.get(nxt, ())))
    return []


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


class _SourceCheck:
    """Checks the sources of nodes and edges: known documents, spans inside their text."""

    __slots__ = ("docs", "lengths", "problems", "texts")

    def __init__(
        self,
        docs: Mapping[str, Any],
        lengths: Mapping[str, int],
        texts: Mapping[str, str],
        problems: list[Problem],
    ) -> None:
        self.docs, self.lengths, self.texts, self.problems = docs, lengths, texts, problems

    def clean(self, sources: Any) -> bool:
        """Whether :meth:`check` certainly finds nothing (False: it may)."""
        if not isinstance(sources, list):
            return True
        for src in sources:
            if type(src) is not dict:
                continue
            did = src.get("document")
            if type(did) is not str:
                continue
            if "start" in src or "end" in src:
                start, end, n = src.get("start"), src.get("end"), self.lengths.get(did)
                if not (
                    n is not None
                    and type(start) is int
                    and type(end) is int
                    and 0 <= start < end <= n
                    and did in self.docs
                ):
                    return False
            elif did not in self.docs:
                return False
        return True

    def check(self, kind: str, i: int, sources: Any) -> None:
        if not isinstance(sources, list):
            return
        for j, src in enumerate(sources):
            if not isinstance(src, dict):
                continue
            did = src.get("document")
            if not isinstance(did, str):
                continue
            start, end = src.get("start"), src.get("end")
            n = self.lengths.get(did)
            if (
                n is not None
                and type(start) is int
                and type(end) is int
                and 0 <= start < end <= n
                and did in self.docs
            ):
                continue  # the common case: a good span of a shipped text
            at = f"$.{kind}[{i}].sources[{j}]"
            if did not in self.docs:
                self.problems.append(Problem(f"{at}.document", f"unknown document {did!r}"))
            elif "start" in src or "end" in src:
                self.problems += _check_range(at, did, src, self.texts)
