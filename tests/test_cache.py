"""The response cache layer on its own: what it runs, keeps, forgets and answers."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.types import Message, Receive, Scope, Send

from app.api.fastpath.cache import ResponseCache
from app.graph.snapshot import Snapshot
from app.runtime.store import SnapshotStore


class Inner:
    """An app answering 200 with a body naming the request; counts its calls."""

    def __init__(self, size: int = 10) -> None:
        self.calls = 0
        self.size = size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        body = (scope["path"] + "?" + scope["query_string"].decode()).encode().ljust(self.size)
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})


def get(
    cache: ResponseCache, path: str, query: bytes = b"", headers: Any = (), method: str = "GET"
) -> tuple[int, dict[bytes, bytes], bytes]:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "query_string": query}
    scope["headers"] = list(headers)
    asyncio.run(cache(scope, receive, send))
    return sent[0]["status"], dict(sent[0]["headers"]), sent[1]["body"]


def make(mini: Snapshot, **kwargs: Any) -> tuple[ResponseCache, Inner]:
    inner = Inner(kwargs.pop("size", 10))
    return ResponseCache(inner, SnapshotStore(mini), **kwargs), inner


def test_a_repeated_request_does_not_run_the_app(mini: Snapshot) -> None:
    cache, inner = make(mini)
    first = get(cache, "/v1/nodes", b"limit=2&offset=1")
    again = get(cache, "/v1/nodes", b"offset=1&limit=2")  # same parameters, other order
    assert inner.calls == 1
    assert first == again


def test_the_encoding_is_part_of_the_key(mini: Snapshot) -> None:
    cache, inner = make(mini, gzip_min_size=0)
    plain = get(cache, "/v1/meta")
    packed = get(cache, "/v1/meta", headers=[(b"accept-encoding", b"gzip, br")])
    assert inner.calls == 2
    assert packed[1][b"content-encoding"] == b"gzip"
    assert b"content-encoding" not in plain[1]
    assert plain[1][b"etag"] != packed[1][b"etag"]


def test_if_none_match_is_answered_from_the_cache(mini: Snapshot) -> None:
    cache, inner = make(mini)
    etag = get(cache, "/v1/meta")[1][b"etag"]
    status, headers, body = get(cache, "/v1/meta", headers=[(b"if-none-match", etag)])
    assert (status, body, inner.calls) == (304, b"", 1)
    assert set(headers) == {b"etag", b"cache-control", b"vary"}


def test_head_is_answered_without_a_body(mini: Snapshot) -> None:
    cache, inner = make(mini)
    get(cache, "/v1/meta")
    status, headers, body = get(cache, "/v1/meta", method="HEAD")
    assert (status, body, inner.calls) == (200, b"", 1)
    assert headers[b"content-length"] == b"10"


def test_the_size_bound_evicts_the_least_recently_used(mini: Snapshot) -> None:
    cache, inner = make(mini, max_bytes=800, size=100)  # room for eight bodies
    paths = [f"/v1/{c}" for c in "abcdefgh"]
    for path in paths:
        get(cache, path)
    get(cache, "/v1/a")  # a is used again: b is now the oldest
    get(cache, "/v1/i")
    assert inner.calls == 9
    get(cache, "/v1/a")
    get(cache, "/v1/b")  # evicted: rendered again, though its raw key was seen before
    assert inner.calls == 10


def test_a_new_snapshot_drops_every_answer(mini: Snapshot, plan: Snapshot) -> None:
    store = SnapshotStore(mini)
    inner = Inner()
    cache = ResponseCache(inner, store)
    get(cache, "/v1/meta")
    store.swap(plan)
    get(cache, "/v1/meta")
    assert inner.calls == 2
