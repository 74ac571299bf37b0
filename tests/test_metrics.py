"""/metrics: requests per route template, latency, dataset version, reload outcomes."""

from __future__ import annotations

import re
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.miniplan import mutated, write_plan
from tests.servers import free_port, running

TOKEN = "metrics-test-token-0123456789"
VERSION_GAUGE = re.compile(r'^plangraph_snapshot_version\{version="\w+"\} (\S+)$', re.M)


def value(text: str, series: str) -> float:
    """The value of one series (name with labels, as exposed) in a text exposition."""
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "data")


@pytest.fixture
def client(data: Path) -> Iterator[TestClient]:
    settings = Settings(data=data, admin_token=TOKEN, watch_interval=0)
    with TestClient(create_app(settings)) as c:
        yield c


def test_requests_are_counted_per_route_template(client: TestClient) -> None:
    client.get("/v1/nodes/riverton-lab")
    client.get("/v1/nodes/south-park")
    client.get("/v1/nodes/nope")
    for i in range(5):
        client.get(f"/no/such/path/{i}")
    text = client.get("/metrics").text
    route = 'route="/v1/nodes/{node_id}"'
    assert value(text, f'plangraph_http_requests_total{{method="GET",{route},status="200"}}') == 2
    assert value(text, f'plangraph_http_requests_total{{method="GET",{route},status="404"}}') == 1
    unmatched = 'plangraph_http_requests_total{method="GET",route="unmatched",status="404"}'
    assert value(text, unmatched) == 5
    assert "riverton-lab" not in text
    assert "/no/such/path" not in text


def test_latency_histograms_per_route(client: TestClient) -> None:
    client.get("/v1/nodes")
    text = client.get("/metrics").text
    count = 'plangraph_http_request_duration_seconds_count{method="GET",route="/v1/nodes"}'
    assert value(text, count) == 1
    assert 'plangraph_http_request_duration_seconds_bucket{le="0.005",method="GET"' in text


def test_version_gauge_and_reload_outcomes(client: TestClient, data: Path) -> None:
    first = client.get("/v1/meta").json()["version"]
    text = client.get("/metrics").text
    assert value(text, f'plangraph_snapshot_version{{version="{first}"}}') == 1
    assert value(text, 'plangraph_reloads_total{outcome="loaded"}') == 1

    plan = mutated()
    plan["title"]["en"] = "Riverton Valley Plan, revised"
    data.write_bytes(orjson.dumps(plan))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    second = client.post("/admin/reload", headers=auth).json()["version"]
    data.write_bytes(b"{")
    assert client.post("/admin/reload", headers=auth).status_code == 422

    text = client.get("/metrics").text
    assert value(text, f'plangraph_snapshot_version{{version="{first}"}}') == 0
    assert value(text, f'plangraph_snapshot_version{{version="{second}"}}') == 1
    assert value(text, 'plangraph_reloads_total{outcome="loaded"}') == 2
    assert value(text, 'plangraph_reloads_total{outcome="rejected"}') == 1


def test_metrics_are_never_cached(client: TestClient) -> None:
    r = client.get("/metrics")
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["content-type"].startswith("text/plain")


def test_metrics_can_be_switched_off(mini_path: Path) -> None:
    settings = Settings(data=mini_path, metrics_enabled=False, watch_interval=0)
    with TestClient(create_app(settings)) as c:
        assert c.get("/metrics").status_code == 404


def test_several_workers_add_up_their_counts(data: Path) -> None:
    port = free_port()
    argv = ["plangraph", "serve", "--workers", "2", "--port", str(port)]
    env = {"PLANGRAPH_DATA": str(data), "PLANGRAPH_ACCESS_LOG": "false"}
    with running(argv, port, env) as base:

        def serving_workers() -> float:
            with urllib.request.urlopen(base + "/metrics", timeout=5) as r:
                text = r.read().decode()
            return sum(
                map(float, re.findall(r"^plangraph_snapshot_version\{.*\} (\S+)$", text, re.M))
            )

        deadline = time.monotonic() + 60
        while serving_workers() < 2:  # the gauges of both workers add up once both are up
            assert time.monotonic() < deadline, "the second worker did not start"
            time.sleep(0.2)
        for _ in range(40):  # a new connection each time: both workers answer some
            with urllib.request.urlopen(base + "/v1/schema", timeout=5) as r:
                assert r.status == 200
        with urllib.request.urlopen(base + "/metrics", timeout=5) as r:
            text = r.read().decode()
    series = 'plangraph_http_requests_total{method="GET",route="/v1/schema",status="200"}'
    assert value(text, series) == 40
    assert VERSION_GAUGE.findall(text) == ["2.0"]  # both workers serve the one version
