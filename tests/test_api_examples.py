"""The served OpenAPI document shows a real answer on every operation: each 200 response has
an example read from the loaded plan, valid against its schema."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC = "urn:plangraph:openapi"


@pytest.fixture(scope="module")
def spec(client: TestClient) -> dict[str, Any]:
    answer: dict[str, Any] = client.get("/openapi.json").json()
    return answer


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if "200" in op.get("responses", {})
    ]


def test_every_operation_shows_an_example_answer(spec: dict[str, Any]) -> None:
    missing = [
        f"{method} {path} ({media})"
        for method, path, op in _operations(spec)
        for media, body in op["responses"]["200"].get("content", {}).items()
        if "example" not in body and "examples" not in body
    ]
    assert not missing, "200 responses without an example: " + ", ".join(missing)


def test_every_example_is_valid_against_its_schema(spec: dict[str, Any]) -> None:
    registry = Registry().with_resource(SPEC, Resource.from_contents(spec, DRAFT202012))
    invalid = []
    for method, path, op in _operations(spec):
        for media, body in op["responses"]["200"].get("content", {}).items():
            if "example" not in body:
                continue
            schema = json.loads(json.dumps(body.get("schema", {})).replace('"#/', f'"{SPEC}#/'))
            errors = list(
                Draft202012Validator(schema, registry=registry).iter_errors(body["example"])
            )
            if errors:
                invalid.append(f"{method} {path} ({media}): {errors[0].message[:200]}")
    assert not invalid, "\n".join(invalid)


def test_the_examples_are_the_plans_own_answers(client: TestClient, spec: dict[str, Any]) -> None:
    """The node example is the answer the API gives for the example id, trimmed."""
    op = spec["paths"]["/v1/nodes/{node_id}"]["get"]
    node_id = next(p["example"] for p in op["parameters"] if p["name"] == "node_id")
    example = op["responses"]["200"]["content"]["application/json"]["example"]
    answer = client.get(f"/v1/nodes/{node_id}").json()
    assert example["id"] == answer["id"] == node_id
    assert example["name"] == answer["name"]
    assert example["relations"] == answer["relations"][: len(example["relations"])]
