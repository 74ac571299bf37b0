"""The lean CORS layer answers exactly as Starlette's CORSMiddleware does."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import pytest
from starlette.middleware.cors import CORSMiddleware
from starlette.types import Message, Receive, Scope, Send

from app.api.middleware.cors import CORS, CorsPolicy

CONFIGS: list[dict[str, Any]] = [
    {"allow_origins": ["*"], "allow_methods": ["GET", "HEAD", "OPTIONS"], "allow_headers": ["*"]},
    {"allow_origins": ["*"], "expose_headers": ["ETag", "X-Request-ID"]},
    {"allow_origins": ["https://a.example"], "allow_credentials": True},
    {"allow_origins": ["*"], "allow_credentials": True, "expose_headers": ["ETag"]},
    {"allow_origin_regex": r"https://.*\.example", "allow_methods": ["GET"]},
]
REQUESTS = [
    ("GET", []),
    ("GET", [(b"origin", b"https://a.example")]),
    ("GET", [(b"origin", b"https://evil.test")]),
    ("HEAD", [(b"origin", b"https://b.example")]),
    ("OPTIONS", [(b"origin", b"https://a.example"), (b"access-control-request-method", b"GET")]),
    ("OPTIONS", [(b"origin", b"https://a.example"), (b"access-control-request-method", b"PUT")]),
    ("OPTIONS", [(b"origin", b"https://a.example")]),
]
RESPONSES: list[list[tuple[bytes, bytes]]] = [
    [(b"content-type", b"application/json")],
    [(b"vary", b"Accept-Encoding"), (b"etag", b'"1"')],
    [(b"vary", b"Accept-Encoding"), (b"x", b"y"), (b"vary", b"Cookie")],
]


def answer(
    layer_type: type, config: dict[str, Any], method: str, headers: list[Any], inner: list[Any]
) -> list[Message]:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": list(inner)})
        await send({"type": "http.response.body", "body": b"{}"})

    layer = layer_type(app, **config)
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": "/v1/meta",
        "headers": list(headers),
        "query_string": b"",
    }
    asyncio.run(layer(scope, receive, send))
    return [{**m, "headers": list(m.get("headers", []))} if "headers" in m else m for m in sent]


@pytest.mark.parametrize(
    ("config", "request_", "inner"), list(itertools.product(CONFIGS, REQUESTS, RESPONSES))
)
def test_same_answer_as_starlette(config: dict[str, Any], request_: Any, inner: Any) -> None:
    method, headers = request_
    assert answer(_ours, config, method, headers, inner) == answer(
        CORSMiddleware, config, method, headers, inner
    )


def _ours(app: Any, **config: Any) -> CORS:
    """The lean layer with a policy of Starlette's options."""
    return CORS(app, CorsPolicy(**config))
