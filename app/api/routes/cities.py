"""City reach: which measures reach a city, and which cities a measure reaches — and why."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BeforeValidator

from app.answers.cities import city_measures_json, measure_cities_json
from app.answers.params import parse_scopes
from app.answers.schemas import CityMeasures, MeasureCities
from app.api.commalist import COMMA_SEPARATED, split_commas
from app.api.deps import SnapshotDep
from app.api.problems import responses
from app.api.render import JSON_OUT, Out
from app.api.routes import JSONBytes
from app.vocabulary import Scope

router = APIRouter(prefix="/v1", tags=["reach"])

ScopeFilter = Annotated[
    list[Scope] | None,
    BeforeValidator(split_commas),
    Query(
        description="Scopes to keep, comma-separated: explicit, located, metro_wide.",
        examples=[["explicit", "located"]],
        json_schema_extra=COMMA_SEPARATED,
    ),
]


@router.get(
    "/cities/{city_id}/measures",
    summary="Measures reaching a city, and why",
    responses=responses(404, 422),
    response_model=CityMeasures,
)
async def city_measures(
    snap: SnapshotDep,
    city_id: Annotated[str, Path(max_length=200, description="A city id.")],
    scope: ScopeFilter = None,
    out: Out = JSON_OUT,
) -> Response:
    """Every measure that reaches the city, with the actions that do, their scope and via."""
    return out(JSONBytes(city_measures_json(snap, city_id, parse_scopes(scope))))


@router.get(
    "/measures/{measure_id}/cities",
    summary="Cities a measure reaches, and why",
    responses=responses(404, 422),
    response_model=MeasureCities,
)
async def measure_cities(
    snap: SnapshotDep,
    measure_id: Annotated[str, Path(max_length=200, description="A measure id.")],
    scope: ScopeFilter = None,
    out: Out = JSON_OUT,
) -> Response:
    """Every city the measure reaches, with the actions that reach it, their scope and via."""
    return out(JSONBytes(measure_cities_json(snap, measure_id, parse_scopes(scope))))
