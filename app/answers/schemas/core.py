"""Core response shapes: nodes, edges, lists, metadata, reach, documents, search."""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from app.answers.schemas.reload import LastReload
from app.models import Name, Text
from app.vocabulary import Evidence, NodeTypeName, RelationName, Scope


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Summary(_Out):
    """A node in brief: what a list or a link needs."""

    id: str
    type: NodeTypeName
    name: Name


class TextQuoteSelector(_Out):
    """W3C Web Annotation quote selector: the quote with enough text around it (about 32
    code points each side where the text has them) to occur exactly once in its document."""

    type: Literal["TextQuoteSelector"] = "TextQuoteSelector"
    exact: str
    prefix: str
    suffix: str


class TextPositionSelector(_Out):
    """W3C Web Annotation position selector: Unicode code points, end exclusive (not the
    UTF-16 code units of JavaScript strings: they differ beyond the Basic Multilingual Plane)."""

    type: Literal["TextPositionSelector"] = "TextPositionSelector"
    start: int
    end: int


Selector = Annotated[TextQuoteSelector | TextPositionSelector, Field(discriminator="type")]


class PassageContext(_Out):
    """The clause or sentence holding a cited span: ``text`` is ``document[start:end]``."""

    text: str
    start: int
    end: int


class SourceOut(_Out):
    """A citation: a span of a shipped text with its quote, or a located section.

    A span also carries its Web Annotation ``selectors`` (quote, then position) and its
    ``context``; a section (``locator``) has neither (both null).
    """

    document: str
    start: int | None = None
    end: int | None = None
    quote: str | None = None
    locator: str | None = None
    confidence: Literal["attested", "single-source"] | None = None
    selectors: list[Selector] | None = None
    context: PassageContext | None = None


class NodeOut(Summary):
    """A full node: its names, description, attributes and cited sources."""

    aliases: list[str]
    description: Text | None
    attributes: dict[str, Any]
    sources: list[SourceOut]


class EdgeOut(_Out):
    """A typed edge with its evidence and sources."""

    id: str
    source: str
    target: str
    relation: RelationName
    evidence: Evidence
    sources: list[SourceOut]
    rationale: str | None
    attributes: dict[str, Any]


class RelationOut(_Out):
    """One edge seen from a node: the relation, its direction and the node at the other end."""

    relation: RelationName
    direction: Literal["out", "in"]
    evidence: Evidence
    node: Summary
    edge: str


class NodeDetail(NodeOut):
    """A full node with every relation it takes part in."""

    relations: list[RelationOut]


class FacetCount(_Out):
    value: str
    count: int
    name: Name | None = None


T = TypeVar("T")


class Page(_Out, Generic[T]):
    """A page of a list."""

    items: list[T]
    total: int
    limit: int
    offset: int
    facets: dict[str, list[FacetCount]] | None = None


class ClauseOut(_Out):
    document: str
    start: int
    end: int
    text: str


class TextCoverage(_Out):
    clauses: int
    covered: int
    ratio: float
    uncovered: list[ClauseOut]


class Counts(_Out):
    nodes: dict[str, int]
    edges: dict[str, int]


class DocumentOut(_Out):
    """A cited document's metadata; ``length`` (code points) when its text is shipped."""

    id: str
    title: Name
    kind: str
    publisher: Name | None
    date: str
    description: Text
    sha256: str | None
    length: int | None
    plan_ranges: list[dict[str, int]]
    #: Akoma Ntoso-style IRIs: the work cited, and this expression of it (language, version)
    work: str | None = None
    expression: str | None = None


class DocumentText(DocumentOut):
    """A document with its full text, when shipped."""

    text: str | None


class Meta(_Out):
    """What is being served: title, documents, dataset version, counts and text coverage."""

    title: Name
    format_version: int
    version: str
    documents: list[DocumentOut]
    counts: Counts
    text_coverage: TextCoverage
    last_reload: LastReload | None = None


class NodeTypeOut(_Out):
    name: str
    meaning: str
    count: int


class RelationTypeOut(_Out):
    name: str
    meaning: str
    depends: Literal["source", "target"]
    source_types: list[str]
    target_types: list[str]
    reach: Literal["explicit", "located"] | None
    count: int


class SchemaOut(_Out):
    """The vocabulary: node types and relations, with meaning, allowed ends and dependency."""

    node_types: list[NodeTypeOut]
    relations: list[RelationTypeOut]
    scopes: list[str]


class ActionReach(_Out):
    action: Summary
    scope: Scope
    via: list[Summary]


class CityMeasure(_Out):
    measure: Summary
    pillar: Summary | None
    scope: Scope
    actions: list[ActionReach]
    #: why it reaches the city, in one sentence built from the scope and the chain
    reason: Name


class NotReaching(_Out):
    """A measure that does not reach the city (or that the scope filter leaves out), and why."""

    measure: Summary
    reason: Name


class CityMeasures(_Out):
    """Every measure reaching a city, with the actions that do and why."""

    city: Summary
    items: list[CityMeasure]
    total: int
    #: the plan's other measures, each with why it is not in ``items``
    not_reaching: list[NotReaching]


class MeasureCity(_Out):
    city: Summary
    scope: Scope
    actions: list[ActionReach]
    #: why the measure reaches this city, in one sentence built from the scope and the chain
    reason: Name


class MeasureCities(_Out):
    """Every city a measure reaches, with the actions that reach it and why."""

    measure: Summary
    pillar: Summary | None
    items: list[MeasureCity]
    total: int


class TreeNode(Summary):
    children: list[TreeNode]


class Tree(_Out):
    """The outline: goals with sub-goals; chapters with pillars, measures and actions."""

    goals: list[TreeNode]
    chapters: list[TreeNode]


class CitingNode(_Out):
    node: Summary
    start: int
    end: int
    quote: str


class Spans(_Out):
    """The nodes and edges citing any part of a range of a document's text."""

    document: str
    start: int
    end: int
    text: str
    nodes: list[CitingNode]
    edges: list[EdgeOut]


class SearchHit(_Out):
    node: Summary
    score: float
    field: str


class SearchResult(_Out):
    """Search hits, best first: exact > prefix > substring > fuzzy."""

    items: list[SearchHit]
    total: int
    facets: dict[str, list[FacetCount]] | None = None


class Health(_Out):
    """Liveness or readiness, with the dataset version when ready."""

    model_config = ConfigDict(
        frozen=True,
        json_schema_extra={"examples": [{"status": "ready", "version": "4f9c2b7e10a3d5c8"}]},
    )

    status: str
    version: str | None = None


__all__ = [
    "ActionReach",
    "CitingNode",
    "CityMeasure",
    "CityMeasures",
    "ClauseOut",
    "Counts",
    "DocumentOut",
    "DocumentText",
    "EdgeOut",
    "FacetCount",
    "Health",
    "MeasureCities",
    "MeasureCity",
    "Meta",
    "NodeDetail",
    "NodeOut",
    "NodeTypeOut",
    "Page",
    "PassageContext",
    "RelationOut",
    "RelationTypeOut",
    "SchemaOut",
    "SearchHit",
    "SearchResult",
    "Selector",
    "SourceOut",
    "Spans",
    "Summary",
    "TextCoverage",
    "TextPositionSelector",
    "TextQuoteSelector",
    "Tree",
    "TreeNode",
]
