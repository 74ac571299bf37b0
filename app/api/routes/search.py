"""Search in Chinese, English and pinyin."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.answers.params import parse_facets
from app.answers.schemas import SearchResult
from app.answers.search import search_json
from app.api.deps import Facets, SnapshotDep
from app.api.problems import responses
from app.api.render import JSON_OUT, Out
from app.api.routes import JSONBytes
from app.vocabulary import NodeTypeName

router = APIRouter(prefix="/v1", tags=["search"])


@router.get(
    "/search", summary="Search nodes", responses=responses(422), response_model=SearchResult
)
async def search(
    snap: SnapshotDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description=(
                "Chinese, English, pinyin (full syllables or initials), an alias or a quote."
            ),
        ),
    ],
    type_: Annotated[NodeTypeName | None, Query(alias="type", description="Node type.")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="At most 100 hits.")] = 20,
    facets: Facets = None,
    out: Out = JSON_OUT,
) -> Response:
    """Nodes matching the query, ranked exact > prefix > substring > fuzzy."""
    return out(JSONBytes(search_json(snap, q, type_, limit, parse_facets(facets))))
