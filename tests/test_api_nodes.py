"""Nodes, neighbours, edges and typed collections through the ASGI app."""

from __future__ import annotations

from fastapi.testclient import TestClient

SUMMARY_KEYS = {"id", "type", "name"}
NODE_KEYS = SUMMARY_KEYS | {"aliases", "description", "attributes", "sources"}
EDGE_KEYS = {"id", "source", "target", "relation", "evidence", "sources", "rationale", "attributes"}


def test_list_nodes_is_a_page_of_full_nodes(mini_client: TestClient) -> None:
    body = mini_client.get("/v1/nodes").json()
    assert set(body) >= {"items", "total", "limit", "offset"}
    assert body["limit"] == 50
    assert body["offset"] == 0
    assert body["total"] == len(body["items"]) == 21
    assert all(set(n) >= NODE_KEYS for n in body["items"])


def test_filter_nodes_by_type_city_and_query(mini_client: TestClient) -> None:
    cities = mini_client.get("/v1/nodes", params={"type": "city"}).json()
    assert [n["id"] for n in cities["items"]] == ["north-city", "south-city"]
    north = mini_client.get("/v1/nodes", params={"city": "north-city", "type": "action"}).json()
    assert {n["id"] for n in north["items"]} == {"build-lab", "open-lab", "run-grant", "host-week"}
    found = mini_client.get("/v1/nodes", params={"q": "valley week"}).json()
    assert found["items"][0]["id"] == "valley-week"


def test_pagination(mini_client: TestClient) -> None:
    page = mini_client.get("/v1/nodes", params={"limit": 5, "offset": 5}).json()
    everything = mini_client.get("/v1/nodes").json()["items"]
    assert [n["id"] for n in page["items"]] == [n["id"] for n in everything[5:10]]
    assert page["total"] == 21


def test_sources_carry_their_quotes(mini_client: TestClient) -> None:
    lab = mini_client.get("/v1/nodes/riverton-lab").json()
    assert lab["sources"][0]["quote"] == "Riverton Lab"
    south = mini_client.get("/v1/nodes/south-city").json()
    assert south["sources"][0]["locator"] == "s1"
    assert south["sources"][0].get("quote") is None


def test_node_detail_lists_relations_both_ways(mini_client: TestClient) -> None:
    lab = mini_client.get("/v1/nodes/riverton-lab").json()
    rels = {(r["relation"], r["direction"], r["node"]["id"]) for r in lab["relations"]}
    assert ("located_in", "out", "north-city") in rels
    assert ("builds", "in", "build-lab") in rels
    assert all(set(r["node"]) == SUMMARY_KEYS for r in lab["relations"])
    assert all(r["evidence"] in ("stated", "inferred") for r in lab["relations"])


def test_neighbors_filter(mini_client: TestClient) -> None:
    body = mini_client.get(
        "/v1/nodes/riverton-lab/neighbors", params={"direction": "in", "type": "action"}
    ).json()
    assert sorted(r["node"]["id"] for r in body["items"]) == ["build-lab", "open-lab"]
    only = mini_client.get("/v1/nodes/riverton-lab/neighbors", params={"relation": "builds"})
    assert [r["node"]["id"] for r in only.json()["items"]] == ["build-lab"]


def test_edges_filter(mini_client: TestClient) -> None:
    inferred = mini_client.get("/v1/edges", params={"evidence": "inferred"}).json()
    assert inferred["total"] == 2
    assert all(set(e) == EDGE_KEYS for e in inferred["items"])
    assert all(e["rationale"] for e in inferred["items"])
    into = mini_client.get("/v1/edges", params={"target": "riverton-lab"}).json()
    assert {e["source"] for e in into["items"]} == {"build-lab", "open-lab"}
    both = mini_client.get(
        "/v1/edges", params={"source": "open-lab", "relation": "involves", "target": "firms"}
    ).json()
    assert [e["id"] for e in both["items"]] == ["open-lab--involves--firms"]


def test_typed_collections(mini_client: TestClient) -> None:
    for path, type_ in (("measures", "measure"), ("cities", "city"), ("goals", "goal")):
        body = mini_client.get(f"/v1/{path}").json()
        assert body["total"] > 0
        assert {n["type"] for n in body["items"]} == {type_}
    zones = mini_client.get("/v1/zones", params={"city": "south-city"}).json()
    assert [n["id"] for n in zones["items"]] == ["south-park"]


def test_tree_outline(mini_client: TestClient) -> None:
    tree = mini_client.get("/v1/tree").json()
    (goal,) = tree["goals"]
    assert goal["id"] == "goal-2030"
    assert [c["id"] for c in goal["children"]] == ["green"]
    (chapter,) = tree["chapters"]
    pillar = chapter["children"][0]
    assert [m["id"] for m in pillar["children"]] == ["lab-network", "link-valley"]
    assert [a["id"] for a in pillar["children"][0]["children"]] == ["build-lab", "open-lab"]


def test_meta_and_schema(mini_client: TestClient) -> None:
    meta = mini_client.get("/v1/meta").json()
    assert meta["counts"]["nodes"]["action"] == 5
    assert meta["counts"]["edges"]["part_of"] == 12
    assert meta["text_coverage"]["ratio"] == 1.0
    assert len(meta["version"]) == 16
    schema = mini_client.get("/v1/schema").json()
    part_of = next(r for r in schema["relations"] if r["name"] == "part_of")
    assert part_of["depends"] == "target"
    assert "action" in part_of["source_types"]
    assert {t["name"] for t in schema["node_types"]} >= {"plan", "measure", "action", "city"}
