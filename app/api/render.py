"""The one renderer of list-shaped answers: JSON or CSV, chosen by ``format`` or ``Accept``.

A list route declares :data:`Out` (its ``format`` and ``bom`` query parameters) and hands
its answer to it: ``return out(answer)``. The answer is the route's data, a response model
or the JSON a query function has already made (:class:`~app.api.routes.JSONBytes`); the
renderer makes the response:

- JSON unless ``format=csv``, or ``Accept`` prefers ``text/csv`` to JSON (``format``
  wins over ``Accept``); JSON bytes already made are sent as they are.
- CSV is the answer tabulated by :mod:`app.answers.tables` (the facet counts when the
  answer carries facets), UTF-8 with a header row; ``bom=true`` starts it with a byte order
  mark for spreadsheet programs (with JSON, ``bom`` has no effect).
- Both carry ``Vary: Accept``; a page of a longer list carries ``Link`` headers to the
  first, previous, next and last pages, as relative URLs (the response cache shares an
  answer between hosts).

:func:`representation` is the negotiation, shared with the response cache, which keys
answers by it (a CSV is never served for a JSON request, nor the reverse).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl, quote, urlencode

import orjson
from fastapi import Depends, FastAPI, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.responses import Response

from app.answers import tables
from app.api.examples import api_routes
from app.api.routes import JSONBytes

__all__ = [
    "CSV_MEDIA_TYPE",
    "JSON_OUT",
    "Out",
    "Renderer",
    "answer_format",
    "install",
    "paging_links",
    "representation",
]

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
Format = Literal["json", "csv"]


def _quality(params: str) -> float:
    for p in params.split(";"):
        name, _, value = p.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def representation(accept: bytes | str | None) -> Format:
    """``csv`` when an ``Accept`` value prefers CSV to JSON, else ``json``.

    Each type gets the quality of its most specific range; a tie goes to the type listed
    first by name, and to JSON when neither is named.

    >>> [representation(a) for a in (b"text/csv", b"*/*", None, b"text/*",
    ...  b"application/json, text/csv", b"text/csv, application/json;q=0.9")]
    ['csv', 'json', 'json', 'csv', 'json', 'csv']
    """
    if not accept:
        return "json"
    text = accept.decode("latin-1") if isinstance(accept, bytes) else accept
    # per type: (specificity, quality, position) of the most specific matching range
    best: dict[str, tuple[int, float, int]] = {}
    for position, part in enumerate(text.split(",")):
        media, _, params = part.partition(";")
        media = media.strip().lower()
        for kind, full, family in (
            ("csv", "text/csv", "text/*"),
            ("json", "application/json", "application/*"),
        ):
            specificity = (
                3 if media == full else 2 if media == family else 1 if media == "*/*" else 0
            )
            if specificity and specificity > best.get(kind, (0, 0.0, 0))[0]:
                best[kind] = (specificity, _quality(params), position)
    csv_ = best.get("csv", (0, 0.0, 0))
    json_ = best.get("json", (0, 0.0, 0))
    if csv_[1] <= 0 or csv_[1] < json_[1]:
        return "json"
    if csv_[1] > json_[1]:
        return "csv"
    named_csv, named_json = csv_[0] == 3, json_[0] == 3  # a tie: the type named first
    if named_csv and (not named_json or csv_[2] < json_[2]):
        return "csv"
    return "json"


def paging_links(path: str, query: str, total: int, limit: int, offset: int) -> str | None:
    """The ``Link`` header of a page of ``total`` items, or None when one page holds all.

    ``path`` is decoded (it is quoted here); ``query`` is the raw query string, kept but
    for ``offset``.

    >>> for link in paging_links("/v1/nodes", "type=city&limit=2", 5, 2, 2).split(", "):
    ...     print(link)
    </v1/nodes?type=city&limit=2&offset=0>; rel="first"
    </v1/nodes?type=city&limit=2&offset=0>; rel="prev"
    </v1/nodes?type=city&limit=2&offset=4>; rel="next"
    </v1/nodes?type=city&limit=2&offset=4>; rel="last"
    """
    if limit <= 0 or (offset == 0 and total <= limit):
        return None
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "offset"]
    base = quote(path, safe="/:@!$&'()*+,;=-._~")

    def link(at: int, rel: str) -> str:
        return f'<{base}?{urlencode([*pairs, ("offset", str(at))])}>; rel="{rel}"'

    last = max(0, (total - 1) // limit * limit)
    links = []
    if offset > 0:
        links += [link(0, "first"), link(max(0, offset - limit), "prev")]
    if offset + limit < total:
        links.append(link(offset + limit, "next"))
    if offset != last:
        links.append(link(last, "last"))
    return ", ".join(links) or None


class Renderer:
    """Makes the response of one request to a list route (see the module's text)."""

    __slots__ = ("bom", "csv", "request")

    def __init__(self, csv: bool = False, bom: bool = False, request: Request | None = None):
        self.csv = csv
        self.bom = bom
        self.request = request

    def _model(self, answer: BaseModel | Response) -> type[BaseModel] | None:
        if isinstance(answer, BaseModel):
            return type(answer)
        route = self.request.scope.get("route") if self.request is not None else None
        model = getattr(route, "response_model", None)
        return model if isinstance(model, type) and issubclass(model, BaseModel) else None

    def __call__(self, answer: BaseModel | Response) -> Response:
        """The response: the answer as JSON or as CSV, with ``Vary`` and ``Link``."""
        model = self._model(answer)
        table = None if model is None or not self.csv else tables.table_of(model)
        data: Any = None  # the answer as plain data, made only when it is read
        if table is not None:
            data = (
                answer.model_dump(mode="json", by_alias=True)
                if isinstance(answer, BaseModel)
                else orjson.loads(answer.body)
            )
        page: Any = None  # what tells the page: total, limit and offset
        if model is not None and "offset" in model.model_fields:
            if isinstance(answer, BaseModel):
                page = answer.model_dump(include={"total", "limit", "offset"})
            else:
                page = data if data is not None else orjson.loads(answer.body)
        response: Response
        if model is not None and table is not None:
            rows = (
                tables.facet_table(data["facets"])
                if data.get("facets")
                else tables.tabulate(model, data)
            )
            response = Response(tables.to_csv(rows, self.bom), media_type=CSV_MEDIA_TYPE)
        elif isinstance(answer, BaseModel):
            response = JSONBytes(answer.model_dump_json(by_alias=True).encode())
        else:
            response = answer
        response.headers["Vary"] = "Accept"
        if page is not None and self.request is not None:
            links = paging_links(
                self.request.scope["path"],  # decoded, with any root path (ASGI)
                self.request.url.query,
                int(page["total"]),
                int(page["limit"]),
                int(page["offset"]),
            )
            if links:
                response.headers["Link"] = links
        return response


def answer_format(
    request: Request,
    format: Annotated[
        Format | None,
        Query(
            description=(
                "json or csv; default: json, or csv when Accept prefers text/csv. The CSV "
                "has a header row and Chinese and English columns (the facet counts when "
                "facets are asked for)."
            ),
        ),
    ] = None,
    bom: Annotated[
        bool,
        Query(
            description="csv: start with a UTF-8 byte order mark, for Excel. Accepted with "
            "json too, where it has no effect.",
        ),
    ] = False,
) -> Renderer:
    """The renderer of this request: its format from ``format``, else from ``Accept``."""
    if format is None:
        format = representation(request.headers.get("accept"))
    return Renderer(format == "csv", bom, request)


#: a list route's renderer, with its ``format`` and ``bom`` query parameters
Out = Annotated[Renderer, Depends(answer_format)]
#: the renderer of an endpoint called outside HTTP (the OpenAPI examples): JSON
JSON_OUT = Renderer()


def _uses(dependant: Dependant, call: Callable[..., Any]) -> bool:
    return any(d.call is call or _uses(d, call) for d in dependant.dependencies)


def _rendered(app: FastAPI) -> Iterator[tuple[str, APIRoute]]:
    for path, route in api_routes(app.routes):
        if _uses(route.dependant, answer_format):
            yield path, route


def _csv_example(model: Any, json_example: Any) -> str:
    """A CSV example: the JSON example tabulated, else the header row."""
    if not (isinstance(model, type) and tables.table_of(model) is not None):
        return ""
    answer = json_example if isinstance(json_example, dict) else {}
    table = (
        tables.facet_table(answer["facets"])
        if answer.get("facets")
        else tables.tabulate(model, answer)
    )
    return tables.to_csv(table).decode("utf-8")


def install(app: FastAPI) -> None:
    """Declare ``text/csv`` as a 200 answer of every route using :data:`Out`, with an
    example (the JSON example tabulated, once there is one; else the header row)."""
    base = app.openapi
    final = False

    def openapi() -> dict[str, Any]:
        nonlocal final
        spec = base()
        if final:
            return spec
        final = True
        for path, route in _rendered(app):
            for method in route.methods or ():
                op = spec.get("paths", {}).get(path, {}).get(method.lower())
                if op is None:
                    continue
                content = (
                    op.setdefault("responses", {}).setdefault("200", {}).setdefault("content", {})
                )
                example = content.get("application/json", {}).get("example")
                final = final and example is not None
                content["text/csv"] = {
                    "schema": {"type": "string"},
                    "example": _csv_example(route.response_model, example),
                }
        return spec

    app.openapi = openapi  # type: ignore[method-assign]
