"""A SPARQL answer as structured data, for callers without HTTP (the MCP tool).

SELECT and ASK give their SPARQL 1.1 JSON results, CONSTRUCT and DESCRIBE their
N-Triples; ``nodes`` lists the plan's nodes the answer names (by their ``node:`` IRIs), in
order, as summaries, so that a caller can cite the passages behind them.

Examples
--------
>>> from app import load_plan
>>> snap = load_plan()
>>> got = sparql_answer(snap, "SELECT ?m WHERE { ?m a pg:Measure } LIMIT 2")
>>> got.form, got.rows, len(got.nodes)
('SELECT', 2, 2)
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from pydantic import BaseModel, Field

from app.answers.schemas import Summary
from app.answers.views import views
from app.export.rdf import RESOURCES
from app.graph.snapshot import Snapshot
from app.sparql.query import Limits, run_query

__all__ = ["MAX_NODES", "SparqlAnswer", "sparql_answer"]

#: at most this many of the plan's nodes are listed with an answer
MAX_NODES = 50
_NODE = re.compile(re.escape(RESOURCES + "node/") + r"([a-z0-9]+(?:-[a-z0-9]+)*)")
#: SPARQL JSON results for SELECT and ASK, N-Triples for CONSTRUCT and DESCRIBE
_ACCEPT = "application/sparql-results+json, application/n-triples"


class SparqlAnswer(BaseModel):
    """The answer of one SPARQL query."""

    form: str = Field(description="SELECT, ASK, CONSTRUCT or DESCRIBE.")
    rows: int = Field(description="Solutions (SELECT, ASK) or triples (CONSTRUCT, DESCRIBE).")
    results: dict[str, Any] | None = Field(
        description="SELECT and ASK: the SPARQL 1.1 Query Results JSON."
    )
    ntriples: str | None = Field(description="CONSTRUCT and DESCRIBE: the triples.")
    nodes: list[Summary] = Field(
        description=f"The plan's nodes the answer names, in order (at most {MAX_NODES})."
    )


def sparql_answer(snap: Snapshot, query: str, limits: Limits | None = None) -> SparqlAnswer:
    """Run ``query`` over ``snap`` (read-only, within ``limits``) and shape its answer.

    Raises a :class:`~app.errors.SparqlProblem` naming the limit or rule a query runs into.
    """
    result = run_query(snap, query, _ACCEPT, limits)
    text = result.body.decode("utf-8")
    summaries = views(snap).summaries
    named = dict.fromkeys(m for m in _NODE.findall(text) if m in summaries)
    graph = result.form in ("CONSTRUCT", "DESCRIBE")
    return SparqlAnswer(
        form=result.form,
        rows=result.rows,
        results=None if graph else orjson.loads(result.body),
        ntriples=text if graph else None,
        nodes=[summaries[n] for n in list(named)[:MAX_NODES]],
    )
