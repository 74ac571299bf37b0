"""Run a SPARQL query over a snapshot: the one function the HTTP route and other callers
(a tool server, a script) share.

Examples
--------
>>> from app import load_plan
>>> r = run_query(load_plan(), "ASK { ?m a pg:Measure }", "text/csv")
>>> r.media_type, r.body
('text/csv', b'true')
"""

from __future__ import annotations

import atexit
import threading
from dataclasses import dataclass

from app.config import Settings
from app.errors import SparqlProblem, SparqlResultTooLarge
from app.export.rdf import PREFIXES
from app.graph.snapshot import Snapshot
from app.sparql.formats import choose
from app.sparql.pool import Pool
from app.sparql.screen import screen, syntax_error
from app.sparql.store import store_of
from app.sparql.worker import Done, Job

__all__ = ["Limits", "Result", "run_query", "shared_pool"]


@dataclass(frozen=True, slots=True)
class Limits:
    """What one query may use (the ``sparql_*`` settings)."""

    timeout: float = 5.0
    max_rows: int = 100_000
    max_bytes: int = 32 * 2**20
    max_query_length: int = 20_000
    workers: int = 2
    worker_memory_mb: int = 2048

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """The limits the settings give."""
        return cls(
            timeout=settings.sparql_timeout,
            max_rows=settings.sparql_max_rows,
            max_bytes=settings.sparql_max_bytes,
            max_query_length=settings.sparql_max_query_length,
            workers=settings.sparql_workers,
            worker_memory_mb=settings.sparql_worker_memory_mb,
        )


@dataclass(frozen=True, slots=True)
class Result:
    """An answer: its body, media type, query form, ``format`` name and rows (or triples)."""

    body: bytes
    media_type: str
    form: str
    format: str
    rows: int


_POOLS: dict[tuple[int, int], Pool] = {}
_POOLS_LOCK = threading.Lock()


def shared_pool(size: int, memory_mb: int = 2048) -> Pool:
    """This process's pool of ``size`` workers of ``memory_mb`` MiB each (started on first
    use, stopped at exit)."""
    with _POOLS_LOCK:
        pool = _POOLS.get((size, memory_mb))
        if pool is None:
            pool = _POOLS[size, memory_mb] = Pool(size, memory_mb)
            atexit.register(pool.close)
        return pool


def run_query(
    snap: Snapshot,
    query: str,
    accept: str | None = None,
    limits: Limits | None = None,
    *,
    format: str | None = None,
    pool: Pool | None = None,
) -> Result:
    """Answer ``query`` over ``snap`` in the format ``format`` names, else the best one
    ``accept`` (an Accept header) allows.

    The prefixes of the data (``pg:``, ``node:``, ``rdfs:``…) are declared for the query.
    Raises a :class:`~app.errors.SparqlProblem` (or
    :class:`~app.errors.InvalidParameter` for a bad ``format``) naming the limit or rule.
    """
    limits = limits or Limits()
    form = screen(query, limits.max_query_length)
    fmt = choose(form, accept, format)
    files = store_of(snap)
    job = Job(
        str(files.path),
        query,
        fmt.name,
        limits.max_rows,
        limits.max_bytes,
        tuple(PREFIXES.items()),
    )
    out = (pool or shared_pool(limits.workers, limits.worker_memory_mb)).run(job, limits.timeout)
    if isinstance(out, Done):
        return Result(out.body, fmt.media_type, form, fmt.name, out.rows)
    if out.kind == "syntax":
        raise syntax_error(out.message)
    if out.kind == "rows":
        raise SparqlResultTooLarge(
            f"the answer has {out.message} rows; the limit is {limits.max_rows:,} "
            "(setting PLANGRAPH_SPARQL_MAX_ROWS): add a LIMIT",
            "sparql_max_rows",
        )
    if out.kind == "bytes":
        raise SparqlResultTooLarge(
            f"the answer is larger than {limits.max_bytes:,} bytes "
            "(setting PLANGRAPH_SPARQL_MAX_BYTES): add a LIMIT or select fewer variables",
            "sparql_max_bytes",
        )
    raise SparqlProblem(f"the query failed: {out.message}", "evaluation")
