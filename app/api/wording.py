"""One wording for every enumerated parameter: ``unknown scope 'explict'; allowed: …``.

The domain's own parsers already say it so (:mod:`app.answers.params`); FastAPI's checks of
a ``Literal`` parameter say ``Input should be 'out' or 'in'``. :func:`reword` gives those the
same sentence, with the allowed values read from the route's own declaration.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from app.models import ID_PATTERN

__all__ = ["allowed_values", "reword"]


def allowed_values(annotation: Any) -> tuple[str, ...] | None:
    """The values a parameter's annotation allows when it is an enumeration, else None.

    >>> allowed_values(list[Literal["out", "in"]] | None)
    ('out', 'in')
    >>> allowed_values(int | None) is None
    True
    """
    if typing.get_origin(annotation) is Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    for arg in typing.get_args(annotation):
        found = allowed_values(arg)
        if found:
            return found
    return None


def _fields(dependant: Any) -> Iterator[Any]:
    yield from dependant.path_params
    yield from dependant.query_params
    for sub in dependant.dependencies:
        yield from _fields(sub)


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is list:
        return True
    return any(_is_list(a) for a in typing.get_args(annotation))


def reword(route: Any, error: Mapping[str, Any]) -> tuple[str, str] | None:
    """``(parameter, message)`` in the house's wording for a validation error of an
    enumerated, boolean or id parameter, or None to keep the validator's own."""
    kind = error.get("type")
    loc = [str(p) for p in error.get("loc", ())]
    if len(loc) < 2:
        return None
    name, value = loc[1], error.get("input")
    if kind == "bool_parsing":
        return name, f"must be true or false (got {value!r})"
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == ID_PATTERN:
        return name, f"{value!r} is not an id (lowercase letters and digits, hyphen-separated)"
    if kind not in ("literal_error", "enum"):
        return None
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return None
    for field in _fields(dependant):
        if field.alias != name:
            continue
        allowed = allowed_values(field.field_info.annotation)
        if not allowed:
            return None
        noun = name[:-1] if _is_list(field.field_info.annotation) and name.endswith("s") else name
        return name, f"unknown {noun} {value!r}; allowed: {', '.join(allowed)}"
    return None
