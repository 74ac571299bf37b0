"""HTTP: PlanGraph under uvicorn beside a bare Starlette app serving the same bytes.

Both servers run at once (one uvicorn worker each, same settings, :mod:`bench.serve`);
the load generator (wrk when installed, else :mod:`bench.loadgen` in its own process)
drives one at a time, in rounds whose order alternates (app, bare; bare, app; ...), so
drift in the machine's load hits both alike. Scenarios:

``hot``
    the GET endpoints (node, neighbours, city measures, search) over a fixed set of URLs,
    every one answered before: PlanGraph serves them from its response cache;
``cold node``, ``cold city measures``, ``cold search``
    every request made unique by a parameter no route reads, so PlanGraph computes each
    answer (its cache never hits); the bare app ignores that parameter. Each is run with
    the connections of the hot runs (saturated: latency is mostly queueing) and with one
    connection (latency is the time to answer).

The bare app returns the exact bytes and headers PlanGraph answered, recorded once.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import orjson

from bench import layers
from bench.bare import BUST, record

ROOT = Path(__file__).resolve().parent.parent
#: what a browser sends that matters to the answer
HEADERS = {"Accept-Encoding": "gzip"}
_RUNS = itertools.count(int(time.time()))
#: the kinds of answer measured cold (each request computed)
COLD = ("node", "city measures", "search")
#: answered (200, not 503) once the app's background analyses are done: it is the last one
ANALYSED = "/v1/analytics/centrality?metric=betweenness&limit=1"


def urls_for(plan: Path, k: int = 8, seed: int = 11) -> dict[str, list[str]]:
    """URLs of each kind for a plan file: ``k`` nodes, cities and search queries."""
    data = orjson.loads(plan.read_bytes())
    rng = random.Random(seed)
    nodes = data["nodes"]
    picked = rng.sample(nodes, min(k, len(nodes)))
    cities = [n["id"] for n in nodes if n["type"] == "city"]
    named = rng.sample(nodes, min(k, len(nodes)))
    return {
        "node": [f"/v1/nodes/{n['id']}" for n in picked],
        "neighbours": [f"/v1/nodes/{n['id']}/neighbors" for n in picked],
        "city measures": [
            f"/v1/cities/{c}/measures" for c in rng.sample(cities, min(k, len(cities)))
        ],
        "search": [
            "/v1/search?q=" + quote(n["name"]["zh"] if i % 2 == 0 else n["name"]["en"])
            for i, n in enumerate(named)
        ],
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f}s")


def wait_analysed(base: str, timeout: float) -> None:
    """Wait until the app has computed its analyses, which a thread does after each load.

    Measured before, the app would share the interpreter with that thread; a server does
    so only in its first seconds (or minutes, for a large plan) after a load.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base + ANALYSED, timeout=60) as r:
                if r.status == 200:
                    return
        except urllib.error.HTTPError as e:
            if e.code != 503:  # 503: not computed yet (after a wait of its own)
                raise
        if time.monotonic() > deadline:
            raise TimeoutError(f"the analyses were not done within {timeout:.0f}s")
        time.sleep(0.25)


@contextmanager
def server(
    which: str, env: dict[str, str], workdir: Path, ready: str, timeout: float = 900
) -> Iterator[str]:
    """Run ``python -m bench.serve which`` until the block ends; yields its base URL."""
    port = _free_port()
    log = workdir / f"{which}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.serve", which, "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base + ready, proc, log, timeout)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


_WRK_SCRIPT = """
local urls = %(urls)s
local bust = %(bust)s
local i = 0
local n = 0
%(headers)s
request = function()
  i = i %% #urls + 1
  local u = urls[i]
  if bust then
    n = n + 1
    local sep = "?"
    if string.find(u, "?", 1, true) then sep = "&" end
    u = u .. sep .. "%(param)s=%(run)s" .. n
  end
  return wrk.format("GET", u)
end
"""


def _lua_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrk_time(value: str) -> float:
    """wrk's '612.00us' / '1.23ms' / '2.00s' in milliseconds."""
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if m is None:
        return float("nan")
    scale = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[m.group(2)]
    return float(m.group(1)) * scale


def _run_wrk(
    base: str, urls: list[str], seconds: float, connections: int, bust: bool, workdir: Path
) -> dict[str, Any]:
    script = workdir / "bench.lua"
    headers = "\n".join(
        f"wrk.headers[{_lua_string(k)}] = {_lua_string(v)}" for k, v in HEADERS.items()
    )
    script.write_text(
        _WRK_SCRIPT
        % {
            "urls": "{" + ", ".join(_lua_string(u) for u in urls) + "}",
            "bust": "true" if bust else "false",
            "headers": headers,
            "param": BUST,
            "run": f"{next(_RUNS)}x",  # no two runs send the same unique URLs
        },
        encoding="utf-8",
    )
    cmd = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "-s",
        str(script),
        base,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    pct = dict(re.findall(r"^\s+(\d+)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors:.*", out)
    done = re.search(r"(\d+) requests in", out)
    return {
        "client": "wrk",
        "requests": int(done.group(1)) if done else 0,
        "seconds": seconds,
        "rps": rps,
        "p50_ms": _wrk_time(pct.get("50", "nan")),
        "p99_ms": _wrk_time(pct.get("99", "nan")),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(0) if socket_errors else "",
    }


def _run_python(
    base: str, urls: list[str], seconds: float, connections: int, bust: bool, workdir: Path
) -> dict[str, Any]:
    listing = workdir / "urls.json"
    listing.write_text(json.dumps(urls), encoding="utf-8")
    port = base.rsplit(":", 1)[1]
    cmd = [
        sys.executable,
        "-m",
        "bench.loadgen",
        "--port",
        port,
        "--urls",
        str(listing),
        "--seconds",
        str(seconds),
        "--warmup",
        str(min(0.5, seconds / 2)),
        "--connections",
        str(connections),
    ]
    cmd += [f"--header={k}: {v}" for k, v in HEADERS.items()]
    if bust:
        cmd.append("--bust")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def client_name(choice: str) -> str:
    """The load generator to use: ``wrk`` when asked or installed (``auto``), else python."""
    if choice == "auto":
        return "wrk" if shutil.which("wrk") else "python"
    if choice == "wrk" and not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed")
    return choice


def run(
    plan: Path,
    seconds: float = 3.0,
    rounds: int = 5,
    connections: int = 16,
    client: str = "auto",
    workdir: Path | None = None,
    ready_timeout: float = 900,
    layer_calls: int = 20_000,
) -> dict[str, Any]:
    """The HTTP comparison for ``plan``: per scenario, both sides' rounds and their medians."""
    tool = client_name(client)
    drive = _run_wrk if tool == "wrk" else _run_python
    kinds = urls_for(plan)
    hot_urls = [u for group in kinds.values() for u in group]
    # (urls, unique per request, connections) of each scenario
    scenarios: dict[str, tuple[list[str], bool, int]] = {"hot": (hot_urls, False, connections)}
    for kind in COLD:
        scenarios[f"cold {kind}"] = (kinds[kind], True, connections)
    for kind in COLD:
        scenarios[f"cold {kind}, 1 connection"] = (kinds[kind], True, 1)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        work = Path(tmp)
        env = {"PLANGRAPH_DATA": str(plan.resolve())}
        started = time.perf_counter()
        with server("app", env, work, "/readyz") as app_base:
            startup = time.perf_counter() - started
            wait_analysed(app_base, ready_timeout)
            responses = work / "responses.json"
            sizes = record(app_base, hot_urls, HEADERS, responses)
            bare_env = {"BENCH_BARE_RESPONSES": str(responses)}
            with server("bare", bare_env, work, hot_urls[0]) as bare_base:
                bases = {"app": app_base, "bare": bare_base}
                results: dict[str, Any] = {}
                for name, (urls, bust, conns) in scenarios.items():
                    if tool == "wrk":  # wrk has no warm-up of its own: one run, not counted
                        for base in bases.values():
                            drive(base, urls, 1.0, conns, bust, work)
                    sides: dict[str, list[dict[str, Any]]] = {"app": [], "bare": []}
                    for r in range(rounds):
                        order = ("app", "bare") if r % 2 == 0 else ("bare", "app")
                        for side in order:
                            sides[side].append(drive(bases[side], urls, seconds, conns, bust, work))
                    results[name] = _summary(sides)
                    results[name].update(urls=len(urls), connections=conns)
    return {
        "layers": layers.run(plan, layer_calls),
        "client": tool,
        "connections": connections,
        "seconds": seconds,
        "rounds": rounds,
        "plan_nodes": len(orjson.loads(plan.read_bytes())["nodes"]),
        "startup_s": startup,
        "body_bytes": {"min": min(sizes.values()), "max": max(sizes.values())},
        "scenarios": results,
    }


def _summary(sides: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    out: dict[str, Any] = {"rounds": sides}
    for side, runs in sides.items():
        out[side] = {
            "rps": statistics.median(r["rps"] for r in runs),
            "p50_ms": statistics.median(r["p50_ms"] for r in runs),
            "p99_ms": statistics.median(r["p99_ms"] for r in runs),
            "errors": sum(r["errors"] for r in runs),
        }
    ratios = [
        a["rps"] / b["rps"] for a, b in zip(sides["app"], sides["bare"], strict=True) if b["rps"]
    ]
    out["throughput_ratio"] = statistics.median(ratios) if ratios else float("nan")
    bare_p99 = out["bare"]["p99_ms"]
    out["p99_ratio"] = out["app"]["p99_ms"] / bare_p99 if bare_p99 else float("nan")
    return out
