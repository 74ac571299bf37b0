"""Unknown query parameters: a 422 naming the unknown one and the ones the route takes.

Starlette hands every parameter of the query string to the app and FastAPI reads only those
a route declares, so a typo (``?scpoe=explicit``) would answer unfiltered data without a
word. :func:`known_parameters`, an app-wide dependency, refuses a name the matched route
does not declare. What a route takes is read from its own declaration (FastAPI's dependant,
sub-dependencies included), so a parameter added to a route is accepted with no list to
edit here; the OpenAPI document lists the same parameters.

A route may opt out, saying why in its OpenAPI operation under :data:`IGNORES_OTHERS`
(the SPARQL endpoint: SPARQL clients add parameters of their own, such as SPARQLWrapper's
``output`` and ``results``, which the SPARQL protocol lets an endpoint ignore).

Names starting with ``_`` are reserved for cache busting (``?_=1700000000``, as jQuery's
``cache: false`` sends) and are ignored on every route. Routes outside the OpenAPI document
(the explorer page, its static files, the docs pages) are not checked: the page's own URL
carries the explorer's state.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterator

from fastapi import Request
from fastapi.routing import APIRoute

from app.errors import InvalidParameter

__all__ = [
    "IGNORES_OTHERS",
    "RESERVED_PREFIX",
    "declared_query_names",
    "known_parameters",
    "unknown_parameter",
]

#: query parameters whose names start with this are ignored everywhere (cache busting)
RESERVED_PREFIX = "_"
#: the OpenAPI extension of an operation that ignores parameters it does not list (its
#: value says why)
IGNORES_OTHERS = "x-ignores-other-query-parameters"


def declared_query_names(dependant: typing.Any) -> Iterator[str]:
    """The names (aliases) of the query parameters a route's dependant declares."""
    for field in dependant.query_params:
        yield field.alias
    for sub in dependant.dependencies:
        yield from declared_query_names(sub)


def unknown_parameter(name: str, allowed: typing.Sequence[str]) -> InvalidParameter:
    """The error for ``name``, a query parameter the route does not take.

    Examples
    --------
    >>> str(unknown_parameter("scpoe", ["scope"]))
    "scpoe: unknown parameter 'scpoe' (did you mean 'scope'?); allowed: scope"
    >>> str(unknown_parameter("x", []))
    "x: unknown parameter 'x'; this operation takes no query parameters"
    """
    if not allowed:
        return InvalidParameter(
            name, f"unknown parameter {name!r}; this operation takes no query parameters"
        )
    close = difflib.get_close_matches(name.lower(), allowed, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return InvalidParameter(
        name, f"unknown parameter {name!r}{hint}; allowed: {', '.join(allowed)}"
    )


#: each route's declared names, worked out once (routes are fixed once the app is built)
_DECLARED: dict[int, tuple[frozenset[str], tuple[str, ...]]] = {}


def _declared(route: APIRoute) -> tuple[frozenset[str], tuple[str, ...]]:
    found = _DECLARED.get(id(route))
    if found is None:
        names = tuple(dict.fromkeys(declared_query_names(route.dependant)))
        found = _DECLARED[id(route)] = (frozenset(names), names)
    return found


async def known_parameters(request: Request) -> None:
    """Refuse a query parameter the matched route does not declare (422 naming it).

    Async only so that it runs on the event loop, not in a worker thread: it never awaits.
    """
    if not request.scope.get("query_string"):
        return  # no query string: the common case costs one lookup
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not route.include_in_schema:
        return
    if route.openapi_extra and route.openapi_extra.get(IGNORES_OTHERS):
        return
    names, ordered = _declared(route)
    for name in request.query_params:
        if name not in names and not name.startswith(RESERVED_PREFIX):
            raise unknown_parameter(name, ordered)
