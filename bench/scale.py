"""Scale: load, memory and in-process query times of one plan, measured in a fresh process.

``python -m bench.scale PLAN.json`` loads the plan exactly as the server does
(:func:`app.datafile.parse.load_plan`), timing each phase of the load, then builds what a
server builds (response shapes before serving, the per-snapshot analyses in the background
right after), then times each query function on sampled arguments. It prints one JSON
object.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from bench.measure import median_seconds, memory_mb, run_part

#: the query functions timed, in table order
QUERIES = ("node", "neighbours", "city measures", "search", "impact", "paths")


class _Phases:
    """Wall-clock seconds spent in named functions during one load."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t, c = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t
                self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - c

        return timed


@contextmanager
def _timed_load(phases: _Phases) -> Iterator[None]:
    """Time the phases of ``load_plan`` by wrapping the functions it calls, then restore."""
    import orjson

    from app.datafile import parse
    from app.graph import snapshot
    from app.runtime import load

    class _TimedJson:
        loads = staticmethod(phases.wrap("parse JSON", orjson.loads))
        JSONDecodeError = orjson.JSONDecodeError

    timed: list[tuple[Any, str, str]] = [  # (module, name it calls, phase)
        (parse, "validate_structure", "validate structure (pydantic)"),
        (parse, "semantic_problems", "validate semantics"),
        (load, "content_version", "read + hash"),
        (parse, "_read_texts", "read + hash"),
        (load, "build_snapshot", "build snapshot"),
        (snapshot, "_search_entries", "  search texts + pinyin"),
        (snapshot, "SearchIndex", "  search index"),
        (snapshot, "build_reach", "  city reach"),
        (snapshot, "coverage", "  text coverage"),
    ]
    patches: list[tuple[Any, str, Any]] = [(parse, "orjson", _TimedJson)]
    patches += [(mod, name, phases.wrap(phase, getattr(mod, name))) for mod, name, phase in timed]
    saved = [(mod, name, getattr(mod, name)) for mod, name, _ in patches]
    for mod, name, value in patches:
        setattr(mod, name, value)
    try:
        yield
    finally:
        for mod, name, value in saved:
            setattr(mod, name, value)


def _samples(snap: Any, k: int, seed: int = 7) -> dict[str, list[Any]]:
    rng = random.Random(seed)
    nodes = list(snap.nodes)
    cities = list(snap.by_type.get("city", ()))
    platforms = list(snap.by_type.get("platform", ()))
    actions = list(snap.by_type.get("action", ()))
    picked = rng.sample(nodes, min(k, len(nodes)))
    names = []
    for i, nid in enumerate(rng.sample(nodes, min(k, len(nodes)))):
        name = snap.nodes[nid].name
        names.append(name.zh if i % 2 == 0 else name.en)
    return {
        "node": picked,
        "neighbours": picked,
        "city measures": [rng.choice(cities) for _ in range(k)] if cities else [],
        "search": names,
        "impact": [rng.choice(platforms) for _ in range(k)] if platforms else [],
        "paths": [(rng.choice(actions), rng.choice(cities)) for _ in range(max(3, k // 4))]
        if actions and cities
        else [],
    }


def _query_functions(snap: Any) -> dict[str, Callable[[Any], object]]:
    """The function each route calls, by query: the JSON the API serves (``*_json``) where
    a route serves a query function's bytes, else the response model."""
    from app.answers import cities, nodes, paths, search, traverse

    return {
        "node": lambda n: nodes.node_detail_json(snap, n),
        "neighbours": lambda n: nodes.neighbors_json(snap, n),
        "city measures": lambda c: cities.city_measures_json(snap, c),
        "search": lambda q: search.search_json(snap, q),
        "impact": lambda p: traverse.impact_json(snap, p),
        "paths": lambda ab: paths.paths(snap, ab[0], ab[1]),
    }


def measure(path: Path, samples: int = 101) -> dict[str, Any]:
    """Everything the scale table shows about one plan (run in a fresh process)."""
    from app.runtime.load import load_plan

    before = memory_mb()["rss"]
    phases = _Phases()
    with _timed_load(phases):
        t, c = time.perf_counter(), time.process_time()
        snap = load_plan(path)
        load_s, load_cpu = time.perf_counter() - t, time.process_time() - c
    after_load = memory_mb()

    warm: dict[str, float] = {}
    t = time.perf_counter()
    from app.answers import analytics
    from app.graph import algorithms
    from app.runtime import warmup

    warmup.shapes(snap)
    warm["response shapes"] = time.perf_counter() - t
    # what warmup.warm computes, one by one
    steps: list[tuple[str, Callable[[], object]]] = [
        (m, partial(algorithms.scores, snap, m)) for m in algorithms.METRICS
    ]
    steps += [
        ("city matrix", lambda: analytics.city_matrix(snap)),
        ("goal coverage", lambda: analytics.goal_coverage(snap)),
    ]
    for name, step in steps:
        t = time.perf_counter()
        step()
        warm[name] = time.perf_counter() - t
    warmup.warm(snap)  # anything else it does (all of the above is memoised)
    after_warm = memory_mb()

    gc.collect()  # what the warm-up left to collect is not timed with the queries
    fns = _query_functions(snap)
    args = _samples(snap, samples)
    first: dict[str, float] = {}
    timings: dict[str, float] = {}
    for name in QUERIES:
        if name not in fns or not args[name]:
            continue
        t = time.perf_counter()
        fns[name](args[name][0])
        first[name] = time.perf_counter() - t
        timings[name] = median_seconds(fns[name], args[name][1:] or args[name], repeat=3)
    return {
        "nodes": len(snap.nodes),
        "edges": len(snap.edges),
        "file_mb": path.stat().st_size / 2**20,
        "load_s": load_s,
        "load_cpu_s": load_cpu,
        "phases": phases.seconds,
        "phases_cpu": phases.cpu,
        "rss_before_mb": before,
        "rss_loaded_mb": after_load["rss"],
        "peak_loaded_mb": after_load["peak"],
        "warm_s": warm,
        "rss_warm_mb": after_warm["rss"],
        "peak_warm_mb": after_warm["peak"],
        "first_call_s": first,
        "median_s": timings,
        "samples": samples,
    }


def run(path: Path, samples: int = 101, timeout: float = 3600) -> dict[str, Any]:
    """Measure ``path`` in a fresh interpreter and return its figures."""
    args = [str(path), "--samples", str(samples)]
    return run_part("bench.scale", args, f"measuring {path}", timeout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("plan", type=Path)
    parser.add_argument("--samples", type=int, default=101)
    ns = parser.parse_args(argv)
    print(json.dumps(measure(ns.plan, ns.samples)))


if __name__ == "__main__":
    main()
