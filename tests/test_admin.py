"""POST /admin/reload: exists only with a token, needs it, and answers with the outcome."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app.config import Settings
from app.main import create_app
from tests.miniplan import mutated, write_plan

TOKEN = "admin-test-token-0123456789abcdef"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "data")


@pytest.fixture
def admin(data: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(data=data, admin_token=TOKEN, watch_interval=0))) as c:
        yield c


def reload(client: TestClient, token: str = TOKEN) -> dict[str, object]:
    r = client.post("/admin/reload", headers={"Authorization": f"Bearer {token}"})
    return {"status": r.status_code, **r.json()}


def test_without_a_token_the_route_does_not_exist(mini_client: TestClient) -> None:
    r = mini_client.post("/admin/reload", headers={"Authorization": "Bearer anything"})
    assert r.status_code == 404
    assert "/admin/reload" not in mini_client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token-0123456789", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer"],
)
def test_a_missing_or_wrong_token_is_refused(admin: TestClient, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    r = admin.post("/admin/reload", headers=headers)
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert r.json()["title"] == "Unauthorized"


def test_reload_answers_the_version_served(admin: TestClient, data: Path) -> None:
    served = admin.get("/v1/meta").json()["version"]
    same = reload(admin)
    assert same["status"] == 200
    assert same["outcome"] == "unchanged"
    assert same["version"] == served

    plan = mutated()
    plan["title"]["en"] = "Riverton Valley Plan, second edition"
    data.write_bytes(orjson.dumps(plan))
    new = reload(admin)
    assert new["status"] == 200
    assert new["outcome"] == "loaded"
    assert new["version"] != served
    assert admin.get("/v1/meta").json()["version"] == new["version"]


def test_a_broken_file_answers_422_with_its_problems(admin: TestClient, data: Path) -> None:
    served = admin.get("/v1/meta").json()["version"]
    plan = mutated()
    plan["edges"][0]["target"] = "nowhere"
    plan["nodes"][0]["type"] = "no-such-type"
    data.write_bytes(orjson.dumps(plan))
    r = admin.post("/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["type"].endswith("reload-rejected")
    assert len(problem["problems"]) >= 2
    assert any("nowhere" in p for p in problem["problems"])
    assert served in problem["detail"]
    assert admin.get("/v1/meta").json()["version"] == served


def test_reload_is_post_only(admin: TestClient) -> None:
    r = admin.get("/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 405


def test_a_short_token_is_refused_and_an_empty_one_means_none() -> None:
    with pytest.raises(ValidationError, match="16 characters"):
        Settings(admin_token="short")
    assert Settings(admin_token="").admin_token is None
    assert TOKEN not in repr(Settings(admin_token=TOKEN))
