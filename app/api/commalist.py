"""Comma-separated enumerations in the query string (``?scope=explicit,located``).

A parameter declared as ``list[SomeLiteral]`` with :func:`split_commas` and
:data:`COMMA_SEPARATED` takes its names comma-separated, repeated
(``?scope=explicit&scope=located``, what generated clients send by default) or both; each
name must be one of the literal's values, so FastAPI refuses an unknown one (422) and the
OpenAPI document lists them as an array of enums, at least one, ``style: form, explode:
false`` (:mod:`app.api.openapi`). Names are not trimmed and an empty name is refused (an
empty value too: ``?scope=`` is one empty name; leave the parameter out for no filter), so
that what the server accepts is exactly what the schema allows.

>>> split_commas(["explicit,located", "metro_wide"])
['explicit', 'located', 'metro_wide']
>>> split_commas([""]), split_commas(None) is None
([''], True)
"""

from __future__ import annotations

from typing import Any

__all__ = ["COMMA_SEPARATED", "MARKER", "split_commas"]

#: the schema keyword :mod:`app.api.openapi` turns into ``style: form, explode: false``
MARKER = "x-comma-separated"
#: ``json_schema_extra`` of a comma-separated parameter's ``Query``
COMMA_SEPARATED: dict[str, Any] = {MARKER: True}


def split_commas(value: Any) -> Any:
    """The names of a list parameter's values, each split at its commas (a pydantic
    before-validator; anything but a list of strings is left for pydantic to refuse)."""
    if not isinstance(value, list):
        return value
    out: list[Any] = []
    for item in value:
        if isinstance(item, str):
            out.extend(item.split(","))
        else:
            out.append(item)
    return out
