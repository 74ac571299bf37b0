"""The routes closest to a path no route matches: ``/v1/node/x`` → ``/v1/nodes/x``.

A path whose literal segments are each close to a route's (a missing or extra letter, a
missing ``/v1``) gets that route, its parameters filled with the path's own segments, as
a suggestion in the 404 problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import Any

from app.api.examples import api_routes

__all__ = ["closest_routes"]

#: a segment this similar to a route's literal segment counts as a misspelling of it
MIN_RATIO = 0.75
#: paths longer than this are not compared (a 404 for a long path stays cheap)
MAX_PATH = 300
MAX_SUGGESTIONS = 3


def _ratio(given: str, literal: str) -> float:
    if given == literal:
        return 1.0
    return SequenceMatcher(None, given.lower(), literal).ratio()


def _score(segments: list[str], template: list[str]) -> tuple[float, str] | None:
    """How close ``segments`` are to a route's ``template``, and the filled-in path."""
    if len(segments) != len(template):
        return None
    total, filled = 0.0, list[str]()
    for given, part in zip(segments, template, strict=True):
        if part.startswith("{"):
            if not given:
                return None
            total, filled = total + 1.0, [*filled, given]
            continue
        ratio = _ratio(given, part)
        if ratio < MIN_RATIO:
            return None
        total, filled = total + ratio, [*filled, part]
    return total / len(template), "/" + "/".join(filled)


def closest_routes(routes: Iterable[Any], path: str) -> list[str]:
    """Paths of the documented routes closest to ``path``, best first (none when no route
    is close).

    Examples
    --------
    >>> from fastapi import FastAPI
    >>> app = FastAPI()
    >>> _ = app.get("/v1/nodes/{node_id}")(lambda node_id: node_id)
    >>> _ = app.get("/v1/search")(lambda: None)
    >>> closest_routes(app.routes, "/v1/node/tianfu-laboratory")
    ['/v1/nodes/tianfu-laboratory']
    >>> closest_routes(app.routes, "/search"), closest_routes(app.routes, "/v1/zzz")
    (['/v1/search'], [])
    """
    if len(path) > MAX_PATH:
        return []
    segments = path.strip("/").split("/")
    scored: dict[str, float] = {}
    for full_path, route in api_routes(routes):
        if not route.include_in_schema:
            continue
        template = full_path.strip("/").split("/")
        candidates = [template]
        if len(template) == len(segments) + 1:  # the prefix (/v1) left out
            candidates.append(template[1:])
        for tried in candidates:
            found = _score(segments, tried)
            if found is None:
                continue
            score, filled = found
            if tried is not template:
                filled, score = "/" + template[0] + filled, score - 0.01
            if filled != path and score > scored.get(filled, 0.0):
                scored[filled] = score
    ranked = sorted(scored, key=lambda p: (-scored[p], p))
    return ranked[:MAX_SUGGESTIONS]
