"""Attribute values checked against the shapes the vocabulary declares for them.

A node type or relation declares each attribute it may carry and the shape of its value
(:data:`app.vocabulary.Shape`). A declared attribute must have that shape; any attribute,
declared or not, holds no null and no empty string, list or object, at any depth.
Attributes a type does not declare are allowed (a plan may extend the format); the
review lists them (:mod:`app.datafile.review`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from app.errors import Problem
from app.vocabulary import Attribute, Shape

__all__ = ["attribute_problems", "value_problems"]

_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_TEXT: Shape = {"zh?": "string", "en": "string"}
_SCALARS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "integer": (lambda v: type(v) is int, "an integer"),
    "number": (lambda v: type(v) in (int, float), "a number"),
    "string": (lambda v: type(v) is str, "a string"),
    "boolean": (lambda v: type(v) is bool, "true or false"),
    "date": (lambda v: type(v) is str and _DATE.fullmatch(v) is not None, "an ISO 8601 date"),
}


def attribute_problems(
    here: str, attributes: Mapping[str, Any], declared: Mapping[str, Attribute]
) -> list[Problem]:
    """Every problem of one node's or edge's attributes; ``here`` is their JSON path.

    Examples
    --------
    >>> from app.vocabulary import NODE_TYPES
    >>> city = NODE_TYPES["city"].attributes
    >>> [str(p) for p in attribute_problems("$", {"latitude": "north"}, city)]
    ["$.latitude: expected a number, got 'north'"]
    >>> [str(p) for p in attribute_problems("$", {"note": {"en": None}}, city)]
    ['$.note.en: null value']
    """
    out: list[Problem] = []
    for key, value in attributes.items():
        attr = declared.get(key)
        value_problems(f"{here}.{key}", value, attr.shape if attr else None, out)
    return out


def value_problems(here: str, value: Any, shape: Shape | None, out: list[Problem]) -> None:
    """Append to ``out`` the problems of ``value`` against ``shape`` (None: any shape)."""
    if value is None:
        out.append(Problem(here, "null value"))
        return
    if isinstance(value, str | list | dict) and not (
        value.strip() if isinstance(value, str) else value
    ):
        out.append(Problem(here, f"empty value {_show(value)}"))
        return
    if shape is None:  # undeclared: only nulls and empties are wrong, at any depth
        if isinstance(value, dict):
            for k, v in value.items():
                value_problems(_at(here, k), v, None, out)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                value_problems(_at(here, i), v, None, out)
        return
    if shape == "text":
        shape = _TEXT
    if isinstance(shape, str):
        test, expected = _SCALARS[shape]
        if not test(value):
            out.append(Problem(here, f"expected {expected}, got {_show(value)}"))
    elif isinstance(shape, tuple):
        if value not in shape:
            choices = ", ".join(repr(c) for c in shape)
            out.append(Problem(here, f"expected one of {choices}, got {_show(value)}"))
    elif isinstance(shape, list):
        if not isinstance(value, list):
            out.append(Problem(here, f"expected a list, got {_show(value)}"))
            return
        for i, item in enumerate(value):
            value_problems(f"{here}[{i}]", item, shape[0], out)
    else:
        _object_problems(here, value, shape, out)


def _object_problems(here: str, value: Any, shape: dict[str, Shape], out: list[Problem]) -> None:
    keys = {k.rstrip("?"): k for k in shape}
    what = "a bilingual text {zh?, en}" if shape is _TEXT else "an object"
    if not isinstance(value, dict):
        out.append(Problem(here, f"expected {what}, got {_show(value)}"))
        return
    for k, v in value.items():
        if k not in keys:
            if v is None:
                out.append(Problem(_at(here, k), "null value"))
            else:
                allowed = ", ".join(keys)
                out.append(Problem(_at(here, k), f"unexpected key in {what} (keys: {allowed})"))
            continue
        value_problems(_at(here, k), v, shape[keys[k]], out)
    for k in shape:
        if not k.endswith("?") and k not in value:
            out.append(Problem(here, f"missing key {k!r} of {what}"))


def _at(here: str, key: Any) -> str:
    return f"{here}[{key}]" if isinstance(key, int) else f"{here}.{key}"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
