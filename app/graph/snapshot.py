"""The immutable snapshot: a validated plan, its frozen graph and every index queries need.

A snapshot is built once from a data file and never changes; a new file makes a new
snapshot. Everything a request could need that does not depend on the request (adjacency,
type and relation indexes, city reach, quotes, coverage, search) is computed here; what is
made from it later, on first use (the dependency adjacency, analyses, response shapes,
export renders), is kept in its one :attr:`Snapshot.memo`.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from operator import itemgetter
from types import MappingProxyType
from typing import NamedTuple

import networkx as nx

from app.gcpause import paused_gc
from app.graph.coverage import Coverage, coverage
from app.graph.reach import ReachIndex, build_reach
from app.graph.search import SearchIndex, fold, pinyin
from app.memo import Memo
from app.models import Document, Edge, Node, PlanFile, SpanSource


class Citation(NamedTuple):
    """One span of a shipped text cited by a node or an edge (a named tuple: a plan has
    hundreds of thousands, made in one pass)."""

    document: str
    start: int
    end: int
    kind: str  # "node" or "edge"
    id: str


@dataclass(frozen=True)
class Snapshot:
    """A loaded plan. Build it with :func:`build_snapshot` (or ``load_plan``)."""

    version: str
    plan: PlanFile
    texts: Mapping[str, str]
    documents: Mapping[str, Document]
    nodes: Mapping[str, Node]
    edges: Mapping[str, Edge]
    by_type: Mapping[str, tuple[str, ...]]
    by_relation: Mapping[str, tuple[str, ...]]
    out_edges: Mapping[str, tuple[Edge, ...]]
    in_edges: Mapping[str, tuple[Edge, ...]]
    order: Mapping[str, int]
    reach: ReachIndex
    coverage: Coverage
    search_index: SearchIndex
    citations: Mapping[str, tuple[Citation, ...]]
    #: what is computed from this snapshot alone after it is built, once (see app.memo)
    memo: Memo = field(default_factory=Memo, compare=False, repr=False)

    @property
    def title(self) -> str:
        return self.plan.title.en

    def quote(self, src: SpanSource) -> str:
        """The text a span source cites."""
        return self.texts[src.document][src.start : src.end]

    def parent(self, node: str, type_: str) -> str | None:
        """The first ``part_of`` target of ``node`` that has type ``type_``."""
        for e in self.out_edges.get(node, ()):
            if e.relation == "part_of" and self.nodes[e.target].type == type_:
                return e.target
        return None

    def children(self, node: str, type_: str | None = None) -> list[str]:
        """The nodes that are ``part_of`` ``node`` (optionally of one type), in plan order."""
        kids = [
            e.source
            for e in self.in_edges.get(node, ())
            if e.relation == "part_of" and (type_ is None or self.nodes[e.source].type == type_)
        ]
        return sorted(kids, key=self.order.__getitem__)

    def citing(self, document: str, start: int, end: int) -> tuple[Citation, ...]:
        """Citations of ``document`` overlapping ``[start, end)``."""
        cites = self.citations.get(document, ())
        hi = bisect.bisect_left(cites, end, key=lambda c: c.start)
        return tuple(c for c in cites[:hi] if c.end > start)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The plan as a frozen networkx multigraph (edge key = edge id), built on first use.

        Nodes carry ``type``, ``name_zh`` and ``name_en``; edges ``relation`` and
        ``evidence``. No index a query needs depends on it, so loading does not wait for it.
        """
        g = nx.MultiDiGraph(version=self.version)
        g.add_nodes_from(
            (n.id, {"type": n.type, "name_zh": n.name.zh, "name_en": n.name.en})
            for n in self.plan.nodes
        )
        g.add_edges_from(
            (e.source, e.target, e.id, {"relation": e.relation, "evidence": e.evidence})
            for e in self.plan.edges
        )
        return nx.freeze(g)

    @cached_property
    def simple_graph(self) -> nx.Graph:
        """The multigraph projected once to a simple undirected graph (for path search)."""
        g = nx.Graph(self.graph)
        return nx.freeze(g)

    @cached_property
    def simple_digraph(self) -> nx.DiGraph:
        """The multigraph projected once to a simple directed graph (for directed paths)."""
        return nx.freeze(nx.DiGraph(self.graph))


@paused_gc()
def build_snapshot(plan: PlanFile, texts: Mapping[str, str], version: str) -> Snapshot:
    """Build the snapshot of a validated plan; ``texts`` maps document ids to shipped texts."""
    nodes = {n.id: n for n in plan.nodes}
    edges = {e.id: e for e in plan.edges}
    order = {nid: i for i, nid in enumerate(nodes)}

    out_edges: defaultdict[str, list[Edge]] = defaultdict(list)
    in_edges: defaultdict[str, list[Edge]] = defaultdict(list)
    by_relation: defaultdict[str, list[str]] = defaultdict(list)
    for e in plan.edges:
        out_edges[e.source].append(e)
        in_edges[e.target].append(e)
        by_relation[e.relation].append(e.id)

    by_type: defaultdict[str, list[str]] = defaultdict(list)
    for n in plan.nodes:
        by_type[n.type].append(n.id)

    frozen_out = {k: tuple(v) for k, v in out_edges.items()}
    types = {n.id: n.type for n in plan.nodes}
    reach = build_reach(types, list(nodes), frozen_out)

    # every cited span, by document, in (start, end) order (ties in plan order)
    rows: list[tuple[str, int, int, str, str]] = []
    add = rows.append
    for kind, items in (("node", plan.nodes), ("edge", plan.edges)):
        for item in items:
            for s in item.sources:
                if isinstance(s, SpanSource):
                    add((s.document, s.start, s.end, kind, item.id))
    rows.sort(key=itemgetter(0, 1, 2))  # stable: ties stay in plan order
    citations: dict[str, tuple[Citation, ...]] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    for doc, group in groupby(rows, key=itemgetter(0)):
        cites = tuple(map(Citation._make, group))
        citations[doc] = cites
        spans[doc] = list(map(itemgetter(1, 2), cites))
    cov = coverage(plan.documents, texts, spans)

    return Snapshot(
        version=version,
        plan=plan,
        texts=MappingProxyType(dict(texts)),
        documents=MappingProxyType({d.id: d for d in plan.documents}),
        nodes=MappingProxyType(nodes),
        edges=MappingProxyType(edges),
        by_type=MappingProxyType({k: tuple(v) for k, v in by_type.items()}),
        by_relation=MappingProxyType({k: tuple(v) for k, v in by_relation.items()}),
        out_edges=MappingProxyType(frozen_out),
        in_edges=MappingProxyType({k: tuple(v) for k, v in in_edges.items()}),
        order=MappingProxyType(order),
        reach=reach,
        coverage=cov,
        search_index=SearchIndex(_search_entries(plan, texts)),
        citations=MappingProxyType(citations),
    )


def _search_entries(plan: PlanFile, texts: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(node, field, folded text) of every searchable text, as :class:`Entry` fields."""
    entries: list[tuple[str, str, str]] = []
    add = entries.append
    read: dict[str, tuple[str, str]] = {}  # pinyin of each distinct text, read once

    def pinyin_of(text: str) -> tuple[str, str]:
        found = read.get(text)
        if found is None:
            found = read[text] = pinyin(text)
        return found

    for n in plan.nodes:
        nid = n.id
        full, initials = pinyin_of(n.name.zh)
        add((nid, "name.zh", fold(n.name.zh)))
        add((nid, "name.en", fold(n.name.en)))
        add((nid, "pinyin", full))
        add((nid, "initials", initials))
        for alias in n.aliases:
            add((nid, "alias", fold(alias)))
            add((nid, "pinyin", pinyin_of(alias)[0]))
        if n.description is not None:
            add((nid, "description", fold(n.description.en)))
            if n.description.zh:
                add((nid, "description", fold(n.description.zh)))
        for s in n.sources:
            if isinstance(s, SpanSource):
                add((nid, "quote", fold(texts[s.document][s.start : s.end])))
    return entries
