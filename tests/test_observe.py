"""Request ids, access logs, security headers, offline docs and no stack traces."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import Receive, Scope, Send

from app.api.middleware.observe import CSP, JsonFormatter, Observe, Observer, request_id
from app.config import Settings
from app.main import create_app


def observed(app: FastAPI, *, log_json: bool = True) -> tuple[Observe, list[bytes]]:
    """The app's observe layer, rebuilt to write its lines into a list."""
    lines: list[bytes] = []
    layer = Observe(app, observer=Observer(log_json=log_json, sink=lines.append))
    return layer, lines


@pytest.fixture
def app(mini_path: Path) -> FastAPI:
    return create_app(Settings(data=mini_path, watch_interval=0))


def test_a_request_id_is_made_and_echoed(mini_client: TestClient) -> None:
    a = mini_client.get("/v1/nodes").headers["x-request-id"]
    b = mini_client.get("/v1/nodes").headers["x-request-id"]
    assert a != b
    assert len(a) >= 16


@pytest.mark.parametrize(
    ("sent", "kept"),
    [(b"abc-123_XYZ.1", True), (b"x" * 129, False), (b"bad id", False), ("é".encode(), False)],
)
def test_an_incoming_request_id_is_kept_only_when_sane(
    mini_client: TestClient, sent: bytes, kept: bool
) -> None:
    r = mini_client.get("/v1/schema", headers={"X-Request-ID": sent})
    assert (r.headers["x-request-id"].encode() == sent) is kept


@pytest.mark.parametrize("url", ["/v1/nodes", "/", "/v1/nodes/nope", "/healthz", "/metrics"])
def test_security_headers_on_every_answer(mini_client: TestClient, url: str) -> None:
    r = mini_client.get(url)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["content-security-policy"] == CSP
    assert "frame-ancestors 'none'" in CSP
    assert "server" not in r.headers
    assert r.headers.get_list("x-content-type-options") == ["nosniff"]


def test_a_304_carries_the_headers_too(mini_client: TestClient) -> None:
    etag = mini_client.get("/v1/nodes").headers["etag"]
    r = mini_client.get("/v1/nodes", headers={"If-None-Match": etag})
    assert r.status_code == 304
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-request-id"]


def test_the_dataset_version_is_named(mini_client: TestClient) -> None:
    r = mini_client.get("/v1/meta")
    assert r.headers["x-dataset-version"] == r.json()["version"]


def test_one_json_access_line_per_request(app: FastAPI) -> None:
    layer, lines = observed(app)
    with TestClient(layer) as client:  # type: ignore[arg-type]
        r = client.get("/v1/nodes?limit=2", headers={"X-Request-ID": "trace-1"})
        client.get("/v1/nodes/nope")
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert lines[0].endswith(b"\n")
    assert first["method"] == "GET"
    assert first["path"] == "/v1/nodes"
    assert first["query"] == "limit=2"
    assert first["status"] == 200
    assert first["request_id"] == "trace-1"
    assert first["version"] == r.headers["x-dataset-version"]
    assert first["duration_ms"] >= 0
    assert first["time"].endswith("+00:00")
    assert second["status"] == 404


def test_a_hostile_path_stays_one_log_line(app: FastAPI) -> None:
    layer, lines = observed(app)
    with TestClient(layer) as client:  # type: ignore[arg-type]
        client.get('/v1/nodes/a%0A%22b%22%0D{"status":200}')
    assert len(lines) == 1
    assert lines[0].count(b"\n") == 1
    assert json.loads(lines[0])["status"] == 404


def test_plain_text_access_lines(app: FastAPI) -> None:
    layer, lines = observed(app, log_json=False)
    with TestClient(layer) as client:  # type: ignore[arg-type]
        client.get("/healthz", headers={"X-Request-ID": "plain-1"})
    assert b'"GET /healthz" 200' in lines[0]
    assert b"id=plain-1" in lines[0]


def test_no_stack_trace_reaches_the_client(app: FastAPI) -> None:
    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret detail of the failure")

    layer, lines = observed(app)
    with TestClient(layer, raise_server_exceptions=False) as client:  # type: ignore[arg-type]
        r = client.get("/boom")
    assert r.status_code == 500
    assert "secret detail" not in r.text
    assert "Traceback" not in r.text
    assert json.loads(lines[0])["status"] == 500


def test_app_log_records_are_json_with_the_request_id() -> None:
    record = logging.LogRecord("plangraph.reload", logging.ERROR, __file__, 1, "rejected", (), None)
    record.fields = {"outcome": "rejected"}
    token = request_id.set("rid-7")
    try:
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["msg"] == "rejected"
    assert line["level"] == "error"
    assert line["request_id"] == "rid-7"
    assert line["outcome"] == "rejected"


def test_docs_are_served_without_a_cdn(mini_client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        r = mini_client.get(page)
        assert r.status_code == 200
        assert "cdn." not in r.text
        assert "fonts.googleapis" not in r.text
        csp = r.headers["content-security-policy"]
        assert "script-src 'self' 'sha256-" in csp or "<script>" not in r.text
        assert "frame-ancestors 'none'" in csp
        for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
            if asset in r.text:
                got = mini_client.get(f"/docs/assets/{asset}")
                assert got.status_code == 200
                assert len(got.content) > 10_000
    assert mini_client.get("/docs/assets/../../app/config.py").status_code == 404
    assert mini_client.get("/docs/assets/secret.txt").status_code == 404


def test_docs_can_be_switched_off(mini_path: Path) -> None:
    settings = Settings(data=mini_path, docs_enabled=False, watch_interval=0)
    with TestClient(create_app(settings)) as client:
        assert client.get("/docs").status_code == 404
        assert client.get("/redoc").status_code == 404
        assert client.get("/docs/assets/swagger-ui.css").status_code == 404
        assert client.get("/v1/nodes").status_code == 200


def test_cors_allows_reads_only(mini_client: TestClient) -> None:
    pre = mini_client.options(
        "/v1/meta",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"},
    )
    assert pre.status_code == 400
    got = mini_client.get("/v1/nodes", headers={"Origin": "https://example.org"})
    exposed = got.headers["access-control-expose-headers"].lower()
    assert "x-request-id" in exposed
    assert "x-dataset-version" in exposed


async def _lifespan_only(scope: Scope, receive: Receive, send: Send) -> None:
    assert scope["type"] == "lifespan"


def test_non_http_scopes_pass_through() -> None:
    import asyncio

    lines: list[bytes] = []
    layer = Observe(_lifespan_only, observer=Observer(sink=lines.append))

    async def nothing() -> dict[str, str]:
        return {}

    async def ignore(message: object) -> None:
        return None

    asyncio.run(layer({"type": "lifespan"}, nothing, ignore))
    assert lines == []
