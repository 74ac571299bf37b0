"""City reach: which cities each action and measure reaches, how strongly, and why.

An action reaches a city in one of three ways, its *scope*:

``explicit``
    the text names the city, or a place in it (an ``applies_to`` edge);
``located``
    it builds or involves a platform or zone located in the city;
``metro_wide``
    no place is named (the plan's region applies), or what it names is shared across the
    region.

A place named by a measure (its lead) places all of the measure's actions. For each city
the strongest reason wins (explicit > located > metro_wide), then the shortest chain; the
answer keeps that chain (``via``: the places that put it there). A measure reaches a city
when any of its actions does, with the strongest of their scopes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.models import Edge
from app.vocabulary import RELATIONS, SCOPES, Scope

RANK: dict[str, int] = {s: i for i, s in enumerate(SCOPES)}
_PLACE_TYPES = frozenset({"zone", "platform", "program"})
_REACH_KIND = {name: r.reach for name, r in RELATIONS.items()}


@dataclass(frozen=True, slots=True)
class CityReach:
    """How one node reaches one city."""

    city: str
    scope: Scope
    via: tuple[str, ...]

    def key(self) -> tuple[int, int, tuple[str, ...]]:
        return (RANK[self.scope], len(self.via), self.via)


@dataclass(frozen=True, slots=True)
class ReachIndex:
    """Reach of every action and measure, and per city the measures that reach it."""

    #: node id -> city id -> reach
    by_node: Mapping[str, Mapping[str, CityReach]]
    #: city id -> measure ids reaching it, in plan order
    measures_by_city: Mapping[str, tuple[str, ...]]
    #: measure id -> its action ids, in plan order
    actions_of: Mapping[str, tuple[str, ...]]
    #: city id -> the platforms and zones located in it, in plan order
    located: Mapping[str, tuple[str, ...]]


def _best(reasons: Sequence[CityReach]) -> dict[str, CityReach]:
    best: dict[str, CityReach] = {}
    for r in reasons:
        cur = best.get(r.city)
        if cur is None or r.key() < cur.key():
            best[r.city] = r
    return best


def build_reach(
    types: Mapping[str, str],
    order: Sequence[str],
    out_edges: Mapping[str, Sequence[Edge]],
) -> ReachIndex:
    """Compute the reach index of a graph given by node types and adjacency.

    ``order`` is the nodes in plan order; the answer keeps it.
    """
    region_cities: dict[str, list[str]] = {}
    for nid in order:
        if types[nid] == "city":
            for e in out_edges.get(nid, ()):
                if e.relation == "part_of" and types[e.target] == "region":
                    region_cities.setdefault(e.target, []).append(nid)

    plan_regions = [
        e.target
        for nid in order
        if types[nid] == "plan"
        for e in out_edges.get(nid, ())
        if e.relation == "applies_to" and types[e.target] == "region"
    ] or list(region_cities)

    places: dict[str, list[tuple[str, tuple[str, ...]]]] = {}

    def place_of(nid: str) -> list[tuple[str, tuple[str, ...]]]:
        """(city or region, chain of places from nid up to it, exclusive) for a place-bound node."""
        if nid in places:
            return places[nid]
        places[nid] = []  # guards against containment cycles among places
        found: list[tuple[str, tuple[str, ...]]] = []
        for e in out_edges.get(nid, ()):
            if not RELATIONS[e.relation].contains:
                continue
            t = types[e.target]
            if t in ("city", "region"):
                found.append((e.target, ()))
            elif t in _PLACE_TYPES:
                found += [(p, (e.target, *chain)) for p, chain in place_of(e.target)]
        places[nid] = found
        return found

    def reasons_from(edges: Sequence[Edge]) -> list[CityReach]:
        out: list[CityReach] = []
        for e in edges:
            kind = _REACH_KIND[e.relation]
            if kind is None:
                continue
            t = types[e.target]
            if t == "city":
                out.append(CityReach(e.target, "explicit", ()))
            elif t == "region":
                out += [
                    CityReach(c, "metro_wide", (e.target,)) for c in region_cities.get(e.target, ())
                ]
            elif t in _PLACE_TYPES:
                for place, chain in place_of(e.target):
                    via = (e.target, *chain)
                    if types[place] == "city":
                        out.append(CityReach(place, kind, via))
                    else:
                        out += [
                            CityReach(c, "metro_wide", (*via, place))
                            for c in region_cities.get(place, ())
                        ]
        return out

    default = [
        CityReach(c, "metro_wide", (r,)) for r in plan_regions for c in region_cities.get(r, ())
    ]

    actions_of: dict[str, list[str]] = {}
    measure_reasons: dict[str, list[CityReach]] = {}
    by_node: dict[str, dict[str, CityReach]] = {}
    for nid in order:
        if types[nid] != "action":
            continue
        measures = [
            e.target
            for e in out_edges.get(nid, ())
            if e.relation == "part_of" and types[e.target] == "measure"
        ]
        for m in measures:
            actions_of.setdefault(m, []).append(nid)
        reasons = reasons_from(out_edges.get(nid, ()))
        for m in measures:
            lead = measure_reasons.get(m)
            if lead is None:  # a measure's own places, shared by each of its actions
                lead = measure_reasons[m] = reasons_from(out_edges.get(m, ()))
            reasons += lead
        by_node[nid] = _best(reasons or default)

    measures_by_city: dict[str, list[str]] = {}
    for nid in order:
        if types[nid] != "measure":
            continue
        acts = actions_of.get(nid, [])
        reasons = [r for a in acts for r in by_node[a].values()]
        if not acts:
            reasons = reasons_from(out_edges.get(nid, ())) or default
        by_node[nid] = _best(reasons)
        for city in by_node[nid]:
            measures_by_city.setdefault(city, []).append(nid)

    located: dict[str, list[str]] = {}
    for nid in order:
        if types[nid] in _PLACE_TYPES:
            for place in dict.fromkeys(p for p, _ in place_of(nid)):
                if types[place] == "city":
                    located.setdefault(place, []).append(nid)

    return ReachIndex(
        located={c: tuple(v) for c, v in located.items()},
        by_node=by_node,
        measures_by_city={c: tuple(ms) for c, ms in measures_by_city.items()},
        actions_of={m: tuple(a) for m, a in actions_of.items()},
    )
