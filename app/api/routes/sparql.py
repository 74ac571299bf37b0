"""SPARQL 1.1 Protocol: ``/v1/sparql``, a read-only query endpoint over the served plan.

A query comes as ``GET ?query=``, a ``POST`` form (``query=``) or a ``POST`` of
``application/sparql-query``; without one, GET answers the service description. Answers
are negotiated (``Accept``, or ``format``) and vary by ``Accept``: they carry an ETag
made of the dataset version, the query and the media type (a match is a 304, the query
not run), and the response cache in front of the routes leaves them alone.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from app.api.deps import SnapshotDep
from app.api.middleware.known import IGNORES_OTHERS
from app.api.problems import MEDIA_TYPE
from app.errors import InvalidParameter, NotFound, SparqlForbidden, SparqlTooLong
from app.graph.snapshot import Snapshot
from app.sparql.description import describe
from app.sparql.formats import choose
from app.sparql.query import Limits, run_query
from app.sparql.screen import screen
from app.sparql.store import built

__all__ = ["page", "router"]

router = APIRouter(prefix="/v1", tags=["sparql"])

FORMAT_NAMES = ("json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml")
FormatName = Literal["json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml"]
_TEXT: dict[str, Any] = {"type": "string"}
_JSON: dict[str, Any] = {"type": "object", "additionalProperties": True}
_CONTENT: dict[str, Any] = {
    "application/sparql-results+json": {"schema": _JSON},
    "application/sparql-results+xml": {"schema": _TEXT},
    "text/csv": {"schema": _TEXT},
    "text/tab-separated-values": {"schema": _TEXT},
    "text/turtle": {"schema": _TEXT},
    "application/n-triples": {"schema": _TEXT},
    "application/ld+json": {"schema": {}},
    "application/rdf+xml": {"schema": _TEXT},
}
_SPARQL_PROBLEMS: dict[int | str, dict[str, Any]] = {
    status: {
        "description": text,
        "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemOut"}}},
    }
    for status, text in {
        400: "The query is not SPARQL 1.1 (the detail names the line and column), or the "
        "query string is malformed",
        403: "An update, or SERVICE (federation): the endpoint is read-only and reaches no "
        "other host",
        406: "No acceptable media type can carry this kind of result",
        413: "The query is longer than the limit (sparql_max_query_length)",
        415: "The POST body is neither a form nor application/sparql-query",
        422: "A parameter is invalid, or the answer has more rows or bytes than the limits "
        "(sparql_max_rows, sparql_max_bytes)",
        503: "The query ran past the time limit and was stopped (sparql_timeout), every "
        "worker stayed busy, or the store of this version is still being built "
        "(Retry-After)",
    }.items()
}
_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "SELECT and ASK: SPARQL results (JSON, XML, CSV, TSV); CONSTRUCT and "
        "DESCRIBE: RDF (Turtle, N-Triples, JSON-LD, RDF/XML); without a query, the service "
        "description (Turtle or JSON-LD).",
        "content": _CONTENT,
        "headers": {"Vary": {"description": "Accept", "schema": {"type": "string"}}},
    },
    304: {"description": "Not modified: the ETag sent in If-None-Match still names the answer"},
    **_SPARQL_PROBLEMS,
}
#: the longest query a GET carries: at worst 12 bytes a character in the URL, it fits in the
#: request line the server reads (64 KiB); longer ones are POSTed
GET_MAX_QUERY = 5000
QueryParam = Annotated[
    str | None,
    Query(
        max_length=GET_MAX_QUERY,
        description="A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE); without it, "
        "the service description. The data's prefixes (pg:, node:, rdfs:…) are declared. "
        f"At most {GET_MAX_QUERY} characters in a GET: POST a longer one.",
        examples=["SELECT ?m ?label WHERE { ?m a pg:Measure ; rdfs:label ?label } LIMIT 5"],
    ),
]
FormatParam = Annotated[
    FormatName | None,
    Query(
        description="The answer's format, over Accept (for links): json, xml, csv, tsv "
        "(SELECT, ASK); turtle, ntriples, jsonld, rdfxml (CONSTRUCT, DESCRIBE)."
    ),
]


def _limits(request: Request) -> Limits:
    return Limits.from_settings(request.app.state.settings)


def _etag(snap: Snapshot, query: str, media_type: str) -> str:
    digest = hashlib.blake2b(
        "\0".join(("sparql", snap.version, query, media_type)).encode(), digest_size=16
    )
    return f'"{digest.hexdigest()}"'


def _matches(inm: str | None, etag: str) -> bool:
    """Whether an If-None-Match value names ``etag`` (weakly or not) or is ``*``."""
    if not inm:
        return False
    tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
    return "*" in tags or etag in tags


def _headers(request: Request, etag: str | None, cache: bool) -> dict[str, str]:
    max_age = request.app.state.settings.cache_max_age
    headers = {
        "Vary": "Accept",
        # private: the server's shared response cache keys answers by JSON or CSV only, and
        # these are negotiated among eight types; the client's own cache keeps them
        "Cache-Control": f"private, max-age={max_age}" if cache else "no-store",
        "X-Dataset-Version": "",
    }
    if etag:
        headers["ETag"] = etag
    return headers


async def _answer(
    request: Request, snap: Snapshot, query: str, fmt_name: str | None, cache: bool
) -> Response:
    limits = _limits(request)
    accept = request.headers.get("accept")
    form = screen(query, limits.max_query_length)
    fmt = choose(form, accept, fmt_name)
    etag = _etag(snap, query, fmt.media_type)
    headers = _headers(request, etag, cache)
    headers["X-Dataset-Version"] = snap.version
    if cache and _matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    result = await run_in_threadpool(run_query, snap, query, accept, limits, format=fmt.name)
    return Response(result.body, media_type=result.media_type, headers=headers)


def _description(request: Request, snap: Snapshot, fmt_name: str | None) -> Response:
    accept = request.headers.get("accept") or ""
    wanted = (
        "application/ld+json"
        if fmt_name == "jsonld" or ("application/ld+json" in accept and "text/turtle" not in accept)
        else "text/turtle"
    )
    if fmt_name not in (None, "turtle", "jsonld"):
        raise InvalidParameter("format", "the service description is turtle or jsonld")
    files = built(snap)
    body = describe(str(request.url_for("sparql_get")), files.triples if files else None, wanted)
    headers = _headers(request, None, cache=False)
    headers["X-Dataset-Version"] = snap.version
    return Response(body, media_type=wanted, headers=headers)


_OTHERS = "SPARQL clients add parameters of their own (SPARQLWrapper: output, results)"


@router.get(
    "/sparql",
    summary="SPARQL query (GET), or the service description",
    response_class=Response,
    responses=_DOC,
    openapi_extra={IGNORES_OTHERS: _OTHERS},
)
async def sparql_get(
    request: Request, snap: SnapshotDep, query: QueryParam = None, format: FormatParam = None
) -> Response:
    """Run a read-only SPARQL 1.1 query over the served plan (SPARQL 1.1 Protocol).

    The answer's media type is negotiated with `Accept` (or chosen by `format`); each
    limit (time, rows, bytes, query length) is answered as a problem naming it. Without
    `query`: the SPARQL 1.1 Service Description, with the prefixes the data uses.
    """
    if query is None:
        return _description(request, snap, format)
    return await _answer(request, snap, query, format, cache=True)


_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"


async def _body(request: Request, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise SparqlTooLong(
                f"the request body is over {limit:,} bytes: the query is longer than the "
                "limit (setting PLANGRAPH_SPARQL_MAX_QUERY_LENGTH)",
                "sparql_max_query_length",
            )
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "/sparql",
    summary="SPARQL query (POST: a form, or application/sparql-query)",
    response_class=Response,
    responses=_DOC,
    openapi_extra={
        IGNORES_OTHERS: _OTHERS,
        "requestBody": {
            "required": True,
            "content": {
                _FORM: {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "query": {"type": "string", "description": "The query."},
                            "format": {"type": "string", "enum": list(FORMAT_NAMES)},
                        },
                        "required": ["query"],
                    }
                },
                _QUERY: {"schema": {"type": "string", "description": "The query itself."}},
            },
        },
    },
)
async def sparql_post(request: Request, snap: SnapshotDep, format: FormatParam = None) -> Response:
    """Run a read-only SPARQL 1.1 query sent in the body: a form with `query`, or the
    query itself as `application/sparql-query`. Updates are refused, never run."""
    limits = _limits(request)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == _UPDATE:
        raise SparqlForbidden("SPARQL Update is not allowed: this endpoint is read-only", "update")
    if ctype not in (_FORM, _QUERY):
        return _unsupported(request, ctype)
    body = await _body(request, limits.max_query_length * (12 if ctype == _FORM else 4) + 1024)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidParameter("query", "the body is not UTF-8") from None
    if ctype == _QUERY:
        return await _answer(request, snap, text, format, cache=False)
    try:
        fields = parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise InvalidParameter("query", "the form is not percent-encoded UTF-8") from None
    names = [k for k, _ in fields]
    if "update" in names:
        raise SparqlForbidden("SPARQL Update is not allowed: this endpoint is read-only", "update")
    for name in ("query", "format"):
        if names.count(name) > 1:
            raise InvalidParameter(name, f"given {names.count(name)} times; give it once")
    values = dict(fields)
    if "query" not in values:
        raise InvalidParameter("query", "the form has no query")
    fmt = values.get("format", format)
    if fmt is not None and fmt not in FORMAT_NAMES:
        raise InvalidParameter("format", f"one of {', '.join(FORMAT_NAMES)}")
    return await _answer(request, snap, values["query"], fmt, cache=False)


@router.api_route(
    "/sparql", methods=["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"], include_in_schema=False
)
async def sparql_other_methods(request: Request) -> Response:
    """The endpoint is GET and POST only (a store's writes go elsewhere)."""
    from app.api.problems import problem_response

    return problem_response(
        405,
        "Method not allowed",
        f"{request.method} is not allowed on {request.url.path}: query with GET or POST",
        instance=request.url.path,
        headers={"Allow": "GET, POST"},
    )


def _unsupported(request: Request, ctype: str) -> Response:
    from app.api.problems import problem_response

    return problem_response(
        415,
        "Unsupported media type",
        f"send the query as {_FORM} (query=...) or {_QUERY}, not {ctype or 'no content type'}",
        type_="urn:plangraph:problem:unsupported-media-type",
        instance=request.url.path,
    )


#: the query page (``/query``) and its files, outside the API's OpenAPI document
page = APIRouter(include_in_schema=False)
_PAGE_TYPES = {
    "query.html": "text/html; charset=utf-8",
    "query.js": "text/javascript; charset=utf-8",
    "query.css": "text/css; charset=utf-8",
}
#: the example queries of the plan served, beside its data file (they name its places)
EXAMPLES = "sparql_examples.json"


@cache
def _page_file(name: str) -> bytes:
    return (resources.files("app") / "web" / "query" / name).read_bytes()


def _page_response(name: str) -> Response:
    return Response(
        _page_file(name), media_type=_PAGE_TYPES[name], headers={"Cache-Control": "no-cache"}
    )


@page.get("/query")
async def query_page() -> Response:
    """The query page: an editor with the examples, results as a table, a CSV link."""
    return _page_response("query.html")


@page.get("/query/examples.json")
async def query_page_examples(request: Request) -> Response:
    """The example queries of the plan served (none when its data has none)."""
    path = request.app.state.settings.data.parent / EXAMPLES
    body = path.read_bytes() if path.is_file() else b"[]"
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-cache"})


@page.get("/query/{name}")
async def query_page_file(name: str) -> Response:
    if name not in _PAGE_TYPES or name == "query.html":
        raise NotFound(name, reason=f"no file {name!r} in the query page")
    return _page_response(name)
