"""Build-time uniqueness: every cited quote, with its selectors, must name one place.

A citation's ``TextQuoteSelector`` (the quote with up to :data:`~app.passages.MAX_WIDTH`
code points each side) is what re-attaches it to a new version of its text; one that
occurs more than once in its document cannot say which place it means.

Examples
--------
>>> from app import load_plan
>>> snap = load_plan()
>>> quote_problems(snap.plan, snap.texts)
[]
"""

from __future__ import annotations

from collections.abc import Mapping

from app.errors import Problem
from app.models import PlanFile, SpanSource
from app.passages import MAX_WIDTH, Passages

__all__ = ["quote_problems"]


def quote_problems(plan: PlanFile, texts: Mapping[str, str]) -> list[Problem]:
    """A problem for each span whose selectors do not identify exactly one place.

    Parameters
    ----------
    plan : PlanFile
        A valid data file (its spans lie in their texts).
    texts : Mapping
        Each shipped document's text, by id.

    Returns
    -------
    list of Problem
        One per citation, at its JSON path, quoting the span.
    """
    where: dict[str, list[tuple[str, SpanSource]]] = {}
    owners = [("nodes", i, n.sources) for i, n in enumerate(plan.nodes)]
    owners += [("edges", i, e.sources) for i, e in enumerate(plan.edges)]
    for kind, i, sources in owners:
        for j, s in enumerate(sources):
            if isinstance(s, SpanSource) and s.document in texts:
                where.setdefault(s.document, []).append((f"$.{kind}[{i}].sources[{j}]", s))
    problems: list[Problem] = []
    for doc, cites in where.items():
        passages = Passages(texts[doc]).prepare((s.start, s.end) for _, s in cites)
        for path, s in cites:
            if not passages.get(s.start, s.end).unique:
                problems.append(
                    Problem(
                        path,
                        f"the quote {texts[doc][s.start : s.end]!r} ({s.start}..{s.end}) occurs "
                        f"more than once in {doc!r} even with {MAX_WIDTH} code points around it: "
                        "its selectors do not identify one place",
                    )
                )
    return problems
