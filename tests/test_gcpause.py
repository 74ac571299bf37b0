"""Pausing the collector while a snapshot is built, and what it leaves behind."""

from __future__ import annotations

import gc

from app.gcpause import paused_gc


def test_what_is_built_goes_to_the_oldest_generation_not_frozen() -> None:
    with paused_gc():
        assert not gc.isenabled()
        built = [[i] for i in range(10)]
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert any(o is built for o in gc.get_objects(generation=2))


def test_nested_pauses_enable_once_at_the_end() -> None:
    with paused_gc():
        with paused_gc():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_garbage_made_while_paused_is_still_collected() -> None:
    with paused_gc():
        loop: list[object] = []
        loop.append(loop)
        del loop
    assert gc.collect() >= 1
