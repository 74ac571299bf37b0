"""Node-link JSON export: networkx reads it back with every attribute the API serves."""

from __future__ import annotations

import networkx as nx
import orjson
from fastapi.testclient import TestClient

from app.graph.snapshot import Snapshot


def test_networkx_reads_back_the_whole_graph_with_every_attribute(
    mini: Snapshot, mini_client: TestClient
) -> None:
    r = mini_client.get("/v1/export/json")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    data = orjson.loads(r.content)
    assert "edges" in data
    g = nx.node_link_graph(data, edges="edges")
    assert isinstance(g, nx.MultiDiGraph)
    assert g.graph["version"] == mini.version
    assert g.graph["title"] == {"zh": "河谷规划", "en": "Riverton Valley Plan"}
    assert set(g.nodes) == set(mini.nodes)
    for nid in ("build-lab", "north-city", "valley"):
        api = mini_client.get(f"/v1/nodes/{nid}").json()
        attrs = dict(g.nodes[nid])
        for field in ("type", "name", "aliases", "description", "attributes", "sources"):
            assert attrs[field] == api[field], field
    edges = {k: (u, v, d) for u, v, k, d in g.edges(keys=True, data=True)}
    assert set(edges) == set(mini.edges)
    api_edges = mini_client.get("/v1/edges", params={"limit": 500}).json()["items"]
    for e in api_edges:
        u, v, d = edges[e["id"]]
        assert (u, v) == (e["source"], e["target"])
        for field in ("relation", "evidence", "sources", "rationale", "attributes"):
            assert d[field] == e[field], field


def test_the_bundled_plan_round_trips(plan: Snapshot, client: TestClient) -> None:
    g = nx.node_link_graph(orjson.loads(client.get("/v1/export/json").content), edges="edges")
    assert g.number_of_nodes() == len(plan.nodes)
    assert g.number_of_edges() == len(plan.edges)
    assert g.nodes["tianfu-laboratory"]["name"]["zh"] == plan.nodes["tianfu-laboratory"].name.zh
