"""The browser tests' harness: Debian's chromium driven by Playwright, against the app served
by uvicorn on a free localhost port (the bundled plan, or a small plan built in code).

Without a chromium these tests skip; under ``CI=true`` they fail instead. Screenshots are
saved in ``artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.servers import ROOT, free_port, running

ARTIFACTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = (1280, 860)
PHONE = (390, 844)


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; the browser tests must run under CI")
    pytest.skip(reason)


def chromium() -> str | None:
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def serve(data: Path | None = None) -> Any:
    """The app as users start it, with the bundled plan or the data file ``data``."""
    port = free_port()
    argv = [sys.executable, "-m", "uvicorn", "--factory", "app.main:create_app"]
    argv += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    env = {"PLANGRAPH_DATA": str(data), "PLANGRAPH_WATCH_INTERVAL": "0"} if data else None
    return running(argv, port, env=env)


def open_page(
    browser: Any, server: str, width: int = 1366, height: int = 900, locale: str = "en-US"
) -> Any:
    """A new page at ``width``×``height`` that records console errors and every request."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, base_url=server, locale=locale
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.problems = []
    page.requested = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("request", lambda r: page.requested.append(r.url))
    return page


def shot(page: Any, name: str, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def expect() -> Any:
    from playwright.sync_api import expect as _expect

    _expect.set_options(timeout=15_000)  # a loaded machine is slow, not wrong
    return _expect
