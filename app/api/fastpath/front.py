"""The front: a repeated request answered from the response cache before any layer runs.

Most GET requests repeat one answered before, whose finished bytes the response cache
(:mod:`app.api.fastpath.cache`) holds. On the full path such a request still runs FastAPI's error
layers, Observe, CORS, WellFormedQuery and the cache's own key work, which only add headers
that are the same every time but for the request id. :class:`Front` answers it first.

It looks a plain GET or HEAD up by its raw path, query string and ``Accept-Encoding`` (the
key the cache remembered when it answered that request; only a well-formed request under
the cached prefixes gets one). On a hit it sends the cached body with headers finished once
per answer and kind of request -- GET or HEAD, 304 or not, the caller's ``Origin`` -- by
the very layers that add them on the full path
(:meth:`app.api.middleware.cors.CORS.apply`, then
:meth:`app.api.middleware.observe.Observe.finish`), with this request's id slotted in, and
then writes the access log line and counts the request in the metrics as Observe does. A hit is thus
answered byte for byte as the full path answers it, request id aside.

Anything else goes down the full stack unchanged: a miss, another method (a preflight is an
OPTIONS), a request with a body, no snapshot yet, a snapshot the cache has not seen yet.

:class:`FrontedAPI` is FastAPI with a front, set up when its middleware stack is built:
before FastAPI's own per-request wrapper when FastAPI's OpenTelemetry hooks are off (as
``create_app`` sets them), else as the outermost layer of the stack. There is no front when
the stack holds a layer it does not know between its top and the cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, NamedTuple

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.fastpath.cache import Cached, ResponseCache, etag_matches
from app.api.middleware.cors import CORS
from app.api.middleware.observe import Header, Observe, sane_id
from app.api.middleware.querystring import WellFormedQuery

#: framework layers that add nothing to a successful answer to a request without a body
_TRANSPARENT = frozenset(
    {"ServerErrorMiddleware", "ExceptionTelemetryMiddleware", "AppBodyLimitMiddleware"}
)
#: kinds of request (method, 304 or not, origin) whose headers are kept per cached answer
MAX_KINDS = 16
#: where the request id goes in finished headers (compared by identity)
_SLOT = b"\0request id\0"


class Finished(NamedTuple):
    """The answer to one kind of request, finished but for its request id."""

    status: int
    #: the headers before the request id, and after it (None: the answer has no slot)
    before: tuple[Header, ...]
    after: tuple[Header, ...] | None
    body: bytes
    #: counts the request in the metrics, given its duration (None: metrics are off)
    record: Callable[[float], None] | None


class Front:
    """Answer a request the response cache has answered before; pass anything else on."""

    def __init__(
        self,
        app: ASGIApp,
        cache: ResponseCache,
        *,
        observe: Observe | None = None,
        cors: CORS | None = None,
    ) -> None:
        self.app = app
        self.cache = cache
        self.store = cache.store
        self.observe = observe
        self.cors = cors

    @classmethod
    def over(cls, stack: ASGIApp) -> Front | None:
        """A front for a middleware stack, or None when the stack is not one it knows.

        The stack must reach a :class:`ResponseCache` through layers it knows: FastAPI's
        error and body-limit layers, one :class:`Observe` outside one :class:`CORS`, and
        :class:`WellFormedQuery`.
        """
        observe: Observe | None = None
        cors: CORS | None = None
        layer: Any = stack
        while not isinstance(layer, ResponseCache):
            if isinstance(layer, Observe) and observe is None and cors is None:
                observe = layer
            elif isinstance(layer, CORS) and cors is None:
                cors = layer
            elif not (isinstance(layer, WellFormedQuery) or type(layer).__name__ in _TRANSPARENT):
                return None
            layer = getattr(layer, "app", None)
        return cls(stack, layer, observe=observe, cors=cors)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not await self.answer(scope, send):
            await self.app(scope, receive, send)

    async def answer(self, scope: Scope, send: Send) -> bool:
        """Answer an HTTP request from the cache and return True, or return False at once."""
        started = time.perf_counter()
        method = scope["method"]
        if method != "GET" and method != "HEAD":
            return False
        snap = self.store.loaded
        if snap is None:
            return False
        accept = inm = origin = sent_id = None
        for k, v in scope["headers"]:
            if k == b"accept-encoding":
                accept = v
            elif k == b"if-none-match":
                inm = v
            elif k == b"origin":
                origin = v
            elif k == b"x-request-id":
                if sent_id is None:  # the first one counts, as in Observe
                    sent_id = v
            elif (k == b"content-length" and v != b"0") or k == b"transfer-encoding":
                return False  # a body: the full path decides what to do with it
        entry = self.cache.lookup(snap.version, scope["path"], scope["query_string"], accept)
        if entry is None:
            return False
        fresh = inm is None or not etag_matches(inm, entry.etag)
        done = entry.finished.get((method, fresh, origin))
        if done is None:
            done = self._finish(entry, method, fresh, origin, snap.version, scope["path"])
        observe = self.observe
        headers = done.before
        rid = ""
        if observe is not None:
            rid = (sent_id is not None and sane_id(sent_id)) or observe.new_id()
            if done.after is not None:
                headers = (*headers, (b"x-request-id", rid.encode()), *done.after)
        try:
            await send({"type": "http.response.start", "status": done.status, "headers": headers})
            await send({"type": "http.response.body", "body": done.body})
        finally:
            if observe is not None:
                seconds = time.perf_counter() - started
                if done.record is not None:
                    done.record(seconds)
                if observe.access_log:
                    observe.log(scope, done.status, seconds, rid, snap.version)
        return True

    def _finish(
        self, entry: Cached, method: str, fresh: bool, origin: bytes | None, version: str, path: str
    ) -> Finished:
        """The answer to a kind of request, with the headers the full path would add."""
        status, headers = (entry.status, entry.headers) if fresh else (304, entry.not_modified)
        out = list(headers)
        if self.cors is not None:
            self.cors.apply(out, origin)
        record = None
        after: tuple[Header, ...] | None = None
        if self.observe is not None:
            out = self.observe.finish(out, _SLOT, version)
            slot = next((i for i, (_, v) in enumerate(out) if v is _SLOT), None)
            if slot is not None:
                out, after = out[:slot], tuple(out[slot + 1 :])
            if self.observe.metrics is not None:
                record = self.observe.metrics.recorder(method, path, status)
        body = entry.body if fresh and method == "GET" else b""
        done = Finished(status, tuple(out), after, body, record)
        if len(entry.finished) < MAX_KINDS:
            entry.finished[(method, fresh, origin)] = done
        return done


class FrontedAPI(FastAPI):
    """FastAPI with a :class:`Front` answering cache hits before anything else runs."""

    #: the front before the whole app (None: none, or it is the top of the stack)
    front: Front | None = None

    def build_middleware_stack(self) -> ASGIApp:
        stack = super().build_middleware_stack()
        front = Front.over(stack)
        if front is None:
            return stack
        # FastAPI's telemetry settings (of the ``telemetry`` argument); should it keep them
        # elsewhere one day, the front simply goes in the stack, behind FastAPI's wrapper
        config = getattr(self, "_telemetry", None)
        hooks = ("tracing", "metrics", "logs")
        if isinstance(config, dict) and not any(config.get(k, True) for k in hooks):
            self.front = front  # nothing of FastAPI's wrapper is needed for a hit
            return stack
        return front  # FastAPI's hooks see every request

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        front = self.front
        if front is not None and scope["type"] == "http" and await front.answer(scope, send):
            return
        await super().__call__(scope, receive, send)
