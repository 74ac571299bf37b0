"""The bundle: one zip of every format, the texts, the data file, the schemas and a
manifest; unzipped, every sha256 recomputed and each file read by its real reader."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import geojson
import jsonschema
import kuzu
import networkx as nx
import orjson
import pytest
from fastapi.testclient import TestClient
from openapi_spec_validator import validate as validate_openapi
from rdflib import Graph
from typer.testing import CliRunner

from app.cli import cli
from app.graph.snapshot import Snapshot
from app.runtime.load import load_plan


@pytest.fixture(scope="module")
def bundle(mini_client: TestClient) -> bytes:
    r = mini_client.get("/v1/export/bundle")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/zip"
    return r.content


@pytest.fixture(scope="module")
def unzipped(bundle: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("bundle")
    with zipfile.ZipFile(io.BytesIO(bundle)) as z:
        assert z.testzip() is None
        z.extractall(where)
    (root,) = where.iterdir()
    return root


@pytest.fixture(scope="module")
def manifest(unzipped: Path) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads((unzipped / "manifest.json").read_bytes())
    return data


def test_the_manifest_checks_out(unzipped: Path, manifest: dict[str, Any], mini: Snapshot) -> None:
    assert unzipped.name == f"plangraph-{mini.version}"
    assert manifest["dataset"]["version"] == mini.version
    assert manifest["licence"]["dataset"] == "CC BY 4.0"
    assert mini.version in manifest["how_to_cite"]
    listed = {f["path"]: f for f in manifest["files"]}
    on_disk = {p.relative_to(unzipped).as_posix() for p in unzipped.rglob("*") if p.is_file()} - {
        "manifest.json"
    }
    assert set(listed) == on_disk
    for path, f in listed.items():
        body = (unzipped / path).read_bytes()
        assert f["size"] == len(body), path
        assert f["sha256"] == hashlib.sha256(body).hexdigest(), path


def test_each_export_is_the_one_the_api_serves(
    unzipped: Path, manifest: dict[str, Any], mini_client: TestClient
) -> None:
    formats = [f for f in mini_client.get("/v1/export").json() if f["name"] != "bundle"]
    for f in formats:
        served = mini_client.get(f["path"])
        name = served.headers["content-disposition"].split('filename="')[1].rstrip('"')
        assert (unzipped / "exports" / name).read_bytes() == served.content, name
    kuzu_name = f"plangraph-{manifest['dataset']['version']}-kuzu.cypher"
    assert (unzipped / "exports" / kuzu_name).read_bytes() == mini_client.get(
        "/v1/export/cypher?dialect=kuzu"
    ).content


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_each_file_opens_in_its_real_reader(
    unzipped: Path, mini: Snapshot, mini_client: TestClient, tmp_path: Path
) -> None:
    ex = unzipped / "exports"
    stem = f"plangraph-{mini.version}"
    # the data file and its texts validate as they are, against the schema too
    again = load_plan(unzipped / "plan_graph.json")
    assert set(again.nodes) == set(mini.nodes)
    assert set(again.edges) == set(mini.edges)
    assert dict(again.texts) == dict(mini.texts)
    schema = orjson.loads((unzipped / "plan_graph.schema.json").read_bytes())
    jsonschema.validate(orjson.loads((unzipped / "plan_graph.json").read_bytes()), schema)
    validate_openapi(orjson.loads((unzipped / "openapi.json").read_bytes()))
    # the contract, as `plangraph openapi` writes it
    contract = CliRunner().invoke(cli, ["openapi"]).stdout_bytes
    assert (unzipped / "openapi.json").read_bytes() == contract
    for d in mini.documents.values():
        if d.path:
            body = (unzipped / d.path).read_bytes()
            assert hashlib.sha256(body).hexdigest() == d.sha256
    # each export format
    nl = orjson.loads((ex / f"{stem}.json").read_bytes())
    assert len(nx.node_link_graph(nl, edges="edges").nodes) == len(mini.nodes)
    assert len(nx.read_graphml(ex / f"{stem}.graphml").nodes) == len(mini.nodes)
    with zipfile.ZipFile(ex / f"{stem}.zip") as z:
        assert sorted(z.namelist()) == ["edges.csv", "nodes.csv"]
    with (ex / f"{stem}-nodes.csv").open(encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == len(mini.nodes)
    with (ex / f"{stem}-edges.csv").open(encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == len(mini.edges)
    ttl = Graph().parse(ex / f"{stem}.ttl", format="turtle")
    jsonld = Graph().parse(ex / f"{stem}.jsonld", format="json-ld")
    assert len(ttl) == len(jsonld) > 0
    conn = kuzu.Connection(kuzu.Database(str(tmp_path / "db")))
    conn.execute((ex / f"{stem}-kuzu.cypher").read_text(encoding="utf-8"))
    result = conn.execute("MATCH (n) RETURN count(n)")
    assert isinstance(result, kuzu.QueryResult)
    assert result.get_next()[0] == len(mini.nodes)
    assert "MERGE" in (ex / f"{stem}.cypher").read_text(encoding="utf-8")
    features = geojson.loads((ex / f"{stem}.geojson").read_text(encoding="utf-8"))
    assert features.is_valid
    assert features["features"]


def test_the_bundle_has_an_etag_and_answers_304(mini_client: TestClient, bundle: bytes) -> None:
    r = mini_client.get("/v1/export/bundle")
    assert r.content == bundle  # the same snapshot, the same bytes
    again = mini_client.get("/v1/export/bundle", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304


def test_the_command_writes_the_bundle_the_api_serves(
    mini_path: Path, bundle: bytes, tmp_path: Path
) -> None:
    out = tmp_path / "bundle.zip"
    r = CliRunner().invoke(
        cli, ["export", "--format", "bundle", "--data", str(mini_path), "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    assert out.read_bytes() == bundle
