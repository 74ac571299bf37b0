"""Properties of the query layer, checked on generated inputs over both plans.

- impact and dependencies are each other's mirror: ``y`` is in ``impact(x)`` exactly when
  ``x`` is in ``dependencies(y)``, at the same depth, under the same filters; and both
  agree with a breadth-first search written here from the vocabulary alone;
- every path returned is a simple path of the graph, between the nodes asked for, no
  longer than asked, each hop an edge joining its two nodes;
- search never raises, for any string, and ranks best first within its limit;
- list pages, concatenated, are the full list;
- the actions a city's measures list reach that city with the scope they state, and the
  city and measure views of reach agree.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from itertools import pairwise

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.answers import cities as answer_cities
from app.answers import nodes as answer_nodes
from app.answers import params, paths, traverse
from app.answers import search as answer_search
from app.answers.schemas import Traversal
from app.answers.views import views
from app.graph import walk
from app.graph.reach import RANK
from app.graph.snapshot import Snapshot
from app.vocabulary import NODE_TYPES, RELATIONS, SCOPES

#: examples per property; PLANGRAPH_PROPERTY_EXAMPLES raises it for a longer run
EXAMPLES = int(os.environ.get("PLANGRAPH_PROPERTY_EXAMPLES", "150"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
#: generous: a property must not depend on a walk cut short by a slow machine
NO_BUDGET = 600.0

#: text a user might not mean to type: NUL, direction marks, emoji, joiners, combining marks
ODD = [
    "\x00",
    "\u202e",
    "\u200f",
    "\u200e",
    "\u2066",
    "\ufeff",
    "\u200d",
    "\u0301",
    "🏙️",
    "👩‍🔬",
    "%",
    "*",
    "\\",
    "'",
    '"',
    " ",
    "\t",
    "\n",
]
TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.lists(st.sampled_from(ODD) | st.text(max_size=3), max_size=12).map("".join),
)


class Plan:
    """A snapshot with a short repr, for the falsifying examples Hypothesis prints."""

    __slots__ = ("name", "snap")

    def __init__(self, name: str, snap: Snapshot) -> None:
        self.name = name
        self.snap = snap

    def __repr__(self) -> str:
        return f"<{self.name} plan>"


@pytest.fixture(scope="session", params=["mini", "plan"])
def subject(request: pytest.FixtureRequest) -> Plan:
    """Each plan in turn: the small one built in code, and the bundled one."""
    return Plan(request.param, request.getfixturevalue(request.param))


def _ids(snap: Snapshot) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(snap.nodes))


def _needs_graph(snap: Snapshot) -> nx.DiGraph:
    """``a -> b`` when ``a`` needs ``b``, read from the vocabulary alone."""
    g = nx.DiGraph()
    g.add_nodes_from(snap.nodes)
    for e in snap.edges.values():
        if RELATIONS[e.relation].depends == "source":
            g.add_edge(e.source, e.target)
        else:
            g.add_edge(e.target, e.source)
    return g


def _depths(t: Traversal) -> dict[str, int]:
    assert not t.truncated
    return {n.id: n.depth for n in t.nodes}


# ---- dependencies and impact ---------------------------------------------------------------

FILTERS = st.fixed_dictionaries(
    {
        "relation": st.none() | st.sets(st.sampled_from(sorted(RELATIONS)), min_size=1),
        "evidence": st.sampled_from([None, *walk.EVIDENCE]),
    }
)


@SETTINGS
@given(data=st.data(), depth=st.integers(1, walk.MAX_DEPTH), filters=FILTERS)
def test_impact_mirrors_dependencies(
    subject: Plan, data: st.DataObject, depth: int, filters: dict[str, object]
) -> None:
    snap = subject.snap
    x = data.draw(_ids(snap), label="x")
    impact = _depths(traverse.impact(snap, x, depth, **filters, timeout=NO_BUDGET))  # type: ignore[arg-type]
    for y in sorted(snap.nodes):
        needs = _depths(
            traverse.dependencies(snap, y, depth, **filters, timeout=NO_BUDGET)  # type: ignore[arg-type]
        )
        assert (y in impact) == (x in needs), (x, y)
        if y in impact:
            assert impact[y] == needs[x], (x, y)


@SETTINGS
@given(data=st.data(), depth=st.integers(1, walk.MAX_DEPTH))
def test_traversals_agree_with_a_breadth_first_search(
    subject: Plan, data: st.DataObject, depth: int
) -> None:
    snap = subject.snap
    g = _needs_graph(snap)
    x = data.draw(_ids(snap), label="x")
    for walk_of, graph in ((traverse.dependencies, g), (traverse.impact, g.reverse(copy=False))):
        expected = nx.single_source_shortest_path_length(graph, x, cutoff=depth)
        expected.pop(x)
        answer = walk_of(snap, x, depth, timeout=NO_BUDGET)
        assert _depths(answer) == expected
        walked = {e.id for e in answer.edges}
        for n in answer.nodes:
            assert n.via in walked
            edge = snap.edges[n.via]
            assert n.id in (edge.source, edge.target)


@SETTINGS
@given(data=st.data(), depth=st.integers(1, walk.MAX_DEPTH), filters=FILTERS)
def test_filters_only_narrow_a_walk(
    subject: Plan, data: st.DataObject, depth: int, filters: dict[str, object]
) -> None:
    snap = subject.snap
    x = data.draw(_ids(snap), label="x")
    types = data.draw(st.sets(st.sampled_from(sorted(NODE_TYPES)), min_size=1), label="types")
    full = _depths(traverse.dependencies(snap, x, depth, timeout=NO_BUDGET))
    some = traverse.dependencies(snap, x, depth, **filters, timeout=NO_BUDGET)  # type: ignore[arg-type]
    assert set(_depths(some)) <= set(full)
    for e in some.edges:
        assert filters["relation"] is None or e.relation in filters["relation"]  # type: ignore[operator]
        assert filters["evidence"] is None or e.evidence == filters["evidence"]
    typed = traverse.dependencies(snap, x, depth, type_=types, timeout=NO_BUDGET)
    assert {n.id: n.depth for n in typed.nodes} == {
        n: d for n, d in full.items() if snap.nodes[n].type in types
    }


# ---- paths -----------------------------------------------------------------------------------


@SETTINGS
@given(
    data=st.data(),
    max_length=st.integers(1, walk.MAX_PATH_LENGTH),
    limit=st.integers(1, walk.MAX_PATHS),
    directed=st.booleans(),
)
def test_every_path_returned_is_a_path_of_the_graph(
    subject: Plan, data: st.DataObject, max_length: int, limit: int, directed: bool
) -> None:
    snap = subject.snap
    s = data.draw(_ids(snap), label="source")
    t = data.draw(_ids(snap), label="target")
    found = paths.paths(snap, s, t, max_length, limit, directed)
    assert len(found.paths) <= limit
    seen = set()
    for p in found.paths:
        ids = [n.id for n in p.nodes]
        assert ids[0] == s
        assert ids[-1] == t
        assert len(set(ids)) == len(ids), "a simple path"
        assert p.length == len(ids) - 1 == len(p.edges) <= max_length
        for (u, v), edge in zip(pairwise(ids), p.edges, strict=True):
            assert views(snap).edges[edge.id] == edge
            ends = (edge.source, edge.target)
            assert ends == (u, v) if directed else set(ends) == {u, v}
        seen.add(tuple(ids))
    assert len(seen) == len(found.paths), "no path twice"
    lengths = [p.length for p in found.paths]
    assert lengths == sorted(lengths), "shortest first"
    graph = snap.simple_digraph if directed else snap.simple_graph
    if not found.truncated and s != t:
        reachable = nx.has_path(graph, s, t)
        shortest = nx.shortest_path_length(graph, s, t) if reachable else None
        assert bool(found.paths) == (shortest is not None and shortest <= max_length)
        if found.paths:
            assert lengths[0] == shortest


@SETTINGS
@given(data=st.data())
def test_an_explanation_walks_a_shortest_path(subject: Plan, data: st.DataObject) -> None:
    snap = subject.snap
    s = data.draw(_ids(snap), label="source")
    t = data.draw(_ids(snap), label="target")
    why = paths.explain(snap, s, t)
    assert why.found == nx.has_path(snap.simple_graph, s, t)
    if not why.found:
        return
    assert why.path is not None
    assert why.length == nx.shortest_path_length(snap.simple_graph, s, t) == len(why.steps)
    here = s
    for step in why.steps:
        edge = snap.edges[step.edge]
        assert step.from_.id == here
        forward = (edge.source, edge.target) == (step.from_.id, step.to.id)
        backward = (edge.target, edge.source) == (step.from_.id, step.to.id)
        assert forward or backward
        assert step.direction == ("forward" if forward else "inverse")
        here = step.to.id
    assert here == t


# ---- search ------------------------------------------------------------------------------------


@SETTINGS
@given(q=TEXT, limit=st.integers(1, 100), type_=st.sampled_from([None, *sorted(NODE_TYPES)]))
def test_search_never_raises_for_any_string(
    subject: Plan, q: str, limit: int, type_: str | None
) -> None:
    snap = subject.snap
    result = answer_search.search(snap, q, type_, limit, params.FACETS)
    assert len(result.items) == min(limit, result.total)
    scores = [h.score for h in result.items]
    assert scores == sorted(scores, reverse=True), "best first"
    assert len({h.node.id for h in result.items}) == len(result.items)
    for hit in result.items:
        assert hit.node.id in snap.nodes
        assert type_ is None or hit.node.type == type_
    assert result.facets is not None
    assert sum(f.count for f in result.facets["type"]) == result.total


@SETTINGS
@given(q=TEXT)
def test_listing_by_query_never_raises_and_agrees_with_search(subject: Plan, q: str) -> None:
    snap = subject.snap
    page = answer_nodes.list_nodes(snap, q=q, limit=len(snap.nodes))
    if q:
        assert [n.id for n in page.items] == [h.node for h in snap.search_index.search(q)]
    else:
        assert page.total == len(snap.nodes)


# ---- pagination ----------------------------------------------------------------------------


def _pages(fetch: object, size: int) -> Iterator[list[str]]:
    offset = 0
    while True:
        page = fetch(size, offset)  # type: ignore[operator]
        yield [getattr(i, "id", None) or i.edge for i in page.items]
        offset += size
        if offset >= page.total:
            return


@SETTINGS
@given(data=st.data(), size=st.integers(1, 60))
def test_pages_concatenate_to_the_full_list(subject: Plan, data: st.DataObject, size: int) -> None:
    snap = subject.snap
    type_ = data.draw(st.sampled_from([None, *sorted(snap.by_type)]), label="type")
    cities = sorted(snap.by_type.get("city", ()))
    city = data.draw(st.sampled_from([None, *cities]), label="city")
    q = data.draw(st.sampled_from([None, "lab", "valley", "创新", "chengdu", "a"]), label="q")

    def nodes(limit: int, offset: int) -> object:
        return answer_nodes.list_nodes(snap, type_, city, q, limit, offset)

    full = answer_nodes.list_nodes(snap, type_, city, q, limit=len(snap.nodes) + 1)
    assert [i for p in _pages(nodes, size) for i in p] == [n.id for n in full.items]
    assert full.total == len(full.items)

    x = data.draw(_ids(snap), label="node")

    def neighbours(limit: int, offset: int) -> object:
        return answer_nodes.neighbors(snap, x, limit=limit, offset=offset)

    every = answer_nodes.neighbors(snap, x, limit=len(snap.edges) + 1)
    assert [i for p in _pages(neighbours, size) for i in p] == [r.edge for r in every.items]

    def edges(limit: int, offset: int) -> object:
        return answer_nodes.list_edges(snap, source=x, limit=limit, offset=offset)

    out = answer_nodes.list_edges(snap, source=x, limit=len(snap.edges) + 1)
    assert [i for p in _pages(edges, size) for i in p] == [e.id for e in out.items]


# ---- reach -------------------------------------------------------------------------------


SCOPE_SETS = st.sets(st.sampled_from(SCOPES), min_size=1).map(frozenset)


@SETTINGS
@given(data=st.data(), scopes=SCOPE_SETS)
def test_city_measures_actions_reach_the_city_with_their_scope(
    subject: Plan, data: st.DataObject, scopes: frozenset[str]
) -> None:
    snap = subject.snap
    cities = sorted(snap.by_type.get("city", ()))
    if not cities:
        return
    city = data.draw(st.sampled_from(cities), label="city")
    answer = answer_cities.city_measures(snap, city, scopes)
    assert answer.total == len(answer.items)
    for item in answer.items:
        m = item.measure.id
        assert snap.nodes[m].type == "measure"
        assert city in snap.reach.by_node[m]
        assert item.scope in scopes
        for a in item.actions:
            reach = snap.reach.by_node[a.action.id][city]
            assert a.scope == reach.scope
            assert a.scope in scopes
            assert [v.id for v in a.via] == list(reach.via)
            assert a.action.id in snap.reach.actions_of[m]
        if item.actions:
            assert item.scope == min((a.scope for a in item.actions), key=RANK.__getitem__)
    everything = {i.measure.id for i in answer_cities.city_measures(snap, city).items}
    assert {i.measure.id for i in answer.items} <= everything


@SETTINGS
@given(data=st.data(), scopes=SCOPE_SETS)
def test_city_and_measure_views_of_reach_agree(
    subject: Plan, data: st.DataObject, scopes: frozenset[str]
) -> None:
    snap = subject.snap
    measures = sorted(snap.by_type.get("measure", ()))
    if not measures:
        return
    m = data.draw(st.sampled_from(measures), label="measure")
    by_measure = {
        i.city.id: (i.scope, [a.action.id for a in i.actions])
        for i in answer_cities.measure_cities(snap, m, scopes).items
    }
    for city in snap.by_type.get("city", ()):
        items = {i.measure.id: i for i in answer_cities.city_measures(snap, city, scopes).items}
        assert (city in by_measure) == (m in items), (m, city)
        if m in items:
            assert by_measure[city] == (items[m].scope, [a.action.id for a in items[m].actions])
