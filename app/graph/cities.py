"""Which measures and actions reach a city, and which nodes a city's filter keeps: the
reach rows, made once per snapshot and city, that city measures, measure cities and the
city matrix are all shaped from.

Examples
--------
>>> from app import load_plan
>>> snap = load_plan()
>>> city = snap.by_type["city"][0]
>>> rows = city_rows(snap, city)
>>> all(snap.nodes[r.measure].type == "measure" for r in rows)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from app.graph.lookup import require_node
from app.graph.snapshot import Snapshot
from app.memo import Key
from app.vocabulary import SCOPES, Scope

__all__ = [
    "ALL_SCOPES",
    "ActionRow",
    "CityRow",
    "absent_measures",
    "cities_of",
    "city_rows",
    "keep_scopes",
    "measure_rows",
    "nodes_in_city",
    "reach_rows",
    "strongest",
]

#: an action reaching a city: (action, scope, via)
ActionRow = tuple[str, Scope, tuple[str, ...]]
ALL_SCOPES = frozenset(SCOPES)


class CityRow(NamedTuple):
    """A measure reaching a city, ready to be listed (see :func:`city_rows`)."""

    measure: str
    pillar: str | None
    #: its scope with every action kept: the strongest of its actions' (its own if none)
    scope: Scope
    #: the measure's actions reaching the city, as (action, scope, via)
    actions: tuple[ActionRow, ...]


_CITY_ROWS: Key[tuple[CityRow, ...]] = Key("city-rows")
_NODES_IN_CITY: Key[frozenset[str]] = Key("nodes-in-city")
_CITIES_OF: Key[Mapping[str, tuple[str, ...]]] = Key("cities-of")


def strongest(actions: Iterable[ActionRow]) -> Scope:
    """The strongest scope among ``actions`` (explicit > located > metro_wide)."""
    return min((scope for _, scope, _ in actions), key=SCOPES.index)


def reach_rows(snap: Snapshot, measure: str, city: str) -> tuple[ActionRow, ...]:
    """The measure's actions reaching ``city``, as (action, scope, via), in plan order:
    the one loop every answer about a measure in a city is made from."""
    reach = snap.reach
    rows = []
    for a in reach.actions_of.get(measure, ()):
        r = reach.by_node[a].get(city)
        if r is not None:
            rows.append((a, r.scope, r.via))
    return tuple(rows)


def _row(snap: Snapshot, measure: str, city: str) -> CityRow:
    acts = reach_rows(snap, measure, city)
    scope = strongest(acts) if acts else snap.reach.by_node[measure][city].scope
    return CityRow(measure, snap.parent(measure, "pillar"), scope, acts)


def city_rows(snap: Snapshot, city: str) -> tuple[CityRow, ...]:
    """The measures reaching ``city``, in plan order, made once per snapshot and city.

    A request only picks the rows its scopes keep (:func:`keep_scopes`). ``city`` must be
    a city.
    """

    def build() -> tuple[CityRow, ...]:
        return tuple(_row(snap, m, city) for m in snap.reach.measures_by_city.get(city, ()))

    return snap.memo.get(_CITY_ROWS.of(city), build)


def absent_measures(snap: Snapshot, city: str) -> tuple[str, ...]:
    """The measures that do not reach ``city``, in plan order. ``city`` must be a city.

    >>> from app import load_plan
    >>> snap = load_plan()
    >>> city = snap.by_type["city"][0]
    >>> set(absent_measures(snap, city)).isdisjoint(r.measure for r in city_rows(snap, city))
    True
    """
    require_node(snap, city, "city")
    reaching = set(snap.reach.measures_by_city.get(city, ()))
    return tuple(m for m in snap.by_type.get("measure", ()) if m not in reaching)


def measure_rows(snap: Snapshot, measure: str) -> tuple[tuple[str, CityRow], ...]:
    """The cities a measure reaches, each with the measure's :class:`CityRow` there, in
    plan order of the cities. ``measure`` must be a measure."""
    require_node(snap, measure, "measure")
    own = snap.reach.by_node.get(measure, {})
    return tuple((c, _row(snap, measure, c)) for c in sorted(own, key=snap.order.__getitem__))


def keep_scopes(
    own: Scope, actions: Sequence[ActionRow], scopes: frozenset[str]
) -> tuple[Scope, list[ActionRow]] | None:
    """(scope, actions kept) of a measure reaching a city, or None when ``scopes`` drop it.

    A measure with actions is kept with the strongest scope of its actions kept; one
    without actions (it reaches by its own places) when its own scope is kept.

    >>> keep_scopes("located", [("a", "metro_wide", ())], frozenset({"explicit"})) is None
    True
    """
    if not actions:
        return (own, []) if own in scopes else None
    kept = [a for a in actions if a[1] in scopes]
    return (strongest(kept), kept) if kept else None


def nodes_in_city(snap: Snapshot, city: str) -> frozenset[str]:
    """Actions and measures reaching the city, the places located in it, and the city
    (made once per snapshot and city)."""
    require_node(snap, city, "city")

    def build() -> frozenset[str]:
        reach = snap.reach
        found = {city, *reach.located.get(city, ())}
        for m in reach.measures_by_city.get(city, ()):
            found.add(m)
            found.update(a for a, _, _ in reach_rows(snap, m, city))
        return frozenset(found)

    return snap.memo.get(_NODES_IN_CITY.of(city), build)


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

    return snap.memo.get(_CITIES_OF, build)
