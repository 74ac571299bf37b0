"""The interactive API docs (``/docs``, ``/redoc``), served with their assets: no CDN.

FastAPI's own pages load Swagger UI and ReDoc from a CDN, which an offline or locked-down
deployment cannot reach and a strict Content-Security-Policy forbids. Here the pages load
the copies shipped in the ``fastapi-offline`` package from ``/docs/assets/``, and each page
carries its own policy: scripts from this origin plus the page's one inline script (by its
hash), inline styles (both UIs set them), ``data:`` images and ``blob:`` workers.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Annotated

from fastapi import APIRouter, FastAPI, Path, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

from app.errors import AssetNotFound

ASSETS = "/docs/assets"
_FILES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "redoc.standalone.js": "text/javascript; charset=utf-8",
    "favicon.png": "image/png",
}
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


@dataclass(frozen=True, slots=True)
class _Asset:
    body: bytes
    media_type: str
    etag: str


#: ReDoc draws its "powered by" logo from a CDN; an inline blank image takes its place
_REDOC_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
_BLANK_SVG = b"data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22/%3E"


@cache
def _asset(name: str) -> _Asset:
    body = (resources.files("fastapi_offline") / "static" / name).read_bytes()
    body = body.replace(_REDOC_LOGO, _BLANK_SVG)
    return _Asset(body, _FILES[name], '"' + hashlib.sha256(body).hexdigest()[:16] + '"')


def page_csp(html: str) -> str:
    """The policy of a docs page: its inline scripts allowed by hash, nothing from elsewhere.

    >>> page_csp("<script>go()</script>").split("; ")[1]
    "script-src 'self' 'sha256-5KYv+PUboo5h+0+YAtGRPbwv5d/QxzHslP4YGnUaxRw='"
    """
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
        "object-src 'none'; frame-ancestors 'none'; base-uri 'none'"
    )


@dataclass(frozen=True, slots=True)
class _Page:
    html: str
    csp: str

    def response(self) -> HTMLResponse:
        headers = {"Content-Security-Policy": self.csp, "Cache-Control": "no-cache"}
        return HTMLResponse(self.html, headers=headers)


def _page(response: HTMLResponse) -> _Page:
    html = bytes(response.body).decode()
    return _Page(html, page_csp(html))


def install(app: FastAPI) -> None:
    """Serve ``/docs`` and ``/redoc`` (and their assets) for ``app``."""
    router = APIRouter(include_in_schema=False)
    title = f"{app.title} API"
    openapi_url = app.openapi_url or "/openapi.json"
    swagger = _page(
        get_swagger_ui_html(
            openapi_url=openapi_url,
            title=title,
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
        )
    )
    redoc = _page(
        get_redoc_html(
            openapi_url=openapi_url,
            title=title,
            redoc_js_url=f"{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS}/favicon.png",
            with_google_fonts=False,
        )
    )

    @router.get("/docs")
    def docs() -> HTMLResponse:
        """Swagger UI."""
        return swagger.response()

    @router.get("/redoc")
    def redoc_page() -> HTMLResponse:
        """ReDoc."""
        return redoc.response()

    @router.get(ASSETS + "/{name}")
    def asset(request: Request, name: Annotated[str, Path(max_length=100)]) -> Response:
        """A file of the docs pages, cached for a day."""
        if name not in _FILES:
            raise AssetNotFound(name, reason=f"no docs asset {name!r}")
        found = _asset(name)
        headers = {"ETag": found.etag, "Cache-Control": "public, max-age=86400"}
        if found.etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        return Response(found.body, media_type=found.media_type, headers=headers)

    app.include_router(router)
