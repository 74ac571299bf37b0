"""The query workers: processes that run one query each, killed when a query runs past
its time limit.

pyoxigraph has no way to cancel a query, and a thread cannot be stopped: a query that
would run for hours (a cartesian product) is stopped by killing the process that runs it.
The pool then starts another (it opens stores read-only from disk, so it is ready in
milliseconds). A caller waits for a free worker at most the time limit too.

Examples
--------
>>> from app import load_plan
>>> from app.sparql.store import build
>>> from app.sparql.worker import Job
>>> files = build(load_plan())
>>> with Pool(1) as pool:
...     done = pool.run(Job(str(files.path), "ASK { ?s ?p ?o }", "json", 10, 10_000), 5.0)
>>> done.body
b'{"head":{},"boolean":true}'
"""

from __future__ import annotations

import logging
import os
import queue
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType

from app.errors import SparqlBusy, SparqlTimeout
from app.sparql.worker import Done, Failed, Job

__all__ = ["Pool"]

log = logging.getLogger("plangraph.sparql")
#: seconds a new worker may take to start
_START_TIMEOUT = 60.0
#: where the ``app`` package is, for the worker's imports
_ROOT = str(Path(__file__).resolve().parent.parent.parent)


class _Worker:
    """One worker process: ``python -m app.sparql.worker``, jobs in on its stdin, answers
    out on its stdout (not multiprocessing's spawn, which would import the host program's
    main module again)."""

    __slots__ = ("inbox", "outbox", "process", "ready")

    def __init__(self, memory_mb: int | None = None) -> None:
        path = os.pathsep.join(p for p in (_ROOT, os.environ.get("PYTHONPATH", "")) if p)
        limit = [] if memory_mb is None else [str(memory_mb)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app.sparql.worker", *limit],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": path, "RUST_BACKTRACE": "0"},
        )
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.outbox = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.inbox = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        self.ready = False

    def alive(self) -> bool:
        return self.process.poll() is None

    def wait_ready(self) -> None:
        """Wait for the new process to have imported what it needs (not counted in a
        query's time limit)."""
        if not self.ready:
            if not self.inbox.poll(_START_TIMEOUT):
                raise OSError(f"a SPARQL worker did not start within {_START_TIMEOUT} s")
            self.inbox.recv()
            self.ready = True

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.inbox.close()
        self.outbox.close()


class Pool:
    """``size`` worker processes, started on first use, each with at most ``memory_mb``
    MiB of address space (no cap when None); thread-safe."""

    def __init__(self, size: int, memory_mb: int | None = None) -> None:
        self.size = size
        self.memory_mb = memory_mb
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        #: every worker started and not yet killed, busy or idle: close() stops them all
        self._workers: set[_Worker] = set()
        #: queries stopped at the time limit, for people and tests
        self.killed = 0

    def _new(self) -> _Worker:
        worker = _Worker(self.memory_mb)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _kill(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.kill()

    def _start(self) -> None:
        with self._lock:
            if not self._started:
                for _ in range(self.size):
                    self._idle.put(None)  # a place: its worker starts when first taken
                self._started = True

    def run(self, job: Job, timeout: float) -> Done | Failed:
        """Run ``job`` on a free worker within ``timeout`` seconds (waiting included).

        Raises :class:`~app.errors.SparqlTimeout` when the query is stopped at the limit,
        :class:`~app.errors.SparqlBusy` when no worker was free in time.
        """
        if self._closed:
            raise SparqlBusy("the SPARQL workers are shut down", "sparql_workers")
        self._start()
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise SparqlBusy(
                f"every SPARQL worker ({self.size}) stayed busy for {timeout:g} s; retry later "
                "(settings PLANGRAPH_SPARQL_WORKERS, PLANGRAPH_SPARQL_TIMEOUT)",
                "sparql_workers",
            ) from None
        try:
            if worker is not None and not worker.alive():
                self._kill(worker)
                worker = None
            if worker is None:
                worker = self._new()
            worker.wait_ready()
            worker.outbox.send(job)
            if worker.inbox.poll(timeout):
                result: Done | Failed = worker.inbox.recv()
                return result
            self._kill(worker)  # the only way to stop pyoxigraph's evaluation
            worker = None
            self.killed += 1
            try:
                worker = self._new()  # starting now, ready for the next query
            except OSError:
                log.exception("starting a SPARQL worker failed")
            raise SparqlTimeout(
                f"the query ran for {timeout:g} s and was stopped "
                "(setting PLANGRAPH_SPARQL_TIMEOUT)",
                "sparql_timeout",
            )
        except (EOFError, OSError) as exc:
            if worker is not None:
                self._kill(worker)
            worker = None
            log.warning("a SPARQL worker stopped while answering: %s", exc)
            raise SparqlBusy(
                "the query worker stopped while answering: the query needed more memory "
                "than a worker has (setting PLANGRAPH_SPARQL_WORKER_MEMORY_MB), or the "
                "server is stopping",
                "sparql_worker_memory_mb",
            ) from None
        finally:
            self._idle.put(worker)  # a killed worker's place: a new one starts on next use

    def close(self) -> None:
        """Stop every worker, idle or busy (a busy one's query is stopped)."""
        self._closed = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()

    def __enter__(self) -> Pool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
