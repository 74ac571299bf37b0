"""The README's Python session runs as written, on the bundled plan."""

from __future__ import annotations

import re

import pytest

from tests.servers import ROOT


def test_the_python_session_in_the_readme_runs(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks, "the README has no Python session"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "高水平建设综合性科学中心" in out  # the impact of the Tianfu Laboratory
    assert "眉山市 -> " in out  # a path from Meishan
    assert "成都超算中心" in out


def test_the_readme_links_resolve() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(((?:docs|data|deploy)/[^)#]+)\)", readme):
        assert (ROOT / target).exists(), target
