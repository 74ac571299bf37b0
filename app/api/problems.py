"""RFC 9457 problem details: every error PlanGraph answers, shaped in one place."""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from app.api.routefind import closest_routes
from app.api.wording import reword
from app.errors import (
    AnalysisPending,
    DataFileInvalid,
    InvalidParameter,
    NodeRetired,
    NotFound,
    NotReady,
    PlanGraphError,
    SparqlBusy,
    SparqlNotAcceptable,
    SparqlProblem,
    SparqlSyntaxError,
)

MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("plangraph.errors")


class ParameterError(BaseModel):
    """One bad request parameter."""

    parameter: str
    location: str
    message: str


class ProblemOut(BaseModel):
    """An RFC 9457 problem: ``type``, ``title``, ``status``, ``detail``, and extensions."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[ParameterError] | None = None
    suggestions: list[str] | None = None
    problems: list[str] | None = None
    limit: str | None = None
    line: int | None = None
    column: int | None = None
    successor: str | None = None


def problem_response(
    status: int,
    title: str,
    detail: str,
    type_: str = "about:blank",
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> Response:
    body = {"type": type_, "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    body.update({k: v for k, v in extensions.items() if v is not None})
    return Response(
        orjson.dumps(body),
        status_code=status,
        media_type=MEDIA_TYPE,
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


def _kind(cls: type) -> str:
    return "".join("-" + c.lower() if c.isupper() else c for c in cls.__name__).lstrip("-")


def _domain(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PlanGraphError)
    status = 500
    extra: dict[str, Any] = {}
    headers: dict[str, str] = {}
    if isinstance(exc, NodeRetired):
        status = 410
        extra["successor"] = exc.successor
    elif isinstance(exc, NotFound):
        status = 404
        extra["suggestions"] = exc.suggestions
    elif isinstance(exc, InvalidParameter):
        status = 422
        extra["errors"] = [{"parameter": exc.parameter, "location": "query", "message": exc.reason}]
    elif isinstance(exc, NotReady):
        status = 503
    elif isinstance(exc, AnalysisPending):
        status = 503
        headers["Retry-After"] = str(exc.retry_after)
    elif isinstance(exc, DataFileInvalid):
        status = 422
        extra["problems"] = [str(p) for p in exc.problems]
    elif isinstance(exc, SparqlProblem):
        status = exc.status
        extra["limit"] = exc.limit
        where = ("Accept", "header") if isinstance(exc, SparqlNotAcceptable) else ("query", "query")
        extra["errors"] = [{"parameter": where[0], "location": where[1], "message": exc.detail}]
        if isinstance(exc, SparqlSyntaxError):
            extra["line"], extra["column"] = exc.line, exc.column
        if isinstance(exc, SparqlBusy):
            headers["Retry-After"] = "1"
    return problem_response(
        status,
        exc.title,
        exc.detail,
        type_=f"urn:plangraph:problem:{_kind(type(exc))}",
        instance=request.url.path,
        headers=headers,
        **extra,
    )


def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        where = loc[0] if loc else "request"
        name = ".".join(loc[1:]) or where
        if where in ("query", "path") and len(loc) > 1:
            name = loc[1]  # an item of a list parameter: the parameter
        message = err.get("msg", "invalid")
        if worded := reword(request.scope.get("route"), err):  # one wording for enumerations
            name, message = worded
        errors.append({"parameter": name, "location": where, "message": message})
    detail = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors) or "invalid request"
    return problem_response(
        422,
        "Invalid parameter",
        detail,
        type_="urn:plangraph:problem:invalid-parameter",
        instance=request.url.path,
        errors=errors,
    )


def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    titles = {401: "Unauthorized", 404: "Not found", 405: "Method not allowed"}
    detail = exc.detail if isinstance(exc.detail, str) else "request failed"
    suggestions = None
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no resource at {request.url.path!r}"
        # no route matched: suggest the routes the path is closest to
        if suggestions := closest_routes(request.app.routes, request.url.path):
            detail += f"; did you mean {', '.join(map(repr, suggestions))}?"
    return problem_response(
        exc.status_code,
        titles.get(exc.status_code, detail),
        detail,
        instance=request.url.path,
        headers=dict(exc.headers or {}),
        suggestions=suggestions or None,
    )


def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    return problem_response(
        500, "Internal server error", "the server failed to answer; the error is logged"
    )


def install(app: FastAPI) -> None:
    """Map every error to problem+json."""
    app.add_exception_handler(PlanGraphError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of problem responses for a route."""
    text = {
        400: "Bad request",
        401: "A valid bearer token is required",
        404: "Not found; the detail names the id and suggests the closest ones",
        410: "Gone: the node id was retired and has no successor (the detail says so)",
        422: "A parameter is invalid or over its limit, or is not one this operation takes "
        "(names starting with _ excepted); each is listed",
        503: "Not ready yet: no plan is loaded, or this analysis of the plan is still being "
        "computed (then Retry-After says when to ask again)",
    }
    return {
        s: {
            "model": ProblemOut,
            "description": text.get(s, "Problem"),
            "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemOut"}}},
        }
        for s in statuses
    }
