"""The export endpoints and command: media types, file names, ETags, errors, one render."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli import cli
from app.export import FORMATS, export
from app.graph.snapshot import Snapshot

MEDIA = {
    "json": "application/json",
    "graphml": "application/graphml+xml",
    "csv": "application/zip",
    "nodes.csv": "text/csv; charset=utf-8",
    "edges.csv": "text/csv; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "cypher": "text/plain; charset=utf-8",
    "geojson": "application/geo+json",
    "bundle": "application/zip",
}
EXT = {"csv": "zip", "nodes.csv": "csv", "edges.csv": "csv", "turtle": "ttl", "bundle": "zip"}


@pytest.mark.parametrize("fmt", list(MEDIA))
def test_each_format_downloads_with_its_media_type_and_versioned_name(
    mini: Snapshot, mini_client: TestClient, fmt: str
) -> None:
    r = mini_client.get(f"/v1/export/{fmt}")
    assert r.status_code == 200
    assert r.headers["content-type"] == MEDIA[fmt]
    stem = f"plangraph-{mini.version}" + ("-" + fmt.split(".")[0] if "." in fmt else "")
    stem += "-bundle" if fmt == "bundle" else ""
    name = f"{stem}.{EXT.get(fmt, fmt)}"
    assert r.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert r.headers["etag"]
    assert len(r.content) > 100


def test_the_index_lists_every_format(mini_client: TestClient) -> None:
    r = mini_client.get("/v1/export")
    assert r.status_code == 200
    listed = {f["name"]: f for f in r.json()}
    assert set(listed) == set(MEDIA) == set(FORMATS)
    assert listed["csv"]["options"] == ["bom"]
    assert listed["cypher"]["options"] == ["dialect"]
    for name, f in listed.items():
        got = mini_client.get(f["path"])
        assert got.headers["content-type"] == f["media_type"] == MEDIA[name]


def test_etag_gives_304_and_gzip_applies(mini_client: TestClient) -> None:
    r = mini_client.get("/v1/export/turtle", headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    etag = r.headers["etag"]
    again = mini_client.get(
        "/v1/export/turtle", headers={"If-None-Match": etag, "Accept-Encoding": "gzip"}
    )
    assert again.status_code == 304
    assert again.content == b""
    other = mini_client.get("/v1/export/jsonld", headers={"If-None-Match": etag})
    assert other.status_code == 200


def test_head_answers_without_a_body(mini_client: TestClient) -> None:
    r = mini_client.head("/v1/export/graphml")
    assert r.status_code == 200
    assert r.content == b""
    assert r.headers["content-disposition"].endswith('.graphml"')


def test_unknown_format_is_a_422_listing_the_formats(mini_client: TestClient) -> None:
    r = mini_client.get("/v1/export/xlsx")
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["errors"][0]["parameter"] == "format"
    assert body["detail"] == f"format: unknown format 'xlsx'; allowed: {', '.join(FORMATS)}"


def test_options_of_other_formats_are_ignored(mini_client: TestClient) -> None:
    # the contract allows bom and dialect with any format: they change only those taking them
    plain = mini_client.get("/v1/export/json").content
    assert mini_client.get("/v1/export/json", params={"bom": "true"}).content == plain
    cypher = mini_client.get("/v1/export/cypher").content
    assert mini_client.get("/v1/export/cypher", params={"bom": "true"}).content == cypher
    kuzu = mini_client.get("/v1/export/cypher", params={"dialect": "kuzu"}).content
    assert kuzu != cypher
    with_bom = mini_client.get("/v1/export/nodes.csv", params={"bom": "true", "dialect": "kuzu"})
    assert with_bom.content.startswith(b"\xef\xbb\xbf")


def test_each_format_is_rendered_once_per_snapshot(mini: Snapshot) -> None:
    for fmt in FORMATS:
        assert export(mini, fmt) is export(mini, fmt)
    assert export(mini, "nodes.csv", bom=True) is not export(mini, "nodes.csv")


def test_the_command_writes_the_bytes_the_api_serves(
    mini_path: Path, mini_client: TestClient, tmp_path: Path
) -> None:
    runner = CliRunner()
    for fmt in ("turtle", "csv"):
        out = tmp_path / f"out.{fmt}"
        result = runner.invoke(
            cli, ["export", "--format", fmt, "--data", str(mini_path), "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert out.read_bytes() == mini_client.get(f"/v1/export/{fmt}").content
    result = runner.invoke(cli, ["export", "-f", "geojson", "--data", str(mini_path)])
    assert result.exit_code == 0
    assert result.stdout_bytes == mini_client.get("/v1/export/geojson").content
    kuzu = runner.invoke(
        cli, ["export", "-f", "cypher", "--dialect", "kuzu", "--data", str(mini_path)]
    )
    assert kuzu.stdout_bytes == mini_client.get("/v1/export/cypher?dialect=kuzu").content


def test_the_command_refuses_an_unknown_format(mini_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "xlsx", "--data", str(mini_path)])
    assert result.exit_code == 2
    assert "unknown format 'xlsx'" in result.output


def test_exports_are_dropped_with_their_snapshot(mini_path: Path) -> None:
    import gc

    from app.export import registry
    from app.runtime.load import load_plan

    snap = load_plan(mini_path)
    export(snap, "geojson")
    key = id(snap)
    assert key in registry._memos
    del snap
    gc.collect()
    assert key not in registry._memos
