"""A TypeScript client generated from the committed openapi.json, as a frontend builds one.

``openapi-typescript`` turns the contract into types, ``openapi-fetch`` calls the API with
them, ``tsc --strict`` compiles ``tests/typescript/client.ts`` (which also asserts, with a
``@ts-expect-error``, that a scope outside the contract's enum does not compile), and Node
runs it against a real ``plangraph serve``: Deyang's measures come back with their scopes.
The packages are installed from the npm registry into a temporary folder at test time
(versions pinned in ``tests/typescript/package.json``); nothing is vendored. Skipped only
when Node or npm is not installed (``.ci/run`` installs Debian's).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.servers import BIN, free_port, running

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path(__file__).resolve().parent / "typescript"
NODE, NPM = shutil.which("node"), shutil.which("npm")

pytestmark = [
    pytest.mark.skipif(
        NODE is None or NPM is None,
        reason="Node.js and npm are not installed (Debian: apt-get install nodejs npm)",
    ),
    pytest.mark.timeout(600),
]


def _run(argv: list[str], cwd: Path, timeout: float = 300) -> str:
    proc = subprocess.run(
        argv, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert proc.returncode == 0, f"{' '.join(argv)}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The client, its types generated from the committed openapi.json, compiled strictly."""
    where = tmp_path_factory.mktemp("ts-client")
    for name in ("package.json", "tsconfig.json", "client.ts"):
        shutil.copy(SOURCES / name, where / name)
    assert NPM is not None
    _run([NPM, "install", "--no-audit", "--no-fund", "--loglevel=error"], where)
    bin_ = where / "node_modules" / ".bin"
    _run([str(bin_ / "openapi-typescript"), str(ROOT / "openapi.json"), "-o", "schema.d.ts"], where)
    _run([str(bin_ / "tsc"), "--strict", "-p", "tsconfig.json"], where)
    return where / "out" / "client.js"


def test_the_generated_types_offer_the_allowed_values(compiled: Path) -> None:
    types = (compiled.parent.parent / "schema.d.ts").read_text(encoding="utf-8")
    assert 'scope?: ("explicit" | "located" | "metro_wide")[];' in types
    assert 'facets?: ("type" | "city" | "pillar")[];' in types


def test_node_gets_deyangs_measures_with_their_scopes(compiled: Path) -> None:
    port = free_port()
    with running([str(BIN / "plangraph"), "serve", "--port", str(port)], port) as base:
        assert NODE is not None
        out: dict[str, Any] = json.loads(_run([NODE, str(compiled), base], compiled.parent))
        expected = httpx.get(f"{base}/v1/cities/deyang/measures").json()
    assert out["url"].endswith("/v1/cities/deyang/measures?scope=explicit,located,metro_wide")
    assert out["city"] == {"zh": "德阳市", "en": "Deyang"}
    assert out["total"] == len(out["measures"]) > 0
    assert out["measures"] == [
        {"id": item["measure"]["id"], "scope": item["scope"]} for item in expected["items"]
    ]
    assert {m["scope"] for m in out["measures"]} <= {"explicit", "located", "metro_wide"}
    assert out["typo"]["status"] == 422
    assert "unknown parameter 'scpoe'" in out["typo"]["detail"]
    assert "allowed: scope" in out["typo"]["detail"]
