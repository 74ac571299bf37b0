"""What a reviewer should look at in a valid data file: warnings, never errors.

``plangraph validate`` lists them. Two kinds:

- a ``stated`` edge whose cited passages name neither of its ends (by a name or alias): the
  passage may not say what the edge claims. The ``part_of`` edges of the plan's outline
  (a chapter, pillar, measure or action inside its parent) are left out, since an
  action's clause does not repeat its measure's name; so are edges cited by section only.
- an attribute its node type or relation does not declare (:mod:`app.vocabulary`): a plan
  may extend the format, but a typo looks the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.errors import Problem
from app.models import Node, PlanFile, SpanSource
from app.vocabulary import NODE_TYPES, RELATIONS, Attribute

__all__ = ["review_warnings"]

#: node types whose part_of edges form the plan's outline
OUTLINE = frozenset({"chapter", "pillar", "measure", "action"})


def review_warnings(plan: PlanFile, texts: Mapping[str, str]) -> list[Problem]:
    """The warnings of a valid plan, each with the JSON path of what it is about.

    Examples
    --------
    >>> from app.runtime.load import load_plan
    >>> from app.config import DEFAULT_DATA
    >>> snap = load_plan(DEFAULT_DATA)
    >>> review_warnings(snap.plan, snap.texts)
    []
    """
    out: list[Problem] = []
    nodes = {n.id: n for n in plan.nodes}
    for i, node in enumerate(plan.nodes):
        declared = NODE_TYPES[node.type].attributes
        out += _undeclared(f"$.nodes[{i}]", node.attributes, declared, f"a {node.type}")
    for i, edge in enumerate(plan.edges):
        declared = RELATIONS[edge.relation].attributes
        out += _undeclared(f"$.edges[{i}]", edge.attributes, declared, edge.relation)
        if edge.evidence != "stated":
            continue
        source, target = nodes[edge.source], nodes[edge.target]
        if edge.relation == "part_of" and source.type in OUTLINE:
            continue
        passages = [
            texts[s.document][s.start : s.end]
            for s in edge.sources
            if isinstance(s, SpanSource) and s.document in texts
        ]
        if not passages:
            continue
        if not any(_names(p, source) or _names(p, target) for p in passages):
            out.append(
                Problem(
                    f"$.edges[{i}].sources",
                    f"stated edge {edge.id!r}: no cited passage names {edge.source!r} "
                    f"or {edge.target!r}",
                )
            )
    return out


def _undeclared(
    here: str, attributes: Mapping[str, Any], declared: Mapping[str, Attribute], kind: str
) -> list[Problem]:
    return [
        Problem(f"{here}.attributes.{key}", f"attribute {key!r} is not declared for {kind}")
        for key in attributes
        if key not in declared
    ]


def _names(passage: str, node: Node) -> bool:
    """Whether the passage says one of the node's names or aliases (or is part of one).

    Letters are compared ignoring case, so a text in English is read like one in Chinese.
    """
    passage = passage.casefold()
    return any(
        name in passage or passage in name
        for name in (n.casefold() for n in (node.name.zh, node.name.en, *node.aliases))
    )
