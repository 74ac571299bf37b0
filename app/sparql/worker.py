"""A query worker: a process that opens stores read-only and answers one query at a time.

It imports pyoxigraph and orjson only, so that it starts quickly: the pool
(:mod:`app.sparql.pool`) kills a worker whose query runs past the time limit, which is the
one way to stop pyoxigraph's evaluation, and starts another.

A request is a :class:`Job`; the answer a :class:`Done` or a :class:`Failed`. Results are
serialised by pyoxigraph: solutions as SPARQL JSON first (its rows counted), then, for
another format, read back and written in it; triples as N-Triples first (one a line),
then likewise. The body never grows past the byte limit: the writer stops it.
"""

from __future__ import annotations

import io
import os
from collections import OrderedDict
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["Done", "Failed", "Job", "answer", "serve"]


@dataclass(frozen=True, slots=True)
class Job:
    """One query: the store to read, the text, the answer's format and the limits."""

    store: str
    query: str
    format: str
    max_rows: int
    max_bytes: int
    prefixes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Done:
    body: bytes
    rows: int


@dataclass(frozen=True, slots=True)
class Failed:
    """Why a query failed: ``kind`` is ``syntax``, ``rows``, ``bytes`` or ``error``."""

    kind: str
    message: str


class _TooLarge(Exception):
    pass


class _Bounded(io.RawIOBase):
    """A byte sink that refuses to grow past ``limit``."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        if len(self.buffer) + len(b) > self.limit:
            raise _TooLarge
        self.buffer += b
        return len(b)


#: stores opened, most recent last; a worker keeps a few (a reload brings a new one)
_OPEN: OrderedDict[str, Any] = OrderedDict()
_KEEP = 2


def _store(path: str) -> Any:
    import pyoxigraph

    store = _OPEN.get(path)
    if store is None:
        store = pyoxigraph.Store.read_only(path)
        _OPEN[path] = store
        while len(_OPEN) > _KEEP:
            _OPEN.popitem(last=False)
    _OPEN.move_to_end(path)
    return store


def _serialize(result: Any, fmt: Any, limit: int) -> bytes:
    out = _Bounded(limit)
    try:
        result.serialize(out, format=fmt)  # a writable binary file
    except _TooLarge:
        raise
    except OSError as exc:  # pyoxigraph wraps what the writer raised
        if isinstance(exc.__cause__, _TooLarge) or "_TooLarge" in repr(exc):
            raise _TooLarge from None
        raise
    return bytes(out.buffer)


_RESULTS = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}
_RDF = {"turtle": "TURTLE", "ntriples": "N_TRIPLES", "jsonld": "JSON_LD", "rdfxml": "RDF_XML"}


def answer(job: Job) -> Done | Failed:
    """Run one query and serialise its answer, within the row and byte limits."""
    import orjson
    import pyoxigraph as ox

    try:
        result = _store(job.store).query(job.query, prefixes=dict(job.prefixes) or None)
        if isinstance(result, ox.QueryBoolean):
            fmt = getattr(ox.QueryResultsFormat, _RESULTS[job.format])
            return Done(_serialize(result, fmt, job.max_bytes), 1)
        if isinstance(result, ox.QuerySolutions):
            body = _serialize(result, ox.QueryResultsFormat.JSON, job.max_bytes)
            rows = len(orjson.loads(body)["results"]["bindings"])
            if rows > job.max_rows:
                return Failed("rows", f"{rows:,}")
            if job.format != "json":
                fmt = getattr(ox.QueryResultsFormat, _RESULTS[job.format])
                again = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
                body = _serialize(again, fmt, job.max_bytes)
            return Done(body, rows)
        body = _serialize(result, ox.RdfFormat.N_TRIPLES, job.max_bytes)
        rows = body.count(b"\n")
        if rows > job.max_rows:
            return Failed("rows", f"{rows:,}")
        if job.format != "ntriples":
            fmt = getattr(ox.RdfFormat, _RDF[job.format])
            triples = ox.parse(body, ox.RdfFormat.N_TRIPLES)
            out = _Bounded(job.max_bytes)
            try:
                ox.serialize(triples, out, fmt, prefixes=dict(job.prefixes) or None)  # type: ignore[arg-type]
            except OSError as exc:
                if "_TooLarge" in repr(exc) or isinstance(exc.__cause__, _TooLarge):
                    raise _TooLarge from None
                raise
            body = bytes(out.buffer)
        return Done(body, rows)
    except _TooLarge:
        return Failed("bytes", f"{job.max_bytes:,}")
    except SyntaxError as exc:
        return Failed("syntax", str(exc.msg if exc.msg else exc))
    except Exception as exc:  # an evaluation error (a bad regex, an overflow…): one line
        return Failed("error", f"{type(exc).__name__}: {exc}")


def serve(inbox: Connection, outbox: Connection) -> None:
    """The worker's loop: a :class:`Job` in, a :class:`Done` or :class:`Failed` out, until
    the pipe closes. It first says it is ready."""
    import orjson  # noqa: F401  (imported before the first query's clock starts)
    import pyoxigraph  # noqa: F401

    outbox.send("ready")
    while True:
        try:
            job = inbox.recv()
        except (EOFError, OSError):
            return
        outbox.send(answer(job))


def _die_with_parent() -> None:
    """Exit when the server process is gone, even mid-query (a query reads no input until
    it is done, so it would not notice the closed pipe): a thread watches the parent."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _limit_memory(megabytes: int) -> None:
    """Cap the process's address space: a query that would take the machine's memory
    fails its allocation and the worker ends, instead (the pool answers a 503)."""
    import resource

    limit = megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main() -> None:
    """``python -m app.sparql.worker [MEMORY_MB]``: jobs on stdin, answers on stdout."""
    import sys

    _die_with_parent()
    if len(sys.argv) > 1:
        _limit_memory(int(sys.argv[1]))
    inbox = Connection(os.dup(0), writable=False)
    outbox = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # anything printed goes to stderr, never into the answers
    serve(inbox, outbox)


if __name__ == "__main__":
    # run as the module app.sparql.worker, so that its answers pickle under that name
    from app.sparql.worker import main as _main

    _main()
