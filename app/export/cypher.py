"""Cypher: a script of ``MERGE`` statements that loads the graph into a property graph.

Each statement ends with ``;`` at the end of a line (a statement spans lines only where a
string holds a newline). A node gets one label, its type's class name (``Measure``…), and
its flat fields as properties (``id``, ``type``, ``name_zh``, ``name_en``, ``aliases`` as a
list, ``description_en``, ``description_zh``, ``quote``, ``sources`` as JSON, and an
``attr_<key>`` per free attribute). An edge is a relationship whose type is the relation in
upper case (``PART_OF``…) with ``id``, ``relation``, ``evidence``, ``rationale``, ``quote``,
``sources`` and its attributes. Every string is a single-quoted literal with ``\\`` and
``'`` escaped (see :func:`string`); the file is UTF-8.

Two dialects share the same ``MERGE`` body:

``neo4j``
    starts with a uniqueness constraint on ``id`` per label (Neo4j 5 syntax);
``kuzu``
    starts with the ``CREATE NODE TABLE`` / ``CREATE REL TABLE`` statements an embedded
    engine with a fixed schema needs.

Running the script twice changes nothing (``MERGE`` on ``id``, then ``SET``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from app.answers.schemas import EdgeOut, NodeOut
from app.answers.views import views
from app.export.fields import (
    Kind,
    edge_fields,
    edge_kinds,
    flat_attributes,
    node_fields,
    node_kinds,
)
from app.export.rdf import class_name
from app.graph.snapshot import Snapshot

Dialect = Literal["neo4j", "kuzu"]
DIALECTS: tuple[Dialect, ...] = ("neo4j", "kuzu")
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_KUZU_TYPES: dict[Kind, str] = {
    "bool": "BOOLEAN",
    "int": "INT64",
    "float": "DOUBLE",
    "str": "STRING",
}
#: the fixed node and edge properties, with their types
NODE_PROPERTIES: tuple[tuple[str, str], ...] = (
    ("id", "STRING"),
    ("type", "STRING"),
    ("name_zh", "STRING"),
    ("name_en", "STRING"),
    ("aliases", "STRING[]"),
    ("description_en", "STRING"),
    ("description_zh", "STRING"),
    ("quote", "STRING"),
    ("sources", "STRING"),
)
EDGE_PROPERTIES: tuple[tuple[str, str], ...] = (
    ("id", "STRING"),
    ("relation", "STRING"),
    ("evidence", "STRING"),
    ("rationale", "STRING"),
    ("quote", "STRING"),
    ("sources", "STRING"),
)


def string(text: str) -> str:
    r"""A Cypher string literal for ``text``: single-quoted, ``\`` and ``'`` escaped.

    Every other character, newlines and other control characters included, is written as
    it is: openCypher allows any character but the quote and the backslash in a literal,
    and engines differ on the other escape sequences (``\n``, ``\u``), so none are used.

    >>> print(string("it's a \\ path"))
    'it\'s a \\ path'
    >>> string("河谷") == "'河谷'"
    True
    """
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def ident(name: str) -> str:
    """A Cypher identifier: as is when plain, else back-quoted.

    >>> ident("name_zh"), ident("attr_unit price"), ident("a`b")
    ('name_zh', '`attr_unit price`', '`a``b`')
    """
    return name if _PLAIN.match(name) else "`" + name.replace("`", "``") + "`"


def literal(value: Any) -> str:
    """A Cypher literal for a flat value: string, number, boolean or list of strings.

    >>> literal(True), literal(3), literal(2.5), literal(["a", "b'"])
    ('true', '3', '2.5', "['a', 'b\\\\'']")
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return string(str(value))


def rel_type(relation: str) -> str:
    """The relationship type of a relation: ``part_of`` -> ``PART_OF``."""
    return relation.upper()


def _node_props(n: NodeOut, kinds: Mapping[str, Kind]) -> dict[str, Any]:
    props = node_fields(n)
    props["aliases"] = list(n.aliases)
    props.update(flat_attributes(n.attributes, kinds))
    return {k: v for k, v in props.items() if v not in ("", [])}


def _edge_props(e: EdgeOut, kinds: Mapping[str, Kind]) -> dict[str, Any]:
    props = edge_fields(e)
    for k in ("source", "target"):
        del props[k]
    props.update(flat_attributes(e.attributes, kinds))
    return {k: v for k, v in props.items() if v != ""}


def _set(var: str, props: Mapping[str, Any]) -> str:
    items = [f"{var}.{ident(k)} = {literal(v)}" for k, v in props.items() if k != "id"]
    return " SET " + ", ".join(items) if items else ""


def merge_statements(snap: Snapshot) -> list[str]:
    """The ``MERGE`` statements: every node, then every edge."""
    nk, ek = node_kinds(snap), edge_kinds(snap)
    lines = []
    for n in views(snap).nodes.values():
        props = _node_props(n, nk)
        label = ident(class_name(n.type))
        lines.append(f"MERGE (n:{label} {{id: {string(n.id)}}}){_set('n', props)};")
    for e in views(snap).edges.values():
        props = _edge_props(e, ek)
        s_label = ident(class_name(snap.nodes[e.source].type))
        t_label = ident(class_name(snap.nodes[e.target].type))
        lines.append(
            f"MATCH (a:{s_label} {{id: {string(e.source)}}}), (b:{t_label} {{id: "
            f"{string(e.target)}}}) MERGE (a)-[r:{ident(rel_type(e.relation))} "
            f"{{id: {string(e.id)}}}]->(b){_set('r', props)};"
        )
    return lines


def _columns(
    fixed: Iterable[tuple[str, str]], attrs: Iterable[Mapping[str, Any]], kinds: Mapping[str, Kind]
) -> str:
    used: set[str] = set()
    for a in attrs:
        used.update(k for k, v in a.items() if v is not None)
    cols = [f"{ident(k)} {t}" for k, t in fixed]
    cols += [f"{ident('attr_' + k)} {_KUZU_TYPES[kind]}" for k, kind in kinds.items() if k in used]
    return ", ".join(cols)


def kuzu_schema(snap: Snapshot) -> list[str]:
    """``CREATE NODE TABLE`` per node type and ``CREATE REL TABLE`` per relation in use."""
    nk, ek = node_kinds(snap), edge_kinds(snap)
    lines = []
    for t, ids in snap.by_type.items():
        cols = _columns(NODE_PROPERTIES, (snap.nodes[i].attributes for i in ids), nk)
        lines.append(
            f"CREATE NODE TABLE IF NOT EXISTS {ident(class_name(t))}({cols}, PRIMARY KEY (id));"
        )
    for rel, ids in snap.by_relation.items():
        pairs = dict.fromkeys(
            (
                class_name(snap.nodes[snap.edges[i].source].type),
                class_name(snap.nodes[snap.edges[i].target].type),
            )
            for i in ids
        )
        ends = ", ".join(f"FROM {ident(a)} TO {ident(b)}" for a, b in pairs)
        cols = _columns(EDGE_PROPERTIES, (snap.edges[i].attributes for i in ids), ek)
        lines.append(f"CREATE REL TABLE IF NOT EXISTS {ident(rel_type(rel))}({ends}, {cols});")
    return lines


def neo4j_schema(snap: Snapshot) -> list[str]:
    """A uniqueness constraint on ``id`` for each label in use (Neo4j 5)."""
    return [
        f"CREATE CONSTRAINT {ident('plangraph_' + t + '_id')} IF NOT EXISTS "
        f"FOR (n:{ident(class_name(t))}) REQUIRE n.id IS UNIQUE;"
        for t in snap.by_type
    ]


def write_cypher(snap: Snapshot, dialect: Dialect = "neo4j") -> bytes:
    """The script: a comment line, the dialect's schema statements, then the ``MERGE`` body.

    Examples
    --------
    >>> from app import load_plan
    >>> script = write_cypher(load_plan(), "kuzu").decode()
    >>> script.count("\\nMERGE (n:") == len(load_plan().nodes)
    True
    """
    schema = kuzu_schema(snap) if dialect == "kuzu" else neo4j_schema(snap)
    head = f"// PlanGraph export, dataset version {snap.version}, {dialect} dialect"
    return ("\n".join([head, *schema, *merge_statements(snap)]) + "\n").encode()
