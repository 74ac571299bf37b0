"""Pydantic models: the data file's schema.

The API's response shapes live in :mod:`app.answers.schemas`; this module describes only the
file ``data/plan_graph.json``, and ``data/plan_graph.schema.json`` is generated from it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.vocabulary import Evidence, NodeTypeName, RelationName

FORMAT_VERSION = 1

#: the pattern of every id in a data file
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=120)]
EdgeId = Annotated[str, StringConstraints(min_length=1, max_length=300)]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Name(_Frozen):
    """A name in Chinese and in English."""

    zh: NonEmpty
    en: NonEmpty


class Text(_Frozen):
    """A description: English always, Chinese when the source gives it."""

    zh: str | None = None
    en: NonEmpty


class Range(_Frozen):
    """A range of Unicode code points, ``text[start:end]``."""

    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]


class SpanSource(_Frozen):
    """A passage of a shipped text: the quote is ``text[start:end]`` (code points)."""

    document: Slug
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]


class LocatorSource(_Frozen):
    """A part of a document cited by section, e.g. ``第二章 第三节``."""

    document: Slug
    locator: NonEmpty
    confidence: Literal["attested", "single-source"] = "attested"


#: a span when it has offsets, else a locator (the two never both fit: extra keys are
#: forbidden); tried in that order, which costs less than pydantic's smart mode
Source = Annotated[SpanSource | LocatorSource, Field(union_mode="left_to_right")]


class Naming(_Frozen):
    """The parts of a document's name in the shape of the Akoma Ntoso naming convention:
    the work (jurisdiction / type / author / date / number) and the expression of it
    (language @ version): a reprint is another expression of the same work."""

    jurisdiction: Slug
    type: Slug
    author: Slug
    date: NonEmpty
    number: Slug
    #: ISO 639-2 code of the expression's language, e.g. ``zho``
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{3}$")]
    version: Slug


class Document(_Frozen):
    """A document the graph cites; ``path`` and ``sha256`` are set for shipped texts."""

    id: Slug
    title: Name
    kind: NonEmpty
    publisher: Name | None = None
    date: NonEmpty
    description: Text
    path: str | None = None
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None
    #: the ranges of the shipped text that are the plan's own words (coverage counts these).
    plan_ranges: list[Range] = []
    #: its work and expression, named as Akoma Ntoso names them
    naming: Naming | None = None


class Node(_Frozen):
    """A node of the plan graph."""

    id: Slug
    type: NodeTypeName
    name: Name
    aliases: list[NonEmpty] = Field(default_factory=list, json_schema_extra={"default": []})
    description: Text | None = None
    attributes: dict[str, Any] = Field(default_factory=dict, json_schema_extra={"default": {}})
    sources: list[Source] = Field(default_factory=list, json_schema_extra={"default": []})


class Edge(_Frozen):
    """A typed, cited edge. ``stated`` edges cite sources; ``inferred`` ones give a rationale."""

    id: EdgeId
    source: Slug
    target: Slug
    relation: RelationName
    evidence: Evidence
    sources: list[Source]
    rationale: str | None
    attributes: dict[str, Any]


class Retired(_Frozen):
    """A node id once published and no longer in the plan: it is never reused, and its
    ``successor`` (a node of the plan) is where it went; none when it has no successor."""

    id: Slug
    successor: Slug | None = None


class PlanFile(_Frozen):
    """The whole data file."""

    format_version: Literal[1]
    title: Name
    documents: list[Document]
    nodes: list[Node]
    edges: list[Edge]
    #: node ids retired from earlier versions, never to be reused
    retired: list[Retired] = Field(default_factory=list, json_schema_extra={"default": []})
