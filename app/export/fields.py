"""Flat fields shared by the tabular and property-graph formats.

GraphML, CSV and Cypher have no nested values: a node's names become ``name_zh`` and
``name_en``, its sources a JSON string plus their quotes, and each free attribute a column
``attr_<key>`` whose type is chosen once for the whole graph (bool, int, float or str), so a
column never mixes types.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import orjson

from app.answers.schemas import EdgeOut, NodeOut, SourceOut
from app.graph.snapshot import Snapshot

Kind = Literal["bool", "int", "float", "str"]
ATTR_PREFIX = "attr_"
#: the separator between the quotes of an element with several sources
QUOTE_SEP = "\n"


def to_json(value: Any) -> str:
    """Compact JSON text, keys in their given order, non-ASCII kept.

    >>> to_json({"zh": "河谷", "n": [1, 2]})
    '{"zh":"河谷","n":[1,2]}'
    """
    return orjson.dumps(value).decode()


def kind_of(value: Any) -> Kind:
    """The flat kind of one attribute value (anything nested or null is a string).

    >>> [kind_of(v) for v in (True, 3, 2.5, "x", [1], None)]
    ['bool', 'int', 'float', 'str', 'str', 'str']
    """
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "str"


def _join(a: Kind, b: Kind) -> Kind:
    if a == b:
        return a
    if {a, b} == {"int", "float"}:
        return "float"
    return "str"


def attribute_kinds(items: Iterable[Mapping[str, Any]]) -> dict[str, Kind]:
    """One kind per attribute key over all ``items``, keys sorted.

    >>> attribute_kinds([{"y": 1, "x": "a"}, {"y": 2.5}, {"x": 3}])
    {'x': 'str', 'y': 'float'}
    """
    kinds: dict[str, Kind] = {}
    for attrs in items:
        for key, value in attrs.items():
            if value is None:
                continue
            k = kind_of(value)
            kinds[key] = _join(kinds[key], k) if key in kinds else k
    return dict(sorted(kinds.items()))


def flat_value(value: Any, kind: Kind) -> bool | int | float | str:
    """``value`` as a scalar of ``kind``: numbers widened, anything else as text or JSON.

    >>> flat_value(3, "float"), flat_value([1, "a"], "str"), flat_value("x", "str")
    (3.0, '[1,"a"]', 'x')
    """
    if kind == "float" and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind in ("bool", "int", "float"):
        return value  # type: ignore[no-any-return]
    return value if isinstance(value, str) else to_json(value)


def flat_attributes(attrs: Mapping[str, Any], kinds: Mapping[str, Kind]) -> dict[str, Any]:
    """The ``attr_<key>`` columns of one element (absent and null keys stay absent)."""
    return {
        ATTR_PREFIX + k: flat_value(attrs[k], kinds[k]) for k in kinds if attrs.get(k) is not None
    }


def sources_json(sources: Sequence[SourceOut]) -> str:
    """The sources as a JSON array, each with its quote when it cites a span."""
    return to_json([s.model_dump(mode="json", exclude_none=True) for s in sources])


def quotes(sources: Sequence[SourceOut]) -> str:
    """The quoted passages, one per line."""
    return QUOTE_SEP.join(s.quote for s in sources if s.quote is not None)


def node_fields(n: NodeOut) -> dict[str, Any]:
    """The fixed flat fields of a node (attributes excluded); empty texts are ``""``."""
    desc = n.description
    return {
        "id": n.id,
        "type": n.type,
        "name_zh": n.name.zh,
        "name_en": n.name.en,
        "aliases": to_json(n.aliases),
        "description_en": desc.en if desc else "",
        "description_zh": (desc.zh or "") if desc else "",
        "quote": quotes(n.sources),
        "sources": sources_json(n.sources),
    }


def edge_fields(e: EdgeOut) -> dict[str, Any]:
    """The fixed flat fields of an edge (attributes excluded); empty texts are ``""``."""
    return {
        "id": e.id,
        "source": e.source,
        "target": e.target,
        "relation": e.relation,
        "evidence": e.evidence,
        "rationale": e.rationale or "",
        "quote": quotes(e.sources),
        "sources": sources_json(e.sources),
    }


def node_kinds(snap: Snapshot) -> dict[str, Kind]:
    """Attribute kinds over every node of the snapshot."""
    return attribute_kinds(n.attributes for n in snap.nodes.values())


def edge_kinds(snap: Snapshot) -> dict[str, Kind]:
    """Attribute kinds over every edge of the snapshot."""
    return attribute_kinds(e.attributes for e in snap.edges.values())
