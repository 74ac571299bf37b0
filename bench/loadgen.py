"""A small HTTP/1.1 load generator, for machines without wrk.

``python -m bench.loadgen --port N --urls FILE --seconds S`` keeps ``--connections``
keep-alive connections busy for ``S`` seconds, each sending the next URL of the list as
soon as the previous answer is read, and prints one JSON object: requests, seconds,
requests per second, latency percentiles, and how many answers were not 2xx/3xx. With
``--bust`` every request gets a unique query parameter (so no cache can answer it).

It runs in its own process, so that the server under test does not share an interpreter
with it; being Python, it saturates sooner than wrk, which the report says.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import time
from pathlib import Path
from typing import Any

from bench.bare import BUST
from bench.measure import percentile


def _request(url: str, host: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {url} HTTP/1.1", f"Host: {host}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _connection(
    host: str,
    port: int,
    next_request: Any,
    deadline: float,
    latencies: list[float],
    counts: dict[str, int],
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < deadline:
            request = next_request()
            t = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
                    break
            if length:
                await reader.readexactly(length)
            latencies.append(time.perf_counter() - t)
            status = head[9:12]
            if not status.startswith((b"2", b"3")):
                counts["errors"] += 1
    finally:
        writer.close()


async def run(
    host: str,
    port: int,
    urls: list[str],
    seconds: float,
    connections: int = 16,
    warmup: float = 0.5,
    bust: bool = False,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Drive ``urls`` round-robin for ``seconds`` (after ``warmup``) and measure."""
    headers = headers or {}
    host_header = f"{host}:{port}"
    prepared = [_request(u, host_header, headers) for u in urls]
    cycle = itertools.cycle(range(len(urls)))
    serial = itertools.count()
    run = f"{os.getpid()}x{time.time_ns()}x"  # no two runs send the same unique URLs

    def next_request() -> bytes:
        i = next(cycle)
        if not bust:
            return prepared[i]
        url = urls[i]
        sep = "&" if "?" in url else "?"
        return _request(f"{url}{sep}{BUST}={run}{next(serial)}", host_header, headers)

    if warmup > 0:
        await asyncio.gather(
            *(
                _connection(
                    host, port, next_request, time.perf_counter() + warmup, [], {"errors": 0}
                )
                for _ in range(connections)
            )
        )
    latencies: list[float] = []
    counts = {"errors": 0}
    start = time.perf_counter()
    await asyncio.gather(
        *(
            _connection(host, port, next_request, start + seconds, latencies, counts)
            for _ in range(connections)
        )
    )
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "client": "python",
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "errors": counts["errors"],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--urls", type=Path, required=True, help="A JSON list of URLs.")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--warmup", type=float, default=0.5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--bust", action="store_true")
    parser.add_argument("--header", action="append", default=[], help="Name: value")
    ns = parser.parse_args(argv)
    urls = json.loads(ns.urls.read_text(encoding="utf-8"))
    headers = dict(h.split(": ", 1) for h in ns.header)
    try:
        import uvloop
    except ImportError:
        runner = asyncio.run
    else:
        runner = uvloop.run
    result = runner(
        run(ns.host, ns.port, urls, ns.seconds, ns.connections, ns.warmup, ns.bust, headers)
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
