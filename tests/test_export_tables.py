"""CSV exports: nodes.csv and edges.csv, alone and zipped, read back with the csv module."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile

import orjson
import pytest
from fastapi.testclient import TestClient

from app.export.tables import EDGE_COLUMNS, NODE_COLUMNS
from app.graph.snapshot import Snapshot


def read(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_nodes_csv_has_one_row_per_node_in_fixed_columns(
    mini: Snapshot, mini_client: TestClient
) -> None:
    r = mini_client.get("/v1/export/nodes.csv")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == (
        f'attachment; filename="plangraph-{mini.version}-nodes.csv"'
    )
    assert not r.content.startswith(codecs.BOM_UTF8)
    assert r.content.split(b"\r\n")[0].decode() == ",".join(NODE_COLUMNS)
    rows = read(r.content)
    assert [row["id"] for row in rows] == list(mini.nodes)
    by_id = {row["id"]: row for row in rows}
    city = by_id["north-city"]
    assert (city["type"], city["name_zh"], city["name_en"]) == ("city", "北城", "North City")
    assert orjson.loads(city["attributes"]) == {"latitude": 1.0, "longitude": 2.0}
    assert orjson.loads(by_id["valley"]["aliases"]) == ["河谷地区"]
    assert by_id["build-lab"]["quote"] == "Build the Riverton Lab in North City"
    assert orjson.loads(by_id["build-lab"]["sources"])[0]["document"] == "valley-text"
    assert by_id["build-lab"]["description_zh"] == ""


def test_edges_csv_has_one_row_per_edge(mini: Snapshot, mini_client: TestClient) -> None:
    r = mini_client.get("/v1/export/edges.csv")
    assert r.status_code == 200
    rows = read(r.content)
    assert list(rows[0]) == list(EDGE_COLUMNS)
    assert [row["id"] for row in rows] == list(mini.edges)
    for row in rows:
        e = mini.edges[row["id"]]
        assert (row["source"], row["target"], row["relation"], row["evidence"]) == (
            e.source,
            e.target,
            e.relation,
            e.evidence,
        )
        assert row["rationale"] == (e.rationale or "")


def test_bom_is_there_only_when_asked(mini_client: TestClient) -> None:
    plain = mini_client.get("/v1/export/nodes.csv").content
    bom = mini_client.get("/v1/export/nodes.csv", params={"bom": "true"}).content
    assert bom == codecs.BOM_UTF8 + plain
    assert read(bom) == read(plain)


@pytest.mark.parametrize("bom", [False, True])
def test_the_zip_holds_both_tables(mini_client: TestClient, mini: Snapshot, bom: bool) -> None:
    r = mini_client.get("/v1/export/csv", params={"bom": "true"} if bom else {})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/zip"
    assert (
        r.headers["content-disposition"] == f'attachment; filename="plangraph-{mini.version}.zip"'
    )
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        assert zf.namelist() == ["nodes.csv", "edges.csv"]
        assert zf.testzip() is None
        nodes, edges = zf.read("nodes.csv"), zf.read("edges.csv")
    assert nodes.startswith(codecs.BOM_UTF8) is bom
    suffix = "?bom=true" if bom else ""
    assert nodes == mini_client.get(f"/v1/export/nodes.csv{suffix}").content
    assert edges == mini_client.get(f"/v1/export/edges.csv{suffix}").content


def test_newlines_and_quotes_in_cells_survive(mini: Snapshot, mini_client: TestClient) -> None:
    rows = read(mini_client.get("/v1/export/edges.csv").content)
    inferred = [r for r in rows if r["evidence"] == "inferred"]
    assert {r["rationale"] for r in inferred} == {
        e.rationale for e in mini.edges.values() if e.evidence == "inferred"
    }


def test_the_bundled_plan_tables(plan: Snapshot, client: TestClient) -> None:
    nodes = read(client.get("/v1/export/nodes.csv").content)
    edges = read(client.get("/v1/export/edges.csv").content)
    assert len(nodes) == len(plan.nodes)
    assert len(edges) == len(plan.edges)
    names = {r["id"]: r["name_zh"] for r in nodes}
    assert names["tianfu-laboratory"] == plan.nodes["tianfu-laboratory"].name.zh
