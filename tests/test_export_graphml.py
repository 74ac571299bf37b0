"""GraphML export: read back by networkx and by python-igraph, with typed, flat keys."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import igraph
import networkx as nx
import orjson
import pytest
from fastapi.testclient import TestClient

from app.export.graphml import write_graphml
from app.graph.snapshot import Snapshot
from app.runtime.load import load_plan
from tests.miniplan import mutated, write_plan

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


def _graphml(c: TestClient) -> bytes:
    r = c.get("/v1/export/graphml")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/graphml+xml"
    return r.content


def test_networkx_reads_back_every_node_edge_and_name(
    mini: Snapshot, mini_client: TestClient
) -> None:
    g = nx.read_graphml(io.BytesIO(_graphml(mini_client)), force_multigraph=True)
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g.nodes) == set(mini.nodes)
    assert {k for _, _, k in g.edges(keys=True)} == set(mini.edges)
    for nid, n in mini.nodes.items():
        attrs = g.nodes[nid]
        assert (attrs["type"], attrs["name_zh"], attrs["name_en"]) == (n.type, n.name.zh, n.name.en)
        assert attrs["label"] == n.name.zh
        assert attrs.get("aliases", "") == " | ".join(n.aliases)
    for s, t, k, attrs in g.edges(keys=True, data=True):
        e = mini.edges[k]
        assert (s, t, attrs["relation"], attrs["evidence"]) == (
            e.source,
            e.target,
            e.relation,
            e.evidence,
        )
    assert g.nodes["north-city"]["attr_latitude"] == 1.0
    assert g.nodes["build-lab"]["quote"] == "Build the Riverton Lab in North City"
    src = orjson.loads(g.nodes["build-lab"]["sources"])
    assert src[0]["quote"] == "Build the Riverton Lab in North City"


def test_igraph_reads_it_back(mini: Snapshot, mini_client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "mini.graphml"
    path.write_bytes(_graphml(mini_client))
    g = igraph.Graph.Read_GraphML(str(path))
    assert g.is_directed()
    assert g.vcount() == len(mini.nodes)
    assert g.ecount() == len(mini.edges)
    assert sorted(g.vs["id"]) == sorted(mini.nodes)
    assert sorted(g.vs["name_en"]) == sorted(n.name.en for n in mini.nodes.values())
    by_id = {v["id"]: v for v in g.vs}
    assert by_id["north-city"]["attr_latitude"] == 1.0
    assert sorted(g.es["relation"]) == sorted(e.relation for e in mini.edges.values())
    part_of = g.es.select(relation_eq="part_of")
    assert len(part_of) == len(mini.by_relation["part_of"])


def test_igraph_reads_the_bundled_plan(plan: Snapshot, tmp_path: Path) -> None:
    path = tmp_path / "plan.graphml"
    path.write_bytes(write_graphml(plan))
    g = igraph.Graph.Read_GraphML(str(path))
    assert (g.vcount(), g.ecount()) == (len(plan.nodes), len(plan.edges))
    assert {v["name_zh"] for v in g.vs} == {n.name.zh for n in plan.nodes.values()}


def test_each_attribute_key_has_one_graphml_type(tmp_path: Path) -> None:
    plan = mutated()
    nodes = {n["id"]: n for n in plan["nodes"]}
    nodes["north-city"]["attributes"] = {"latitude": 1, "longitude": 2.5, "rank": 1, "tag": "a"}
    nodes["south-city"]["attributes"] = {"latitude": 0.5, "longitude": 2, "rank": "first"}
    nodes["riverton-lab"]["attributes"] = {"tag": ["x", {"y": 1}], "open": True}
    snap = load_plan(write_plan(tmp_path, plan))
    data = write_graphml(snap)
    keys = {
        (k.get("attr.name"), k.get("for")): k.get("attr.type")
        for k in ET.fromstring(data).findall("g:key", NS)
    }
    assert keys[("attr_latitude", "node")] == "double"
    assert keys[("attr_longitude", "node")] == "double"
    assert keys[("attr_rank", "node")] == "string"
    assert keys[("attr_tag", "node")] == "string"
    assert keys[("attr_open", "node")] == "boolean"
    ids = [k.get("id") for k in ET.fromstring(data).findall("g:key", NS)]
    assert len(ids) == len(set(ids))
    g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    assert g.nodes["north-city"]["attr_latitude"] == 1.0
    assert g.nodes["north-city"]["attr_rank"] == "1"
    assert orjson.loads(g.nodes["riverton-lab"]["attr_tag"]) == ["x", {"y": 1}]
    assert g.nodes["riverton-lab"]["attr_open"] is True


@pytest.mark.parametrize("reader", ["networkx", "igraph"])
def test_no_value_is_left_empty_or_null(mini: Snapshot, reader: str, tmp_path: Path) -> None:
    data = write_graphml(mini)
    assert b"None" not in data
    if reader == "networkx":
        g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
        assert "description_en" in g.nodes["build-lab"]
    else:
        path = tmp_path / "m.graphml"
        path.write_bytes(data)
        ig = igraph.Graph.Read_GraphML(str(path))
        assert {v["id"]: v["description_en"] for v in ig.vs}["build-lab"] == "Build the lab."


def test_gephi_gets_flat_bilingual_columns(plan: Snapshot, tmp_path: Path) -> None:
    """What Gephi's Data Laboratory shows: names, aliases and bilingual lists as plain text."""
    path = tmp_path / "plan.graphml"
    path.write_bytes(write_graphml(plan))
    g = igraph.Graph.Read_GraphML(str(path))
    chengdu = g.vs.find(id="chengdu")
    assert chengdu["name_zh"] == "成都市"
    assert chengdu["name_en"] == "Chengdu"
    assert chengdu["aliases"] == "成都"
    districts = plan.nodes["deyang"].attributes["core_area_districts"]
    deyang = g.vs.find(id="deyang")
    assert deyang["attr_core_area_districts_zh"] == " | ".join(d["zh"] for d in districts)
    assert deyang["attr_core_area_districts_en"] == " | ".join(d["en"] for d in districts)
    assert "[" not in deyang["attr_core_area_districts_en"]  # not JSON
    assert orjson.loads(deyang["attr_core_area_districts"]) == districts  # the JSON stays
