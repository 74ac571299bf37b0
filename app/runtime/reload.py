"""Live data reload: watch the data file, validate a new one whole, swap it in one assignment.

Each worker runs its own :class:`Reloader`. A cheap check (the file's inode, size and
modification time; its hash once those change) runs every few seconds; a forced check
(``POST /admin/reload``) reads and hashes the file at once. A changed file is parsed,
validated and built into a new snapshot off the event loop, then served with one
:meth:`~app.runtime.store.SnapshotStore.swap`. A corrupt, partial or invalid file is rejected
whole: the old snapshot keeps serving and the attempt is recorded (:attr:`Reloader.last`)
with every problem.

The last good file (with the texts it cites) is kept in a state directory; a worker that
starts while the configured file is invalid serves that one and says so, instead of dying.

Examples
--------
>>> import tempfile
>>> from app.config import DEFAULT_DATA
>>> from app.runtime.store import SnapshotStore
>>> store = SnapshotStore()
>>> with tempfile.TemporaryDirectory() as state:
...     reloader = Reloader(store, DEFAULT_DATA, state)
...     first = reloader.start()
...     again = reloader.check()  # nothing changed: no attempt
>>> first.outcome, first.version == store.current.version, again
('loaded', True, None)
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.answers.schemas.reload import Outcome
from app.datafile.parse import content_version, parse_plan
from app.errors import DataFileInvalid, Problem
from app.graph.snapshot import Snapshot, build_snapshot
from app.runtime.background import Background
from app.runtime.load import load_plan
from app.runtime.store import SnapshotStore
from app.runtime.warmup import shapes, start_analyses

#: at most this many problems are kept with an attempt (the count is always kept)
MAX_PROBLEMS = 100
#: how many good files the state directory keeps
KEEP = 3

log = logging.getLogger("plangraph.reload")
_POINTER = "current"
_KEPT = re.compile(r"^[0-9a-f]{16}/[^/]+$")
_Stamp = tuple[int, int, int]
_MISSING: _Stamp = (-1, -1, -1)


@dataclass(frozen=True, slots=True)
class ReloadResult:
    """The outcome of one attempt to load the data file.

    ``outcome`` is ``loaded`` (a new version is served), ``unchanged`` (the file holds the
    version served), ``rejected`` (the file is invalid; ``version`` still serves) or
    ``fallback`` (at start, the file was invalid and the last good one is served).
    """

    at: datetime
    outcome: Outcome
    version: str | None
    problems: tuple[Problem, ...] = ()
    problem_count: int = 0


Listener = Callable[[ReloadResult, Snapshot | None, Snapshot | None], None]


def _stamp(path: Path) -> _Stamp:
    try:
        st = path.stat()  # follows symlinks: a mounted volume swaps a link
    except OSError:
        return _MISSING
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DataFileInvalid(str(path), [Problem("$", f"cannot read file: {reason}")]) from None


def _serve(store: SnapshotStore, snap: Snapshot, running: list[Background]) -> Snapshot | None:
    """Swap ``snap`` in and start its analyses in the background; returns the one replaced.

    The analyses are reserved before the swap, so that no request computes one itself;
    the runner of the snapshot replaced computes nothing more once its current job is done.
    """
    runner = start_analyses(snap)
    old = store.swap(snap)
    if old is not snap:
        for previous in running:
            previous.stop()
        running[:] = [runner]
    return old


class LastGood:
    """The last good data files (with their texts), kept in ``directory``.

    Each version lives in its own folder named by its version; a pointer file names the
    current one and is replaced atomically, so workers sharing the folder never read a
    half-written copy.
    """

    def __init__(self, directory: str | Path) -> None:
        self.dir = Path(directory)

    def keep(self, data: bytes, snap: Snapshot, name: str) -> None:
        """Keep ``data`` (which built ``snap``) and the texts it cites as the last good file."""
        self.dir.mkdir(parents=True, exist_ok=True)
        target = self.dir / snap.version
        if not (target / name).is_file():
            tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.dir))
            try:
                (tmp / name).write_bytes(data)
                for doc in snap.plan.documents:
                    if doc.path is not None and doc.id in snap.texts:
                        text = tmp / doc.path
                        text.parent.mkdir(parents=True, exist_ok=True)
                        text.write_bytes(snap.texts[doc.id].encode("utf-8"))
                os.replace(tmp, target)  # fails if another worker has just kept it
            except OSError:
                shutil.rmtree(tmp, ignore_errors=True)
                if not (target / name).is_file():
                    raise
        pointer = self.dir / f".{_POINTER}.{os.getpid()}.{threading.get_ident()}"
        pointer.write_text(f"{snap.version}/{name}", encoding="utf-8")
        os.replace(pointer, self.dir / _POINTER)
        self._prune(snap.version)

    def _prune(self, current: str) -> None:
        kept = sorted(
            (p for p in self.dir.iterdir() if p.is_dir() and re.fullmatch(r"[0-9a-f]{16}", p.name)),
            key=lambda p: p.stat().st_mtime_ns,
            reverse=True,
        )
        for old in [p for p in kept if p.name != current][KEEP - 1 :]:
            shutil.rmtree(old, ignore_errors=True)

    @property
    def path(self) -> Path | None:
        """The last good data file, or None when none is kept."""
        try:
            rel = (self.dir / _POINTER).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        return self.dir / rel if _KEPT.match(rel) else None

    def load(self) -> Snapshot | None:
        """The last good snapshot, or None when none is kept (or it no longer loads)."""
        path = self.path
        if path is None:
            return None
        try:
            return shapes(load_plan(path))
        except DataFileInvalid as exc:
            log.error("the last good data file no longer loads: %s", exc.detail)
            return None


class Reloader:
    """Loads the data file into ``store`` at start and again whenever it changes.

    Parameters
    ----------
    store
        The store whose snapshot is swapped.
    path
        The configured data file.
    state_dir
        Where the last good file is kept (off when None).
    listeners
        Called after each attempt with ``(result, new, old)``: the snapshot swapped in and
        the one it replaced (both None when nothing was swapped).
    """

    def __init__(
        self,
        store: SnapshotStore,
        path: str | Path,
        state_dir: str | Path | None = None,
        listeners: Sequence[Listener] = (),
    ) -> None:
        self.store = store
        self.path = Path(path)
        self.last_good = LastGood(state_dir) if state_dir is not None else None
        self.listeners = list(listeners)
        #: the outcome of the last attempt (None before the first)
        self.last: ReloadResult | None = None
        self._stamp: _Stamp | None = None
        self._digest: str | None = None
        self._lock = threading.Lock()
        #: the background runner of the served snapshot's analyses
        self.analyses: list[Background] = []

    def _build(self, data: bytes, version: str) -> Snapshot:
        plan, texts = parse_plan(data, self.path.parent, str(self.path))
        try:
            return shapes(build_snapshot(plan, texts, version))
        except Exception as exc:  # a valid file the engine cannot build is rejected too
            log.exception("building the snapshot failed")
            problem = Problem("$", f"cannot build a snapshot: {type(exc).__name__}")
            raise DataFileInvalid(str(self.path), [problem]) from exc

    def _keep(self, data: bytes, snap: Snapshot) -> None:
        if self.last_good is None:
            return
        try:
            self.last_good.keep(data, snap, self.path.name)
        except OSError as exc:
            log.warning("cannot keep the last good data file in %s: %s", self.last_good.dir, exc)

    def _record(
        self,
        outcome: Outcome,
        problems: Sequence[Problem] = (),
        new: Snapshot | None = None,
        old: Snapshot | None = None,
    ) -> ReloadResult:
        served = self.store.loaded
        result = ReloadResult(
            at=datetime.now(UTC),
            outcome=outcome,
            version=served.version if served is not None else None,
            problems=tuple(problems[:MAX_PROBLEMS]),
            problem_count=len(problems),
        )
        self.last = result
        fields = {
            "outcome": outcome,
            "version": result.version,
            "file": str(self.path),
            "problem_count": result.problem_count,
            "problems": [str(p) for p in result.problems[:10]],
        }
        if outcome == "rejected":
            log.error("data file rejected; the served version stays", extra={"fields": fields})
        elif outcome == "fallback":
            log.error(
                "data file invalid at start; serving the last good version",
                extra={"fields": fields},
            )
        else:
            log.info("data file %s", outcome, extra={"fields": fields})
        for listener in self.listeners:
            try:
                listener(result, new, old)
            except Exception:
                log.exception("a reload listener failed")
        return result

    def _swap(self, data: bytes, snap: Snapshot) -> ReloadResult:
        old = _serve(self.store, snap, self.analyses)
        self._keep(data, snap)
        return self._record("loaded", new=snap, old=old)

    def start(self) -> ReloadResult:
        """Load the configured file; if it is invalid, the last good one (and say so).

        Raises
        ------
        DataFileInvalid
            When the configured file is invalid and no good file is kept.
        """
        with self._lock:
            self._stamp = _stamp(self.path)
            try:
                data = _read(self.path)
                self._digest = digest = content_version(data)
                snap = self._build(data, digest)
            except DataFileInvalid as exc:
                fallback = self.last_good.load() if self.last_good is not None else None
                if fallback is None:
                    raise
                old = _serve(self.store, fallback, self.analyses)
                return self._record("fallback", exc.problems, new=fallback, old=old)
            return self._swap(data, snap)

    def check(self, force: bool = False) -> ReloadResult | None:
        """Load the file if it changed (always read it when ``force``).

        Returns the attempt's outcome, or None when the file did not change. Thread-safe:
        one check runs at a time.
        """
        with self._lock:
            stamp = _stamp(self.path)
            if not force and stamp == self._stamp:
                return None
            self._stamp = stamp
            try:
                data = _read(self.path)
            except DataFileInvalid as exc:
                self._digest = None
                return self._record("rejected", exc.problems)
            digest = content_version(data)
            if not force and digest == self._digest:
                return None  # touched, not changed
            self._digest = digest
            served = self.store.loaded
            if served is not None and served.version == digest:
                return self._record("unchanged")
            try:
                snap = self._build(data, digest)
            except DataFileInvalid as exc:
                return self._record("rejected", exc.problems)
            return self._swap(data, snap)

    def force(self) -> ReloadResult:
        """Read the file now and load it if it holds a new version."""
        result = self.check(force=True)
        assert result is not None
        return result

    async def watch(self, interval: float) -> None:
        """Check the file every ``interval`` seconds, off the event loop, until cancelled."""
        while True:
            await asyncio.sleep(interval)
            try:
                await asyncio.to_thread(self.check)
            except Exception:
                log.exception("checking the data file failed")
