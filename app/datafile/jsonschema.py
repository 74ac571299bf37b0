"""The data file's JSON Schema, generated from the pydantic models and the vocabulary.

The models give the file's structure; the vocabulary adds each node type's and relation's
declared attributes with their shapes, and the rule that no attribute value, at any depth,
is null or empty. So the schema rejects what the loader rejects about attributes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from app.models import PlanFile
from app.vocabulary import NODE_TYPES, RELATIONS, Attribute, Shape

SCHEMA_ID = "https://w3id.org/plangraph/schema/plan_graph.schema.json"

_VALUE = {"$ref": "#/$defs/AttributeValue"}
_TEXT = {"$ref": "#/$defs/AttributeText"}
_STRING = {"type": "string", "pattern": "\\S"}
_SCALARS: dict[str, dict[str, Any]] = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "string": _STRING,
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"},
    "text": _TEXT,
}
#: any attribute value: no null, no empty string, list or object, at any depth
ATTRIBUTE_DEFS: dict[str, Any] = {
    "AttributeValue": {
        "description": "An attribute value: never null, never an empty string, list or object.",
        "anyOf": [
            {"type": ["boolean", "number"]},
            _STRING,
            {"type": "array", "minItems": 1, "items": _VALUE},
            {"type": "object", "minProperties": 1, "additionalProperties": _VALUE},
        ],
    },
    "AttributeText": {
        "description": "A bilingual text: English always, Chinese when known.",
        "type": "object",
        "properties": {"zh": _STRING, "en": _STRING},
        "required": ["en"],
        "additionalProperties": False,
    },
}


def shape_schema(shape: Shape) -> dict[str, Any]:
    """The JSON Schema of an attribute shape (:data:`app.vocabulary.Shape`).

    >>> shape_schema(["integer"])
    {'type': 'array', 'minItems': 1, 'items': {'type': 'integer'}}
    >>> shape_schema(("core", "area"))
    {'enum': ['core', 'area']}
    """
    if isinstance(shape, str):
        return _SCALARS[shape]
    if isinstance(shape, tuple):
        return {"enum": list(shape)}
    if isinstance(shape, list):
        return {"type": "array", "minItems": 1, "items": shape_schema(shape[0])}
    return {
        "type": "object",
        "properties": {k.rstrip("?"): shape_schema(v) for k, v in shape.items()},
        "required": [k for k in shape if not k.endswith("?")],
        "additionalProperties": False,
    }


def _by_kind(key: str, kinds: Mapping[str, Mapping[str, Attribute]]) -> list[dict[str, Any]]:
    """One ``if {key} is X then its attributes have the declared shapes`` per kind."""
    return [
        {
            "if": {"properties": {key: {"const": name}}, "required": [key]},
            "then": {
                "properties": {
                    "attributes": {
                        "properties": {k: shape_schema(a.shape) for k, a in declared.items()}
                    }
                }
            },
        }
        for name, declared in kinds.items()
        if declared
    ]


def data_file_schema() -> str:
    """The JSON Schema of ``plan_graph.json`` as stable, pretty-printed text.

    >>> '"format_version"' in data_file_schema()
    True
    """
    schema = PlanFile.model_json_schema(mode="validation")
    defs = schema["$defs"]
    for model, key, kinds in (
        ("Node", "type", {t.name: t.attributes for t in NODE_TYPES.values()}),
        ("Edge", "relation", {r.name: r.attributes for r in RELATIONS.values()}),
    ):
        defs[model]["properties"]["attributes"]["additionalProperties"] = _VALUE
        defs[model]["allOf"] = _by_kind(key, kinds)
    defs.update(ATTRIBUTE_DEFS)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "description": (
            "A PlanGraph data file: documents, nodes and edges of a policy plan. Node types: "
            + "; ".join(f"{t.name}: {t.meaning}" for t in NODE_TYPES.values())
            + " Relations: "
            + "; ".join(f"{r.name}: {r.meaning}" for r in RELATIONS.values())
        ),
    }
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
