"""The tools' parameters: the same limits and meanings as the HTTP API's query parameters.

Each is a type an agent reads as a JSON Schema (``maxLength``, ``minimum``, ``maximum``,
``enum``); the limits are the graph layer's where it has them, else the API's declared
ones (``tests/test_mcp_tools.py`` checks them against the served OpenAPI). Values the
schema cannot express (a comma-separated list of names) are checked by
:mod:`app.answers.params`, as the API checks them.

>>> from pydantic import TypeAdapter
>>> TypeAdapter(Depth).json_schema()["maximum"] == MAX_DEPTH
True
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from app.graph.walk import MAX_DEPTH, MAX_PATH_LENGTH, MAX_PATHS
from app.vocabulary import NODE_TYPES, RELATIONS, SCOPES, Evidence, NodeTypeName, RelationName

__all__ = [
    "ID_MAX_LENGTH",
    "LIST_MAX_LENGTH",
    "MAX_HITS",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "CityId",
    "Depth",
    "Direction",
    "EvidenceArg",
    "Hits",
    "Limit",
    "MeasureId",
    "NodeId",
    "Offset",
    "PathLength",
    "PathLimit",
    "Query",
    "RelationArg",
    "Relations",
    "ScopeList",
    "SparqlQuery",
    "TypeArg",
    "Types",
]

#: the longest id, query or name list the API accepts (its ``max_length``)
ID_MAX_LENGTH = 200
#: the longest comma-separated list of scopes (the API's ``scope``)
LIST_MAX_LENGTH = 100
#: at most this many search hits (the API's ``/v1/search?limit``)
MAX_HITS = 100
#: the largest page (the API's ``limit``) and offset (a signed 32-bit integer)
MAX_LIMIT = 500
MAX_OFFSET = 2**31 - 1

NodeId = Annotated[
    str,
    Field(max_length=ID_MAX_LENGTH, description="A node id (kebab-case slug), as search returns."),
]
CityId = Annotated[
    str, Field(max_length=ID_MAX_LENGTH, description="A city node's id, e.g. from search.")
]
MeasureId = Annotated[
    str, Field(max_length=ID_MAX_LENGTH, description="A measure node's id, e.g. from search.")
]
SparqlQuery = Annotated[
    str,
    Field(
        min_length=1,
        max_length=20_000,
        description="A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE) over the plan as "
        "RDF; the data's prefixes (pg:, node:, rdfs:, prov:, oa:, skos: …) are declared. "
        "Read-only: updates and SERVICE are refused; the endpoint's time, row and size "
        "limits apply (its settings, PLANGRAPH_SPARQL_*).",
    ),
]
Query = Annotated[
    str,
    Field(
        min_length=1,
        max_length=ID_MAX_LENGTH,
        description="Chinese, English, pinyin (full syllables or initials), an alias or a quote.",
    ),
]
TypeArg = Annotated[NodeTypeName | None, Field(description="Only nodes of this type.")]
RelationArg = Annotated[RelationName | None, Field(description="Only edges of this relation.")]
Direction = Annotated[
    Literal["out", "in"] | None,
    Field(description="out: edges from the node; in: edges to it; omit for both."),
]
EvidenceArg = Annotated[
    Evidence | None, Field(description="Walk only edges with this evidence (stated or inferred).")
]
Hits = Annotated[int, Field(ge=1, le=MAX_HITS, description=f"At most {MAX_HITS} hits.")]
Limit = Annotated[int, Field(ge=0, le=MAX_LIMIT, description=f"Page size, at most {MAX_LIMIT}.")]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description="Items to skip.")]
Depth = Annotated[
    int, Field(ge=1, le=MAX_DEPTH, description=f"Edges from the root, 1 to {MAX_DEPTH}.")
]
PathLength = Annotated[
    int,
    Field(ge=1, le=MAX_PATH_LENGTH, description=f"Longest path in edges, 1 to {MAX_PATH_LENGTH}."),
]
PathLimit = Annotated[
    int, Field(ge=1, le=MAX_PATHS, description=f"How many paths, 1 to {MAX_PATHS}.")
]
Relations = Annotated[
    str | None,
    Field(
        max_length=ID_MAX_LENGTH,
        description="Walk only these relations, comma-separated; any of: " + ", ".join(RELATIONS),
    ),
]
Types = Annotated[
    str | None,
    Field(
        max_length=ID_MAX_LENGTH,
        description="Return only nodes of these types, comma-separated (the walk is unchanged); "
        "any of: " + ", ".join(NODE_TYPES),
    ),
]
ScopeList = Annotated[
    str | None,
    Field(
        max_length=LIST_MAX_LENGTH,
        description="Keep only these scopes, comma-separated; any of: "
        + ", ".join(SCOPES)
        + " (explicit: the plan names the city; located: it names a place in the city; "
        "metro_wide: it reaches the city as part of the whole area). Omit for all.",
    ),
]
