"""The plan's outline: goals with their sub-goals; chapters with pillars, measures and
actions.

>>> from app import load_plan
>>> snap = load_plan()
>>> outline = tree(snap)
>>> len(outline.chapters) == len(snap.by_type["chapter"])
True
"""

from __future__ import annotations

from collections.abc import Sequence

from app.answers.schemas import Tree, TreeNode
from app.answers.views import views
from app.graph.snapshot import Snapshot

__all__ = ["tree"]


def _tree(snap: Snapshot, node_id: str, child_types: Sequence[str]) -> TreeNode:
    kids = []
    if child_types:
        kids = [_tree(snap, k, child_types[1:]) for k in snap.children(node_id, child_types[0])]
    s = views(snap).summaries[node_id]
    return TreeNode(id=s.id, type=s.type, name=s.name, children=kids)


def tree(snap: Snapshot) -> Tree:
    """Goals with their sub-goals; chapters with pillars, measures and actions."""
    goals = [g for g in snap.by_type.get("goal", ()) if snap.parent(g, "goal") is None]

    def goal_tree(g: str) -> TreeNode:
        s = views(snap).summaries[g]
        return TreeNode(
            id=s.id,
            type=s.type,
            name=s.name,
            children=[goal_tree(k) for k in snap.children(g, "goal")],
        )

    return Tree(
        goals=[goal_tree(g) for g in goals],
        chapters=[
            _tree(snap, c, ("pillar", "measure", "action")) for c in snap.by_type.get("chapter", ())
        ],
    )
