"""Small measuring tools shared by the parts: clocks, medians, memory, machine facts."""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any


def median_seconds(fn: Callable[[Any], object], args: Sequence[Any], repeat: int = 1) -> float:
    """The median time of ``fn(arg)`` over ``args`` (each called ``repeat`` times).

    The first argument is called once before timing starts, so one-off work done on first
    use (a lazily built structure) is not counted; what first use costs is reported apart.
    """
    if not args:
        return float("nan")
    fn(args[0])
    times = []
    for _ in range(repeat):
        for a in args:
            t = time.perf_counter()
            fn(a)
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0-100) of already sorted values (nearest rank).

    >>> percentile([1.0, 2.0, 3.0, 4.0], 50)
    2.0
    """
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def memory_mb() -> dict[str, float]:
    """Resident memory now and at its peak, in MiB (from /proc; peak only elsewhere)."""
    out: dict[str, float] = {}
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key = "rss" if line.startswith("VmRSS") else "peak"
                    out[key] = int(line.split()[1]) / 1024
    except OSError:
        pass
    if "peak" not in out:
        out["peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.setdefault("rss", out["peak"])
    return out


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_total() -> str:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            kb = int(f.readline().split()[1])
        return f"{kb / 2**20:.1f} GiB"
    except (OSError, ValueError, IndexError):
        return "unknown"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": _memory_total(),
        "os": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "packages": ", ".join(
            f"{d} {_version(d)}"
            for d in ("fastapi", "starlette", "uvicorn", "pydantic", "networkx", "pyoxigraph")
        ),
        "load average at start": f"{load:.2f}",
    }


def run_part(module: str, args: Sequence[str], what: str, timeout: float) -> dict[str, Any]:
    """Run ``python -m module args`` in a fresh interpreter; its last line of output, as JSON.

    Each part measures in a process of its own, so one part's heap and caches do not
    colour another's figures. ``what`` names the measurement in the error raised when
    the process fails.
    """
    out = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{out.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def get_scope(path: str) -> dict[str, Any]:
    """The ASGI scope of a plain ``GET path`` from a browser-like client (gzip accepted)."""
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
