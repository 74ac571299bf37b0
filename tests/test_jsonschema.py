"""The committed JSON Schema is generated from the models and validates the shipped data."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import orjson

from app.config import DEFAULT_DATA
from app.datafile.jsonschema import data_file_schema
from tests.miniplan import PLAN

SCHEMA_FILE = DEFAULT_DATA.parent / "plan_graph.schema.json"


def test_committed_schema_is_up_to_date() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == data_file_schema(), (
        "data/plan_graph.schema.json is stale: run `plangraph schema --out "
        "data/plan_graph.schema.json`"
    )


def _validator() -> jsonschema.Draft202012Validator:
    schema = orjson.loads(SCHEMA_FILE.read_bytes())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_shipped_data_and_the_mini_plan_validate_against_the_schema() -> None:
    validator = _validator()
    assert list(validator.iter_errors(orjson.loads(DEFAULT_DATA.read_bytes()))) == []
    assert list(validator.iter_errors(PLAN)) == []


def test_schema_rejects_an_unknown_node_type(tmp_path: Path) -> None:
    bad = orjson.loads(orjson.dumps(PLAN))
    bad["nodes"][0]["type"] = "spaceship"
    errors = list(_validator().iter_errors(bad))
    assert errors
    assert list(errors[0].absolute_path)[:3] == ["nodes", 0, "type"]


def test_schema_rejects_null_empty_and_misshapen_attributes() -> None:
    validator = _validator()
    by_id = {n["id"]: i for i, n in enumerate(PLAN["nodes"])}
    for node_id, attributes, where in (
        ("valley", {"planning_area": {"extent": {"en": "A", "B": None}}}, "planning_area"),
        ("north-city", {"latitude": "north", "longitude": 2.0}, "latitude"),
        ("riverton-lab", {"opened": ""}, "opened"),
        ("riverton-lab", {"tags": [{"x": None}]}, "tags"),
        ("chapter-1", {"number": []}, "number"),
    ):
        bad = orjson.loads(orjson.dumps(PLAN))
        bad["nodes"][by_id[node_id]]["attributes"] = attributes
        errors = list(validator.iter_errors(bad))
        assert errors, (node_id, attributes)
        paths = [list(e.absolute_path) for e in errors]
        assert ["nodes", by_id[node_id], "attributes", where] in [p[:4] for p in paths]
    good = orjson.loads(orjson.dumps(PLAN))
    good["nodes"][by_id["riverton-lab"]]["attributes"] = {"opened": 2030, "tags": ["a"]}
    assert list(validator.iter_errors(good)) == []
