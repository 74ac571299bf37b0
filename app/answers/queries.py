"""Queries over a snapshot: plain functions ``f(snap, ...)`` returning response shapes.

Nothing here knows about HTTP. Every function reads only the snapshot's indexes, so no
request scans the whole graph.

The answers the API serves most also have a ``*_json`` form: the bytes the response
model serialises to, made with orjson from finished JSON kept with the snapshot (each
node's summary: ``snap.views.summary_json``) instead of building and dumping models.
The model form is the JSON form parsed, so the two can never differ (a Python caller
pays for the parse: 1.6x to 2.3x the time of building the models directly).

Examples
--------
>>> from app import load_plan
>>> snap = load_plan()
>>> page = list_nodes(snap, type_="city")
>>> page.total == len(snap.by_type["city"])
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple, TypeVar

import orjson
from rapidfuzz import process

from app.answers.schemas import (
    CitingNode,
    CityMeasures,
    ClauseOut,
    Counts,
    DocumentOut,
    DocumentText,
    EdgeOut,
    FacetCount,
    MeasureCities,
    Meta,
    NodeDetail,
    NodeOut,
    NodeTypeOut,
    Page,
    RelationOut,
    RelationTypeOut,
    SchemaOut,
    SearchResult,
    Spans,
    Summary,
    TextCoverage,
    Tree,
    TreeNode,
)
from app.answers.schemas.reload import LastReload
from app.answers.views import kept
from app.errors import DocumentNotFound, InvalidParameter, NodeNotFound
from app.graph.coverage import Clause
from app.graph.snapshot import Snapshot
from app.models import Edge
from app.runtime.reload import ReloadResult
from app.vocabulary import NODE_TYPES, RELATIONS, SCOPES, Scope

FACETS = ("type", "city", "pillar")


# ---- nodes -------------------------------------------------------------------------------


def suggest(candidates: Iterable[str], wrong: str, limit: int = 3, cutoff: float = 50) -> list[str]:
    """The ids closest to ``wrong`` (for a 404's "did you mean")."""
    found = process.extract(wrong, list(candidates), limit=limit, score_cutoff=cutoff)
    return [str(choice) for choice, _score, _pos in found]


def require_node(snap: Snapshot, node_id: str, type_: str | None = None) -> str:
    """Return ``node_id`` if it is a node (of ``type_``), else raise NodeNotFound.

    The error names the id and suggests the closest ids (of ``type_`` when given).
    """
    node = snap.nodes.get(node_id)
    if node is not None and (type_ is None or node.type == type_):
        return node_id
    if type_ is None:
        raise NodeNotFound(node_id, suggest(snap.nodes.keys(), node_id))
    reason = f"{node_id!r} is a {node.type}, not a {type_}" if node is not None else ""
    raise NodeNotFound(node_id, suggest(snap.by_type.get(type_, ()), node_id, cutoff=0), reason)


def summary(snap: Snapshot, node_id: str) -> Summary:
    return snap.views.summaries[node_id]


def get_node(snap: Snapshot, node_id: str) -> NodeOut:
    """The full node."""
    return snap.views.nodes[require_node(snap, node_id)]


def _relation_ends(snap: Snapshot, node_id: str) -> list[tuple[Edge, str, str]]:
    """(edge, direction, node at the other end) of every edge at a node, outgoing first."""
    out = [(e, "out", e.target) for e in snap.out_edges.get(node_id, ())]
    out += [(e, "in", e.source) for e in snap.in_edges.get(node_id, ())]
    return out


def _relation_dicts(snap: Snapshot, ends: Iterable[tuple[Edge, str, str]]) -> list[dict[str, Any]]:
    """Relations (:class:`RelationOut`) as plain data for orjson, summaries as finished JSON."""
    summaries = snap.views.summary_json
    return [
        {
            "relation": e.relation,
            "direction": direction,
            "evidence": e.evidence,
            "node": summaries[other],
            "edge": e.id,
        }
        for e, direction, other in ends
    ]


def relations(snap: Snapshot, node_id: str) -> list[RelationOut]:
    """Every edge at a node, seen from it: outgoing first, then incoming."""
    return node_detail(snap, node_id).relations


def node_detail_json(snap: Snapshot, node_id: str) -> bytes:
    """The JSON of :func:`node_detail`: the full node plus every relation it takes part in.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    node_id : str
        A node id; an unknown one raises :class:`~app.errors.NodeNotFound`.

    Returns
    -------
    bytes
        A :class:`~app.answers.schemas.NodeDetail` as JSON: the node's own JSON (made once per
        snapshot) with its relations appended.
    """
    node = snap.views.node_json(require_node(snap, node_id))
    rels = orjson.dumps(_relation_dicts(snap, _relation_ends(snap, node_id)))
    return b"".join((node[:-1], b',"relations":', rels, b"}"))


def node_detail(snap: Snapshot, node_id: str) -> NodeDetail:
    """The full node plus every relation it takes part in (:func:`node_detail_json`, parsed)."""
    return NodeDetail.model_validate_json(node_detail_json(snap, node_id))


T = TypeVar("T")


def _paged(items: Sequence[T], limit: int, offset: int) -> list[T]:
    return list(items[offset : offset + limit])


def nodes_in_city(snap: Snapshot, city: str) -> frozenset[str]:
    """Actions and measures reaching the city, the places located in it, and the city
    (made once per snapshot and city)."""
    require_node(snap, city, "city")

    def build() -> frozenset[str]:
        reach = snap.reach
        found = {city, *reach.located.get(city, ())}
        for m in reach.measures_by_city.get(city, ()):
            found.add(m)
            found.update(a for a in reach.actions_of.get(m, ()) if city in reach.by_node[a])
        return frozenset(found)

    return snap.derived.memo(("nodes-in-city", city), build)


def cities_of(snap: Snapshot) -> Mapping[str, tuple[str, ...]]:
    """For each node, the cities whose ``city=`` filter keeps it (built once per snapshot).

    The ``city`` facet counts by this, so a facet's count is the total its filter gives.
    """

    def build() -> Mapping[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for c in snap.by_type.get("city", ()):
            for nid in nodes_in_city(snap, c):
                found.setdefault(nid, []).append(c)
        return {nid: tuple(cs) for nid, cs in found.items()}

    return snap.derived.memo("cities-of", build)


def parse_facets(raw: str | None) -> list[str]:
    """Parse ``facets=type,city,pillar``; unknown names are an InvalidParameter."""
    if not raw:
        return []
    names = [f.strip() for f in raw.split(",") if f.strip()]
    bad = [f for f in names if f not in FACETS]
    if bad:
        raise InvalidParameter("facets", f"unknown facet {bad[0]!r}; allowed: {', '.join(FACETS)}")
    return list(dict.fromkeys(names))


def facet_counts(
    snap: Snapshot, ids: Iterable[str], names: Sequence[str]
) -> dict[str, list[FacetCount]]:
    """Counts per value of each facet over ``ids``."""
    ids = list(ids)
    out: dict[str, list[FacetCount]] = {}
    for facet in names:
        counter: Counter[str] = Counter()
        for nid in ids:
            counter.update(_facet_values(snap, nid, facet))
        named = facet != "type"
        out[facet] = [
            FacetCount(value=v, count=c, name=snap.nodes[v].name if named else None)
            for v, c in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
    return out


def _facet_values(snap: Snapshot, nid: str, facet: str) -> Iterable[str]:
    node = snap.nodes[nid]
    if facet == "type":
        return (node.type,)
    if facet == "city":
        return cities_of(snap).get(nid, ())
    # pillar: the pillar a measure or action belongs to
    measure = nid if node.type == "measure" else snap.parent(nid, "measure")
    pillar = snap.parent(measure, "pillar") if measure else None
    return (pillar,) if pillar else (nid,) if node.type == "pillar" else ()


def list_nodes(
    snap: Snapshot,
    type_: str | None = None,
    city: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
    facets: Sequence[str] = (),
) -> Page[NodeOut]:
    """Full nodes, filtered by type, by the city they reach or lie in, and by a search query."""
    ids: Sequence[str]
    if q:
        ids = [h.node for h in snap.search_index.search(q, _of_type(snap, type_))]
    elif type_:
        ids = snap.by_type.get(type_, ())
    else:
        ids = list(snap.nodes)
    if city:
        keep = nodes_in_city(snap, city)
        ids = [i for i in ids if i in keep]
    views = snap.views.nodes
    return Page[NodeOut](
        items=[views[i] for i in _paged(ids, limit, offset)],
        total=len(ids),
        limit=limit,
        offset=offset,
        facets=facet_counts(snap, ids, facets) if facets else None,
    )


def neighbors_json(
    snap: Snapshot,
    node_id: str,
    relation: str | None = None,
    direction: str | None = None,
    type_: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> bytes:
    """The JSON of :func:`neighbors`: a page of the node's relations, filtered.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    node_id : str
        A node id; an unknown one raises :class:`~app.errors.NodeNotFound`.
    relation, direction, type_ : str, optional
        Keep the relations of this relation, this direction (``out`` or ``in``), and
        whose other end has this type.
    limit, offset : int
        The page.

    Returns
    -------
    bytes
        A ``Page[RelationOut]`` as JSON; ``total`` counts every relation kept.
    """
    total, page = _neighbor_page(snap, node_id, relation, direction, type_, limit, offset)
    return orjson.dumps(
        {
            "items": _relation_dicts(snap, page),
            "total": total,
            "limit": limit,
            "offset": offset,
            "facets": None,
        }
    )


def _neighbor_page(
    snap: Snapshot,
    node_id: str,
    relation: str | None,
    direction: str | None,
    type_: str | None,
    limit: int,
    offset: int,
) -> tuple[int, list[tuple[Edge, str, str]]]:
    """How many relations of a node the filters keep, and the page of them asked for."""
    require_node(snap, node_id)
    if relation is None and direction is None and type_ is None:
        # no filter: the page is cut from the two adjacency lists, whatever the degree
        out, into = snap.out_edges.get(node_id, ()), snap.in_edges.get(node_id, ())
        start, stop = max(0, offset - len(out)), max(0, offset + limit - len(out))
        page = [(e, "out", e.target) for e in out[offset : offset + limit]]
        page += [(e, "in", e.source) for e in into[start:stop]]
        return len(out) + len(into), page
    nodes = snap.nodes
    ends = [
        (e, d, other)
        for e, d, other in _relation_ends(snap, node_id)
        if (relation is None or e.relation == relation)
        and (direction is None or d == direction)
        and (type_ is None or nodes[other].type == type_)
    ]
    return len(ends), _paged(ends, limit, offset)


def neighbors(
    snap: Snapshot,
    node_id: str,
    relation: str | None = None,
    direction: str | None = None,
    type_: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[RelationOut]:
    """The node's relations, filtered by relation, direction and the other end's type
    (:func:`neighbors_json`, parsed)."""
    answer = neighbors_json(snap, node_id, relation, direction, type_, limit, offset)
    return Page[RelationOut].model_validate_json(answer)


def list_edges(
    snap: Snapshot,
    relation: str | None = None,
    source: str | None = None,
    target: str | None = None,
    evidence: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[EdgeOut]:
    """Edges filtered by relation, source, target and evidence."""
    candidates: Iterable[str]
    if source is not None:
        require_node(snap, source)
        candidates = (e.id for e in snap.out_edges.get(source, ()))
    elif target is not None:
        require_node(snap, target)
        candidates = (e.id for e in snap.in_edges.get(target, ()))
    elif relation is not None:
        candidates = snap.by_relation.get(relation, ())
    else:
        candidates = snap.edges.keys()
    if target is not None:
        require_node(snap, target)  # also when filtering by source first
    ids = [
        eid
        for eid in candidates
        if (relation is None or snap.edges[eid].relation == relation)
        and (target is None or snap.edges[eid].target == target)
        and (evidence is None or snap.edges[eid].evidence == evidence)
    ]
    views = snap.views.edges
    return Page[EdgeOut](
        items=[views[i] for i in _paged(ids, limit, offset)],
        total=len(ids),
        limit=limit,
        offset=offset,
    )


# ---- cities and measures -----------------------------------------------------------------


def parse_scopes(raw: str | None) -> frozenset[str]:
    """Parse ``scope=explicit,located``; unknown names are an InvalidParameter."""
    if not raw:
        return frozenset(SCOPES)
    names = {s.strip() for s in raw.split(",") if s.strip()}
    bad = sorted(names - set(SCOPES))
    if bad:
        raise InvalidParameter("scope", f"unknown scope {bad[0]!r}; allowed: {', '.join(SCOPES)}")
    return frozenset(names)


#: an action reaching a city: (action, scope, via)
_ActionRow = tuple[str, Scope, tuple[str, ...]]
_ALL_SCOPES = frozenset(SCOPES)


class CityRow(NamedTuple):
    """A measure reaching a city, ready to be listed (see :func:`city_rows`)."""

    measure: str
    pillar: str | None
    #: its scope with every action kept: the strongest of its actions' (its own if none)
    scope: Scope
    #: the measure's actions reaching the city, as (action, scope, via)
    actions: tuple[_ActionRow, ...]


def _strongest(actions: Iterable[_ActionRow]) -> Scope:
    return min((scope for _, scope, _ in actions), key=SCOPES.index)


def city_rows(snap: Snapshot, city: str) -> tuple[CityRow, ...]:
    """The measures reaching ``city``, in plan order, made once per snapshot and city.

    A request only picks the rows its scopes keep. ``city`` must be a city.
    """

    def build() -> tuple[CityRow, ...]:
        reach = snap.reach
        rows = []
        for m in reach.measures_by_city.get(city, ()):
            acts = []
            for a in reach.actions_of.get(m, ()):
                r = reach.by_node[a].get(city)
                if r is not None:
                    acts.append((a, r.scope, r.via))
            scope = _strongest(acts) if acts else reach.by_node[m][city].scope
            rows.append(CityRow(m, snap.parent(m, "pillar"), scope, tuple(acts)))
        return tuple(rows)

    return snap.derived.memo(("city-rows", city), build)


def _kept(
    own: Scope, actions: Sequence[_ActionRow], scopes: frozenset[str]
) -> tuple[Scope, list[_ActionRow]] | None:
    """(scope, actions kept) of a measure reaching a city, or None when ``scopes`` drop it.

    A measure with actions is kept with the strongest scope of its actions kept; one
    without actions (it reaches by its own places) when its own scope is kept.
    """
    if not actions:
        return (own, []) if own in scopes else None
    kept = [a for a in actions if a[1] in scopes]
    return (_strongest(kept), kept) if kept else None


def _action_dicts(snap: Snapshot, actions: Iterable[_ActionRow]) -> list[dict[str, Any]]:
    summaries = snap.views.summary_json
    return [
        {"action": summaries[a], "scope": scope, "via": [summaries[v] for v in via]}
        for a, scope, via in actions
    ]


def _city_item(
    snap: Snapshot, measure: str, pillar: str | None, scope: Scope, actions: Iterable[_ActionRow]
) -> dict[str, Any]:
    """A :class:`CityMeasure` as plain data for orjson."""
    summaries = snap.views.summary_json
    return {
        "measure": summaries[measure],
        "pillar": None if pillar is None else summaries[pillar],
        "scope": scope,
        "actions": _action_dicts(snap, actions),
    }


def _city_measures_json(snap: Snapshot, city: str, scopes: frozenset[str]) -> bytes:
    items = []
    for r in city_rows(snap, city):
        found = _kept(r.scope, r.actions, scopes)
        if found is not None:
            items.append(_city_item(snap, r.measure, r.pillar, *found))
    summary = snap.views.summary_json[city]
    return orjson.dumps({"city": summary, "items": items, "total": len(items)})


def city_measures_json(snap: Snapshot, city: str, scopes: frozenset[str] = _ALL_SCOPES) -> bytes:
    """The JSON of :func:`city_measures`: every measure reaching ``city``, and why.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    city : str
        A city id; any other id raises :class:`~app.errors.NodeNotFound`.
    scopes : frozenset of str
        Keep the actions reaching the city in these ways (see :func:`parse_scopes`).

    Returns
    -------
    bytes
        A :class:`~app.answers.schemas.CityMeasures` as JSON, made of the city's rows
        (:func:`city_rows`). The answer with every scope is made on the city's first
        request and kept with the snapshot.
    """
    require_node(snap, city, "city")
    if scopes >= _ALL_SCOPES:  # the common answer: made once per snapshot and city
        return snap.derived.memo(
            ("city-measures", city), lambda: kept(_city_measures_json(snap, city, _ALL_SCOPES))
        )
    return _city_measures_json(snap, city, scopes)


def city_measures(snap: Snapshot, city: str, scopes: frozenset[str] = _ALL_SCOPES) -> CityMeasures:
    """Every measure reaching ``city``, with the actions that do and why.

    ``scopes`` keeps the actions reaching the city in those ways; a measure is listed when
    one of its actions is kept, with the strongest scope among them (a measure without
    actions, when its own scope is kept). This is :func:`city_measures_json`, parsed.
    """
    return CityMeasures.model_validate_json(city_measures_json(snap, city, scopes))


def _measure_items(
    snap: Snapshot, measure: str, scopes: frozenset[str]
) -> tuple[str | None, list[tuple[str, Scope, list[_ActionRow]]]]:
    """The measure's pillar, and (city, scope, actions kept) of each city ``scopes`` keep,
    in plan order."""
    require_node(snap, measure, "measure")
    reach = snap.reach
    actions = reach.actions_of.get(measure, ())
    own = reach.by_node.get(measure, {})
    items = []
    for city in sorted(own, key=snap.order.__getitem__):
        acts = []
        for a in actions:
            r = reach.by_node[a].get(city)
            if r is not None:
                acts.append((a, r.scope, r.via))
        found = _kept(own[city].scope, acts, scopes)
        if found is not None:
            items.append((city, *found))
    return snap.parent(measure, "pillar"), items


def measure_cities_json(
    snap: Snapshot, measure: str, scopes: frozenset[str] = _ALL_SCOPES
) -> bytes:
    """The JSON of :func:`measure_cities`: every city a measure reaches, and why.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    measure : str
        A measure id; any other id raises :class:`~app.errors.NodeNotFound`.
    scopes : frozenset of str
        Keep the actions reaching a city in these ways (see :func:`parse_scopes`).

    Returns
    -------
    bytes
        A :class:`~app.answers.schemas.MeasureCities` as JSON, cities in plan order.
    """
    pillar, items = _measure_items(snap, measure, scopes)
    summaries = snap.views.summary_json
    return orjson.dumps(
        {
            "measure": summaries[measure],
            "pillar": None if pillar is None else summaries[pillar],
            "items": [
                {"city": summaries[c], "scope": scope, "actions": _action_dicts(snap, acts)}
                for c, scope, acts in items
            ],
            "total": len(items),
        }
    )


def measure_cities(
    snap: Snapshot, measure: str, scopes: frozenset[str] = _ALL_SCOPES
) -> MeasureCities:
    """Every city a measure reaches, with the actions that reach it and why.

    A city is listed when one of the measure's actions reaching it is kept by ``scopes``
    (for a measure without actions, when its own scope there is kept). This is
    :func:`measure_cities_json`, parsed.
    """
    return MeasureCities.model_validate_json(measure_cities_json(snap, measure, scopes))


# ---- outline -----------------------------------------------------------------------------


def _tree(snap: Snapshot, node_id: str, child_types: Sequence[str]) -> TreeNode:
    kids = []
    if child_types:
        kids = [_tree(snap, k, child_types[1:]) for k in snap.children(node_id, child_types[0])]
    s = summary(snap, node_id)
    return TreeNode(id=s.id, type=s.type, name=s.name, children=kids)


def tree(snap: Snapshot) -> Tree:
    """Goals with their sub-goals; chapters with pillars, measures and actions."""
    goals = [g for g in snap.by_type.get("goal", ()) if snap.parent(g, "goal") is None]

    def goal_tree(g: str) -> TreeNode:
        s = summary(snap, g)
        return TreeNode(
            id=s.id,
            type=s.type,
            name=s.name,
            children=[goal_tree(k) for k in snap.children(g, "goal")],
        )

    return Tree(
        goals=[goal_tree(g) for g in goals],
        chapters=[
            _tree(snap, c, ("pillar", "measure", "action")) for c in snap.by_type.get("chapter", ())
        ],
    )


# ---- documents ---------------------------------------------------------------------------


def _document(snap: Snapshot, doc_id: str) -> DocumentOut:
    d = snap.documents[doc_id]
    text = snap.texts.get(doc_id)
    return DocumentOut(
        id=d.id,
        title=d.title,
        kind=d.kind,
        publisher=d.publisher,
        date=d.date,
        description=d.description,
        sha256=d.sha256,
        length=len(text) if text is not None else None,
        plan_ranges=[{"start": r.start, "end": r.end} for r in d.plan_ranges],
    )


def documents(snap: Snapshot) -> list[DocumentOut]:
    """Metadata of every cited document."""
    return [_document(snap, d) for d in snap.documents]


def require_document(snap: Snapshot, doc_id: str) -> str:
    if doc_id not in snap.documents:
        raise DocumentNotFound(doc_id, suggest(snap.documents, doc_id))
    return doc_id


def document(snap: Snapshot, doc_id: str) -> DocumentText:
    """A document's metadata and, when shipped, its full text."""
    meta = _document(snap, require_document(snap, doc_id))
    return DocumentText(**dict(meta), text=snap.texts.get(doc_id))


def spans(snap: Snapshot, doc_id: str, start: int = 0, end: int | None = None) -> Spans:
    """The nodes and edges citing any part of ``text[start:end]``."""
    require_document(snap, doc_id)
    text = snap.texts.get(doc_id)
    if text is None:
        raise InvalidParameter(
            "document", f"{doc_id!r} has no shipped text; it is cited by section"
        )
    n = len(text)
    end = n if end is None else end
    if start > n:
        raise InvalidParameter("start", f"must be at most the text length {n}")
    if end > n:
        raise InvalidParameter("end", f"must be at most the text length {n}")
    if start >= end:
        raise InvalidParameter("end", "must be greater than start")
    cites = snap.citing(doc_id, start, end)
    nodes = [
        CitingNode(node=summary(snap, c.id), start=c.start, end=c.end, quote=text[c.start : c.end])
        for c in cites
        if c.kind == "node"
    ]
    edge_ids = dict.fromkeys(c.id for c in cites if c.kind == "edge")
    return Spans(
        document=doc_id,
        start=start,
        end=end,
        text=text[start:end],
        nodes=nodes,
        edges=[snap.views.edges[e] for e in edge_ids],
    )


# ---- search, meta, schema ----------------------------------------------------------------


def _of_type(snap: Snapshot, type_: str | None) -> frozenset[str] | None:
    """The ids of the nodes of ``type_`` as a set (built once per snapshot and type)."""
    if not type_:
        return None
    return snap.derived.memo(("of-type", type_), lambda: frozenset(snap.by_type.get(type_, ())))


def _facet_dicts(
    snap: Snapshot, ids: Iterable[str], names: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """:func:`facet_counts` as plain data for orjson."""
    return {
        facet: [c.model_dump() for c in counts]
        for facet, counts in facet_counts(snap, ids, names).items()
    }


def search_json(
    snap: Snapshot,
    q: str,
    type_: str | None = None,
    limit: int = 20,
    facets: Sequence[str] = (),
) -> bytes:
    """The JSON of :func:`search`: nodes matching ``q`` in any language, best first.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    q : str
        Chinese, English, pinyin (full syllables or initials), an alias or a quote.
    type_ : str, optional
        Keep the nodes of this type.
    limit : int
        The most hits listed; ``total`` counts them all.
    facets : sequence of str
        Facets to count over every hit (see :func:`parse_facets`).

    Returns
    -------
    bytes
        A :class:`~app.answers.schemas.SearchResult` as JSON.
    """
    hits = snap.search_index.search(q, _of_type(snap, type_))
    summaries = snap.views.summary_json
    return orjson.dumps(
        {
            "items": [
                {"node": summaries[h.node], "score": h.score, "field": h.field}
                for h in hits[:limit]
            ],
            "total": len(hits),
            "facets": _facet_dicts(snap, (h.node for h in hits), facets) if facets else None,
        }
    )


def search(
    snap: Snapshot,
    q: str,
    type_: str | None = None,
    limit: int = 20,
    facets: Sequence[str] = (),
) -> SearchResult:
    """Nodes matching ``q`` in any language, best first (:func:`search_json`, parsed)."""
    return SearchResult.model_validate_json(search_json(snap, q, type_, limit, facets))


def _clause(c: Clause) -> ClauseOut:
    return ClauseOut(document=c.document, start=c.start, end=c.end, text=c.text)


def last_reload(result: ReloadResult) -> LastReload:
    """The outcome of a load attempt, as served."""
    return LastReload(
        at=result.at,
        outcome=result.outcome,
        version=result.version,
        problems=[str(p) for p in result.problems],
        problem_count=result.problem_count,
    )


def meta(snap: Snapshot, reload: ReloadResult | None = None) -> Meta:
    """Title, documents, dataset version, counts, text coverage and the last load attempt."""
    cov = snap.coverage
    return Meta(
        title=snap.plan.title,
        format_version=snap.plan.format_version,
        version=snap.version,
        documents=documents(snap),
        counts=Counts(
            nodes={t: len(ids) for t, ids in snap.by_type.items()},
            edges={r: len(ids) for r, ids in snap.by_relation.items()},
        ),
        text_coverage=TextCoverage(
            clauses=cov.clauses,
            covered=cov.covered,
            ratio=cov.ratio,
            uncovered=[_clause(c) for c in cov.uncovered],
        ),
        last_reload=last_reload(reload) if reload is not None else None,
    )


def schema(snap: Snapshot) -> SchemaOut:
    """The vocabulary, with how often each type and relation occurs in this plan."""
    return SchemaOut(
        node_types=[
            NodeTypeOut(name=t.name, meaning=t.meaning, count=len(snap.by_type.get(t.name, ())))
            for t in NODE_TYPES.values()
        ],
        relations=[
            RelationTypeOut(
                name=r.name,
                meaning=r.meaning,
                depends=r.depends,
                source_types=list(r.sources),
                target_types=list(r.targets),
                reach=r.reach,
                count=len(snap.by_relation.get(r.name, ())),
            )
            for r in RELATIONS.values()
        ],
        scopes=list(SCOPES),
    )
