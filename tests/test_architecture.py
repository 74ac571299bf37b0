"""The house's one-way dependencies hold: import-linter's contracts (in pyproject.toml) are
kept, a violation is caught, and no module imports itself through others."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import grimp
import networkx as nx
import pytest

from tests.servers import BIN, ROOT


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": str(BIN)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_contracts_are_kept() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("app/graph/lookup.py", "import app.api.app", "Layers run one way"),
        ("app/graph/walk.py", "import fastapi", "The domain knows no HTTP"),
        ("app/datafile/parse.py", "import app.graph.snapshot", "read with the leaves only"),
    ],
)
def test_a_violation_is_caught(tmp_path: Path, module: str, line: str, contract: str) -> None:
    """A copy of the code with one forbidden import breaks the contract that forbids it."""
    shutil.copytree(ROOT / "app", tmp_path / "app", ignore=shutil.ignore_patterns("web"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{line}  # noqa\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, result.stdout


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph("app")
    imports = nx.DiGraph(
        (m, i) for m in graph.modules for i in graph.find_modules_directly_imported_by(m)
    )
    circles = [sorted(c) for c in nx.strongly_connected_components(imports) if len(c) > 1]
    assert not circles, f"import circles: {circles}"
