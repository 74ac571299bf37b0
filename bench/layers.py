"""What a cache hit costs per request, measured in-process, part by part.

``python -m bench.layers PLAN.json`` builds the app as ``create_app`` does (its access log
written to a temporary file), loads the plan, and calls it directly with the same GET many
times. Once answered, such a request is answered by the front (:mod:`app.api.fastpath.front`) before
any middleware runs, so its cost is split into the front's parts: finding the answer and
sending it with its finished headers, the access log line, the metrics (each measured by
turning the next one off). For comparison the same hit is also timed through the full
stack (the front off), and the bare Starlette app of :mod:`bench.bare` (one route, a
recorded response) is timed the same way. No network and no server: only the Python each
request runs above the socket. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp

from bench.measure import get_scope, run_part

ROUNDS = 5


async def _receive() -> MutableMapping[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _send(message: MutableMapping[str, Any]) -> None:
    return None


async def _per_call(app: ASGIApp, path: str, n: int) -> float:
    for _ in range(max(100, n // 20)):
        await app(get_scope(path), _receive, _send)
    t = time.perf_counter()
    for _ in range(n):
        await app(get_scope(path), _receive, _send)
    return (time.perf_counter() - t) / n


def measure(plan: Path, n: int = 20_000) -> dict[str, Any]:
    """The front's cost on a hit by part (seconds per request), the whole app's, the bare app's.

    ``stack_s`` is the same hit answered by the full stack, the front off.
    """
    from app.config import Settings
    from app.main import create_app
    from bench.bare import create as bare_app

    app = create_app(Settings(data=plan, watch_interval=0))
    app.state.reloader.start()
    snap = app.state.store.current
    for runner in app.state.reloader.analyses:  # not measured beside the analyses thread
        runner.join()
    path = f"/v1/nodes/{next(iter(snap.nodes))}"
    app.middleware_stack = app.build_middleware_stack()
    front = app.front
    if front is None or front.observer is None:
        raise RuntimeError("the app has no front")
    observe = front.observer
    log = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the process)
    observe.sink = lambda line: os.write(log.fileno(), line)
    metrics = observe.metrics
    configs = {  # name: front on, access log on, metrics on
        "whole": (True, True, True),
        "no log": (True, False, True),
        "neither": (True, False, False),
        "stack": (False, True, True),
    }

    def timed(on: bool, access_log: bool, with_metrics: bool) -> float:
        app.front = front if on else None
        observe.access_log = access_log
        observe.metrics = metrics if with_metrics else None
        for cached in front.answers._entries.values():
            cached.finished.clear()  # its metrics are kept with its finished headers
        return asyncio.run(_per_call(app, path, n // ROUNDS))

    timed(False, True, True)  # rendered once: the cache holds the answer
    best = dict.fromkeys(configs, float("inf"))
    for _ in range(ROUNDS):  # interleaved rounds; the fastest of each is the least disturbed
        for name, config in configs.items():
            best[name] = min(best[name], timed(*config))
    app.front, observe.access_log, observe.metrics = front, True, metrics
    own = [
        ("Front: find the answer, send it with its finished headers", best["neither"]),
        ("Front: access log line (to a file)", best["whole"] - best["no log"]),
        ("Front: metrics", best["no log"] - best["neither"]),
    ]

    with tempfile.TemporaryDirectory() as tmp:
        recorded = Path(tmp) / "responses.json"
        answer = {"status": 200, "headers": [["content-type", "application/json"]], "body": ""}
        recorded.write_text(json.dumps({path: answer}), encoding="utf-8")
        os.environ["BENCH_BARE_RESPONSES"] = str(recorded)
        bare_asgi = bare_app()
        bare = min(asyncio.run(_per_call(bare_asgi, path, n // ROUNDS)) for _ in range(ROUNDS))
    return {
        "path": path,
        "layers": own,
        "app_s": best["whole"],
        "stack_s": best["stack"],
        "bare_s": bare,
    }


def run(plan: Path, calls: int = 20_000, timeout: float = 900) -> dict[str, Any]:
    """Measure in a fresh interpreter, ``calls`` requests per layer."""
    args = [str(plan), "-n", str(calls)]
    return run_part("bench.layers", args, "measuring the layers", timeout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("plan", type=Path)
    parser.add_argument("-n", type=int, default=20_000)
    ns = parser.parse_args(argv)
    print(json.dumps(measure(ns.plan, ns.n)))


if __name__ == "__main__":
    main()
