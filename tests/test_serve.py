"""The real server, started the way the README says, answers real HTTP."""

from __future__ import annotations

import json
import re
import shlex
import urllib.request

from tests.servers import ROOT, free_port, running


def readme_serve_command() -> list[str]:
    """The serve part of the README's first command (after the install steps)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert block, "the README has no sh block"
    first = next(line for line in block.group(1).splitlines() if "plangraph serve" in line)
    return shlex.split(first.split("&&")[-1])


def test_readme_first_command_installs_and_serves() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install -c constraints.txt -e . && plangraph serve" in readme
    assert "pip install -c constraints.txt -e '.[test]' && pytest" in readme


def test_the_served_plan_answers_over_http() -> None:
    port = free_port()
    argv = [*readme_serve_command(), "--port", str(port)]
    assert argv[:2] == ["plangraph", "serve"]
    with running(argv, port) as base:
        with urllib.request.urlopen(base + "/v1/meta", timeout=5) as r:
            meta = json.load(r)
            assert "server" not in {k.lower() for k in r.headers}
        assert meta["text_coverage"]["clauses"] > 0
        with urllib.request.urlopen(base + "/v1/cities", timeout=5) as r:
            cities = json.load(r)
            assert r.headers["etag"]
        assert cities["total"] >= 1
        city = cities["items"][0]["id"]
        with urllib.request.urlopen(base + f"/v1/cities/{city}/measures", timeout=5) as r:
            assert json.load(r)["city"]["id"] == city
