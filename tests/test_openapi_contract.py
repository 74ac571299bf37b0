"""The contract: the committed openapi.json is the app's schema, valid, and a client generated
from it calls a running server — what an integrator does on day one."""

from __future__ import annotations

import importlib
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient
from openapi_spec_validator import validate
from rdflib import Graph

from app.config import DEFAULT_DATA, Settings
from app.main import create_app

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "openapi.json"
REGENERATE = "plangraph openapi --out openapi.json"
PACKAGE = "plangraph_day_one_client"


def _committed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(COMMITTED.read_text(encoding="utf-8"))
    return data


def _diff(a: Any, b: Any, path: str = "$") -> list[str]:
    """Where two JSON values differ (first few paths), for a readable failure."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = [f"{path}.{k}: only in the app" for k in b.keys() - a.keys()]
        out += [f"{path}.{k}: only in openapi.json" for k in a.keys() - b.keys()]
        for k in a.keys() & b.keys():
            out += _diff(a[k], b[k], f"{path}.{k}")
        return out
    return [] if a == b else [f"{path}: differs"]


def test_committed_openapi_is_the_apps_schema(client: TestClient) -> None:
    app_schema = client.get("/openapi.json").json()  # the served document, plan loaded
    committed = _committed()
    where = sorted(_diff(committed, app_schema))[:15]
    assert committed == app_schema, (
        "openapi.json differs from the app's schema; regenerate it with "
        f"`{REGENERATE}` and commit it. First differences:\n  " + "\n  ".join(where)
    )


def test_committed_openapi_is_a_valid_openapi_document() -> None:
    spec = _committed()
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    export = spec["paths"]["/v1/export/{format}"]["get"]
    fmt = next(p for p in export["parameters"] if p["name"] == "format")
    assert "turtle" in json.dumps(fmt["schema"])
    assert {"text/turtle", "application/ld+json", "application/zip"} <= set(
        export["responses"]["200"]["content"]
    )


# ---- a generated client against a running server ----------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a thread."""
    port = _free_port()
    config = uvicorn.Config(
        create_app(Settings(data=DEFAULT_DATA)),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert thread.is_alive(), "the server stopped while starting"
        assert time.monotonic() < deadline, "the server did not start within 30 s"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """A typed client generated from the committed openapi.json, imported."""
    where = tmp_path_factory.mktemp("client")
    config = where / "config.json"
    config.write_text(json.dumps({"post_hooks": []}), encoding="utf-8")
    out = where / PACKAGE
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(COMMITTED),
            "--output-path",
            str(out),
            "--meta",
            "none",
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    sys.path.insert(0, str(where))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(where))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _op(pkg: ModuleType, tag: str, operation: str) -> Any:
    return importlib.import_module(f"{pkg.__name__}.api.{tag}.{operation}")


def test_a_generated_client_calls_the_running_server(generated: ModuleType, server: str) -> None:
    with generated.Client(base_url=server, raise_on_unexpected_status=True) as client:
        _day_one_calls(generated, client)


def _day_one_calls(generated: ModuleType, client: Any) -> None:
    meta = _op(generated, "meta", "get_meta").sync(client=client)
    assert type(meta).__name__ == "Meta"
    assert len(meta.version) == 16
    assert meta.counts.nodes["city"] >= 1

    reach = _op(generated, "reach", "city_measures")
    deyang = reach.sync(city_id="deyang", client=client)
    assert deyang.city.name.en == "Deyang"
    assert deyang.total == len(deyang.items) > 0
    assert all(item.measure.type_ == "measure" for item in deyang.items)

    get_node = _op(generated, "nodes", "get_node")
    lab = get_node.sync(node_id="tianfu-laboratory", client=client)
    assert lab.name.zh == "天府实验室"
    missing = get_node.sync_detailed(node_id="tianfu-lab", client=client)
    assert missing.status_code == 404
    assert type(missing.parsed).__name__ == "ProblemOut"
    assert "tianfu-laboratory" in (missing.parsed.suggestions or [])


def test_a_generated_client_downloads_an_export(generated: ModuleType, server: str) -> None:
    with generated.Client(base_url=server, raise_on_unexpected_status=True) as client:
        _download(generated, client)


def _download(generated: ModuleType, client: Any) -> None:
    listed = _op(generated, "export", "list_formats").sync(client=client)
    assert {f.name for f in listed} >= {"turtle", "jsonld", "csv", "cypher", "geojson"}

    get_export = _op(generated, "export", "get_export")
    fmt_enum = importlib.import_module(f"{PACKAGE}.models.get_export_format").GetExportFormat
    turtle = get_export.sync_detailed(format_=fmt_enum.TURTLE, client=client)
    assert turtle.status_code == 200
    assert turtle.headers["content-disposition"].endswith('.ttl"')
    graph = Graph().parse(data=turtle.content, format="turtle")
    assert len(graph) > 1000
    bad = get_export.sync_detailed(format_="xlsx", client=client)
    assert bad.status_code == 422
