"""Query parameters parsed and bounded, one wording for every parameter: a value out of
its allowed set or range raises :class:`~app.errors.InvalidParameter` naming the
parameter, the value and what is allowed.

>>> sorted(parse_names("relation", "part_of, builds", ("part_of", "builds")))
['builds', 'part_of']
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Literal, get_args

from app.errors import InvalidParameter
from app.graph.walk import EVIDENCE, MAX_IDS
from app.vocabulary import SCOPES

__all__ = [
    "FACETS",
    "Facet",
    "check_evidence",
    "check_range",
    "parse_facets",
    "parse_ids",
    "parse_names",
    "parse_scopes",
]

Facet = Literal["type", "city", "pillar"]
FACETS: tuple[Facet, ...] = get_args(Facet)


def parse_names(
    parameter: str, value: str | Iterable[str] | None, allowed: Collection[str]
) -> frozenset[str] | None:
    """Parse a comma-separated list (or an iterable) of names drawn from ``allowed``.

    Returns None when no name is given (no restriction).

    >>> sorted(parse_names("relation", "part_of, builds", ("part_of", "builds")))
    ['builds', 'part_of']
    >>> parse_names("relation", "", ("part_of",)) is None
    True
    """
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    names = frozenset(n.strip() for n in items if n.strip())
    bad = sorted(names - set(allowed))
    if bad:
        raise InvalidParameter(
            parameter, f"unknown {parameter} {bad[0]!r}; allowed: {', '.join(allowed)}"
        )
    return names or None


def parse_ids(value: str | Iterable[str], limit: int = MAX_IDS) -> list[str]:
    """Parse node ids (comma-separated, or an iterable), unique, in order; at most ``limit``.

    >>> parse_ids("a,b, a")
    ['a', 'b']
    """
    items = value.split(",") if isinstance(value, str) else list(value)
    ids = list(dict.fromkeys(i.strip() for i in items if i.strip()))
    if not ids:
        raise InvalidParameter("ids", "give at least one node id")
    if len(ids) > limit:
        raise InvalidParameter("ids", f"at most {limit} ids per request (got {len(ids)})")
    return ids


def check_range(parameter: str, value: int, lo: int, hi: int) -> int:
    """Return ``value`` if ``lo <= value <= hi``, else raise InvalidParameter naming the limit."""
    if not lo <= value <= hi:
        raise InvalidParameter(parameter, f"must be between {lo} and {hi} (got {value})")
    return value


def check_evidence(evidence: str | None) -> str | None:
    if evidence is not None and evidence not in EVIDENCE:
        raise InvalidParameter(
            "evidence", f"unknown evidence {evidence!r}; allowed: {', '.join(EVIDENCE)}"
        )
    return evidence


def parse_facets(raw: str | Iterable[str] | None) -> list[str]:
    """Parse ``facets=type,city,pillar`` (or the names, split); unknown names are an
    InvalidParameter."""
    if not raw:
        return []
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    names = [f.strip() for f in items if f.strip()]
    bad = [f for f in names if f not in FACETS]
    if bad:
        raise InvalidParameter("facets", f"unknown facet {bad[0]!r}; allowed: {', '.join(FACETS)}")
    return list(dict.fromkeys(names))


def parse_scopes(raw: str | Iterable[str] | None) -> frozenset[str]:
    """Parse ``scope=explicit,located`` (or the names, split); unknown names are an
    InvalidParameter."""
    if not raw:
        return frozenset(SCOPES)
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    names = {s.strip() for s in items if s.strip()}
    bad = sorted(names - set(SCOPES))
    if bad:
        raise InvalidParameter("scope", f"unknown scope {bad[0]!r}; allowed: {', '.join(SCOPES)}")
    return frozenset(names)
