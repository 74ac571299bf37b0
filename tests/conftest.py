"""Shared fixtures: the bundled plan, the small plan built in code, and clients for both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import DEFAULT_DATA, Settings
from app.graph.snapshot import Snapshot
from app.main import create_app
from app.runtime.load import load_plan
from tests.bigplan import big_plan
from tests.miniplan import write_plan


@pytest.fixture(scope="session")
def plan() -> Snapshot:
    """The bundled plan."""
    return load_plan(DEFAULT_DATA)


@pytest.fixture(scope="session")
def mini_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_plan(tmp_path_factory.mktemp("mini"))


@pytest.fixture(scope="session")
def mini(mini_path: Path) -> Snapshot:
    """The small plan built in code."""
    return load_plan(mini_path)


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """A client of the app serving the bundled plan."""
    with TestClient(create_app(Settings(data=DEFAULT_DATA))) as c:
        yield c


@pytest.fixture(scope="session")
def mini_client(mini_path: Path) -> Iterator[TestClient]:
    """A client of the app serving the small plan."""
    with TestClient(create_app(Settings(data=mini_path))) as c:
        yield c


@pytest.fixture(scope="session")
def big(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """A plan with a hub of 6,000 spokes and a chain of 30 goals."""
    return load_plan(write_plan(tmp_path_factory.mktemp("big"), big_plan()))
