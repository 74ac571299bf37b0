"""Fixtures of the browser tests (the harness is in harness.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.browser.harness import CHROMIUM_ARGS, chromium, open_page, serve, shot, unavailable


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve() as base:
        yield base


@pytest.fixture(scope="module")
def api(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium()
    if executable is None:
        unavailable("no chromium found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    pg = open_page(browser, server)
    yield pg
    problems, url = list(pg.problems), pg.url
    if problems:
        shot(pg, f"failed-{request.node.name}")
    pg.context.close()
    assert problems == [], f"the page logged errors (a CSP violation is one) at {url}"
