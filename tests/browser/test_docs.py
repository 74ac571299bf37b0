"""The API docs in a real browser: they render offline, under their own CSP, with no error.

Debian's chromium driven by Playwright, against the app served by uvicorn on a free
localhost port. Every request the page makes must stay on the server (no CDN, no fonts
from elsewhere). Without a chromium these tests skip; under ``CI=true`` they fail.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.servers import free_port, running

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def _chromium() -> str | None:
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    argv = [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app"]
    argv += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    with running(argv, port, {"PLANGRAPH_ACCESS_LOG": "false"}) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    reason = None
    if executable is None:
        reason = "no chromium found"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "playwright is not installed"
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; the browser tests must run under CI")
        pytest.skip(reason)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.mark.parametrize(
    ("path", "rendered"),
    [("/docs", ".swagger-ui .opblock"), ("/redoc", "[role=menuitem], .menu-content li")],
)
def test_docs_render_offline_without_errors(
    browser: Any, server: str, path: str, rendered: str
) -> None:
    context = browser.new_context(base_url=server)
    page = context.new_page()
    problems: list[str] = []
    elsewhere: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    here = urlsplit(server).netloc

    def request(r: Any) -> None:
        if urlsplit(r.url).scheme in ("http", "https") and urlsplit(r.url).netloc != here:
            elsewhere.append(r.url)

    page.on("request", request)
    try:
        page.goto(path)
        page.locator(rendered).first.wait_for(timeout=20_000)
        assert "/v1/nodes" in page.content()
    finally:
        context.close()
    assert problems == [], "the page logged errors (a CSP violation is one)"
    assert elsewhere == []
