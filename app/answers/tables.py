"""List-shaped answers as tables: one row per item, one column per flat field, as CSV.

An answer is tabulated from its own fields, walked with its response model: a nested
object becomes prefixed columns (``name`` gives ``name_zh`` and ``name_en``), a list of
nodes (summaries) becomes its ids and names joined by ``"; "``, and anything else that is
a list or an object (aliases, attributes, sources) is one cell of JSON text. A field the
model does not declare is kept too, after the declared ones, so that a field added to an
answer appears in its table without a change here. Which list is the rows, which fields
repeat on every row, and which list of each item is spread over several rows is said once
per answer shape (:data:`TABLES`).

UTF-8, a header row, RFC 4180 quoting and ``CRLF`` line ends (Python's :mod:`csv`);
``bom=True`` starts the text with a byte order mark, which spreadsheet programs need to
read UTF-8.

Examples
--------
>>> from app.answers.schemas import CityMatrix
>>> answer = {
...     "cities": [{"id": "c", "type": "city", "name": {"zh": "城", "en": "City"}}],
...     "measures": [{"id": "m", "type": "measure", "name": {"zh": "措", "en": "M"},
...                   "pillar": None}],
...     "scopes": ["explicit"], "matrix": [["explicit"]],
...     "cells": [{"city": "c", "measure": "m", "scope": "explicit", "actions": 2}],
... }
>>> print(to_csv(tabulate(CityMatrix, answer)).decode(), end="")
city_id,city_type,city_name_zh,city_name_en,measure_id,measure_type,measure_name_zh,measure_name_en,measure_pillar,scope,actions\r
c,city,城,City,m,measure,措,M,,explicit,2\r
"""

from __future__ import annotations

import csv
import io
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import orjson
from pydantic import BaseModel

from app.answers.schemas import (
    Centrality,
    CityMatrix,
    CityMeasures,
    FacetCount,
    MeasureCities,
    Page,
    SearchResult,
    Summary,
    Traversal,
)

__all__ = [
    "JOIN",
    "TABLES",
    "Table",
    "Tabulated",
    "columns",
    "facet_table",
    "table_of",
    "tabulate",
    "to_csv",
]

#: between the values of a list of nodes in one cell
JOIN = "; "


@dataclass(frozen=True, slots=True)
class Table:
    """How an answer shape becomes rows.

    Attributes
    ----------
    rows : str
        The answer's field listing the items: one row each.
    context : tuple of str
        Answer fields repeated on every row, as columns prefixed with their name.
    spread : str or None
        A list field of each item spread over rows: one row per element (an item whose list
        is empty keeps one row), its fields prefixed with the field's singular.
    lookups : mapping of str to str
        Item fields holding an id, each replaced by the object with that id from an answer
        list (field to list), so that a row has names, not only ids.
    """

    rows: str
    context: tuple[str, ...] = ()
    spread: str | None = None
    lookups: Mapping[str, str] = field(default_factory=dict)


#: the answer shapes served as tables, by response model (a generic one by its origin)
TABLES: dict[type[BaseModel], Table] = {
    Page: Table("items"),
    SearchResult: Table("items"),
    Centrality: Table("items"),
    Traversal: Table("nodes"),
    CityMeasures: Table("items", context=("city",), spread="actions"),
    MeasureCities: Table("items", context=("measure", "pillar"), spread="actions"),
    CityMatrix: Table("cells", lookups={"city": "cities", "measure": "measures"}),
}


@dataclass(frozen=True, slots=True)
class Tabulated:
    """Rows of flat text cells under a header."""

    columns: list[str]
    rows: list[dict[str, str]]


def table_of(model: type[BaseModel] | None) -> Table | None:
    """The table an answer shape is served as, or None when it is not list-shaped.

    >>> from app.answers.schemas import NodeOut, Meta
    >>> table_of(Page[NodeOut]).rows, table_of(Meta)
    ('items', None)
    """
    if model is None:
        return None
    origin = model.__pydantic_generic_metadata__.get("origin") or model
    return TABLES.get(origin)


# -- the walk of a response model -------------------------------------------------------

#: how a field becomes columns: ``model`` (prefixed columns), ``nodes`` (a list of
#: summaries: joined ids and names), ``json`` (one cell of JSON text) or ``scalar``
_Kind = typing.Literal["model", "nodes", "json", "scalar"]


def _unwrap(annotation: Any) -> Any:
    """The annotation without ``None`` (``X | None`` is ``X``)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, _Kind, Any], ...]:
    """(key in the answer, kind, nested model or None) of each field of ``model``."""
    out: list[tuple[str, _Kind, Any]] = []
    for name, info in model.model_fields.items():
        key = info.serialization_alias or info.alias or name
        ann = _unwrap(info.annotation)
        if _is_model(ann):
            out.append((key, "model", ann))
        elif typing.get_origin(ann) is list and _is_summary(typing.get_args(ann)):
            out.append((key, "nodes", typing.get_args(ann)[0]))
        elif typing.get_origin(ann) in (list, dict) or ann is Any:
            out.append((key, "json", None))
        else:
            out.append((key, "scalar", None))
    return tuple(out)


def _is_summary(args: tuple[Any, ...]) -> bool:
    return len(args) == 1 and _is_model(args[0]) and issubclass(args[0], Summary)


def _item_model(model: type[BaseModel], key: str) -> type[BaseModel] | None:
    """The model of the elements of ``model``'s list field ``key`` (None: not a model)."""
    for name, info in model.model_fields.items():
        if (info.serialization_alias or info.alias or name) == key:
            ann = _unwrap(info.annotation)
            args = typing.get_args(ann) if typing.get_origin(ann) is list else (ann,)
            return args[0] if args and _is_model(args[0]) else None
    return None


def _field_columns(kind: _Kind, sub: Any, name: str) -> list[str]:
    """The columns of one field whose column (or column prefix) is ``name``."""
    return _model_columns(sub, f"{name}_") if kind in ("model", "nodes") else [name]


def _model_columns(model: type[BaseModel], prefix: str) -> list[str]:
    return [c for key, kind, sub in _fields(model) for c in _field_columns(kind, sub, prefix + key)]


# -- cells ------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    """One value as the text of a cell: empty for null, JSON for a list or an object.

    >>> [_cell(v) for v in (None, True, 2, 0.5, "是", ["a"], {"k": 1})]
    ['', 'true', '2', '0.5', '是', '["a"]', '{"k":1}']
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return orjson.dumps(value).decode()


def _flatten_free(value: Any, prefix: str, out: dict[str, str]) -> None:
    """A value no model describes: an object spread over prefixed columns, else one cell."""
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten_free(v, f"{prefix}_{k}", out)
    else:
        out[prefix] = _cell(value)


def _put(kind: _Kind, sub: Any, value: Any, name: str, out: dict[str, str]) -> None:
    """The cells of one field whose column (or column prefix) is ``name``."""
    if kind == "model":
        _flatten(sub, value if isinstance(value, dict) else {}, f"{name}_", out)
    elif kind == "nodes":
        flats = []
        for element in value or ():
            flat: dict[str, str] = {}
            _flatten(sub, element, "", flat)
            flats.append(flat)
        for col in _model_columns(sub, ""):
            out[f"{name}_{col}"] = JOIN.join(f.get(col, "") for f in flats)
    else:
        out[name] = _cell(value)


def _flatten(
    model: type[BaseModel], data: Mapping[str, Any], prefix: str, out: dict[str, str]
) -> None:
    """The cells of an object of ``model``, columns prefixed with ``prefix``."""
    known = set()
    for key, kind, sub in _fields(model):
        known.add(key)
        _put(kind, sub, data.get(key), prefix + key, out)
    for key, value in data.items():  # a field the model does not declare (yet)
        if key not in known:
            _flatten_free(value, prefix + key, out)


def _singular(name: str) -> str:
    return name[:-1] if name.endswith("s") else name


def tabulate(model: type[BaseModel], answer: Mapping[str, Any]) -> Tabulated:
    """The rows of a list-shaped ``answer`` (plain data, as served in JSON) of ``model``.

    Parameters
    ----------
    model : type of BaseModel
        The answer's response model; :func:`table_of` must know it.
    answer : mapping
        The answer as parsed from its JSON.

    Returns
    -------
    Tabulated
        Columns in a stable order (the model's fields, then any field it does not
        declare, in order of appearance) and one row of text cells per item.

    Examples
    --------
    >>> from app.answers.schemas import NodeOut
    >>> node = {"id": "n", "type": "city", "name": {"zh": "城", "en": "Town"},
    ...         "aliases": [], "description": None, "attributes": {}, "sources": []}
    >>> t = tabulate(Page[NodeOut], {"items": [node], "total": 1, "limit": 1, "offset": 0})
    >>> t.columns[:5], t.rows[0]["name_zh"]
    (['id', 'type', 'name_zh', 'name_en', 'aliases'], '城')
    """
    spec = table_of(model)
    if spec is None:
        raise ValueError(f"{model.__name__} is not a list-shaped answer")
    item_model = _item_model(model, spec.rows)
    if item_model is None:
        raise ValueError(f"{model.__name__}.{spec.rows} is not a list of objects")
    context: dict[str, str] = {}
    columns: list[str] = []
    for key in spec.context:
        ctx_model = _fields_model(model, key)
        _flatten(ctx_model, answer.get(key) or {}, f"{key}_", context)
        columns += _model_columns(ctx_model, f"{key}_")
    lookups = {
        key: (
            {o["id"]: o for o in answer.get(source) or ()},
            _item_model(model, source),
        )
        for key, source in spec.lookups.items()
    }
    spread_model = _item_model(item_model, spec.spread) if spec.spread else None
    known = {key for key, _, _ in _fields(item_model)}
    spread_prefix = _singular(spec.spread or "")
    for key, kind, sub in _fields(item_model):
        target = lookups[key][1] if key in lookups else None
        if key == spec.spread:
            columns += _spread_columns(spread_model, spread_prefix) if spread_model else []
        elif target is not None:
            columns += _model_columns(target, f"{key}_")
        else:
            columns += _field_columns(kind, sub, key)
    rows: list[dict[str, str]] = []
    for item in answer.get(spec.rows) or ():
        base = dict(context)
        for key, (by_id, target) in lookups.items():
            if target is not None and isinstance(item.get(key), str):
                _flatten(target, by_id.get(item[key], {}), f"{key}_", base)
        for key, kind, sub in _fields(item_model):
            if key != spec.spread and not (key in lookups and lookups[key][1] is not None):
                _put(kind, sub, item.get(key), key, base)
        for key, value in item.items():  # a field the model does not declare (yet)
            if key != spec.spread and key not in known:
                _flatten_free(value, key, base)
        elements = item.get(spec.spread) if spec.spread else None
        if spread_model is None or not elements:
            rows.append(base)
            continue
        for element in elements:
            row = dict(base)
            _flatten_spread(spread_model, element, spread_prefix, row)
            rows.append(row)
    seen = set(columns)
    for row in rows:  # fields no model declares, in order of appearance
        for col in row:
            if col not in seen:
                seen.add(col)
                columns.append(col)
    return Tabulated(columns, rows)


def _fields_model(model: type[BaseModel], key: str) -> type[BaseModel]:
    for k, kind, sub in _fields(model):
        if k == key and kind == "model":
            return sub  # type: ignore[no-any-return]
    raise ValueError(f"{model.__name__}.{key} is not an object")


def _spread_name(singular: str, key: str) -> str:
    """The column of a spread element's field: ``action`` stays ``action``, ``scope``
    becomes ``action_scope``."""
    return singular if key == singular else f"{singular}_{key}"


def _spread_columns(model: type[BaseModel], singular: str) -> list[str]:
    return [
        c
        for key, kind, sub in _fields(model)
        for c in _field_columns(kind, sub, _spread_name(singular, key))
    ]


def _flatten_spread(
    model: type[BaseModel], element: Mapping[str, Any], singular: str, out: dict[str, str]
) -> None:
    known = set()
    for key, kind, sub in _fields(model):
        known.add(key)
        _put(kind, sub, element.get(key), _spread_name(singular, key), out)
    for key, value in element.items():  # a field the model does not declare (yet)
        if key not in known:
            _flatten_free(value, _spread_name(singular, key), out)


def columns(model: type[BaseModel]) -> list[str]:
    """The header of ``model``'s table when the answer adds no field (for the docs and
    an empty answer).

    >>> from app.answers.schemas import SearchResult
    >>> columns(SearchResult)
    ['node_id', 'node_type', 'node_name_zh', 'node_name_en', 'score', 'field']
    """
    return tabulate(model, {}).columns


def facet_table(facets: Mapping[str, Sequence[Mapping[str, Any]]]) -> Tabulated:
    """Facet counts as rows: the facet, the value, its count and its names.

    >>> t = facet_table({"type": [{"value": "city", "count": 8, "name": None}]})
    >>> t.columns, t.rows[0]["count"]
    (['facet', 'value', 'count', 'name_zh', 'name_en'], '8')
    """
    cols = ["facet", *_model_columns(FacetCount, "")]
    rows = []
    for facet, counts in facets.items():
        for count in counts:
            row = {"facet": facet}
            _flatten(FacetCount, count, "", row)
            rows.append(row)
    return Tabulated(cols, rows)


def to_csv(table: Tabulated, bom: bool = False) -> bytes:
    """The table as CSV bytes: UTF-8, a header row, RFC 4180 quoting, ``CRLF`` line ends.

    >>> to_csv(Tabulated(["a", "b"], [{"a": "x,y", "b": "是"}]), bom=True)
    b'\\xef\\xbb\\xbfa,b\\r\\n"x,y",\\xe6\\x98\\xaf\\r\\n'
    """
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=table.columns, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows(table.rows)
    return buf.getvalue().encode("utf-8-sig" if bom else "utf-8")
