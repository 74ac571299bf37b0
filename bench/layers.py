"""What each ASGI layer costs per request on a cache hit, measured in-process.

``python -m bench.layers PLAN.json`` builds the app as ``create_app`` does (its access log
written to a temporary file), loads the plan, and calls each layer of the middleware stack
directly with the same GET many times: a layer's own cost is its time minus the time of
the layer it wraps. The bare Starlette app of :mod:`bench.bare` (one route, a recorded
response) is timed the same way. No network and no server: only the Python each request
runs above the socket. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp

ROUNDS = 5
#: the layers below this one render answers; on a hit they do not run
_RENDERING = "ExceptionMiddleware"


def _scope(path: str) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost"), (b"accept-encoding", b"gzip")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


async def _receive() -> MutableMapping[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _send(message: MutableMapping[str, Any]) -> None:
    return None


async def _per_call(app: ASGIApp, path: str, n: int) -> float:
    for _ in range(max(100, n // 20)):
        await app(_scope(path), _receive, _send)
    t = time.perf_counter()
    for _ in range(n):
        await app(_scope(path), _receive, _send)
    return (time.perf_counter() - t) / n


def measure(plan: Path, n: int = 20_000) -> dict[str, Any]:
    """Own cost of each layer (seconds per request), outermost first, and the bare app's."""
    from app.config import Settings
    from app.main import create_app
    from bench.bare import create as bare_app

    app = create_app(Settings(data=plan, watch_interval=0))
    app.state.reloader.start()
    snap = app.state.store.current
    path = f"/v1/nodes/{next(iter(snap.nodes))}"
    stack = app.build_middleware_stack()
    log = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the process)
    layers: list[Any] = []
    layer: Any = stack
    while layer is not None and type(layer).__name__ != _RENDERING:
        if hasattr(layer, "sink"):  # the access log: one write per line, to a file
            layer.sink = lambda line: os.write(log.fileno(), line)
        layers.append(layer)
        layer = getattr(layer, "app", None)
    app.middleware_stack = stack
    targets: list[Any] = [app, *layers]
    best = [float("inf")] * len(targets)
    for _ in range(ROUNDS):  # interleaved rounds; the fastest of each is the least disturbed
        for i, target in enumerate(targets):
            best[i] = min(best[i], asyncio.run(_per_call(target, path, n // ROUNDS)))
    whole, totals = best[0], best[1:]
    own = [
        (type(x).__name__, t - (totals[i + 1] if i + 1 < len(totals) else 0.0))
        for i, (x, t) in enumerate(zip(layers, totals, strict=True))
    ]
    own.insert(0, ("FastAPI app (around the stack)", whole - totals[0]))

    with tempfile.TemporaryDirectory() as tmp:
        recorded = Path(tmp) / "responses.json"
        answer = {"status": 200, "headers": [["content-type", "application/json"]], "body": ""}
        recorded.write_text(json.dumps({path: answer}), encoding="utf-8")
        os.environ["BENCH_BARE_RESPONSES"] = str(recorded)
        bare_asgi = bare_app()
        bare = min(asyncio.run(_per_call(bare_asgi, path, n // ROUNDS)) for _ in range(ROUNDS))
    return {"path": path, "layers": own, "app_s": whole, "bare_s": bare}


def run(plan: Path, calls: int = 20_000, timeout: float = 900) -> dict[str, Any]:
    """Measure in a fresh interpreter, ``calls`` requests per layer."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.layers", str(plan), "-n", str(calls)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if out.returncode != 0:
        raise RuntimeError(f"measuring the layers failed:\n{out.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("plan", type=Path)
    parser.add_argument("-n", type=int, default=20_000)
    ns = parser.parse_args(argv)
    print(json.dumps(measure(ns.plan, ns.n)))


if __name__ == "__main__":
    main()
