"""The explorer's timings on a large generated plan, in Debian's chromium.

``python -m bench.explorer`` generates the benchmark's plan (10,000 nodes by default), serves
it as users do, and times in a headless chromium driven by Playwright, each from the user's
action to the page showing the result:

- **open**: loading ``/?view=graph`` until the graph is drawn (labels placed) — the first
  time (nothing cached by the server or the browser) and again in a fresh browser context;
- **search**: typing a name into the search box until the first result is shown (this
  includes the box's 110 ms typing pause);
- **select**: clicking that result until its panel is filled and the graph shows it selected.

Each is run ``--rounds`` times; the median and the slowest are printed (milliseconds).
A plan of more than 400 nodes is drawn as the neighbourhood of its best-connected node (the
browser could not lay out and draw 10,000 nodes within a second), so "open" is that drawing.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from bench.generate import generate

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _server(data: Path, port: int) -> Iterator[str]:
    env = {**os.environ, "PLANGRAPH_DATA": str(data), "PLANGRAPH_WATCH_INTERVAL": "0"}
    argv = [sys.executable, "-m", "bench.serve", "app", "--port", str(port)]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/readyz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def _timed(action: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    action()
    return (time.perf_counter() - t0) * 1000


def _query(data: Path) -> str:
    """A name of the plan to search for: an action's, from the middle of the file."""
    plan = orjson.loads(data.read_bytes())
    actions = [n for n in plan["nodes"] if n["type"] == "action"]
    return str(actions[len(actions) // 2]["name"]["en"])


def measure(base: str, query: str, rounds: int) -> dict[str, list[float]]:
    """Open, search and select ``rounds`` times each; milliseconds per round."""
    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {"open (first)": [], "open": [], "search": [], "select": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for i in range(rounds + 1):
            ctx = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=base)
            page = ctx.new_page()

            def opened(pg: Any = page) -> None:
                pg.goto("/?view=graph")
                pg.wait_for_selector("#graph[data-ready]", state="attached", timeout=60_000)

            out["open (first)" if i == 0 else "open"].append(_timed(opened))
            if i == 0:
                ctx.close()
                continue

            def searched(pg: Any = page) -> None:
                pg.fill("#q", query)
                pg.wait_for_selector("#results [role=option][data-node]", timeout=30_000)

            out["search"].append(_timed(searched))
            hit = page.locator("#results [role=option][data-node]").first
            node = str(hit.get_attribute("data-node"))

            def selected(pg: Any = page, option: Any = hit, node: str = node) -> None:
                option.dispatch_event("mousedown")
                pg.wait_for_selector("#panel-title:not(:empty)", timeout=30_000)
                pg.wait_for_function(f"() => location.search.includes('node={node}')")
                pg.wait_for_selector("#graph[data-ready]", state="attached", timeout=30_000)

            out["select"].append(_timed(selected))
            ctx.close()
        browser.close()
    return out


def main(argv: list[str] | None = None) -> None:
    """Run the measurement and print a table."""
    p = argparse.ArgumentParser(
        prog="python -m bench.explorer", description=__doc__.splitlines()[0]
    )
    p.add_argument("--nodes", type=int, default=10_000, help="Plan size (nodes).")
    p.add_argument("--rounds", type=int, default=5, help="Rounds of each measurement.")
    p.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "plangraph-bench")
    ns = p.parse_args(argv)
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM}: not found; install Debian's chromium package")
    folder = ns.workdir / f"explorer-{ns.nodes}"
    data = generate(ns.nodes, folder)
    query = _query(data)
    with _server(data, _port()) as base:
        results = measure(base, query, ns.rounds)
    print(f"explorer on a {ns.nodes:,}-node plan, search {query!r}, {ns.rounds} rounds (ms)")
    print("| step | median | slowest |\n| --- | ---: | ---: |")
    for step, values in results.items():
        print(f"| {step} | {statistics.median(values):.0f} | {max(values):.0f} |")


if __name__ == "__main__":
    main()
