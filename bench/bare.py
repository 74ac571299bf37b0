"""The baseline: a bare Starlette app returning recorded bytes for the same URLs.

It holds, for each URL of the benchmark, the status, headers and body PlanGraph answered
(recorded once through HTTP), and returns them from one catch-all route: the least any
Python ASGI app can do to serve those bytes. A benchmark query parameter that only makes
a URL unique (``BUST``) is ignored when looking the answer up.

``create()`` is a uvicorn factory reading ``BENCH_BARE_RESPONSES`` (a JSON file written
by :func:`record`).
"""

from __future__ import annotations

import base64
import json
import os
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

#: a query parameter that only makes a URL unique (to defeat caches)
BUST = "_bench"
#: headers not replayed: the server adds its own
_SKIP = {"date", "server", "content-length", "connection", "transfer-encoding"}


def strip_bust(url: str) -> str:
    """The URL without the cache-busting parameter.

    >>> strip_bust("/v1/search?q=a&_bench=12")
    '/v1/search?q=a'
    >>> strip_bust("/v1/nodes/x?_bench=3")
    '/v1/nodes/x'
    """
    path, _, query = url.partition("?")
    kept = [p for p in query.split("&") if p and not p.startswith(BUST + "=")]
    return path + ("?" + "&".join(kept) if kept else "")


def record(base: str, urls: Iterable[str], headers: dict[str, str], out: Path) -> dict[str, int]:
    """Fetch each URL once from ``base`` and write what it answered to ``out``.

    Returns the size of each body, by URL.
    """
    recorded: dict[str, Any] = {}
    sizes: dict[str, int] = {}
    for url in urls:
        req = urllib.request.Request(base + url, headers=headers)
        with urllib.request.urlopen(req, timeout=60) as r:
            body = r.read()
            status = r.status
            kept = [(k, v) for k, v in r.getheaders() if k.lower() not in _SKIP]
        recorded[url] = {
            "status": status,
            "headers": kept,
            "body": base64.b64encode(body).decode("ascii"),
        }
        sizes[url] = len(body)
    out.write_text(json.dumps(recorded), encoding="utf-8")
    return sizes


def create() -> Starlette:
    """The bare app serving the responses recorded in ``BENCH_BARE_RESPONSES``."""
    recorded = json.loads(Path(os.environ["BENCH_BARE_RESPONSES"]).read_text(encoding="utf-8"))
    answers = {
        url: (base64.b64decode(r["body"]), r["status"], dict(r["headers"]))
        for url, r in recorded.items()
    }
    missing = (b"not recorded", 404, {"content-type": "text/plain"})

    async def endpoint(request: Request) -> Response:
        url = request.url.path
        if request.url.query:
            url = strip_bust(url + "?" + request.url.query)
        body, status, headers = answers.get(url, missing)
        return Response(body, status_code=status, headers=headers)

    return Starlette(routes=[Route("/{path:path}", endpoint)])
