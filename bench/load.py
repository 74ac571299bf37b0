"""Load the API over loopback: N keep-alive connections for a fixed time over a mix of routes.

A small HTTP/1.1 client on asyncio (no third-party client: it costs the server's CPU as
little as possible), bounded in time, refusing any host but the local one. Without
``--url`` it starts ``plangraph serve`` itself on a free port and stops it afterwards.

Usage::

    python -m bench.load                          # 64 connections, 30 s, 2 workers
    python -m bench.load --connections 64 --duration 30 --workers 2 --json out.json
    python -m bench.load --url http://127.0.0.1:8000
    python -m bench.load --reload-every 0.5      # while the data file keeps changing

With ``--reload-every`` the started server serves a copy of the data file, which a thread
replaces every so often with, in turn, a second good version (its title changed), a
truncated file, the first version and the truncated file again; the workers poll it every
second. Every answer must still be a 200.

The URLs are discovered from the served plan (nodes, cities, search terms), so the mix
works for any dataset. Every answer must be a 200; anything else (a status, a reset, a
timeout) counts as an error. Prints throughput, latency percentiles and the error count.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_DURATION = 300.0
REQUEST_TIMEOUT = 10.0


@dataclass
class Stats:
    """What the clients saw."""

    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    by_route: Counter[str] = field(default_factory=Counter)

    def summary(self, seconds: float, connections: int) -> dict[str, Any]:
        ordered = sorted(self.latencies)

        def pct(q: float) -> float:
            if not ordered:
                return 0.0
            return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)

        return {
            "connections": connections,
            "seconds": round(seconds, 2),
            "requests": len(ordered),
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "throughput_rps": round(len(ordered) / seconds, 1) if seconds else 0.0,
            "latency_ms": {
                "p50": pct(0.50),
                "p90": pct(0.90),
                "p99": pct(0.99),
                "max": round(ordered[-1] * 1000, 2) if ordered else 0.0,
            },
            "routes": dict(self.by_route.most_common()),
        }


def _get_json(base: str, path: str) -> Any:
    with urllib.request.urlopen(base + path, timeout=10) as r:
        return json.load(r)


def discover(base: str) -> list[str]:
    """A mix of read URLs of the served plan: lists, details, reach, search, metadata."""
    urls = ["/v1/meta", "/v1/schema", "/v1/tree", "/v1/nodes?limit=50", "/v1/edges?limit=50"]
    urls += ["/v1/cities", "/healthz", "/readyz"]
    nodes = _get_json(base, "/v1/nodes?limit=200")["items"]
    rng = random.Random(7)
    picked = rng.sample(nodes, min(20, len(nodes)))
    urls += [f"/v1/nodes/{quote(n['id'])}" for n in picked]
    urls += [f"/v1/nodes/{quote(n['id'])}/neighbors" for n in picked[:5]]
    urls += [f"/v1/search?q={quote(n['name']['en'].split()[0])}" for n in picked[:5]]
    for city in _get_json(base, "/v1/cities")["items"][:4]:
        urls.append(f"/v1/cities/{quote(city['id'])}/measures")
    return urls


def _route(url: str) -> str:
    path = url.split("?")[0]
    parts = path.split("/")
    if len(parts) > 3 and parts[2] in ("nodes", "cities"):
        parts[3] = "{id}"
    return "/".join(parts)


async def _client(
    host: str, port: int, urls: list[str], deadline: float, stats: Stats, seed: int
) -> None:
    requests = [
        (f"GET {u} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Encoding: gzip\r\n\r\n".encode(), u)
        for u in urls
    ]
    rng = random.Random(seed)
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    while time.perf_counter() < deadline:
        raw, url = requests[rng.randrange(len(requests))]
        started = time.perf_counter()
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT):
                if writer is None or reader is None:
                    reader, writer = await asyncio.open_connection(host, port)
                writer.write(raw)
                head = (await reader.readuntil(b"\r\n\r\n")).lower()
                status = int(head[9:12])
                length = 0
                at = head.find(b"\r\ncontent-length:")
                if at >= 0:
                    length = int(head[at + 17 : head.index(b"\r\n", at + 2)])
                elif status not in (204, 304):
                    raise ValueError("no content-length")
                await reader.readexactly(length)
                closing = b"\r\nconnection: close" in head
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as exc:
            stats.errors[type(exc).__name__] += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        stats.latencies.append(time.perf_counter() - started)
        stats.by_route[_route(url)] += 1
        if status != 200:
            stats.errors[f"status {status}"] += 1
        if closing:
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def _load(base: str, urls: list[str], connections: int, duration: float) -> dict[str, Any]:
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    stats = Stats()
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(
        *(_client(host, port, urls, deadline, stats, seed) for seed in range(connections))
    )
    return stats.summary(time.perf_counter() - started, connections)


def run(base: str, connections: int = 64, duration: float = 30.0) -> dict[str, Any]:
    """Load ``base`` (a loopback URL) and return the figures."""
    host = urlsplit(base).hostname
    if host not in LOOPBACK:
        raise ValueError(f"refusing to load {host!r}: loopback only")
    if not 0 < duration <= MAX_DURATION:
        raise ValueError(f"duration must be in (0, {MAX_DURATION:.0f}] seconds")
    if not 1 <= connections <= 1024:
        raise ValueError("connections must be in [1, 1024]")
    urls = discover(base)
    result = asyncio.run(_load(base, urls, connections, duration))
    result["urls"] = len(urls)
    return result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _live_workers(base: str) -> float:
    try:
        with urllib.request.urlopen(base + "/metrics", timeout=5) as r:
            text = r.read().decode()
    except (urllib.error.URLError, OSError):
        return 0.0
    return sum(map(float, re.findall(r"^plangraph_snapshot_version\{.*\} (\S+)$", text, re.M)))


def reload_outcomes(base: str) -> dict[str, float]:
    """The reload attempts the server counted, by outcome."""
    with urllib.request.urlopen(base + "/metrics", timeout=5) as r:
        text = r.read().decode()
    found = re.findall(r'^plangraph_reloads_total\{outcome="(\w+)"\} (\S+)$', text, re.M)
    return {outcome: float(n) for outcome, n in found}


@contextmanager
def changing_data(every: float) -> Iterator[tuple[Path, dict[str, Any]]]:
    """A copy of the served data file, replaced every ``every`` seconds until the block ends.

    Yields the copy's path and a dict: set ``go`` to start replacing; ``replacements``
    counts the replacements made.
    """
    import orjson

    from app.config import Settings

    source = Settings().data
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        shutil.copytree(source.parent, folder)
        path = folder / source.name
        first = path.read_bytes()
        plan = orjson.loads(first)
        plan["title"]["en"] = plan["title"]["en"] + " (revised)"
        second = orjson.dumps(plan)
        broken = second[: len(second) // 2]
        cycle = [second, broken, first, broken]
        stop = threading.Event()
        go = threading.Event()
        done: dict[str, Any] = {"replacements": 0, "go": go}

        def flip() -> None:
            while not go.wait(0.1):
                if stop.is_set():
                    return
            while not stop.wait(every):
                staged = folder / ".staged"
                staged.write_bytes(cycle[done["replacements"] % len(cycle)])
                os.replace(staged, path)
                done["replacements"] += 1

        flipper = threading.Thread(target=flip, daemon=True)
        flipper.start()
        try:
            yield path, done
        finally:
            stop.set()
            flipper.join()


@contextmanager
def serving(workers: int, env: dict[str, str] | None = None) -> Iterator[str]:
    """``plangraph serve`` on a free loopback port until the block ends; yields its URL."""
    port = _free_port()
    argv = ["plangraph", "serve", "--workers", str(workers), "--port", str(port)]
    bin_dir = str(Path(sys.executable).parent)
    full_env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    full_env.update(env or {})
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(argv, env=full_env, stdout=subprocess.DEVNULL, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError("the server exited:\n" + log.read().decode(errors="replace"))
                try:
                    with urllib.request.urlopen(base + "/readyz", timeout=2):
                        break
                except (urllib.error.URLError, OSError):
                    if time.monotonic() > deadline:
                        raise TimeoutError("the server did not get ready") from None
                    time.sleep(0.2)
            while _live_workers(base) < workers and time.monotonic() < deadline:
                time.sleep(0.2)  # every worker has loaded the plan
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="A running server (loopback); default: start one.")
    parser.add_argument("--workers", type=int, default=2, help="Workers of the started server.")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=float, default=30.0, help="Seconds.")
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    parser.add_argument(
        "--reload-every",
        type=float,
        metavar="SECONDS",
        help="Replace the data file this often (good, broken, good, ...) during the run.",
    )
    args = parser.parse_args(argv)
    if args.url:
        if args.reload_every:
            parser.error("--reload-every needs the server this command starts (no --url)")
        result = run(args.url, args.connections, args.duration)
    elif args.reload_every:
        with changing_data(args.reload_every) as (path, done), tempfile.TemporaryDirectory() as st:
            env = {
                "PLANGRAPH_DATA": str(path),
                "PLANGRAPH_STATE_DIR": st,
                "PLANGRAPH_WATCH_INTERVAL": "1",
            }
            with serving(args.workers, env) as base:
                done["go"].set()
                result = run(base, args.connections, args.duration)
                result["reloads"] = {
                    "replacements": done["replacements"],
                    "outcomes": reload_outcomes(base),
                }
        result["workers"] = args.workers
    else:
        with serving(args.workers) as base:
            result = run(base, args.connections, args.duration)
        result["workers"] = args.workers
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0 if result["errors"] == 0 and result["requests"] > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
