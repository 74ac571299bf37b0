"""Attribute values against the shapes the vocabulary declares: each wrong value named."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from app.datafile.shapes import attribute_problems, value_problems
from app.vocabulary import NODE_TYPES, RELATIONS, Shape


def problems(value: Any, shape: Shape | None) -> list[str]:
    out: list = []
    value_problems("$.a", value, shape, out)
    return [str(p) for p in out]


def test_a_yaml_value_split_at_its_commas_is_caught() -> None:
    # what an unquoted `{en: The whole of A, B and C}` parses to
    extent = {"zh": "四市全域", "en": "The whole of A", "B": None, "C and D": None}
    region = NODE_TYPES["region"].attributes
    found = [str(p) for p in attribute_problems("$", {"planning_area": {"extent": extent}}, region)]
    assert found == [
        "$.planning_area.extent.B: null value",
        "$.planning_area.extent.C and D: null value",
    ]


def test_nulls_and_empties_are_rejected_at_any_depth_declared_or_not() -> None:
    assert problems(None, "string") == ["$.a: null value"]
    assert problems("  ", "string") == ["$.a: empty value '  '"]
    assert problems([], ["text"]) == ["$.a: empty value []"]
    assert problems({"x": [{"y": {}}]}, None) == ["$.a.x[0].y: empty value {}"]
    assert problems({"x": [1, None]}, None) == ["$.a.x[1]: null value"]
    assert problems(0, None) == []
    assert problems(False, None) == []


def test_scalars_and_choices() -> None:
    assert problems(3, "integer") == []
    assert problems(True, "integer") == ["$.a: expected an integer, got True"]
    assert problems(2.5, "integer") == ["$.a: expected an integer, got 2.5"]
    assert problems(2, "number") == []
    assert problems("30.66", "number") == ["$.a: expected a number, got '30.66'"]
    assert problems("2021-06", "date") == []
    assert problems("2021-11-29", "date") == []
    assert problems("29 Nov 2021", "date") == ["$.a: expected an ISO 8601 date, got '29 Nov 2021'"]
    assert problems("core", ("core", "area")) == []
    assert problems("hub", ("core", "area")) == ["$.a: expected one of 'core', 'area', got 'hub'"]


def test_bilingual_texts_lists_and_objects() -> None:
    assert problems({"en": "x"}, "text") == []
    assert problems({"zh": "甲", "en": "x"}, "text") == []
    assert problems({"zh": "甲"}, "text") == ["$.a: missing key 'en' of a bilingual text {zh?, en}"]
    assert problems("x", "text") == ["$.a: expected a bilingual text {zh?, en}, got 'x'"]
    assert problems({"en": "x", "note": "y"}, "text") == [
        "$.a.note: unexpected key in a bilingual text {zh?, en} (keys: zh, en)"
    ]
    assert problems([{"en": "x"}, "y"], ["text"]) == [
        "$.a[1]: expected a bilingual text {zh?, en}, got 'y'"
    ]
    assert problems({"en": "x"}, ["text"]) == ["$.a: expected a list, got {'en': 'x'}"]
    quantity: Shape = {"value": "number", "unit?": "string"}
    assert problems({"value": 1}, quantity) == []
    assert problems({"unit": "km"}, quantity) == ["$.a: missing key 'value' of an object"]


def test_every_declared_shape_is_well_formed() -> None:
    def check(shape: Shape) -> None:
        if isinstance(shape, str):
            assert shape in {"integer", "number", "string", "boolean", "date", "text"}, shape
        elif isinstance(shape, tuple):
            assert shape
            assert all(isinstance(c, str) for c in shape)
        elif isinstance(shape, list):
            assert len(shape) == 1
            check(shape[0])
        else:
            assert shape
            for sub in shape.values():
                check(sub)

    declared = [*NODE_TYPES.values(), *RELATIONS.values()]
    for kind in declared:
        for attr in kind.attributes.values():
            check(attr.shape)
            assert attr.meaning.strip()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda c: st.lists(c) | st.dictionaries(st.text(), c),
)


@given(JSON)
def test_any_json_gets_problems_never_a_crash(value: Any) -> None:
    for kind in (*NODE_TYPES.values(), *RELATIONS.values()):
        for attr in kind.attributes.values():
            out: list = []
            value_problems("$", value, attr.shape, out)
            assert all(str(p).startswith("$") for p in out)
