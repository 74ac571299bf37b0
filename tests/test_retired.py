"""Ids that never break: retired ids redirect (301) or are gone (410), are never reused,
and a node removed without a successor is a breaking change in ``plangraph diff``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli import cli
from app.config import Settings
from app.datafile.authoring import build
from app.errors import DataFileInvalid
from app.main import create_app
from tests.miniplan import mutated, write_plan
from tests.test_authoring import write_source


def _retiring(tmp: Path) -> Path:
    """The mini plan after a new version: 'riverton-lab' renamed 'river-lab', 'firms'
    dropped for good; both ids retired."""
    plan = mutated()
    for n in plan["nodes"]:
        if n["id"] == "riverton-lab":
            n["id"] = "river-lab"
    for e in plan["edges"]:
        for end in ("source", "target"):
            if e[end] == "riverton-lab":
                e[end] = "river-lab"
        e["id"] = f"{e['source']}--{e['relation']}--{e['target']}"
    plan["nodes"] = [n for n in plan["nodes"] if n["id"] != "firms"]
    plan["edges"] = [e for e in plan["edges"] if "firms" not in (e["source"], e["target"])]
    plan["retired"] = [{"id": "riverton-lab", "successor": "river-lab"}, {"id": "firms"}]
    return write_plan(tmp, plan)


@pytest.fixture(scope="module")
def retiring(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _retiring(tmp_path_factory.mktemp("retired"))


@pytest.fixture(scope="module")
def retired_client(retiring: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(data=retiring))) as c:
        yield c


def test_a_retired_id_redirects_to_its_successor(retired_client: TestClient) -> None:
    r = retired_client.get("/v1/nodes/riverton-lab", follow_redirects=False)
    assert r.status_code == 301
    assert r.headers["location"] == "/v1/nodes/river-lab"
    followed = retired_client.get("/v1/nodes/riverton-lab")
    assert followed.status_code == 200
    assert followed.json()["id"] == "river-lab"


def test_a_retired_id_without_successor_is_gone(retired_client: TestClient) -> None:
    r = retired_client.get("/v1/nodes/firms", follow_redirects=False)
    assert r.status_code == 410
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert "'firms' was retired" in body["detail"]
    assert body.get("successor") is None


def test_other_node_routes_say_gone_with_the_successor(retired_client: TestClient) -> None:
    r = retired_client.get("/v1/nodes/riverton-lab/neighbors")
    assert r.status_code == 410
    assert r.json()["successor"] == "river-lab"


def test_an_unknown_id_is_still_404(retired_client: TestClient) -> None:
    assert retired_client.get("/v1/nodes/nowhere").status_code == 404


def test_validate_rejects_a_reused_retired_id(tmp_path: Path) -> None:
    plan = mutated()
    plan["retired"] = [{"id": "firms"}, {"id": "gone", "successor": "nowhere"}]
    path = write_plan(tmp_path, plan)
    r = CliRunner().invoke(cli, ["validate", str(path)])
    assert r.exit_code == 1
    assert "'firms' was retired and cannot be reused as a node id" in r.output
    assert "successor 'nowhere' is not a node of the plan" in r.output


def test_diff_flags_a_removal_without_successor_as_breaking(tmp_path: Path, retiring: Path) -> None:
    old = write_plan(tmp_path / "old")
    r = CliRunner().invoke(cli, ["diff", str(old), str(retiring)])
    assert r.exit_code == 0, r.output
    breaking = [line for line in r.output.splitlines() if line.startswith("BREAKING")]
    # 'riverton-lab' has a successor; 'firms' has none
    assert breaking == ["BREAKING node 'firms' removed without a successor"]
    j = CliRunner().invoke(cli, ["diff", "--json", str(old), str(retiring)])
    assert '"breaking"' in j.output
    assert "node 'firms' removed without a successor" in j.output


def test_build_carries_retired_ids_and_refuses_a_reused_one(tmp_path: Path) -> None:
    source = write_source(tmp_path, "the plan area")
    text = source.read_text(encoding="utf-8")
    source.write_text(text + "retired:\n  - {id: old-north, successor: north}\n", "utf-8")
    built = build(source, tmp_path / "built.json")
    assert built["retired"] == [{"id": "old-north", "successor": "north"}]
    source.write_text(text + "retired:\n  - {id: north}\n", "utf-8")
    with pytest.raises(DataFileInvalid) as err:
        build(source, tmp_path / "again.json")
    assert "'north' was retired and cannot be reused as a node id" in str(err.value.problems)
