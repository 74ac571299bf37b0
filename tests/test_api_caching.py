"""HTTP caching, compression and CORS."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app


def test_strong_etag_and_304(mini_client: TestClient) -> None:
    r = mini_client.get("/v1/nodes")
    etag = r.headers["etag"]
    assert etag.startswith('"')  # strong: not W/"..."
    assert r.headers["cache-control"] == "public, max-age=300"
    assert "Accept-Encoding" in r.headers["vary"]
    again = mini_client.get("/v1/nodes", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag


def test_etag_depends_on_the_request_and_the_encoding(mini_client: TestClient) -> None:
    a = mini_client.get("/v1/nodes?limit=2&offset=1").headers["etag"]
    b = mini_client.get("/v1/nodes?offset=1&limit=2").headers["etag"]
    c = mini_client.get("/v1/nodes?limit=3").headers["etag"]
    plain = mini_client.get("/v1/nodes?limit=2&offset=1", headers={"Accept-Encoding": "identity"})
    assert a == b != c
    assert plain.headers["etag"] != a
    assert "content-encoding" not in plain.headers


def test_large_bodies_are_gzipped(mini_client: TestClient) -> None:
    r = mini_client.get("/v1/nodes", headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    raw = mini_client.get("/v1/nodes", headers={"Accept-Encoding": "identity"}).content
    assert r.content == raw  # the client decompressed what it got
    small = mini_client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers


def test_gzip_bytes_are_real_gzip(mini_client: TestClient) -> None:
    with mini_client.stream("GET", "/v1/nodes", headers={"Accept-Encoding": "gzip"}) as r:
        body = b"".join(r.iter_raw())
    assert gzip.decompress(body).startswith(b'{"items"')


def test_errors_are_not_cached(mini_client: TestClient) -> None:
    r = mini_client.get("/v1/nodes/nope")
    assert r.status_code == 404
    assert "etag" not in r.headers
    assert r.headers["cache-control"] == "no-store"


def test_cors_allows_get_from_any_origin(mini_client: TestClient) -> None:
    r = mini_client.get("/v1/meta", headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = mini_client.options(
        "/v1/meta",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert pre.status_code == 200
    refused = mini_client.options(
        "/v1/meta",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "DELETE"},
    )
    assert refused.status_code == 400


def test_head_answers_like_get_without_a_body(mini_client: TestClient) -> None:
    get = mini_client.get("/v1/schema")
    head = mini_client.head("/v1/schema")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == get.headers["etag"]


def test_cors_origins_are_configurable(mini_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANGRAPH_CORS_ORIGINS", "https://maps.example.org, https://b.example")
    with TestClient(create_app(Settings(data=mini_path))) as c:
        allowed = c.get("/v1/meta", headers={"Origin": "https://maps.example.org"})
        assert allowed.headers["access-control-allow-origin"] == "https://maps.example.org"
        other = c.get("/v1/meta", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
