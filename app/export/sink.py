"""Where RDF statements go: an rdflib Graph, or any writer with its ``add``.

The RDF rendering writes through this protocol, so the same statements fill an rdflib
graph for the exports or stream as lines into a triple store's bulk load.
"""

from __future__ import annotations

from typing import Any, Protocol

from rdflib.term import Node as Term

__all__ = ["Sink"]


class Sink(Protocol):
    """Where statements go: an rdflib Graph, or anything else with its ``add``."""

    def add(self, triple: tuple[Term, Term, Term], /) -> Any: ...
