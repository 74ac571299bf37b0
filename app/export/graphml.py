"""GraphML for Gephi, yEd, igraph and networkx, written by networkx.

Every value is a GraphML scalar: names are ``name_zh`` and ``name_en`` (``label`` repeats the
Chinese name, the label Gephi shows), lists and sources are JSON strings, and each free
attribute is a key ``attr_<key>`` with one type for the whole graph. Edge ids are the
GraphML edge ids; ``label`` on an edge is its relation.
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

from app.answers.views import views
from app.export.fields import (
    edge_fields,
    edge_kinds,
    flat_attributes,
    node_fields,
    node_kinds,
)
from app.graph.snapshot import Snapshot


def flat_graph(snap: Snapshot) -> nx.MultiDiGraph:
    """A MultiDiGraph of the snapshot whose attributes are all scalars."""
    g = nx.MultiDiGraph(version=snap.version, title_zh=snap.plan.title.zh)
    g.graph["title_en"] = snap.plan.title.en
    nk, ek = node_kinds(snap), edge_kinds(snap)
    for nid, n in views(snap).nodes.items():
        attrs: dict[str, Any] = node_fields(n)
        del attrs["id"]
        attrs["label"] = n.name.zh
        attrs.update(flat_attributes(n.attributes, nk))
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
