"""OpenAPI examples read from the loaded plan: real answers, not invented ones.

When the OpenAPI document is first generated, each GET route's endpoint is called with the
snapshot, example path parameters chosen from the data and its query defaults; the answer,
trimmed, becomes the route's response example. Nothing here names a particular plan.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from pydantic import BaseModel

from app.errors import PlanGraphError
from app.graph.snapshot import Snapshot

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
    """Example values of path parameters, by parameter name, chosen from the data."""
    out: dict[str, str] = {}
    node = _busiest(snap, "platform") or next(iter(snap.nodes), None)
    if node:
        out["node_id"] = node
    for param, type_ in (("city_id", "city"), ("measure_id", "measure")):
        if found := _busiest(snap, type_):
            out[param] = found
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


def _call(route: APIRoute, snap: Snapshot, paths: Mapping[str, str]) -> Any:
    kwargs: dict[str, Any] = {}
    for name, param in inspect.signature(route.endpoint).parameters.items():
        if param.annotation is Snapshot or name == "snap":
            kwargs[name] = snap
        elif name in paths:
            kwargs[name] = paths[name]
        elif param.default is not inspect.Parameter.empty:
            kwargs[name] = param.default
        else:
            return None
    result = route.endpoint(**kwargs)
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    if isinstance(result, list) and all(isinstance(r, BaseModel) for r in result):
        return [r.model_dump(mode="json") for r in result]
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


def add_examples(app: FastAPI, spec: dict[str, Any], snap: Snapshot) -> dict[str, Any]:
    """Put a real response example and path-parameter examples on each GET operation."""
    paths = path_examples(snap)
    for path, route in api_routes(app.routes):
        if "GET" not in (route.methods or ()):
            continue
        op = spec.get("paths", {}).get(path, {}).get("get")
        if op is None:
            continue
        for param in op.get("parameters", []):
            if param.get("in") in ("path", "query") and param["name"] in paths:
                param["example"] = paths[param["name"]]
        if inspect.iscoroutinefunction(route.endpoint):
            continue
        try:
            body = _call(route, snap, paths)
        except (PlanGraphError, TypeError, ValueError, KeyError):
            continue
        content = op.get("responses", {}).get("200", {}).get("content", {})
        if body is not None and "application/json" in content:
            content["application/json"]["example"] = trim(body)
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
