"""The MCP server mounted in the HTTP app at ``/mcp`` (streamable HTTP), when
``PLANGRAPH_MCP`` is on.

It answers from the app's snapshot store (the snapshot being served, swapped on reload)
with the same tools, resources and prompts as ``plangraph mcp``. The transport is the
SDK's, stateless and answering plain JSON, so that any worker answers any request and no
stream stays open; ``/mcp`` is a plain route, outside the OpenAPI document, and outside
the response cache (which keeps GET answers under ``/v1/`` only).

With ``PLANGRAPH_MCP_REQUIRE_TOKEN`` on, ``/mcp`` requires the admin token as a bearer
token, checked by the SDK's bearer middleware (401 with ``WWW-Authenticate`` otherwise).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from mcp.server.auth.middleware.auth_context import AuthContextMiddleware
from mcp.server.auth.middleware.bearer_auth import BearerAuthBackend, RequireAuthMiddleware
from mcp.server.auth.provider import AccessToken
from mcp.server.streamable_http_manager import StreamableHTTPASGIApp
from mcp.server.transport_security import TransportSecuritySettings
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.routing import Route
from starlette.types import ASGIApp

from app.answers.meta import LoadAttempt
from app.config import Settings
from app.mcp.server import build_server
from app.runtime.store import SnapshotStore

__all__ = ["MAX_BODY", "PATH", "AdminToken", "mount"]

PATH = "/mcp"
#: the largest request body: ample for any tool call within the tools' limits
MAX_BODY = 64 * 1024


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).digest()


class AdminToken:
    """The SDK's token verifier for one static token (compared in constant time).

    >>> import asyncio
    >>> check = AdminToken("s" * 16)
    >>> asyncio.run(check.verify_token("s" * 16)).client_id, asyncio.run(check.verify_token("x"))
    ('admin', None)
    """

    def __init__(self, token: str) -> None:
        self._digest = _digest(token)

    async def verify_token(self, token: str) -> AccessToken | None:
        if not hmac.compare_digest(_digest(token), self._digest):
            return None
        return AccessToken(token="admin", client_id="admin", scopes=[])


def _guarded(endpoint: ASGIApp, token: str) -> ASGIApp:
    """``endpoint`` behind the SDK's bearer authentication with ``token``."""
    required = RequireAuthMiddleware(endpoint, required_scopes=[])
    return AuthenticationMiddleware(
        AuthContextMiddleware(required), backend=BearerAuthBackend(AdminToken(token))
    )


def mount(
    app: FastAPI,
    store: SnapshotStore,
    settings: Settings,
    last_load: Callable[[], LoadAttempt | None] = lambda: None,
) -> None:
    """Serve the MCP server at :data:`PATH` of ``app``, running with the app's lifespan."""
    server = build_server(lambda: store.current, last_load)
    # the SDK builds its session manager with its app; the route below serves it
    server.streamable_http_app(
        streamable_http_path=PATH,
        stateless_http=True,
        json_response=True,
        max_request_body_size=MAX_BODY,
        # the API serves any Host (it is read-only, public data); the token guards /mcp
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )
    manager = server.session_manager
    endpoint: ASGIApp = StreamableHTTPASGIApp(manager)
    if settings.mcp_require_token and settings.admin_token is not None:
        endpoint = _guarded(endpoint, settings.admin_token.get_secret_value())
    app.router.routes.append(Route(PATH, endpoint=endpoint, include_in_schema=False))

    outer = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(asgi: Any) -> AsyncIterator[Any]:
        async with outer(asgi) as state, manager.run():
            yield state

    app.router.lifespan_context = lifespan
