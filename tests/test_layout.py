"""The graph the explorer draws: the whole plan, neighbourhoods, memo, limits (the browser
lays it out; see tests/browser/test_graph.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.errors import InvalidParameter, NodeNotFound
from app.explorer import layout as lay
from app.graph.snapshot import Snapshot
from app.runtime.load import load_plan
from tests.miniplan import PLAN, mutated, node, write_plan


def test_whole_graph_holds_every_node_and_edge_once(mini: Snapshot) -> None:
    out = lay.layout(mini)
    ids = [n.id for n in out.nodes]
    assert sorted(ids) == sorted(mini.nodes)
    assert len(set(ids)) == len(ids)
    assert out.whole
    assert out.center is None
    assert not out.truncated
    assert {n.id: n.degree for n in out.nodes} == dict(mini.simple_graph.degree)
    assert sorted(e.id for e in out.edges) == sorted(mini.edges)


def test_layout_is_built_once_per_snapshot_and_is_deterministic(
    mini: Snapshot, mini_path: Path
) -> None:
    assert lay.layout(mini) is lay.layout(mini)
    again = lay.Layouts(load_plan(mini_path)).whole
    assert again is not None
    assert again.model_dump() == lay.layout(mini).model_dump()


def test_colours_are_given_for_the_types_drawn(mini: Snapshot) -> None:
    out = lay.layout(mini)
    drawn = {n.type for n in out.nodes}
    assert {t.name for t in out.types} == drawn
    assert sum(t.count for t in out.types) == len(out.nodes)
    assert len({t.colour for t in out.types}) == len(out.types)
    assert all(t.colour.startswith("#") for t in out.types)


def test_every_node_type_has_its_own_colour() -> None:
    colours = [lay.type_colour(t) for t in lay.NODE_TYPES]
    assert len(set(colours)) == len(colours)


def test_neighbourhood_holds_the_nodes_within_radius(mini: Snapshot) -> None:
    one = lay.layout(mini, "build-lab", 1)
    assert one.center == "build-lab"
    assert one.radius == 1
    assert not one.whole
    assert {n.id for n in one.nodes} == {"build-lab", "lab-network", "riverton-lab", "green-tech"}
    two = {n.id for n in lay.layout(mini, "build-lab", 2).nodes}
    assert {"open-lab", "research-pillar", "north-city"} <= two
    assert "valley-week" not in two


def test_neighbourhood_edges_join_drawn_nodes_only(mini: Snapshot) -> None:
    out = lay.layout(mini, "open-lab", 1)
    drawn = {n.id for n in out.nodes}
    assert out.edges
    assert all(e.source in drawn and e.target in drawn for e in out.edges)
    assert "open-lab--involves--firms" in {e.id for e in out.edges}


def test_large_neighbourhood_keeps_the_closest_nodes(
    mini: Snapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lay, "MAX_AROUND", 3)
    out = lay.Layouts(mini).around("build-lab", 2)
    assert out.truncated
    assert len(out.nodes) == 3
    assert "build-lab" in {n.id for n in out.nodes}
    assert "north-city" not in {n.id for n in out.nodes}  # two steps away: cut first


def test_a_graph_too_large_to_draw_whole_is_drawn_around_its_hub(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = mutated()
    plan["nodes"].append(node("extra-field", "field", "额外", "Extra field"))
    snap = load_plan(write_plan(tmp_path, plan))
    monkeypatch.setattr(lay, "MAX_WHOLE", len(PLAN["nodes"]))
    out = lay.layout(snap)
    assert not out.whole
    degree = {n.id: n.degree for n in out.nodes}
    assert out.center == max(degree, key=lambda n: degree[n])
    assert len(out.nodes) < len(snap.nodes)


def test_unknown_node_and_bad_radius_are_refused(mini: Snapshot) -> None:
    with pytest.raises(NodeNotFound, match="build-lab"):
        lay.layout(mini, "build-lap")
    for radius in (0, lay.MAX_RADIUS + 1):
        with pytest.raises(InvalidParameter, match="radius"):
            lay.layout(mini, "build-lab", radius)


def test_layout_endpoint(mini_client: TestClient) -> None:
    r = mini_client.get("/v1/layout")
    assert r.status_code == 200
    body = r.json()
    assert body["whole"] is True
    assert {"id", "type", "name", "degree"} <= set(body["nodes"][0])
    assert not {"x", "y"} & set(body["nodes"][0])  # positions are computed in the browser
    assert "size" not in body
    r = mini_client.get("/v1/layout", params={"node": "open-lab", "radius": 2})
    assert r.json()["center"] == "open-lab"


def test_layout_endpoint_problems_name_the_parameter(mini_client: TestClient) -> None:
    r = mini_client.get("/v1/layout", params={"node": "nowhere"})
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    r = mini_client.get("/v1/layout", params={"node": "open-lab", "radius": 9})
    assert r.status_code == 422
    assert r.json()["errors"][0]["parameter"] == "radius"


def test_type_styles_endpoint_lists_every_type(mini_client: TestClient, mini: Snapshot) -> None:
    r = mini_client.get("/v1/layout/types")
    assert r.status_code == 200
    styles = {t["name"]: t for t in r.json()}
    assert set(styles) == set(lay.NODE_TYPES)
    assert styles["action"]["count"] == len(mini.by_type["action"])
