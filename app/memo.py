"""One memo per snapshot: what is computed from a snapshot alone is computed once.

A key is typed (:class:`Key`): it names a kind of value and carries the type of what it
holds, so ``memo.get(CITY_ROWS.of(city), build)`` type-checks. Each key has its own lock:
concurrent first callers of one key wait for its one computation, and never for another
key's.

A producer (the runtime's background runner) may *reserve* a key it will fill: a caller
asking for it meanwhile waits at most :data:`WAIT` seconds, then gets
:class:`~app.errors.AnalysisPending` (a 503 with ``Retry-After``), so that a slow
analysis is never computed on a request, and no request hangs.

Examples
--------
>>> SQUARE: Key[int] = Key("square")
>>> memo = Memo()
>>> memo.get(SQUARE.of(3), lambda: 3 * 3)
9
>>> memo.get(SQUARE.of(3), lambda: 0)     # computed once
9
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from app.errors import AnalysisPending

__all__ = ["RETRY_AFTER", "WAIT", "Key", "Memo"]

T = TypeVar("T")

#: seconds a caller waits for a reserved key before giving up
WAIT = 2.0
#: seconds a caller that gave up is told to wait before asking again
RETRY_AFTER = 5


@dataclass(frozen=True, slots=True)
class Key(Generic[T]):
    """A memo key: the kind of value (``name``) and what it is of (``arg``, e.g. a city)."""

    name: str
    arg: Hashable = None

    def of(self, arg: Hashable) -> Key[T]:
        """This kind of value for ``arg``."""
        return Key(self.name, arg)


class Memo:
    """Values computed at most once, by key; thread-safe."""

    __slots__ = ("_guard", "_locks", "_reserved", "_values")

    def __init__(self) -> None:
        self._values: dict[Key[Any], Any] = {}
        self._locks: dict[Key[Any], threading.Lock] = {}
        self._guard = threading.Lock()
        #: key -> (set once filled or released, what it is for people)
        self._reserved: dict[Key[Any], tuple[threading.Event, str]] = {}

    def get(self, key: Key[T], compute: Callable[[], T]) -> T:
        """The value under ``key``, computed by ``compute()`` the first time only."""
        try:
            return self._values[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        reserved = self._reserved.get(key)
        if reserved is not None:
            done, what = reserved
            if not done.wait(WAIT):
                raise AnalysisPending(what, RETRY_AFTER)
            if key in self._values:
                return self._values[key]  # type: ignore[no-any-return]
            # the producer failed on it (and logged why): compute it here
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._values:
                self._values[key] = compute()
            return self._values[key]  # type: ignore[no-any-return]

    def has(self, key: Key[Any]) -> bool:
        """Whether ``key`` holds a value."""
        return key in self._values

    def reserve(self, key: Key[Any], what: str) -> bool:
        """Mark ``key`` as being computed by a producer; False if it is already held or
        reserved (then the producer leaves it alone)."""
        with self._guard:
            if key in self._values or key in self._reserved:
                return False
            self._reserved[key] = (threading.Event(), what)
            return True

    def fill(self, key: Key[T], value: T) -> None:
        """Store a reserved key's value and wake those waiting for it."""
        with self._guard:
            self._values.setdefault(key, value)
            done, _ = self._reserved.pop(key)
        done.set()

    def release(self, key: Key[Any]) -> None:
        """Give up a reserved key unfilled: its waiters compute it themselves."""
        with self._guard:
            done, _ = self._reserved.pop(key)
        done.set()

    def pending(self) -> list[str]:
        """What reserved keys are still to be filled, for people."""
        with self._guard:
            return [what for _, what in self._reserved.values()]
