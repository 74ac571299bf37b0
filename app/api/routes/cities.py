"""City reach: which measures reach a city, and which cities a measure reaches — and why."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.api.deps import SnapshotDep
from app.api.problems import responses
from app.graph import queries
from app.schemas import CityMeasures, MeasureCities

router = APIRouter(prefix="/v1", tags=["reach"])

ScopeFilter = Annotated[
    str | None,
    Query(
        max_length=100,
        description="Comma-separated scopes to keep: explicit, located, metro_wide.",
        examples=["explicit,located"],
    ),
]


@router.get(
    "/cities/{city_id}/measures",
    summary="Measures reaching a city, and why",
    responses=responses(404, 422),
)
def city_measures(
    snap: SnapshotDep,
    city_id: Annotated[str, Path(max_length=200, description="A city id.")],
    scope: ScopeFilter = None,
) -> CityMeasures:
    """Every measure that reaches the city, with the actions that do, their scope and via."""
    return queries.city_measures(snap, city_id, queries.parse_scopes(scope))


@router.get(
    "/measures/{measure_id}/cities",
    summary="Cities a measure reaches, and why",
    responses=responses(404, 422),
)
def measure_cities(
    snap: SnapshotDep,
    measure_id: Annotated[str, Path(max_length=200, description="A measure id.")],
    scope: ScopeFilter = None,
) -> MeasureCities:
    """Every city the measure reaches, with the actions that reach it, their scope and via."""
    return queries.measure_cities(snap, measure_id, queries.parse_scopes(scope))
