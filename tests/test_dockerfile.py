"""The Dockerfile lints clean, and the image's commands work when run on the host.

No container engine runs in CI, so the image is not built; instead its CMD and HEALTHCHECK
are run here as the image would run them, and the file is linted with hadolint.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from app.config import DEFAULT_DATA
from tests.servers import BIN, ROOT, free_port, running

DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def instruction(name: str) -> list[str]:
    """The JSON (exec) form of the last ``name`` instruction, line continuations joined."""
    text = DOCKERFILE.replace("\\\n", " ")
    lines = [line for line in text.splitlines() if line.startswith(name + " ")]
    assert lines, f"no {name} in the Dockerfile"
    return list(json.loads(lines[-1][len(name) :].split("CMD", 1)[-1].strip()))


def test_hadolint_is_clean() -> None:
    hadolint = shutil.which("hadolint", path=str(BIN)) or shutil.which("hadolint")
    if hadolint is None:
        pytest.fail("hadolint is not installed (install the test extras)")
    result = subprocess.run(
        [hadolint, "--no-color", str(ROOT / "Dockerfile")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_image_is_slim_non_root_and_bakes_the_data() -> None:
    assert re.search(r"^FROM python:3\.\d+-slim", DOCKERFILE, re.M)
    user = re.findall(r"^USER (\S+)", DOCKERFILE, re.M)
    assert user
    assert user[-1] not in ("root", "0")
    assert "COPY data ./data" in DOCKERFILE
    assert "PLANGRAPH_DATA=" in DOCKERFILE


def test_cmd_serves_and_healthcheck_passes_on_the_host() -> None:
    cmd = instruction("CMD")
    assert cmd[:2] == ["plangraph", "serve"]
    port = free_port()
    cmd = [str(port) if part == "8000" else part for part in cmd]
    cmd = ["127.0.0.1" if part == "0.0.0.0" else part for part in cmd]
    check = instruction("HEALTHCHECK")
    assert check[0] == "python"
    check = [sys.executable, *[p.replace(":8000/", f":{port}/") for p in check[1:]]]
    with running(cmd, port, env={"PLANGRAPH_DATA": str(DEFAULT_DATA)}, ready="/healthz"):
        assert subprocess.run(check, timeout=10).returncode == 0
    assert subprocess.run(check, timeout=10, capture_output=True).returncode != 0
