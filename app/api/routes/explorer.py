"""The explorer: the web page at ``/``, its static files, and the graph it draws.

The page's files (``app/web``: the page, its ES modules in ``js/``, and the vendored
cytoscape.js and dagre with their licences in ``vendor/``) are read once, on first use, and
served with a strong ETag (``no-cache``: the browser revalidates and gets a 304). The page
references its entry module and stylesheet with a content hash in the query string; a
request carrying the current hash may be cached for good. Only the files found there are
served: a name is looked up in that table, never joined to a path.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from app.answers.schemas.layout import LayoutOut, TypeStyle
from app.api.deps import SnapshotDep
from app.api.problems import responses
from app.errors import NotFound
from app.explorer import layout as layouts

router = APIRouter()

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
_PAGE = "index.html"


class AssetNotFound(NotFound):
    title = "Not found"


@dataclass(frozen=True, slots=True)
class Asset:
    """One static file, ready to send."""

    body: bytes
    gzipped: bytes | None
    media_type: str
    etag: str
    digest: str


def _asset(name: str, body: bytes) -> Asset:
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    media = _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    digest = hashlib.sha256(body).hexdigest()[:16]
    packed = gzip.compress(body, mtime=0) if media.startswith(("text/", "image/svg")) else None
    if packed is not None and len(packed) >= len(body):
        packed = None
    return Asset(body, packed, media, f'"{digest}"', digest)


def _files(folder: Traversable, prefix: str) -> Iterator[tuple[str, bytes]]:
    """Every file under ``folder`` as (relative path, bytes), one folder level deep or more."""
    for f in folder.iterdir():
        if f.name.startswith(".") or f.name == "__pycache__":
            continue
        if f.is_dir():
            yield from _files(f, f"{prefix}{f.name}/")
        elif f.is_file():
            yield prefix + f.name, f.read_bytes()


@cache
def assets() -> dict[str, Asset]:
    """Every file of the page, the page itself with its references pinned to content hashes."""
    files = dict(_files(resources.files("app") / "web", ""))
    out = {name: _asset(name, body) for name, body in files.items() if name != _PAGE}
    lines = files[_PAGE].decode("utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        # a preload must name a module exactly as the imports do (unversioned)
        if 'rel="modulepreload"' in line:
            continue
        for name, a in out.items():
            line = line.replace(f'"/static/{name}"', f'"/static/{name}?v={a.digest}"')
        lines[i] = line
    page = "".join(lines)
    out[_PAGE] = _asset(_PAGE, page.encode("utf-8"))
    return out


def _send(request: Request, a: Asset, immutable: bool = False) -> Response:
    headers = {
        "ETag": a.etag,
        "Cache-Control": "public, max-age=31536000, immutable" if immutable else "no-cache",
        "Vary": "Accept-Encoding",
    }
    inm = request.headers.get("if-none-match", "")
    if a.etag in [t.strip().removeprefix("W/") for t in inm.split(",")]:
        return Response(status_code=304, headers=headers)
    body = a.body
    if a.gzipped is not None and "gzip" in request.headers.get("accept-encoding", ""):
        body = a.gzipped
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type=a.media_type, headers=headers)


@router.api_route("/", methods=["GET", "HEAD"], include_in_schema=False, tags=["explorer"])
def page(request: Request) -> Response:
    """The explorer page."""
    return _send(request, assets()[_PAGE])


@router.api_route(
    "/static/{name:path}", methods=["GET", "HEAD"], include_in_schema=False, tags=["explorer"]
)
def static(
    request: Request,
    name: Annotated[str, Path(max_length=200)],
    v: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """One of the page's files; cached for good when ``v`` is its current content hash."""
    found = assets().get(name)
    if found is None or name == _PAGE:
        raise AssetNotFound(name, reason=f"no static file {name!r}")
    return _send(request, found, immutable=v == found.digest)


@router.get(
    "/v1/layout",
    summary="The graph to draw: the whole plan, or a node's neighbourhood",
    tags=["layout"],
    responses=responses(404, 422),
)
def get_layout(
    snap: SnapshotDep,
    node: Annotated[
        str | None,
        Query(max_length=200, description="Centre of a neighbourhood; omit for the whole graph."),
    ] = None,
    radius: Annotated[
        int,
        Query(ge=1, le=layouts.MAX_RADIUS, description="Steps from the centre node."),
    ] = 1,
) -> LayoutOut:
    """The nodes and edges of the whole plan, or of a node's neighbourhood, with type colours.

    The explorer lays them out in the browser (cytoscape.js with dagre). A plan too large to
    draw whole answers the neighbourhood of its best-connected node.
    """
    return layouts.layout(snap, node, radius)


@router.get("/v1/layout/types", summary="Node type colours", tags=["layout"])
def get_type_styles(snap: SnapshotDep) -> list[TypeStyle]:
    """The colour each node type is drawn in, with how many nodes of that type the plan has."""
    return layouts.type_styles(snap)
