"""The query page in a real browser: pick an example, run it, read the table; the CSV
link downloads the same rows; a bad query shows the problem. No console error, no
request leaves the server."""

# ruff: noqa: F811  (the fixtures browser and server, shared with the docs tests)
from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.test_docs import browser, server  # noqa: F401  (fixtures)
from tests.servers import ROOT
from tests.sparqldocs import examples


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    p = browser.new_page()
    problems: list[str] = []
    p.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: problems.append(str(e)))
    hosts: set[str] = set()
    p.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    yield p
    assert problems == []
    assert hosts == {urlsplit(server).netloc}
    p.close()


def test_the_examples_are_the_docs() -> None:
    shipped = json.loads((ROOT / "data" / "sparql_examples.json").read_text("utf-8"))
    assert [(e["title"], e["query"]) for e in shipped] == examples()


def test_an_example_runs_into_a_table_and_a_csv_link(
    page: Any, server: str, tmp_path: Path
) -> None:
    page.goto(server + "/query")
    page.wait_for_selector("#example option:nth-child(11)", state="attached")
    page.select_option("#example", "0")  # the measures reaching Deyang
    page.click("#run")
    page.wait_for_selector("#results table")
    rows = page.locator("#results tbody tr").count()
    items = json.loads(urllib.request.urlopen(server + "/v1/cities/deyang/measures").read())[
        "items"
    ]
    assert rows == len(items) > 0
    assert page.locator("#results thead th").all_inner_texts() == ["measure", "label", "scope"]
    href = page.get_attribute("#csv", "href")
    with urllib.request.urlopen(server + href) as r:
        assert r.headers["content-type"].startswith("text/csv")
        assert len(r.read().decode().strip().splitlines()) == rows + 1
    page.screenshot(path=str(tmp_path / "query.png"), full_page=True)
    assert (tmp_path / "query.png").stat().st_size > 10_000


def test_a_bad_query_shows_the_problem(browser: Any, server: str) -> None:
    p = browser.new_page()
    p.goto(server + "/query")
    p.fill("#query", "SELECT ?s WHERE { ?s ?p }")
    p.click("#run")
    p.wait_for_selector("#error:not([hidden])")
    assert "line 1, column" in p.inner_text("#error")
    p.close()
