"""GeoJSON export: a valid FeatureCollection of the cities, with what reaches each."""

from __future__ import annotations

from pathlib import Path

import geojson
import orjson
from fastapi.testclient import TestClient

from app.export.geojson import write_geojson
from app.graph.snapshot import Snapshot
from app.runtime.load import load_plan
from tests.miniplan import mutated, write_plan


def test_cities_are_points_with_reach_summaries(mini: Snapshot, mini_client: TestClient) -> None:
    r = mini_client.get("/v1/export/geojson")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/geo+json"
    fc = geojson.loads(r.text)
    assert fc.is_valid, fc.errors()
    assert fc["type"] == "FeatureCollection"
    by_id = {f["id"]: f for f in fc["features"]}
    assert set(by_id) == {"north-city", "south-city", "riverton-lab", "south-park"}
    north = by_id["north-city"]
    assert north["geometry"] == {"type": "Point", "coordinates": [2.0, 1.0]}
    props = north["properties"]
    assert (props["name_zh"], props["name_en"], props["type"]) == ("北城", "North City", "city")
    api = mini_client.get("/v1/cities/north-city/measures").json()
    assert props["measures"] == api["total"]
    assert props["actions"] == sum(len(m["actions"]) for m in api["items"])
    assert props["located"] == ["riverton-lab"]
    assert sum(props["measures_by_scope"].values()) == props["measures"]


def test_a_located_platform_with_coordinates_is_placed(tmp_path: Path) -> None:
    plan = mutated()
    lab = next(n for n in plan["nodes"] if n["id"] == "riverton-lab")
    lab["attributes"] = {"latitude": 1.1, "longitude": 2.1}
    south = next(n for n in plan["nodes"] if n["id"] == "south-city")
    south["attributes"] = {"latitude": 0.5}  # half a coordinate: not placed
    fc = orjson.loads(write_geojson(load_plan(write_plan(tmp_path, plan))))
    assert geojson.GeoJSON.to_instance(fc).is_valid
    by_id = {f["id"]: f for f in fc["features"]}
    assert set(by_id) == {"north-city", "riverton-lab"}
    assert by_id["riverton-lab"]["properties"]["cities"] == ["north-city"]
    assert by_id["riverton-lab"]["geometry"]["coordinates"] == [2.1, 1.1]
    assert by_id["riverton-lab"]["properties"]["position"] == "exact"


def test_a_located_place_without_coordinates_is_drawn_at_its_city(mini: Snapshot) -> None:
    fc = orjson.loads(write_geojson(mini))
    by_id = {f["id"]: f for f in fc["features"]}
    lab, north = by_id["riverton-lab"], by_id["north-city"]
    assert lab["geometry"] == north["geometry"]
    assert lab["properties"]["position"] == "city"
    assert "North City (北城)" in lab["properties"]["position_note"]
    assert "nothing finer" in lab["properties"]["position_note"]
    assert north["properties"]["position"] == "exact"


def test_the_bundled_plan_maps_its_cities(plan: Snapshot, client: TestClient) -> None:
    fc = geojson.loads(client.get("/v1/export/geojson").text)
    assert fc.is_valid
    cities = {f["id"] for f in fc["features"] if f["properties"]["type"] == "city"}
    assert cities == set(plan.by_type["city"])
    places = {f["id"] for f in fc["features"] if f["properties"]["type"] != "city"}
    located = {p for c in plan.by_type["city"] for p in plan.reach.located.get(c, ())}
    mapped = {p for p in located if plan.nodes[p].type in ("zone", "platform")}
    assert places == mapped  # the README's "the cities and located places"
    assert "tianfu-laboratory" in places
    deyang = next(f for f in fc["features"] if f["id"] == "deyang")
    assert (
        deyang["properties"]["measures"] == client.get("/v1/cities/deyang/measures").json()["total"]
    )
