"""A tiny run of the benchmark (1k nodes, a second or so of load), so that it never rots.

It checks that every part runs and reports what it should; the figures themselves are
not asserted (timings on a shared machine say nothing here).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_tiny_run_reports_every_table(tmp_path: Path) -> None:
    out, raw = tmp_path / "performance.md", tmp_path / "figures.json"
    argv = ["--tiny", "--client", "python", "--workdir", str(tmp_path / "work")]
    argv += ["--out", str(out), "--json", str(raw)]
    done = subprocess.run(
        [sys.executable, "-m", "bench", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert done.stdout.strip() == text.strip()  # what it prints is what it writes
    headings = ("## Machine", "## Targets", "## What the figures say", "## Scale", "## HTTP")
    for heading in (*headings, "## Peer: pyoxigraph"):
        assert heading in text
    assert "| nodes | node | neighbours | city measures | search | impact | paths |" in text
    for kind in ("node", "city measures", "search"):
        assert f"\n| cold {kind} | " in text
        assert f"\n| cold {kind} (1 connection) | " in text
    assert "\n| hot | " in text
    assert "| part of a hit | µs per request |" in text
    assert "\n| Front: access log line (to a file) | " in text
    for question in ("measures reaching a city", "impact of a platform"):
        assert f"| 1,000 | {question} | " in text
    assert "| computed (µs) | kept (µs) | served (µs) |" in text
    assert "## SPARQL endpoint (/v1/sparql)" in text
    assert "| 1,000 | measures reaching a city | " in text.split("## SPARQL endpoint")[1]

    figures = json.loads(raw.read_text(encoding="utf-8"))
    (size,) = figures["scale"]
    assert (size["nodes"], size["edges"]) == (1000, 3000)
    assert set(size["median_s"]) == {
        "node",
        "neighbours",
        "city measures",
        "search",
        "impact",
        "paths",
    }
    for scenario in figures["http"]["scenarios"].values():
        assert scenario["app"]["errors"] == scenario["bare"]["errors"] == 0
        assert scenario["app"]["rps"] > 0
        assert scenario["bare"]["rps"] > 0
    for answer in figures["peer"][0]["questions"].values():
        assert answer["same_answer"]  # SPARQL and PlanGraph found the same nodes
