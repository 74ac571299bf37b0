"""Prometheus metrics: requests per route, latency, the dataset version, reload outcomes.

Requests are counted per route *template* (``/v1/nodes/{node_id}``), never per raw path,
so the number of series stays bounded whatever clients ask for; paths no route matches
share the route label ``unmatched``.

With several worker processes every worker writes its values to files in
``PROMETHEUS_MULTIPROC_DIR`` (``plangraph serve --workers N`` sets one up), and ``/metrics``
adds up the files of all workers, whichever worker answers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator

from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from starlette.routing import BaseRoute, Mount, compile_path
from starlette.types import Scope

from app.graph.snapshot import Snapshot
from app.runtime.reload import ReloadResult

#: latency buckets, seconds: an answer from the cache takes well under a millisecond
BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
UNMATCHED = "unmatched"
disable_created_metrics()  # type: ignore[no-untyped-call]  # no ``_created`` series
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_MAX_PATHS = 4096


def flatten(routes: Iterable[BaseRoute], prefix: str = "") -> Iterator[tuple[str, re.Pattern[str]]]:
    """(template, regex) of every route, through included routers and mounts, in order."""
    for route in routes:
        original = getattr(route, "original_router", None)  # a router included in the app
        if original is not None:
            context = getattr(route, "include_context", None)
            yield from flatten(original.routes, prefix + (getattr(context, "prefix", "") or ""))
        elif isinstance(route, Mount):
            regex, template, _ = compile_path(prefix + route.path + "/{path:path}")
            yield template, regex
        elif isinstance(getattr(route, "path", None), str):
            regex, template, _ = compile_path(prefix + route.path)  # type: ignore[attr-defined]
            yield template, regex


def multiprocess_dir() -> str | None:
    """The folder of multi-process mode, when it is on."""
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


class Metrics:
    """The metrics of one app, in their own registry."""

    def __init__(self, routes: list[BaseRoute]) -> None:
        self.routes = routes
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "plangraph_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "plangraph_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route template.",
            ["method", "route"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.version = Gauge(
            "plangraph_snapshot_version",
            "1 for the dataset version served (summed over the live workers).",
            ["version"],
            multiprocess_mode="livesum",
            registry=self.registry,
        )
        self.reloads = Counter(
            "plangraph_reloads",
            "Attempts to load the data file, by outcome.",
            ["outcome"],
            registry=self.registry,
        )
        self._templates: dict[str, str] = {}
        self._patterns: list[tuple[str, re.Pattern[str]]] | None = None
        self._recorders: dict[tuple[str, str, int], Callable[[float], None]] = {}

    def template(self, scope: Scope) -> str:
        """The route template a request's path matches (``unmatched`` when none does)."""
        return self._template(scope["path"])

    def _template(self, raw: str) -> str:
        found = self._templates.get(raw)
        if found is None:
            if self._patterns is None:
                self._patterns = list(flatten(self.routes))
            found = next((t for t, regex in self._patterns if regex.match(raw)), UNMATCHED)
            if len(self._templates) >= _MAX_PATHS:
                self._templates.clear()
            self._templates[raw] = found
        return found

    def recorder(self, method: str, path: str, status: int) -> Callable[[float], None]:
        """A function counting one request of ``method`` to ``path`` answered ``status``.

        It takes the seconds the answer took. There is one per method, route template and
        status, made once (its label values are looked up then, not per request).
        """
        method = method if method in _METHODS else "OTHER"
        key = (method, self._template(path), status)
        found = self._recorders.get(key)
        if found is None:
            inc = self.requests.labels(method, key[1], str(status)).inc
            observe = self.latency.labels(method, key[1]).observe

            def record(seconds: float) -> None:
                inc()
                observe(seconds)

            found = self._recorders[key] = record
        return found

    def observe(self, scope: Scope, status: int, seconds: float) -> None:
        """Count one answered request."""
        self.recorder(scope["method"], scope["path"], status)(seconds)

    def on_reload(self, result: ReloadResult, new: Snapshot | None, old: Snapshot | None) -> None:
        """Count a load attempt; move the version gauge when the snapshot changed."""
        self.reloads.labels(result.outcome).inc()
        if new is not None:
            if old is not None and old.version != new.version:
                self.version.labels(old.version).set(0)
            self.version.labels(new.version).set(1)

    def exposition(self) -> bytes:
        """The text exposition: of every worker in multi-process mode, else of this app."""
        if multiprocess_dir() is not None:
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            return generate_latest(registry)
        return generate_latest(self.registry)

    def worker_exit(self) -> None:
        """Drop this worker's live gauges (multi-process mode)."""
        if multiprocess_dir() is not None:
            multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


router = APIRouter(tags=["operations"])


@router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
def get_metrics(request: Request) -> Response:
    """Request counts and latencies per route, the dataset version, reload outcomes."""
    metrics: Metrics = request.app.state.metrics
    return Response(
        metrics.exposition(),
        media_type=CONTENT_TYPE_LATEST,
        headers={"Cache-Control": "no-store"},
    )
