"""The application factory: settings in, a FastAPI app out.

The snapshot is loaded in the lifespan (and again whenever the data file changes, by the
reloader's watcher) and handed to routes through a dependency
(:data:`app.api.deps.SnapshotDep`); nothing is loaded at import time.

Layers, outermost first: the front (:mod:`app.api.fastpath`: a request the cache answered
before, answered from it at once, with the headers, log line and metrics of the full path)
-> FastAPI's error layers -> Observe (request id, access log, security headers, metrics) ->
CORS -> WellFormedQuery (a malformed query string: 400) -> PinSnapshot (the snapshot the
request reads) -> ResponseCache (or Starlette's gzip, without the fast path) -> the router.
An app-wide dependency rejects a single-valued parameter given twice (422).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import import_module
from types import ModuleType

from fastapi import Depends, FastAPI
from fastapi.routing import APIRoute
from starlette.middleware.gzip import GZipMiddleware

from app.api import docs, examples, metrics, openapi, problems, render
from app.api.middleware.cors import CORS, CorsPolicy
from app.api.middleware.known import known_parameters
from app.api.middleware.observe import Observe, Observer, configure_logging
from app.api.middleware.pin import PinSnapshot
from app.api.middleware.querystring import WellFormedQuery, single_values
from app.api.routes import admin, analysis, cities, documents, explorer, export, meta, nodes, search
from app.api.routes.sparql import page as sparql_page
from app.api.routes.sparql import router as sparql_router
from app.config import VERSION, Settings, load_settings
from app.runtime.load import load_plan
from app.runtime.reload import Reloader
from app.runtime.store import SnapshotStore

API_DESCRIPTION = """\
A knowledge graph of a policy plan: its goals, pillars, measures and actions, the platforms
and zones it builds, the fields, actors and instruments it names, and the cities it reaches.
Every node and edge cites the passage of the plan it comes from.

Errors are RFC 9457 `application/problem+json`. Successful GET responses carry a strong
ETag derived from the dataset version; send it back in `If-None-Match` for a 304.

Each operation takes the query parameters it lists and no others: an unknown one is a 422
naming it and the ones the operation takes. Names starting with `_` are reserved for cache
busting (`?_=1700000000`) and ignored everywhere. Lists are comma-separated
(`?scope=explicit,located`); they may also be repeated.
"""


log = logging.getLogger("plangraph.app")


def operation_id(route: APIRoute) -> str:
    """Operation ids are the route functions' names, so generated clients read naturally."""
    return route.name


@functools.cache
def openapi_contract() -> bytes:
    """The API's OpenAPI contract, the bytes ``plangraph openapi`` writes (for the bundle),
    made once per process: an app built from the default settings serving the plan they
    name, with its examples (the committed openapi.json), whatever plan is served."""
    settings = Settings()
    app = create_app(settings)
    app.state.store.swap(load_plan(settings.data))
    spec = app.openapi()
    return (json.dumps(spec, indent=2, ensure_ascii=False) + "\n").encode()


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (read from the environment by default)."""
    settings = settings or load_settings()
    configure_logging(settings.json_logs)
    store = SnapshotStore()
    reloader = Reloader(store, settings.data, settings.state_dir)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        reloader.start()
        watcher = None
        if settings.watch_interval > 0:
            watcher = asyncio.create_task(reloader.watch(settings.watch_interval))
        try:
            yield
        finally:
            if watcher is not None:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
            if app.state.metrics is not None:
                app.state.metrics.worker_exit()

    try:  # the fast path is a unit: without it the app is the same API, slower
        fastpath: ModuleType | None = import_module("app.api.fastpath")
    except ImportError:
        fastpath = None
    app_class = FastAPI if fastpath is None else fastpath.FrontedAPI
    app = app_class(
        title="PlanGraph",
        version=VERSION,  # the package's: one version for the code and its contract
        summary="A cited knowledge-graph API over a policy plan.",
        description=API_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served offline by app.api.docs
        redoc_url=None,
        license_info={"name": "MIT (code); CC BY 4.0 (dataset)"},
        dependencies=[
            Depends(single_values),  # a single-valued parameter given twice: 422
            Depends(known_parameters),  # a parameter the route does not take: 422
        ],
        responses=problems.responses(400),  # a malformed query string, on any route: 400
        generate_unique_id_function=operation_id,
        # PlanGraph exports its own metrics (app.api.metrics); FastAPI's OpenTelemetry hooks
        # would look up the global providers on every request to do nothing, and the front
        # answers a hit before FastAPI's wrapper, so they would miss hits
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    app.state.openapi_contract = openapi_contract  # for the bundle; routes import no app
    app.state.store = store
    app.state.reloader = reloader
    app.state.metrics = metrics.Metrics(app.routes) if settings.metrics_enabled else None
    if app.state.metrics is not None:
        reloader.listeners.append(app.state.metrics.on_reload)
        app.include_router(metrics.router)
    if settings.docs_enabled:
        docs.install(app)
    if settings.admin_token is not None:
        app.include_router(admin.router)
    problems.install(app)
    examples.install(app, lambda: store.loaded)
    render.install(app)  # text/csv declared for the list routes, with examples
    openapi.install(app, lambda: store.loaded)  # last: it refines the examples
    for module in (meta, nodes, cities, documents, search, analysis, export, explorer):
        app.include_router(module.router)
    app.include_router(sparql_router)
    app.include_router(sparql_page)
    app.include_router(meta.health)
    if settings.mcp:  # the MCP server at /mcp (app.mcp.http)
        from app.mcp.http import mount as mount_mcp

        mount_mcp(app, store, settings, lambda: reloader.last)

    observer = Observer(
        access_log=settings.access_log, log_json=settings.json_logs, metrics=app.state.metrics
    )
    cors = CorsPolicy(
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "HEAD", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["ETag", "X-Request-ID", "X-Dataset-Version"],
    )
    if fastpath is not None:
        fastpath.install(app, store, settings, observer=observer, cors=cors)
    else:
        app.add_middleware(GZipMiddleware, minimum_size=settings.gzip_min_size)
        log.warning(
            "the fast path (app.api.fastpath) is not installed: no response cache, ETag or 304"
        )
    app.add_middleware(PinSnapshot, store=store)
    app.add_middleware(WellFormedQuery)
    app.add_middleware(CORS, policy=cors)  # Starlette's CORS semantics, lighter per request
    app.add_middleware(Observe, observer=observer)
    return app
