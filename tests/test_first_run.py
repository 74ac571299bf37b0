"""What a user meets first: the version, the start-up lines saying where everything is, one
log format, the help text."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
from importlib.metadata import version
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.servers import BIN, ROOT, free_port, wait_until_ready

PLANGRAPH = str(BIN / "plangraph")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PLANGRAPH, *args], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"plangraph {version('plangraph')}"


def test_the_openapi_version_is_the_package_version(client: TestClient) -> None:
    assert client.get("/openapi.json").json()["info"]["version"] == version("plangraph")


def test_bench_help_reads_as_text() -> None:
    done = run("bench", "--help")
    assert done.returncode == 0
    assert "python -m bench" in done.stdout
    assert "``" not in done.stdout


def serve_lines(tmp_path: Path, env: dict[str, str]) -> list[str]:
    """Start the server, ask it one thing, stop it: every line it wrote."""
    port = free_port()
    log = tmp_path / "server.log"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [PLANGRAPH, "serve", "--port", str(port)],
            cwd=ROOT,
            env={**clean, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_ready(f"http://127.0.0.1:{port}/readyz", proc, log)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/meta", timeout=10) as r:
            r.read()
        time.sleep(0.2)  # the access line is written once the answer is sent
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    text = log.read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()] + [f"port={port}"]


def test_not_on_a_terminal_every_line_is_json(tmp_path: Path) -> None:
    *lines, port = serve_lines(tmp_path, {})
    records = [json.loads(line) for line in lines]  # fails on any line that is not JSON
    base = f"http://127.0.0.1:{port.split('=')[1]}"
    start = next(r for r in records if r["logger"] == "plangraph.serve")
    assert start["api"] == f"{base}/v1"
    assert start["docs"] == f"{base}/docs"
    assert start["explorer"] == f"{base}/"
    loggers = {r["logger"] for r in records}
    assert {"uvicorn", "plangraph.access", "plangraph.reload"} <= loggers


def test_plain_lines_when_asked(tmp_path: Path) -> None:
    *lines, port = serve_lines(tmp_path, {"PLANGRAPH_LOG_JSON": "false"})
    assert not any(line.startswith("{") for line in lines)
    assert all(line[:4].isdigit() and line[10] == "T" for line in lines), lines
    start = next(line for line in lines if " plangraph.serve " in line)
    assert f"explorer=http://127.0.0.1:{port.split('=')[1]}/" in start
    assert any(' plangraph.access 127.0.0.1 "GET /v1/meta" 200 ' in line for line in lines)


@pytest.mark.parametrize("value", ["true"])
def test_json_when_asked(tmp_path: Path, value: str) -> None:
    *lines, _port = serve_lines(tmp_path, {"PLANGRAPH_LOG_JSON": value})
    assert all(line.startswith("{") for line in lines)


def test_the_docs_give_an_example_for_every_required_parameter(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/v1/paths", "/v1/explain", "/v1/subgraph"):
        for param in spec["paths"][path]["get"]["parameters"]:
            if param.get("required"):
                assert param.get("example"), (path, param["name"])
    explain = spec["paths"]["/v1/explain"]["get"]["parameters"]
    example = {p["name"]: p["example"] for p in explain if "example" in p}
    r = client.get("/v1/explain", params={"from": example["from"], "to": example["to"]})
    assert r.status_code == 200  # an example that works


def test_the_city_parameter_lists_the_cities(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    (city,) = [
        p
        for p in spec["paths"]["/v1/cities/{city_id}/measures"]["get"]["parameters"]
        if p["name"] == "city_id"
    ]
    cities = [c["id"] for c in client.get("/v1/cities").json()["items"]]
    assert all(f"`{c}`" in city["description"] for c in cities)
