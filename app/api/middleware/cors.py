"""CORS as Starlette's middleware does it, without its per-request header objects.

Starlette's :class:`~starlette.middleware.cors.CORSMiddleware` builds a ``Headers`` object
for every request and a ``MutableHeaders`` object for every response, even when the
request carries no ``Origin`` (it still adds ``Vary: Origin``). On an answer served from
the response cache that is the most expensive step left, so :class:`CORS` keeps the same
configuration and answers (:class:`CorsPolicy`), but edits the raw header list of simple
requests directly; preflight requests (rare) are answered by Starlette's own code.
"""

from __future__ import annotations

from typing import Any

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.asgi import Header


def set_header(headers: list[Header], name: bytes, value: bytes) -> None:
    """Set a header as ``MutableHeaders.__setitem__`` does: replace the first, drop the rest.

    >>> h = [(b"vary", b"a"), (b"x", b"1"), (b"vary", b"b")]
    >>> set_header(h, b"vary", b"c"); h
    [(b'vary', b'c'), (b'x', b'1')]
    """
    found = [i for i, (k, _) in enumerate(headers) if k == name]
    for i in reversed(found[1:]):
        del headers[i]
    if found:
        headers[found[0]] = (name, value)
    else:
        headers.append((name, value))


def add_vary_origin(headers: list[Header]) -> None:
    """Add ``Origin`` to ``Vary`` (merging every ``Vary`` header into one), as Starlette does.

    >>> h = [(b"vary", b"Accept-Encoding")]
    >>> add_vary_origin(h); h
    [(b'vary', b'Accept-Encoding, Origin')]
    """
    found = [i for i, (k, _) in enumerate(headers) if k == b"vary"]
    value = b", ".join([*(headers[i][1] for i in found), b"Origin"])
    for i in reversed(found[1:]):
        del headers[i]
    if found:
        headers[found[0]] = (b"vary", value)
    else:
        headers.append((b"vary", value))


class CorsPolicy:
    """Which origins may read the answers, and the headers that says: Starlette's CORS
    configuration and semantics, as a plain object both :class:`CORS` and the front use."""

    def __init__(self, **options: Any) -> None:
        self.options = options
        # Starlette's own reading of the options (allowed origins, simple headers)
        self._starlette = CORSMiddleware(_never, **options)
        self._simple = [
            (k.lower().encode("latin-1"), v.encode("latin-1"))
            for k, v in self._starlette.simple_headers.items()
        ]

    def apply(self, headers: list[Header], origin: bytes | None) -> None:
        """Edit the headers of an answer to a simple request from ``origin`` (None: none)."""
        cors = self._starlette
        if origin is not None:
            for name, value in self._simple:
                set_header(headers, name, value)
            explicit = (
                cors.allow_credentials
                if cors.allow_all_origins
                else cors.is_allowed_origin(origin=origin.decode("latin-1"))
            )
            if explicit:
                set_header(headers, b"access-control-allow-origin", origin)
        add_vary_origin(headers)


async def _never(scope: Scope, receive: Receive, send: Send) -> None:
    raise RuntimeError("the policy's own Starlette layer is never called")


class CORS:
    """Starlette's CORS middleware (same arguments, same answers), cheaper per request:
    simple requests get the policy's headers; a preflight is answered by Starlette."""

    def __init__(self, app: ASGIApp, policy: CorsPolicy) -> None:
        self.app = app
        self.policy = policy
        self._preflight = CORSMiddleware(app, **self.policy.options)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin: bytes | None = None
        asks_method = False
        for k, v in scope["headers"]:
            if k == b"origin":
                origin = v
            elif k == b"access-control-request-method":
                asks_method = True
        if origin is not None and asks_method and scope["method"] == "OPTIONS":
            await self._preflight(scope, receive, send)  # a preflight: Starlette answers
            return
        apply = self.policy.apply

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                apply(headers, origin)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cors)
