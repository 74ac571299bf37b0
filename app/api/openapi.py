"""The OpenAPI document says exactly what the server accepts.

FastAPI writes each operation from its route's declaration; this module shapes the result,
from the routes, the vocabulary and the loaded plan (nothing typed twice):

- a comma-separated enumeration (declared with :mod:`app.api.commalist`) is an array of
  its enum, at least one, ``style: form``, ``explode: false``;
- an optional query parameter's schema drops FastAPI's ``null`` alternative (a query
  string has no null: an absent parameter is the default);
- a path parameter naming an id (``*_id``) carries the id pattern of the data file's
  schema (:data:`app.models.Slug`): no other id is in a plan;
- every operation declares the 422 of a query parameter it does not take
  (:mod:`app.api.middleware.known`);
- OpenAPI ``links`` go from each list to the operations taking its items' ids, so a client
  (and a fuzzer) can follow real ids: ``GET /v1/cities`` → ``/v1/cities/{city_id}/measures``,
  every node list → ``/v1/nodes/{node_id}…``, ``/v1/paths``, ``/v1/explain``,
  ``/v1/subgraph``, ``/v1/layout``;
- with a plan loaded, the parameters naming a city or a measure list every one as
  ``examples`` (Swagger UI offers them; schemathesis tries each), and ``from`` and ``to``
  get real node ids (the other ids have theirs from :mod:`app.api.examples`).

The committed ``openapi.json`` is this document for the bundled plan
(``plangraph openapi`` loads it), so what is committed is what is served.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI

from app.api.commalist import MARKER
from app.api.examples import path_examples
from app.api.problems import responses
from app.graph.snapshot import Snapshot
from app.models import ID_PATTERN

__all__ = ["add_plan_examples", "install", "shape"]

#: query parameters that take node ids, and the item of a node list that feeds each
NODE_QUERY_IDS = {"from": 0, "to": 1, "ids": 0, "node": 0}
#: parameters naming nodes of one type, listed in full as examples when a plan is loaded
TYPED_IDS = {"city_id": "city", "city": "city", "measure_id": "measure"}

_REFUSED = {k: v for k, v in responses(422)[422].items() if k != "model"}


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            yield path, method, op


def _parameter(param: dict[str, Any]) -> None:
    schema = param.get("schema", {})
    alts = schema.get("anyOf")
    if param.get("in") == "query" and alts and {"type": "null"} in alts and len(alts) == 2:
        inner = next(a for a in alts if a != {"type": "null"})
        schema.pop("anyOf")
        if schema.get("default", "") is None:
            schema.pop("default")
        schema.update(inner)
    if schema.pop(MARKER, False):  # an empty value is one empty name: refused
        param["style"], param["explode"] = "form", False
        schema["minItems"] = 1
    if param.get("in") == "path" and param["name"].endswith("_id") and schema.get("type"):
        schema.setdefault("pattern", ID_PATTERN)


def _item_key(spec: dict[str, Any], schema: dict[str, Any]) -> tuple[str, str] | None:
    """The JSON pointer to the first item of a list answer and the key naming it."""
    schemas = spec.get("components", {}).get("schemas", {})

    def resolve(s: dict[str, Any]) -> dict[str, Any]:
        ref = s.get("$ref", "")
        return schemas.get(ref.rsplit("/", 1)[-1], {}) if ref else s

    top = resolve(schema)
    if top.get("type") == "array":
        pointer, item = "", resolve(top.get("items", {}))
    elif "items" in top.get("properties", {}):
        pointer, item = "/items", resolve(top["properties"]["items"].get("items", {}))
    else:
        return None
    props = item.get("properties", {})
    key = "id" if "id" in props else "name" if "name" in props else None
    return (pointer, key) if key else None


def _ok_schema(op: dict[str, Any]) -> dict[str, Any]:
    content = op.get("responses", {}).get("200", {}).get("content", {})
    return dict(content.get("application/json", {}).get("schema", {}))


def _links(spec: dict[str, Any]) -> None:
    ops = {(m, p): op for p, m, op in _operations(spec)}
    node_lists = [
        (p, op)
        for (m, p), op in ops.items()
        if m == "get" and _ok_schema(op).get("$ref", "").endswith("/Page_NodeOut_")
    ]
    for (method, path), target in ops.items():
        if method != "get" or "operationId" not in target:
            continue
        params = target.get("parameters", [])
        for param in params:
            name = param["name"]
            if param["in"] == "path":
                # the list at the path's prefix names the items this parameter takes
                prefix = path.split("/{" + name + "}")[0]
                sources = [(prefix, ops.get(("get", prefix)))]
                if name == "node_id":  # any node: every node list feeds it
                    sources += node_lists
                for source_path, source in sources:
                    found = _item_key(spec, _ok_schema(source)) if source else None
                    if source is None or found is None or source_path == path:
                        continue
                    pointer, key = found
                    _link(source, target, {name: f"$response.body#{pointer}/0/{key}"})
        query_ids = [
            p["name"] for p in params if p["in"] == "query" and p["name"] in NODE_QUERY_IDS
        ]
        if query_ids and not any(p["in"] == "path" for p in params):
            for _source_path, source in node_lists[:1]:  # GET /v1/nodes: any node
                _link(
                    source,
                    target,
                    {n: f"$response.body#/items/{NODE_QUERY_IDS[n]}/id" for n in query_ids},
                )


def _link(source: dict[str, Any], target: dict[str, Any], parameters: dict[str, str]) -> None:
    ok = source.get("responses", {}).get("200")
    if ok is None:
        return
    ok.setdefault("links", {})[target["operationId"]] = {
        "operationId": target["operationId"],
        "parameters": parameters,
        "description": "The ids this answer lists, for "
        + ", ".join(f"`{n}`" for n in parameters)
        + ".",
    }


def shape(spec: dict[str, Any]) -> dict[str, Any]:
    """Shape FastAPI's document (in place): parameters, refusals and links. Needs no plan."""
    for _path, _method, op in _operations(spec):
        for param in op.get("parameters", []):
            _parameter(param)
        op.setdefault("responses", {}).setdefault("422", dict(_REFUSED))
    _links(spec)
    return spec


def _examples(snap: Snapshot, ids: list[str]) -> dict[str, Any]:
    return {
        i: {"summary": f"{snap.nodes[i].name.zh} {snap.nodes[i].name.en}", "value": i} for i in ids
    }


def add_plan_examples(spec: dict[str, Any], snap: Snapshot) -> dict[str, Any]:
    """Real ids of the plan as the examples of the parameters naming them (in place): every
    city and measure for the parameters naming one (the id of the answer shown first), a
    platform and a city for ``from`` and ``to``."""
    chosen = path_examples(snap)
    ends = {"from": chosen.get("source"), "to": chosen.get("target")}
    for _path, _method, op in _operations(spec):
        for param in op.get("parameters", []):
            name, schema = param["name"], param.get("schema", {})
            if schema.get("type") == "array" and isinstance(param.get("example"), str):
                param["example"] = param["example"].split(",")  # a list's example is a list
            if schema.get("type") != "string":
                continue
            if name in TYPED_IDS:
                ids = list(snap.by_type.get(TYPED_IDS[name], ()))
                first = param.pop("example", None)
                ids.sort(key=lambda i: i != first)  # the id the example answer is for
                if ids:
                    param["examples"] = _examples(snap, ids)
            elif ends.get(name):
                param.setdefault("example", ends[name])
    return spec


def install(app: FastAPI, current: Callable[[], Snapshot | None]) -> None:
    """Shape the app's OpenAPI document when it is first generated, and add the plan's
    examples once a plan is loaded."""
    base = app.openapi
    shaped = examples_added = False

    def openapi() -> dict[str, Any]:
        nonlocal shaped, examples_added
        spec = base()  # generated once and cached by FastAPI
        if not shaped:
            shape(spec)
            shaped = True
        snap = current()
        if not examples_added and snap is not None:
            add_plan_examples(spec, snap)
            examples_added = True
        return spec

    app.openapi = openapi  # type: ignore[method-assign]
