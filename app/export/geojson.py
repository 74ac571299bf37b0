"""GeoJSON for map widgets: the cities, and the zones and platforms the plan locates.

A node is placed at its own coordinates when its attributes hold ``latitude`` and
``longitude`` (WGS 84 degrees); a zone or platform without them that the plan locates in one
city is placed at that city's coordinates, and its properties say so (``position``:
``"city"``, with a sentence in ``position_note``). GeoJSON writes ``[longitude, latitude]``.
Each feature's properties summarise what the plan does there: for a city, the measures and
actions reaching it by scope and the platforms and zones located in it; for a place, its
cities.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, TypeGuard

import orjson

from app.graph.snapshot import Snapshot
from app.vocabulary import SCOPES

LAT, LON = "latitude", "longitude"
#: the node types a map shows when they have coordinates
MAPPED_TYPES = ("city", "zone", "platform")


def _number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def coordinates(attributes: Mapping[str, Any]) -> tuple[float, float] | None:
    """``(longitude, latitude)`` from a node's attributes, or None when it has none.

    >>> coordinates({"latitude": 30.5, "longitude": 104})
    (104.0, 30.5)
    >>> coordinates({"latitude": "north"}) is None
    True
    """
    lat, lon = attributes.get(LAT), attributes.get(LON)
    if not (_number(lat) and _number(lon)):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return (float(lon), float(lat))


def _city_summary(snap: Snapshot, city: str) -> dict[str, Any]:
    measures = snap.reach.measures_by_city.get(city, ())
    by_scope: Counter[str] = Counter(snap.reach.by_node[m][city].scope for m in measures)
    actions = [
        a
        for m in measures
        for a in snap.reach.actions_of.get(m, ())
        if city in snap.reach.by_node[a]
    ]
    action_scope: Counter[str] = Counter(snap.reach.by_node[a][city].scope for a in actions)
    located = snap.reach.located.get(city, ())
    return {
        "measures": len(measures),
        "measures_by_scope": {s: by_scope.get(s, 0) for s in SCOPES},
        "actions": len(actions),
        "actions_by_scope": {s: action_scope.get(s, 0) for s in SCOPES},
        "located": list(located),
    }


def _located_in(snap: Snapshot, node: str) -> list[str]:
    return [c for c, places in snap.reach.located.items() if node in places]


def _position(snap: Snapshot, nid: str) -> tuple[tuple[float, float], dict[str, Any]] | None:
    """Where to draw ``nid`` and how that was decided, or None when it cannot be placed."""
    n = snap.nodes[nid]
    point = coordinates(n.attributes)
    if point is not None:
        return point, {"position": "exact"}
    if n.type == "city":
        return None
    cities = _located_in(snap, nid)
    if len(cities) != 1:  # in no city, or in several: no one point stands for it
        return None
    city = snap.nodes[cities[0]]
    point = coordinates(city.attributes)
    if point is None:
        return None
    note = (
        f"drawn at the coordinates of {city.name.en} ({city.name.zh}), the city the plan "
        "locates it in; the plan gives nothing finer"
    )
    return point, {"position": "city", "position_note": note}


def feature_collection(snap: Snapshot) -> dict[str, Any]:
    """The FeatureCollection as a dict: one Point feature per placed node, in plan order."""
    features: list[dict[str, Any]] = []
    for t in MAPPED_TYPES:
        for nid in snap.by_type.get(t, ()):
            n = snap.nodes[nid]
            placed = _position(snap, nid)
            if placed is None:
                continue
            point, how = placed
            props: dict[str, Any] = {
                "id": nid,
                "type": n.type,
                "name_zh": n.name.zh,
                "name_en": n.name.en,
                **how,
            }
            if t == "city":
                props.update(_city_summary(snap, nid))
            else:
                props["cities"] = _located_in(snap, nid)
            features.append(
                {
                    "type": "Feature",
                    "id": nid,
                    "geometry": {"type": "Point", "coordinates": list(point)},
                    "properties": props,
                }
            )
    features.sort(key=lambda f: snap.order[f["id"]])
    return {
        "type": "FeatureCollection",
        "features": features,
        "properties": {"title": snap.plan.title.model_dump(), "version": snap.version},
    }


def write_geojson(snap: Snapshot) -> bytes:
    """The GeoJSON document (RFC 7946).

    Examples
    --------
    >>> from app import load_plan
    >>> fc = orjson.loads(write_geojson(load_plan()))
    >>> fc["type"], all(f["geometry"]["type"] == "Point" for f in fc["features"])
    ('FeatureCollection', True)
    """
    return orjson.dumps(feature_collection(snap), option=orjson.OPT_INDENT_2) + b"\n"
