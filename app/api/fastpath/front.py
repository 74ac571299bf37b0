"""The front: a repeated request answered from the response cache before any layer runs.

Most GET requests repeat one answered before, whose finished bytes the response cache
(:mod:`app.api.fastpath.cache`) holds. On the full path such a request still runs FastAPI's
error layers, Observe, CORS, WellFormedQuery, the snapshot pin and the cache's own key work,
which only add headers that are the same every time but for the request id. The front
answers it first.

It looks a plain GET or HEAD up by its raw path, query string and ``Accept-Encoding`` (the
key the cache remembered when it answered that request; only a well-formed request under
the cached prefixes gets one). On a hit it sends the cached body with headers finished once
per answer and kind of request -- GET or HEAD, 304 or not, the caller's ``Origin`` -- by the
very objects the full path's layers call (the :class:`~app.api.middleware.cors.CorsPolicy`,
then the :class:`~app.api.middleware.observe.Observer`), with this request's id slotted in,
and then writes the access log line and counts the request in the metrics as the observer
does. A hit is thus answered byte for byte as the full path answers it, request id aside.

``create_app`` hands the front those objects explicitly (:func:`app.api.fastpath.install`):
a layer added to the app that changes successful answers must be handed to it too, or the
front left off. Anything else goes down the full stack unchanged: a miss, another method (a
preflight is an OPTIONS), a request with a body, no snapshot yet, a snapshot the cache has
not seen yet.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import NamedTuple

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.asgi import Header
from app.api.fastpath.cache import Answers, Cached, etag_matches
from app.api.middleware.cors import CorsPolicy
from app.api.middleware.observe import Observer, sane_id
from app.runtime.store import SnapshotStore

__all__ = ["Front", "FrontedAPI"]

log = logging.getLogger("plangraph.fastpath")
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
    """Answer a request the response cache has answered before (:meth:`answer`)."""

    def __init__(
        self,
        answers: Answers,
        store: SnapshotStore,
        *,
        observer: Observer | None = None,
        cors: CorsPolicy | None = None,
    ) -> None:
        self.answers = answers
        self.store = store
        self.observer = observer
        self.cors = cors

    async def answer(self, scope: Scope, send: Send) -> bool:
        """Answer an HTTP request from the cache and return True, or return False at once."""
        started = time.perf_counter()
        method = scope["method"]
        if method != "GET" and method != "HEAD":
            return False
        snap = self.store.loaded
        if snap is None:
            return False
        accept = inm = origin = sent_id = media = None
        for k, v in scope["headers"]:
            if k == b"accept-encoding":
                accept = v
            elif k == b"accept":
                media = v
            elif k == b"if-none-match":
                inm = v
            elif k == b"origin":
                origin = v
            elif k == b"x-request-id":
                if sent_id is None:  # the first one counts, as in Observe
                    sent_id = v
            elif (k == b"content-length" and v != b"0") or k == b"transfer-encoding":
                return False  # a body: the full path decides what to do with it
        entry = self.answers.lookup(
            snap.version, scope["path"], scope["query_string"], accept, media
        )
        if entry is None:
            return False
        fresh = inm is None or not etag_matches(inm, entry.etag)
        done = entry.finished.get((method, fresh, origin))
        if done is None:
            done = self._finish(entry, method, fresh, origin, snap.version, scope["path"])
        observe = self.observer
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
        if self.observer is not None:
            out = self.observer.finish(out, _SLOT, version)
            slot = next((i for i, (_, v) in enumerate(out) if v is _SLOT), None)
            if slot is not None:
                out, after = out[:slot], tuple(out[slot + 1 :])
            if self.observer.metrics is not None:
                record = self.observer.metrics.recorder(method, path, status)
        body = entry.body if fresh and method == "GET" else b""
        done = Finished(status, tuple(out), after, body, record)
        if len(entry.finished) < MAX_KINDS:
            entry.finished[(method, fresh, origin)] = done
        return done


class FrontedAPI(FastAPI):
    """FastAPI with a :class:`Front` answering cache hits before anything else runs, even
    before FastAPI's own per-request wrapper (whose telemetry hooks ``create_app`` turns
    off, so that a hit misses nothing of it)."""

    #: set by :func:`app.api.fastpath.install` (None: every request takes the full path)
    front: Front | None = None
    #: the layers the front was handed what it needs of (set with it)
    fronted: frozenset[object] = frozenset()

    def build_middleware_stack(self) -> ASGIApp:
        # a layer added after the front was set up could change answers the front would
        # send without it: then every request takes the full path, and the log says why
        added = [m.cls for m in self.user_middleware if m.cls not in self.fronted]
        if self.front is not None and added:
            names = ", ".join(getattr(c, "__name__", repr(c)) for c in added)
            log.warning("the fast path is off: the app has layers it does not know (%s)", names)
            self.front = None
        return super().build_middleware_stack()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        front = self.front
        if front is not None and scope["type"] == "http" and await front.answer(scope, send):
            return
        await super().__call__(scope, receive, send)
