"""GraphML for Gephi, yEd, igraph and networkx, written by networkx.

Every value is a GraphML scalar: names are ``name_zh`` and ``name_en`` (``label`` repeats the
Chinese name, the label Gephi shows), ``aliases`` are joined by `` | ``, sources are a JSON
string, and each free attribute is a key ``attr_<key>`` with one type for the whole graph
(a list or object as JSON text). A bilingual attribute (``{zh, en}`` or a list of them) also
gets flat columns ``attr_<key>_zh`` and ``attr_<key>_en``, joined by `` | ``, that a tool
can filter and colour by. Edge ids are the GraphML edge ids; ``label`` on an edge is its
relation.
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

from app.answers.views import views
from app.export.fields import (
    ATTR_PREFIX,
    edge_fields,
    edge_kinds,
    flat_attributes,
    node_fields,
    node_kinds,
)
from app.graph.snapshot import Snapshot

__all__ = ["JOIN", "flat_graph", "text_columns", "write_graphml"]

#: the separator of a list's items in one flat column (aliases, bilingual lists)
JOIN = " | "


def _texts(value: Any) -> list[dict[str, Any]] | None:
    """``value`` as a list of ``{zh, en}`` texts, or None when it is something else."""
    items = value if isinstance(value, list) else [value]
    if items and all(isinstance(i, dict) and "en" in i and set(i) <= {"zh", "en"} for i in items):
        return items
    return None


def text_columns(attrs: dict[str, Any]) -> dict[str, str]:
    """Flat ``attr_<key>_zh`` / ``attr_<key>_en`` columns of the bilingual attributes.

    >>> text_columns({"districts": [{"zh": "东区", "en": "East"}, {"zh": "西区", "en": "West"}]})
    {'attr_districts_zh': '东区 | 西区', 'attr_districts_en': 'East | West'}
    """
    out: dict[str, str] = {}
    for key, value in attrs.items():
        texts = _texts(value)
        if texts is None:
            continue
        for lang in ("zh", "en"):
            joined = JOIN.join(str(t[lang]) for t in texts if t.get(lang))
            if joined:
                out[f"{ATTR_PREFIX}{key}_{lang}"] = joined
    return out


def flat_graph(snap: Snapshot) -> nx.MultiDiGraph:
    """A MultiDiGraph of the snapshot whose attributes are all scalars."""
    g = nx.MultiDiGraph(version=snap.version, title_zh=snap.plan.title.zh)
    g.graph["title_en"] = snap.plan.title.en
    nk, ek = node_kinds(snap), edge_kinds(snap)
    for nid, n in views(snap).nodes.items():
        attrs: dict[str, Any] = node_fields(n)
        del attrs["id"]
        attrs["label"] = n.name.zh
        attrs["aliases"] = JOIN.join(n.aliases)  # a column to filter by, not JSON text
        attrs.update(flat_attributes(n.attributes, nk))
        attrs.update(text_columns(n.attributes))
        g.add_node(nid, **attrs)
    for eid, e in views(snap).edges.items():
        attrs = edge_fields(e)
        for k in ("id", "source", "target"):
            del attrs[k]
        attrs["label"] = e.relation
        attrs.update(flat_attributes(e.attributes, ek))
        g.add_edge(e.source, e.target, key=eid, **attrs)
    return g


def write_graphml(snap: Snapshot) -> bytes:
    """The GraphML document, UTF-8; keys are named by ``attr.name`` (ids are ``d0``, ``d1``…
    because a node key and an edge key may share a name).

    Examples
    --------
    >>> from app import load_plan
    >>> snap = load_plan()
    >>> g = nx.read_graphml(io.BytesIO(write_graphml(snap)), force_multigraph=True)
    >>> sorted(g.nodes) == sorted(snap.nodes)
    True
    """
    buf = io.BytesIO()
    nx.write_graphml_xml(flat_graph(snap), buf)
    return buf.getvalue()
