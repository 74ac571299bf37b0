"""Cities and measures as answers: every measure reaching a city, and every city a
measure reaches, each with its scope and the actions and places behind it.

Examples
--------
>>> from app import load_plan
>>> snap = load_plan()
>>> city = snap.by_type["city"][0]
>>> answer = city_measures(snap, city)
>>> answer.total == len(answer.items)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from app.answers.reasons import absence_reason, filtered_reason, measure_reason
from app.answers.schemas import CityMeasures, MeasureCities
from app.answers.serialize import dumps, kept
from app.answers.views import views
from app.graph.cities import (
    ALL_SCOPES,
    ActionRow,
    absent_measures,
    city_rows,
    keep_scopes,
    measure_rows,
)
from app.graph.lookup import require_node
from app.graph.snapshot import Snapshot
from app.memo import Key
from app.vocabulary import Scope

__all__ = ["city_measures", "city_measures_json", "measure_cities", "measure_cities_json"]

_CITY_MEASURES: Key[bytes] = Key("city-measures")


def _action_dicts(snap: Snapshot, actions: Iterable[ActionRow]) -> list[dict[str, Any]]:
    summaries = views(snap).summary_json
    return [
        {"action": summaries[a], "scope": scope, "via": [summaries[v] for v in via]}
        for a, scope, via in actions
    ]


def _city_item(
    snap: Snapshot,
    city: str,
    measure: str,
    pillar: str | None,
    scope: Scope,
    actions: Sequence[ActionRow],
) -> dict[str, Any]:
    """A :class:`CityMeasure` as plain data for orjson."""
    summaries = views(snap).summary_json
    return {
        "measure": summaries[measure],
        "pillar": None if pillar is None else summaries[pillar],
        "scope": scope,
        "actions": _action_dicts(snap, actions),
        "reason": measure_reason(snap, measure, city, actions),
    }


def _city_measures_json(snap: Snapshot, city: str, scopes: frozenset[str]) -> bytes:
    summaries = views(snap).summary_json
    items = []
    absent: dict[str, dict[str, str]] = {}  # measure -> why it is not listed
    for r in city_rows(snap, city):
        found = keep_scopes(r.scope, r.actions, scopes)
        if found is not None:
            items.append(_city_item(snap, city, r.measure, r.pillar, *found))
        else:  # reaches the city, but not in the ways asked for
            why = measure_reason(snap, r.measure, city, r.actions)
            absent[r.measure] = filtered_reason(why, r.scope, scopes)
    for m in absent_measures(snap, city):
        absent[m] = absence_reason(snap, m, city)
    not_reaching = [
        {"measure": summaries[m], "reason": absent[m]}
        for m in sorted(absent, key=snap.order.__getitem__)
    ]
    return dumps(
        {"city": summaries[city], "items": items, "total": len(items), "not_reaching": not_reaching}
    )


def city_measures_json(snap: Snapshot, city: str, scopes: frozenset[str] = ALL_SCOPES) -> bytes:
    """The JSON of :func:`city_measures`: every measure reaching ``city``, and why.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    city : str
        A city id; any other id raises :class:`~app.errors.NodeNotFound`.
    scopes : frozenset of str
        Keep the actions reaching the city in these ways (see :func:`parse_scopes`).

    Returns
    -------
    bytes
        A :class:`~app.answers.schemas.CityMeasures` as JSON, made of the city's rows
        (:func:`city_rows`). The answer with every scope is made on the city's first
        request and kept with the snapshot.
    """
    require_node(snap, city, "city")
    if scopes >= ALL_SCOPES:  # the common answer: made once per snapshot and city
        return snap.memo.get(
            _CITY_MEASURES.of(city), lambda: kept(_city_measures_json(snap, city, ALL_SCOPES))
        )
    return _city_measures_json(snap, city, scopes)


def city_measures(snap: Snapshot, city: str, scopes: frozenset[str] = ALL_SCOPES) -> CityMeasures:
    """Every measure reaching ``city``, with the actions that do and why.

    ``scopes`` keeps the actions reaching the city in those ways; a measure is listed when
    one of its actions is kept, with the strongest scope among them (a measure without
    actions, when its own scope is kept). This is :func:`city_measures_json`, parsed.
    """
    return CityMeasures.model_validate_json(city_measures_json(snap, city, scopes))


def measure_cities_json(snap: Snapshot, measure: str, scopes: frozenset[str] = ALL_SCOPES) -> bytes:
    """The JSON of :func:`measure_cities`: every city a measure reaches, and why.

    Parameters
    ----------
    snap : Snapshot
        The plan.
    measure : str
        A measure id; any other id raises :class:`~app.errors.NodeNotFound`.
    scopes : frozenset of str
        Keep the actions reaching a city in these ways (see :func:`parse_scopes`).

    Returns
    -------
    bytes
        A :class:`~app.answers.schemas.MeasureCities` as JSON, cities in plan order.
    """
    rows = measure_rows(snap, measure)  # checks that it is a measure
    pillar = snap.parent(measure, "pillar")
    summaries = views(snap).summary_json
    items = []
    for city, r in rows:
        found = keep_scopes(r.scope, r.actions, scopes)
        if found is not None:
            scope, acts = found
            items.append(
                {
                    "city": summaries[city],
                    "scope": scope,
                    "actions": _action_dicts(snap, acts),
                    "reason": measure_reason(snap, measure, city, acts),
                }
            )
    return dumps(
        {
            "measure": summaries[measure],
            "pillar": None if pillar is None else summaries[pillar],
            "items": items,
            "total": len(items),
        }
    )


def measure_cities(
    snap: Snapshot, measure: str, scopes: frozenset[str] = ALL_SCOPES
) -> MeasureCities:
    """Every city a measure reaches, with the actions that reach it and why.

    A city is listed when one of the measure's actions reaching it is kept by ``scopes``
    (for a measure without actions, when its own scope there is kept). This is
    :func:`measure_cities_json`, parsed.
    """
    return MeasureCities.model_validate_json(measure_cities_json(snap, measure, scopes))
