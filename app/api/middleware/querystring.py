"""Strict query strings: well-formed percent-encoded UTF-8, and scalar parameters given once.

Starlette decodes a query string leniently: ``%zz`` stays literal, bytes that are not UTF-8
become U+FFFD, and of ``?limit=1&limit=2`` FastAPI keeps the last value. PlanGraph rejects
all three instead of guessing:

- :class:`WellFormedQuery`, a pure ASGI layer in front of the response cache, answers
  400 problem+json when any parameter's name or value is not percent-encoded UTF-8 (the
  lenient decoding would otherwise map it onto the cache key of a well-formed request);
- :func:`single_values`, an app-wide dependency, answers 422 problem+json naming a
  parameter the route declares as a single value when it is given more than once.
"""

from __future__ import annotations

import re
import typing
from collections import Counter
from collections.abc import Iterator, Sequence, Set
from urllib.parse import unquote_to_bytes

from fastapi import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.problems import problem_response
from app.errors import InvalidParameter

_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
#: a malformed name is echoed at most this long
_NAME_MAX = 100


def _decode(piece: bytes) -> str:
    return unquote_to_bytes(piece.replace(b"+", b" ")).decode("utf-8")


def malformed(raw: bytes) -> tuple[str, str] | None:
    """The first parameter of a raw query string that is not percent-encoded UTF-8.

    Returns ``(name, reason)``, the name decoded as well as it can be, or None when every
    name and value is well formed.

    Examples
    --------
    >>> malformed(b"q=caf%C3%A9+au+lait&limit=5") is None
    True
    >>> malformed(b"limit=5&q=%zz")
    ('q', 'invalid percent-encoding (% must be followed by two hex digits)')
    >>> malformed(b"q=%FF")
    ('q', 'not UTF-8 once percent-decoded')
    """
    if raw.isascii() and b"%" not in raw:
        return None
    for pair in raw.split(b"&"):
        name, _, value = pair.partition(b"=")
        label = unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8", "replace")
        label = label[:_NAME_MAX] or "query"
        for piece in (name, value):
            if _BAD_ESCAPE.search(piece):
                return label, "invalid percent-encoding (% must be followed by two hex digits)"
            try:
                _decode(piece)
            except UnicodeDecodeError:
                return label, "not UTF-8 once percent-decoded"
    return None


class WellFormedQuery:
    """Answer 400 problem+json to a request whose query string is malformed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        bad = malformed(scope.get("query_string", b"")) if scope["type"] == "http" else None
        if bad is None:
            await self.app(scope, receive, send)
            return
        name, reason = bad
        response = problem_response(
            400,
            "Bad request",
            f"{name}: {reason}",
            type_="urn:plangraph:problem:malformed-query",
            instance=scope["path"],
            errors=[{"parameter": name, "location": "query", "message": reason}],
        )
        await response(scope, receive, send)


def _is_sequence(annotation: object) -> bool:
    """Whether a parameter annotation takes several values (``list[str] | None``: yes).

    >>> _is_sequence(int | None), _is_sequence(list[str] | None), _is_sequence(str)
    (False, True, False)
    """
    origin = typing.get_origin(annotation) or annotation
    if (
        isinstance(origin, type)
        and issubclass(origin, (Sequence, Set))
        and not issubclass(origin, (str, bytes))
    ):
        return True
    return any(_is_sequence(a) for a in typing.get_args(annotation))


def scalar_query_params(dependant: typing.Any) -> Iterator[str]:
    """The names (aliases) of the single-valued query parameters a route's dependant declares."""
    for field in dependant.query_params:
        if not _is_sequence(field.field_info.annotation):
            yield field.alias
    for sub in dependant.dependencies:
        yield from scalar_query_params(sub)


async def single_values(request: Request) -> None:
    """Reject a single-valued query parameter given more than once (422 naming it).

    Async only so that it runs on the event loop, not in a worker thread: it never awaits.
    """
    given = request.query_params.multi_items()
    if len(given) == len(request.query_params):
        return  # no name repeats: the common case costs one comparison
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:
        return
    counts = Counter(name for name, _ in given)
    for name in scalar_query_params(dependant):
        if counts[name] > 1:
            raise InvalidParameter(name, f"given {counts[name]} times; give it once")
