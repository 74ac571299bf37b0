"""A large synthetic plan for pathological inputs: a hub with thousands of spokes and a
long chain of goals, built in code from the mini plan's documents."""

from __future__ import annotations

import copy
from typing import Any

from tests.miniplan import PLAN, edge, node

HUB = "hub-lab"
MEASURE = "hub-measure"
CHAIN = 30


def chain_goal(i: int) -> str:
    return f"chain-goal-{i}"


def big_plan(spokes: int = 6_000) -> dict[str, Any]:
    """The mini plan plus: ``spokes`` actions of one measure that all build one platform
    (a hub of degree ``spokes + 1``), and a chain of CHAIN goals, each part of the next."""
    plan = copy.deepcopy(PLAN)
    nodes, edges = plan["nodes"], plan["edges"]
    nodes += [
        node(HUB, "platform", "枢纽实验室", "Hub Lab"),
        node(MEASURE, "measure", "枢纽举措", "Hub measure"),
    ]
    edges += [
        edge(HUB, "located_in", "north-city"),
        edge(MEASURE, "part_of", "research-pillar"),
    ]
    for i in range(spokes):
        a = f"spoke-{i}"
        nodes.append(node(a, "action", f"行动{i}", f"Action {i}"))
        edges += [edge(a, "part_of", MEASURE), edge(a, "builds", HUB)]
    for i in range(CHAIN):
        nodes.append(node(chain_goal(i), "goal", f"目标{i}", f"Goal {i}"))
        if i:
            edges.append(edge(chain_goal(i - 1), "part_of", chain_goal(i)))
    edges.append(edge(MEASURE, "contributes_to", chain_goal(0)))
    return plan
