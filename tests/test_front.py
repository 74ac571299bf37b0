"""The front answers a repeated request exactly as the full stack does, without running it.

Each answer of an app with its front is compared with the answer of the same app with the
front off (every request through every layer): status, raw body (gzip or not), and every
header and its value in order, the request id aside (echoed when the client sent a sane
one). The access log lines and the request counts are compared the same way.
"""

from __future__ import annotations

import itertools
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.fastpath.front import FrontedAPI
from app.config import Settings
from app.graph.snapshot import Snapshot
from app.main import create_app

URLS = [
    "/v1/nodes",  # gzipped when asked
    "/v1/nodes?limit=2&offset=1",
    "/v1/nodes?offset=1&limit=2",  # the same answer under another raw key
    "/v1/nodes/riverton-lab",
    "/v1/nodes/riverton-lab/neighbors",
    "/v1/search?q=lab",
    "/v1/schema",
]
ALLOWED = "https://maps.example.org"
HEADERS: list[dict[str, str]] = [
    {},
    {"Accept-Encoding": "identity"},
    {"Accept-Encoding": "gzip"},
    {"Origin": ALLOWED},
    {"Origin": "https://evil.example"},
    {"Origin": ALLOWED, "Accept-Encoding": "identity"},
    {"X-Request-ID": "trace-7"},
    {"X-Request-ID": "bad id"},
    {"If-None-Match": "*"},
    {"If-None-Match": '"not-this-one"'},
]
Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


class Counting:
    """An ASGI app passing requests to another, counting them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.calls = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        await self.app(scope, receive, send)


@dataclass
class Side:
    """One app under test: its client, its access log lines, its full stack's call count."""

    app: FastAPI
    client: TestClient
    lines: list[bytes]
    stack: Counting


@contextmanager
def started(settings: Settings, *, front: bool) -> Iterator[Side]:
    """The app for ``settings`` running, its front on or off."""
    app = create_app(settings)
    with TestClient(app) as client:
        assert isinstance(app, FrontedAPI)
        assert app.front is not None  # built with the stack, at startup
        lines: list[bytes] = []
        assert app.front.observer is not None
        app.front.observer.sink = lines.append
        if not front:
            app.front = None
        assert app.middleware_stack is not None
        stack = app.middleware_stack = Counting(app.middleware_stack)
        yield Side(app, client, lines, stack)


@pytest.fixture(params=[["*"], [ALLOWED, "https://b.example"]], ids=["any origin", "listed"])
def sides(mini_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Side, Side]]:
    """The app with its front, and the same app with its front off."""
    settings = Settings(data=mini_path, watch_interval=0, cors_origins=request.param)
    with started(settings, front=True) as fronted, started(settings, front=False) as full:
        yield fronted, full


def fetch(client: TestClient, method: str, url: str, headers: dict[str, str]) -> Answer:
    """Status, raw headers and raw body (not decompressed) of one answer."""
    with client.stream(method, url, headers=headers) as r:
        body = b"".join(r.iter_raw())
        return r.status_code, list(r.headers.raw), body


def without_id(answer: Answer) -> tuple[Answer, list[bytes]]:
    status, headers, body = answer
    ids = [v for k, v in headers if k.lower() == b"x-request-id"]
    return (status, [(k, v) for k, v in headers if k.lower() != b"x-request-id"], body), ids


def log_fields(line: bytes) -> dict[str, Any]:
    entry: dict[str, Any] = json.loads(line)
    for varying in ("time", "duration_ms", "request_id"):
        assert varying in entry
        del entry[varying]
    return entry


CASES = list(itertools.product(["GET", "HEAD"], URLS, HEADERS))


def test_a_hit_is_answered_as_the_full_stack_answers_it(sides: tuple[Side, Side]) -> None:
    fronted, full = sides
    for method, url, headers in CASES:
        first = fetch(fronted.client, method, url, headers)  # full stack, or a hit already
        calls = fronted.stack.calls
        hit = fetch(fronted.client, method, url, headers)
        assert fronted.stack.calls == calls, (method, url, headers)  # answered by the front
        expected = fetch(full.client, method, url, headers)
        context = (method, url, headers)
        for answer in (first, hit):
            (same, ids), (want, want_ids) = without_id(answer), without_id(expected)
            assert same == want, context
            assert len(ids) == len(want_ids) == 1, context
            if headers.get("X-Request-ID") == "trace-7":
                assert ids == want_ids == [b"trace-7"], context
            else:
                assert ids[0] not in (want_ids[0], b"bad id"), context
        assert [log_fields(x) for x in fronted.lines[-2:]] == [log_fields(full.lines[-1])] * 2, (
            context
        )


def test_a_matching_etag_is_answered_304_by_the_front(sides: tuple[Side, Side]) -> None:
    fronted, full = sides
    for method, url in itertools.product(["GET", "HEAD"], URLS):
        etag = full.client.get(url).headers["etag"]
        for headers in ({"If-None-Match": etag}, {"If-None-Match": f'"x", W/{etag}'}):
            for origin in ({}, {"Origin": ALLOWED}):
                sent = {**headers, **origin}
                fetch(fronted.client, method, url, sent)
                calls = fronted.stack.calls
                hit = fetch(fronted.client, method, url, sent)
                assert fronted.stack.calls == calls
                expected = fetch(full.client, method, url, sent)
                assert expected[0] == 304
                assert without_id(hit)[0] == without_id(expected)[0], (method, url, sent)


def test_requests_are_counted_alike(sides: tuple[Side, Side]) -> None:
    fronted, full = sides
    for side in sides:
        for url in URLS:
            for _ in range(3):
                side.client.get(url)
                side.client.head(url, headers={"Origin": ALLOWED})
            side.client.get(url, headers={"If-None-Match": "*"})

    def counts(side: Side) -> list[str]:
        text = side.client.get("/metrics").text
        return [
            line
            for line in text.splitlines()
            if line.startswith(
                ("plangraph_http_requests_total{", "plangraph_http_request_duration_seconds_count")
            )
        ]

    assert counts(fronted) == counts(full)
    assert any(
        'method="HEAD",route="/v1/nodes/{node_id}",status="200"} 3.0' in x for x in counts(full)
    )


def test_a_plain_text_log_line_is_the_same(mini_path: Path) -> None:
    settings = Settings(data=mini_path, watch_interval=0, log_json=False)
    with started(settings, front=True) as a, started(settings, front=False) as b:
        for side in (a, b):
            side.client.get("/v1/nodes?limit=2", headers={"X-Request-ID": "plain-1"})
            side.client.get("/v1/nodes?limit=2", headers={"X-Request-ID": "plain-1"})
    assert len(a.lines) == len(b.lines) == 2

    def fields(line: bytes) -> list[bytes]:
        _time, *rest = line.split(b" ")
        return [b"" if x.endswith(b"ms") else x for x in rest]  # the duration varies

    assert [fields(x) for x in a.lines] == [fields(x) for x in b.lines]
    assert b'"GET /v1/nodes" 200' in a.lines[1]


def test_other_requests_take_the_full_stack(sides: tuple[Side, Side]) -> None:
    fronted, full = sides
    fronted.client.get("/v1/nodes")

    def through_the_stack(method: str, url: str, **kwargs: Any) -> None:
        calls = fronted.stack.calls
        got = fronted.client.request(method, url, **kwargs)
        want = full.client.request(method, url, **kwargs)
        assert fronted.stack.calls == calls + 1, (method, url)
        assert got.status_code == want.status_code, (method, url)
        assert got.content == want.content

    through_the_stack("GET", "/v1/nodes?q=%zz")  # malformed: 400
    through_the_stack("POST", "/v1/nodes")
    through_the_stack("GET", "/v1/nodes", content=b"a body")
    through_the_stack(
        "OPTIONS", "/v1/nodes", headers={"Origin": ALLOWED, "Access-Control-Request-Method": "GET"}
    )
    through_the_stack("GET", "/v1/nodes/nope")  # not cached: every time
    through_the_stack("GET", "/v1/nodes/nope")
    through_the_stack("GET", "/healthz")


def test_a_new_snapshot_is_never_answered_from_the_old_cache(
    sides: tuple[Side, Side], plan: Snapshot
) -> None:
    fronted, _ = sides
    old = fronted.client.get("/v1/schema")
    fronted.client.get("/v1/schema")
    fronted.app.state.store.swap(plan)
    calls = fronted.stack.calls
    new = fronted.client.get("/v1/schema")
    assert fronted.stack.calls == calls + 1
    assert new.headers["x-dataset-version"] == plan.version != old.headers["x-dataset-version"]
    assert new.headers["etag"] != old.headers["etag"]
    again = fronted.client.get("/v1/schema")
    assert fronted.stack.calls == calls + 1  # the new answer is a hit in turn
    assert again.headers["etag"] == new.headers["etag"]


def test_an_unknown_layer_turns_the_front_off(
    mini_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def tag(request: Any, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["x-tag"] = "1"
        return response

    app = create_app(Settings(data=mini_path, watch_interval=0, access_log=False))
    app.add_middleware(BaseHTTPMiddleware, dispatch=tag)
    with caplog.at_level(logging.WARNING), TestClient(app) as client:
        assert isinstance(app, FrontedAPI)
        assert app.front is None
        assert "fast path is off" in caplog.text
        assert "BaseHTTPMiddleware" in caplog.text
        for _ in range(2):
            r = client.get("/v1/nodes")
            assert r.headers["x-tag"] == "1"
            assert r.headers["etag"]


def test_without_the_fast_path_the_app_answers_the_same(
    mini_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Deleting app/api/fastpath leaves a working, slower app: the core requests answer
    as they do with it (no ETag, 304 or response cache), and the log says so."""
    settings = Settings(data=mini_path, watch_interval=0, access_log=False)
    paths = ["/v1/nodes", "/v1/search?q=a", "/v1/schema", "/v1/tree", "/v1/documents", "/healthz"]
    with TestClient(create_app(settings)) as client:
        snap: Snapshot = client.app.state.store.current  # type: ignore[attr-defined]
        node, city = next(iter(snap.nodes)), snap.by_type["city"][0]
        paths += [f"/v1/nodes/{node}", f"/v1/nodes/{node}/neighbors", f"/v1/cities/{city}/measures"]
        paths += ["/v1/nodes/nowhere", "/v1/nodes?limit=-1"]
        fast = {p: client.get(p) for p in paths}
    monkeypatch.setitem(sys.modules, "app.api.fastpath", None)  # as if deleted
    with caplog.at_level(logging.WARNING):
        app = create_app(settings)
    assert not isinstance(app, FrontedAPI)
    assert "fast path" in caplog.text
    with TestClient(app) as client:
        for p, answer in fast.items():
            slow = client.get(p)
            assert slow.status_code == answer.status_code, p
            assert slow.content == answer.content, p
            assert slow.headers["x-dataset-version"] == answer.headers["x-dataset-version"]
            assert "etag" not in slow.headers
        big = client.get("/v1/nodes?limit=500", headers={"accept-encoding": "gzip"})
        assert big.headers["content-encoding"] == "gzip"
