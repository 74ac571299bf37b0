"""The load command: loopback only, bounded in time, and clean against a real server."""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

import pytest

from tests.servers import ROOT, free_port, running


def _load_module() -> Any:
    """bench/ is a folder of scripts, not an installed package: import the file itself."""
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


run = _load_module().run


def test_a_short_load_over_the_mix_has_no_errors() -> None:
    port = free_port()
    argv = ["plangraph", "serve", "--port", str(port)]
    with running(argv, port, {"PLANGRAPH_ACCESS_LOG": "false"}) as base:
        result = run(base, connections=4, duration=1.0)
    assert result["errors"] == 0
    assert result["requests"] > 0
    assert len(result["routes"]) >= 8  # the mix reaches lists, details, reach and search
    assert result["latency_ms"]["p50"] <= result["latency_ms"]["p99"]


@pytest.mark.parametrize(
    ("url", "duration"),
    [("http://example.org:8000", 1.0), ("http://10.0.0.1:8000", 1.0), ("http://127.0.0.1:1", 0)],
)
def test_only_loopback_and_bounded_runs_are_accepted(url: str, duration: float) -> None:
    with pytest.raises(ValueError, match=r"loopback|duration"):
        run(url, connections=1, duration=duration)
