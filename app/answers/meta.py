"""What the API says of itself: the dataset's meta (version, counts, coverage, the last
load attempt) and the vocabulary with how often each type and relation occurs.

>>> from app import load_plan
>>> snap = load_plan()
>>> meta(snap).version == snap.version
True
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from app.answers.documents import documents
from app.answers.schemas import (
    ClauseOut,
    Counts,
    Meta,
    NodeTypeOut,
    RelationTypeOut,
    SchemaOut,
    TextCoverage,
)
from app.answers.schemas.reload import LastReload
from app.graph.coverage import Clause
from app.graph.snapshot import Snapshot
from app.vocabulary import NODE_TYPES, RELATIONS, SCOPES

__all__ = ["last_reload", "meta", "schema"]


class LoadAttempt(Protocol):
    """The outcome of a load attempt, as the runtime records it."""

    @property
    def at(self) -> datetime: ...
    @property
    def outcome(self) -> str: ...
    @property
    def version(self) -> str | None: ...
    @property
    def problems(self) -> Sequence[object]: ...
    @property
    def problem_count(self) -> int: ...


def _clause(c: Clause) -> ClauseOut:
    return ClauseOut(document=c.document, start=c.start, end=c.end, text=c.text)


def last_reload(result: LoadAttempt) -> LastReload:
    """The outcome of a load attempt, as served."""
    return LastReload(
        at=result.at,
        outcome=result.outcome,
        version=result.version,
        problems=[str(p) for p in result.problems],
        problem_count=result.problem_count,
    )


def meta(snap: Snapshot, reload: LoadAttempt | None = None) -> Meta:
    """Title, documents, dataset version, counts, text coverage and the last load attempt."""
    cov = snap.coverage
    return Meta(
        title=snap.plan.title,
        format_version=snap.plan.format_version,
        version=snap.version,
        documents=documents(snap),
        counts=Counts(
            nodes={t: len(ids) for t, ids in snap.by_type.items()},
            edges={r: len(ids) for r, ids in snap.by_relation.items()},
        ),
        text_coverage=TextCoverage(
            clauses=cov.clauses,
            covered=cov.covered,
            ratio=cov.ratio,
            uncovered=[_clause(c) for c in cov.uncovered],
        ),
        last_reload=last_reload(reload) if reload is not None else None,
    )


def schema(snap: Snapshot) -> SchemaOut:
    """The vocabulary, with how often each type and relation occurs in this plan."""
    return SchemaOut(
        node_types=[
            NodeTypeOut(name=t.name, meaning=t.meaning, count=len(snap.by_type.get(t.name, ())))
            for t in NODE_TYPES.values()
        ],
        relations=[
            RelationTypeOut(
                name=r.name,
                meaning=r.meaning,
                depends=r.depends,
                source_types=list(r.sources),
                target_types=list(r.targets),
                reach=r.reach,
                count=len(snap.by_relation.get(r.name, ())),
            )
            for r in RELATIONS.values()
        ],
        scopes=list(SCOPES),
    )
