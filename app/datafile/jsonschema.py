"""The data file's JSON Schema, generated from the pydantic models."""

from __future__ import annotations

import json

from app.models import PlanFile
from app.vocabulary import NODE_TYPES, RELATIONS

SCHEMA_ID = "https://w3id.org/plangraph/schema/plan_graph.schema.json"


def data_file_schema() -> str:
    """The JSON Schema of ``plan_graph.json`` as stable, pretty-printed text.

    >>> '"format_version"' in data_file_schema()
    True
    """
    schema = PlanFile.model_json_schema(mode="validation")
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
