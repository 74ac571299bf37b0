"""The application factory: settings in, a FastAPI app out.

The snapshot is loaded once in the lifespan and handed to routes through a dependency
(:data:`app.api.deps.SnapshotDep`); nothing is loaded at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.api import examples, problems
from app.api.cache import ResponseCache
from app.api.routes import analysis, cities, documents, explorer, meta, nodes, search
from app.config import Settings
from app.graph.loader import load_plan
from app.graph.store import SnapshotStore

API_DESCRIPTION = """\
A knowledge graph of a policy plan: its goals, pillars, measures and actions, the platforms
and zones it builds, the fields, actors and instruments it names, and the cities it reaches.
Every node and edge cites the passage of the plan it comes from.

Errors are RFC 9457 `application/problem+json`. Successful GET responses carry a strong
ETag derived from the dataset version; send it back in `If-None-Match` for a 304.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (read from the environment by default)."""
    settings = settings or Settings()
    store = SnapshotStore()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store.swap(load_plan(settings.data))
        yield

    app = FastAPI(
        title="PlanGraph",
        version="1.0.0",
        summary="A cited knowledge-graph API over a policy plan.",
        description=API_DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs" if settings.docs_enabled else None,
        redoc_url="/redoc" if settings.docs_enabled else None,
        license_info={"name": "MIT (code); CC BY 4.0 (dataset)"},
    )
    app.state.settings = settings
    app.state.store = store
    problems.install(app)
    examples.install(app, lambda: store.loaded)
    for module in (meta, nodes, cities, documents, search, analysis, explorer):
        app.include_router(module.router)
    app.include_router(meta.health)

    app.add_middleware(
        ResponseCache,
        store=store,
        gzip_min_size=settings.gzip_min_size,
        max_age=settings.cache_max_age,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "HEAD", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["ETag", "X-Request-ID"],
    )
    return app
