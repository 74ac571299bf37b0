"""The tools: each one small function ``f(snap, ...)`` over the API's own query functions.

A tool is declared by :func:`tool` with the answer shape it returns (the API's response
model: the tool's output schema), the short answer that opens its text
(:mod:`app.mcp.say`) and its arguments (:mod:`app.mcp.params`). :func:`tool_objects`
turns the declarations into the SDK's tools for a snapshot source: each call reads the
snapshot once, runs the function, and returns the answer as structured content (the very
JSON the API serves) with a text that begins with the short answer and goes on with the
quoted passages behind every node and edge it names (:mod:`app.mcp.passages`). An error
the API answers with a problem (an unknown id, a value out of range) is a tool error
with the problem's title and detail.

Adding a tool is adding one decorated function here.

>>> sorted(t.name for t in TOOLS)[:3]
['city_measures', 'dependencies', 'explain']
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.tools import Tool
from mcp.server.mcpserver.utilities.func_metadata import FuncMetadata
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, TypeAdapter

from app.answers import paths as path_answers
from app.answers import traverse
from app.answers.cities import city_measures_json, measure_cities_json
from app.answers.nodes import neighbors_json, node_detail_json
from app.answers.params import parse_scopes
from app.answers.schemas import (
    CityMeasures,
    Explanation,
    MeasureCities,
    NodeDetail,
    Page,
    Paths,
    RelationOut,
    SearchResult,
    Traversal,
)
from app.answers.search import search_json
from app.config import load_settings
from app.errors import PlanGraphError
from app.graph.snapshot import Snapshot
from app.graph.walk import MAX_DEPTH
from app.mcp import say
from app.mcp.params import (
    CityId,
    Depth,
    Direction,
    EvidenceArg,
    Hits,
    Limit,
    MeasureId,
    NodeId,
    Offset,
    PathLength,
    PathLimit,
    Query,
    RelationArg,
    Relations,
    ScopeList,
    SparqlQuery,
    TypeArg,
    Types,
)
from app.mcp.passages import passages, render
from app.sparql.answer import SparqlAnswer, sparql_answer
from app.sparql.query import Limits

__all__ = ["TOOLS", "ToolSpec", "call", "tool", "tool_objects"]

Answer = dict[str, Any]
#: what a tool function returns: the API's finished JSON, or its response model
Result = bytes | BaseModel
#: the snapshot a call reads (the server's current one)
SnapshotSource = Callable[[], Snapshot]

#: every tool only reads the plan, and answers the same for the same plan
READ_ONLY = ToolAnnotations(
    read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
)


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """A declared tool: its function, output shape, short answer and title."""

    fn: Callable[..., Result]
    output: Any
    say: Callable[[Answer], str]
    title: str

    @property
    def name(self) -> str:
        return self.fn.__name__


TOOLS: list[ToolSpec] = []


def tool(
    output: Any, speak: Callable[[Answer], str], title: str
) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Declare ``fn(snap, ...)`` a tool answering ``output`` (an API response model)."""

    def declare(fn: Callable[..., Result]) -> Callable[..., Result]:
        TOOLS.append(ToolSpec(fn, output, speak, title))
        return fn

    return declare


def _structured(result: Result) -> Answer:
    if isinstance(result, bytes):
        answer: Answer = orjson.loads(result)
        return answer
    return result.model_dump(mode="json", by_alias=True)  # as FastAPI serialises it


def call(spec: ToolSpec, snap: Snapshot, **arguments: Any) -> CallToolResult:
    """Run a tool on ``snap``: the structured answer, and the text that cites it.

    Raises
    ------
    ToolError
        With the title and detail of the problem the API would answer.
    """
    try:
        answer = _structured(spec.fn(snap, **arguments))
    except PlanGraphError as exc:
        raise ToolError(f"{exc.title}: {exc.detail}") from exc
    text = spec.say(answer) + "\n\n" + render(passages(snap, answer))
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=answer)


def _bound(spec: ToolSpec, current: SnapshotSource) -> Callable[..., CallToolResult]:
    """``spec.fn`` without its snapshot parameter: the callable the SDK introspects."""

    @functools.wraps(spec.fn)
    def run(**arguments: Any) -> CallToolResult:
        try:
            snap = current()  # one snapshot for the whole call
        except PlanGraphError as exc:  # none loaded yet
            raise ToolError(f"{exc.title}: {exc.detail}") from exc
        return call(spec, snap, **arguments)

    signature = inspect.signature(spec.fn, eval_str=True)
    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=list(signature.parameters.values())[1:], return_annotation=CallToolResult
    )
    run.__annotations__ = {
        k: v for k, v in inspect.get_annotations(spec.fn, eval_str=True).items() if k != "snap"
    }
    return run


def output_schema(output: Any) -> dict[str, Any]:
    """The JSON Schema of an answer as served (field aliases, as in the OpenAPI)."""
    schema: dict[str, Any] = TypeAdapter(output).json_schema(mode="serialization", by_alias=True)
    return schema


def tool_objects(current: SnapshotSource) -> list[Tool]:
    """The SDK's tools, each reading ``current()`` once per call."""
    out = []
    for spec in TOOLS:
        made = Tool.from_function(
            _bound(spec, current),
            name=spec.name,
            title=spec.title,
            description=inspect.cleandoc(spec.fn.__doc__ or ""),
            annotations=READ_ONLY,
            structured_output=False,
        )
        meta = FuncMetadata(
            arg_model=made.fn_metadata.arg_model, output_schema=output_schema(spec.output)
        )
        out.append(made.model_copy(update={"fn_metadata": meta}))
    return out


# ---------------------------------------------------------------- the tools


@tool(SearchResult, say.say_search, "Search the plan")
def search(snap: Snapshot, q: Query, type: TypeArg = None, limit: Hits = 20) -> Result:
    """Find nodes (goals, measures, actions, platforms, cities, ...) by name in Chinese,
    English or pinyin, by alias, or by a quote from the plan; best first (exact > prefix >
    substring > fuzzy). Use the ids it returns with the other tools."""
    return search_json(snap, q, type, limit, [])


@tool(NodeDetail, say.say_node, "Get a node")
def get_node(snap: Snapshot, node_id: NodeId) -> Result:
    """One node in full: names, description, attributes, the passages of the plan it is
    drawn from, and every relation it takes part in."""
    return node_detail_json(snap, node_id)


@tool(Page[RelationOut], say.say_neighbors, "A node's neighbours")
def neighbors(
    snap: Snapshot,
    node_id: NodeId,
    relation: RelationArg = None,
    direction: Direction = None,
    type: TypeArg = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Result:
    """A node's relations, one page at a time, filtered by relation, direction and the type
    of the node at the other end."""
    return neighbors_json(snap, node_id, relation, direction, type, limit, offset)


@tool(CityMeasures, say.say_city_measures, "Measures reaching a city")
def city_measures(snap: Snapshot, city_id: CityId, scope: ScopeList = None) -> Result:
    """Every measure of the plan that reaches a city, with its scope (explicit: the plan
    names the city; located: it names a place in the city; metro_wide: the city is reached
    as part of the whole area) and the actions and places (via) behind it."""
    return city_measures_json(snap, city_id, parse_scopes(scope))


@tool(MeasureCities, say.say_measure_cities, "Cities a measure reaches")
def measure_cities(snap: Snapshot, measure_id: MeasureId, scope: ScopeList = None) -> Result:
    """Every city a measure reaches, with the scope and the actions and places (via) that
    reach it."""
    return measure_cities_json(snap, measure_id, parse_scopes(scope))


@tool(Traversal, say.say_traversal, "What a node needs")
def dependencies(
    snap: Snapshot,
    node_id: NodeId,
    depth: Depth = MAX_DEPTH,
    relation: Relations = None,
    type: Types = None,
    evidence: EvidenceArg = None,
) -> Result:
    """Everything a node needs, transitively (bounded by depth and a node budget; the
    answer says truncated when a budget stopped it), with every edge walked and its
    passages."""
    return traverse.traversal_json(snap, node_id, "dependencies", depth, relation, type, evidence)


@tool(Traversal, say.say_traversal, "What needs a node")
def impact(
    snap: Snapshot,
    node_id: NodeId,
    depth: Depth = MAX_DEPTH,
    relation: Relations = None,
    type: Types = None,
    evidence: EvidenceArg = None,
) -> Result:
    """Everything that needs a node, transitively: what is affected if it slips (bounded
    like dependencies), with every edge walked and its passages."""
    return traverse.traversal_json(snap, node_id, "impact", depth, relation, type, evidence)


@tool(Paths, say.say_paths, "Paths between two nodes")
def paths(
    snap: Snapshot,
    source: NodeId,
    target: NodeId,
    max_length: PathLength = 6,
    limit: PathLimit = 3,
    directed: bool = False,
) -> Result:
    """The shortest simple paths between two nodes, shortest first, each edge with its
    passages; direction is ignored unless directed is true."""
    return path_answers.paths(snap, source, target, max_length, limit, directed)


@tool(Explanation, say.say_explanation, "Why one node bears on another")
def explain(snap: Snapshot, source: NodeId, target: NodeId) -> Result:
    """Why one node bears on another: the best path read as sentences in Chinese and
    English, each step with the passage it cites."""
    return path_answers.explain(snap, source, target)


@tool(SparqlAnswer, say.say_sparql, "Ask the plan in SPARQL")
def sparql(snap: Snapshot, query: SparqlQuery) -> Result:
    """Run a read-only SPARQL 1.1 query over the plan as RDF (the /v1/sparql endpoint's
    store and limits): SELECT and ASK answer as SPARQL JSON results, CONSTRUCT and DESCRIBE
    as N-Triples; the plan's nodes the answer names are listed with the passages they
    cite. Nodes are node:<id>, their types pg:Measure, pg:Action …, names rdfs:label @zh/@en."""
    return sparql_answer(snap, query, Limits.from_settings(load_settings()))
