"""The explorer page and its static files: served, typed, cached, self-contained."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

ASSETS = {
    "js/main.js": "text/javascript",
    "app.css": "text/css",
    "cytoscape.css": "text/css",
    "favicon.svg": "image/svg+xml",
}
WEB = Path(__file__).resolve().parent.parent / "app" / "web"
MODULES = sorted(p.relative_to(WEB).as_posix() for p in (WEB / "js").rglob("*.js"))
VENDOR = json.loads((WEB / "vendor" / "manifest.json").read_text(encoding="utf-8"))


def _referenced(html: str) -> list[str]:
    """The files the page loads itself (its module preloads aside)."""
    kept = "\n".join(line for line in html.splitlines() if "modulepreload" not in line)
    return re.findall(r'(?:src|href)="(/static/[^"]+)"', kept)


def _preloaded(html: str) -> list[str]:
    return re.findall(r'<link rel="modulepreload" href="/static/([^"]+)">', html)


def test_the_page_is_served_at_the_root(mini_client: TestClient) -> None:
    r = mini_client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert "<title>PlanGraph</title>" in r.text
    assert 'id="q"' in r.text  # the search box


def test_every_referenced_file_is_served_with_its_type(mini_client: TestClient) -> None:
    html = mini_client.get("/").text
    refs = _referenced(html)
    assert {re.sub(r"\?.*", "", u).removeprefix("/static/") for u in refs} == set(ASSETS)
    for url in refs:
        r = mini_client.get(url)
        name = url.split("?")[0].removeprefix("/static/")
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith(ASSETS[name]), url
        assert r.content


def test_every_module_is_preloaded_under_the_name_it_is_imported_by(
    mini_client: TestClient,
) -> None:
    html = mini_client.get("/").text
    preloaded = _preloaded(html)
    vendored = [f"vendor/{f['to']}" for p in VENDOR["packages"] for f in p["files"]]
    scripts = [f for f in vendored if f.endswith((".js", ".mjs"))]
    assert sorted(preloaded) == sorted([m for m in MODULES if m != "js/main.js"] + scripts)
    for name in preloaded:  # unversioned: a versioned URL would be another module
        assert mini_client.get(f"/static/{name}").status_code == 200


def test_the_page_fits_a_strict_content_security_policy(mini_client: TestClient) -> None:
    html = mini_client.get("/").text
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []  # no inline script
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers
    assert "default-src 'self'" in html
    for name in MODULES:
        js = mini_client.get(f"/static/{name}").text
        assert ".innerHTML" not in js, name
        assert "insertAdjacentHTML" not in js, name
        assert "eval(" not in js, name
        assert "new Function" not in js, name


def test_every_module_is_served_and_imports_only_files_of_the_app(
    mini_client: TestClient,
) -> None:
    for name in MODULES:
        r = mini_client.get(f"/static/{name}")
        assert r.status_code == 200, name
        assert r.headers["content-type"].startswith("text/javascript"), name
        base = f"/static/{name}"
        for spec in re.findall(r'^import .*? from "([^"]+)";', r.text, flags=re.M):
            assert spec.startswith("."), (name, spec)  # relative: same origin, no bare names
            target = (Path(base).parent / spec).resolve().as_posix()
            assert mini_client.get(target).status_code == 200, (name, spec)


def test_the_vendored_libraries_are_served_with_their_licences_and_pinned_hashes(
    mini_client: TestClient,
) -> None:
    names = {p["name"] for p in VENDOR["packages"]}
    assert {"cytoscape", "@dagrejs/dagre"} <= names
    for pkg in VENDOR["packages"]:
        files = [f["to"] for f in pkg["files"]]
        assert any("LICENSE" in f for f in files), pkg["name"]
        assert pkg["integrity"].startswith("sha512-")
        for f in pkg["files"]:
            r = mini_client.get(f"/static/vendor/{f['to']}")
            assert r.status_code == 200, f["to"]
            assert hashlib.sha256(r.content).hexdigest() == f["sha256"], f["to"]
        licence = next(f for f in files if "LICENSE" in f)
        text = mini_client.get(f"/static/vendor/{licence}").text
        assert "Permission is hereby granted" in text  # the MIT licence, in full


def test_nothing_is_loaded_from_another_host(mini_client: TestClient) -> None:
    own = ["/", "/static/app.css", "/static/favicon.svg"] + [f"/static/{m}" for m in MODULES]
    for path in own:
        text = mini_client.get(path).text
        urls = set(re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s\"')]*", text))
        assert urls <= {"http://www.w3.org/2000/svg"}, (path, urls)


def test_versioned_files_are_cached_for_good_and_others_revalidate(
    mini_client: TestClient,
) -> None:
    versioned = _referenced(mini_client.get("/").text)[0]
    assert "?v=" in versioned
    assert "immutable" in mini_client.get(versioned).headers["cache-control"]
    assert mini_client.get("/static/js/main.js").headers["cache-control"] == "no-cache"
    assert mini_client.get("/static/js/main.js?v=stale").headers["cache-control"] == "no-cache"
    assert mini_client.get("/").headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path", ["/", "/static/js/main.js", "/static/vendor/dagre.esm.js"])
def test_a_matching_etag_answers_not_modified(mini_client: TestClient, path: str) -> None:
    first = mini_client.get(path)
    etag = first.headers["etag"]
    again = mini_client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert mini_client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_text_files_are_gzipped_when_asked(mini_client: TestClient) -> None:
    r = mini_client.get("/static/js/main.js", headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    assert "function" in r.text  # decoded by the client
    plain = mini_client.get("/static/js/main.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers


def test_head_answers_without_a_body(mini_client: TestClient) -> None:
    r = mini_client.head("/")
    assert r.status_code == 200
    assert r.content == b""


@pytest.mark.parametrize(
    "path",
    [
        "/static/nope.js",
        "/static/index.html",
        "/static/..%2Fapi%2Fdeps.py",
        "/static/",
        "/static/js/../../api/deps.py",
        "/static/vendor/",
        "/static/js",
    ],
)
def test_unknown_static_files_are_a_problem_404(mini_client: TestClient, path: str) -> None:
    r = mini_client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"


def test_page_routes_stay_out_of_the_api_description(mini_client: TestClient) -> None:
    paths = mini_client.get("/openapi.json").json()["paths"]
    assert "/" not in paths
    assert not any(p.startswith("/static") for p in paths)
    assert "/v1/layout" in paths
