"""Every example of the README, docs/analysts.md and docs/interop.md that calls the API works
exactly as typed, against a real server started with the README's first command.

Each shell line that calls the API is run by ``bash`` in an empty folder, the port swapped
for a free one; ``curl`` reports every status it gets, and a line fails on a status that is
not 2xx (a 304 only where the line sends ``If-None-Match``), on a failed command, or on empty
output. ``GET /v1/...`` lines of the docs are requested, and their Python examples are run in
order, each after the shell lines before it that make the files it reads.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import textwrap
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import BIN, ROOT, free_port, running
from tests.test_serve import readme_serve_command

DOCS = ("README.md", "docs/analysts.md", "docs/interop.md")
#: the address the docs use
BASE = "http://127.0.0.1:8000"
#: a Python example that needs a client generated from openapi.json (tests/test_openapi_contract.py
#: generates one and calls a running server through it)
GENERATED_CLIENT = "plangraph_client"

Block = tuple[str, str]  # (language, text)


def blocks(doc: str) -> list[Block]:
    """The fenced code blocks of ``doc``, indented ones too, dedented."""
    text = (ROOT / doc).read_text(encoding="utf-8")
    found = re.findall(r"^([ \t]*)```(\w*)\n(.*?)^\1```", text, re.S | re.M)
    return [(lang, textwrap.dedent(body)) for _, lang, body in found]


def api_lines(doc: str) -> list[str]:
    """The shell lines of ``doc`` that call the API."""
    return [
        line.strip()
        for lang, body in blocks(doc)
        if lang in {"sh", "bash", "shell", "console"}
        for line in body.splitlines()
        if BASE in line and not line.lstrip().startswith("#")
    ]


def get_lines(doc: str) -> list[str]:
    """The ``GET /v1/...`` lines of ``doc``'s examples (an HTTP request, as docs write it)."""
    return [m.group(1) for _, body in blocks(doc) for m in re.finditer(r"^GET (/\S+)$", body, re.M)]


SHELL_CASES = [(doc, line) for doc in DOCS for line in api_lines(doc)]
GET_CASES = [(doc, path) for doc in DOCS for path in get_lines(doc)]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    with running([*readme_serve_command(), "--port", str(port)], port) as base:
        yield base


@pytest.fixture
def shell_env(tmp_path: Path) -> dict[str, str]:
    """PATH with a ``curl`` that reports each response's status on stderr, then the venv."""
    real = shutil.which("curl")
    if real is None:
        pytest.skip("curl is not installed")
    shim = tmp_path / "shim"
    shim.mkdir()
    curl = shim / "curl"
    curl.write_text(f"#!/bin/sh\nexec {real} -w '%{{stderr}}status=%{{http_code}}\\n' \"$@\"\n")
    curl.chmod(0o755)
    path = os.pathsep.join([str(shim), str(BIN), os.environ.get("PATH", "")])
    return {**os.environ, "PATH": path}


def run_shell(line: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def test_the_docs_have_examples_that_call_the_api() -> None:
    docs = {doc for doc, _ in SHELL_CASES} | {doc for doc, _ in GET_CASES}
    assert docs == set(DOCS)
    assert len(SHELL_CASES) >= 15


@pytest.mark.parametrize(
    ("doc", "line"), SHELL_CASES, ids=[f"{d}:{i}" for i, (d, _) in enumerate(SHELL_CASES)]
)
def test_every_shell_example_works_as_typed(
    doc: str, line: str, server: str, shell_env: dict[str, str], tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    done = run_shell(line.replace(BASE, server), work, shell_env)
    statuses = [int(s) for s in re.findall(r"^status=(\d{3})$", done.stderr, re.M)]
    assert done.returncode == 0, f"{doc}: {line}\n{done.stderr}"
    assert statuses, f"{doc}: {line} made no request"
    allowed = {304} if "If-None-Match" in line else set()
    bad = [s for s in statuses if not (200 <= s < 300 or s in allowed)]
    assert not bad, f"{doc}: {line} answered {bad}"
    written = [p for p in work.iterdir() if p.stat().st_size > 0]
    assert done.stdout.strip() or written, f"{doc}: {line} printed nothing"


def test_the_etag_example_shows_a_304(
    server: str, shell_env: dict[str, str], tmp_path: Path
) -> None:
    line = next(line for _, line in SHELL_CASES if "If-None-Match" in line)
    done = run_shell(line.replace(BASE, server), tmp_path, shell_env)
    assert re.match(r"HTTP/1\.1 304\b", done.stdout), done.stdout
    assert re.findall(r"^status=(\d{3})$", done.stderr, re.M) == ["200", "304"]


def test_saving_the_spec_as_the_readme_says_keeps_the_committed_file() -> None:
    line = next(line for _, line in SHELL_CASES if "/openapi.json" in line)
    assert not re.search(r"(>|-o)\s*openapi\.json\b", line), line


@pytest.mark.parametrize(("doc", "path"), GET_CASES)
def test_every_get_example_answers(doc: str, path: str, server: str) -> None:
    with urllib.request.urlopen(server + path, timeout=10) as r:
        assert 200 <= r.status < 300
        assert r.read().strip(), f"{doc}: GET {path} is empty"


@pytest.mark.parametrize("doc", ["docs/analysts.md", "docs/interop.md"])
def test_the_python_examples_run(
    doc: str,
    server: str,
    shell_env: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each block runs in order in one folder, after the shell lines that make its files."""
    monkeypatch.chdir(tmp_path)
    ran = 0
    for lang, body in blocks(doc):
        code = body.replace(BASE, server)
        if lang == "sh":
            for line in code.splitlines():
                makes_file = line.startswith("plangraph export") and "--out" in line
                if makes_file or server in line:
                    done = run_shell(line, tmp_path, shell_env)
                    assert done.returncode == 0, f"{doc}: {line}\n{done.stderr}"
        elif lang == "python":
            if GENERATED_CLIENT in code:
                continue  # needs a generated client: see tests/test_openapi_contract.py
            needs_pandas = "pandas as pd" in code and "except ImportError" not in code
            if needs_pandas and importlib.util.find_spec("pandas") is None:
                continue  # pandas is the reader's, not a dependency of the tests
            exec(compile(code, doc, "exec"), {})
            ran += 1
    assert ran >= 1
    assert capsys.readouterr().out.strip()
