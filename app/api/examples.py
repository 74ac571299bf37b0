"""OpenAPI examples read from the loaded plan: real answers, not invented ones.

When the OpenAPI document is first generated, each route's endpoint is called with the
snapshot, example parameters chosen from the data and its query defaults; the answer,
trimmed, becomes the example of its 200 response (for the export, the start of each
format). Nothing here names a particular plan.
"""

from __future__ import annotations

import inspect
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import orjson
from fastapi import FastAPI, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel

from app.errors import PlanGraphError
from app.export import registry
from app.graph.snapshot import Snapshot
from app.sparql.examples import examples as sparql_examples

MAX_ITEMS = 3
MAX_TEXT = 240


def _busiest(snap: Snapshot, type_: str) -> str | None:
    ids = snap.by_type.get(type_, ())
    if not ids:
        return None
    return max(
        ids,
        key=lambda n: (
            len(snap.out_edges.get(n, ())) + len(snap.in_edges.get(n, ())),
            -snap.order[n],
        ),
    )


def path_examples(snap: Snapshot) -> dict[str, str]:
    """Example values of path and required query parameters, by parameter name, chosen
    from the data."""
    out: dict[str, str] = {}
    node = _busiest(snap, "platform") or next(iter(snap.nodes), None)
    if node:
        out["node_id"] = node
        out["ids"] = node
        out["source"] = node
    for param, type_ in (("city_id", "city"), ("measure_id", "measure")):
        if found := _busiest(snap, type_):
            out[param] = found
    if city := _busiest(snap, "city"):
        out["target"] = city  # a path from the busiest platform to the busiest city
    if node and city:  # the same, by the names the query string uses
        out["from"], out["to"] = node, city
    shipped = [d for d in snap.documents if d in snap.texts] or list(snap.documents)
    if shipped:
        out["document_id"] = shipped[0]
    if node:
        out["q"] = snap.nodes[node].name.zh  # a search that finds something
    return out


def trim(value: Any) -> Any:
    """Shorten lists and long strings so that an example stays readable."""
    if isinstance(value, list):
        return [trim(v) for v in value[:MAX_ITEMS]]
    if isinstance(value, dict):
        return {k: trim(v) for k, v in value.items()}
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return value[:MAX_TEXT] + "…"
    return value


class _Request:
    """What an endpoint reading ``request.app.state`` needs, for calling it outside HTTP."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app


def _run(result: Any) -> Any:
    """The value of an endpoint's result; an ``async`` endpoint here never awaits, so its
    coroutine finishes on its first step."""
    if not inspect.iscoroutine(result):
        return result
    try:
        result.send(None)
    except StopIteration as done:
        return done.value
    result.close()
    raise ValueError("the endpoint awaited")


def _call(
    app: FastAPI, route: APIRoute, snap: Snapshot, paths: Mapping[str, str], **given: Any
) -> Any:
    """Call a route's endpoint with the snapshot, example parameters and query defaults;
    its answer as plain data (JSON parsed, models dumped), bytes for other media, or None
    when it cannot be called so."""
    kwargs: dict[str, Any] = {}
    for name, param in inspect.signature(route.endpoint).parameters.items():
        if param.annotation is Snapshot or name == "snap":
            kwargs[name] = snap
        elif name in given:
            kwargs[name] = given[name]
        elif name in paths:
            kwargs[name] = paths[name]
        elif name == "request":
            kwargs[name] = _Request(app)
        elif name == "response":
            kwargs[name] = Response()
        elif param.default is not inspect.Parameter.empty:
            default = param.default
            kwargs[name] = getattr(default, "default", default)  # a Query(...) default
        else:
            return None
    result = _run(route.endpoint(**kwargs))
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json", by_alias=True)
    if isinstance(result, list) and all(isinstance(r, BaseModel) for r in result):
        return [r.model_dump(mode="json", by_alias=True) for r in result]
    if isinstance(result, Response):
        media = (result.media_type or "").split(";")[0]
        if media.endswith("json"):
            return orjson.loads(result.body)
        return bytes(result.body)
    return None


def api_routes(routes: Iterable[Any], prefix: str = "") -> Iterator[tuple[str, APIRoute]]:
    """Every API route with its full path, through included routers."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path_format, route
        elif hasattr(route, "original_router"):  # a router included in the app
            context = getattr(route, "include_context", None)
            yield from api_routes(
                route.original_router.routes, prefix + getattr(context, "prefix", "")
            )


def _export_examples(
    app: FastAPI, route: APIRoute, snap: Snapshot, content: dict[str, Any]
) -> None:
    """One example per media type of the export operation: the start of a real export."""
    for fmt in registry.FORMATS.values():
        media = content.get(fmt.media_type.split(";")[0])
        if media is None or "example" in media:
            continue
        body = _call(app, route, snap, {}, format=fmt.name)
        if isinstance(body, bytes):
            try:
                media["example"] = trim(body.decode("utf-8"))
            except UnicodeDecodeError:  # a zip: the names of the files it holds
                with zipfile.ZipFile(io.BytesIO(body)) as archive:
                    media["example"] = "a zip archive of " + ", ".join(archive.namelist())
        elif body is not None:
            media["example"] = trim(body)


#: operations whose examples are made by a function of their own, by path
MADE_APART: dict[str, Callable[[Snapshot], dict[str, str]]] = {"/v1/sparql": sparql_examples}

#: path parameters whose description lists the ids the plan has (a type of few nodes)
LISTED = {"city_id": "city"}


def _list_ids(param: dict[str, Any], snap: Snapshot, type_: str) -> None:
    ids = snap.by_type.get(type_, ())
    if not ids or len(ids) > 20:
        return
    listed = ", ".join(f"`{i}`" for i in ids)
    text = param.get("description") or param.get("schema", {}).get("description") or ""
    if listed not in text:
        param["description"] = f"{text.rstrip('.')}: one of {listed}.".lstrip(": ")


def add_examples(app: FastAPI, spec: dict[str, Any], snap: Snapshot) -> dict[str, Any]:
    """Put a real response example and parameter examples on each operation."""
    paths = path_examples(snap)
    for path, route in api_routes(app.routes):
        for method in route.methods or ():
            op = spec.get("paths", {}).get(path, {}).get(method.lower())
            if op is None:
                continue
            for param in op.get("parameters", []):
                if param.get("in") in ("path", "query") and param["name"] in paths:
                    param.setdefault("example", paths[param["name"]])
                if param["name"] in LISTED and param.get("in") == "path":
                    _list_ids(param, snap, LISTED[param["name"]])
            content = op.get("responses", {}).get("200", {}).get("content", {})
            if "{format}" in path:
                _export_examples(app, route, snap, content)
                continue
            if path in MADE_APART:  # answers that are not JSON of a query function
                for media, example in MADE_APART[path](snap).items():
                    if media in content:
                        value = orjson.loads(example) if media.endswith("json") else example
                        content[media].setdefault("example", trim(value))
                continue
            try:
                body = _call(app, route, snap, paths)
            except (PlanGraphError, TypeError, ValueError, KeyError, AttributeError):
                continue
            if body is None or isinstance(body, bytes):
                continue
            for media in content:
                if media.endswith("json"):
                    content[media].setdefault("example", trim(body))
    return spec


def install(app: FastAPI, current: Callable[[], Snapshot | None]) -> None:
    """Generate the OpenAPI document once, with examples from the snapshot served then."""
    base = app.openapi
    done = False

    def openapi() -> dict[str, Any]:
        nonlocal done
        spec = base()  # generated once and cached by FastAPI
        snap = current()
        if not done and snap is not None:
            add_examples(app, spec, snap)
            done = True
        return spec

    app.openapi = openapi  # type: ignore[method-assign]
