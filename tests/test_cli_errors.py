"""Bad settings and bad data files through the real ``plangraph`` command: one line per
problem naming the variable or the cause first, a short answer, no traceback, exit 2 (1 for an
invalid data file)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.servers import BIN, ROOT, free_port

PLANGRAPH = str(BIN / "plangraph")
DATA = ROOT / "data" / "plan_graph.json"
#: every command that reads the settings, as a user types it (serve gets a free port)
COMMANDS = {
    "serve": ["serve"],
    "validate": ["validate"],
    "stats": ["stats"],
    "export": ["export", "--format", "json"],
    "openapi": ["openapi"],
    "mcp": ["mcp"],
}
#: (variable, bad value, what the line says after the variable's name)
BAD_SETTINGS = [
    ("PLANGRAPH_ADMIN_TOKEN", "short", "must have at least 16 characters"),
    ("PLANGRAPH_DATA", "/nonexistent", "no such file: /nonexistent"),
    ("PLANGRAPH_WATCH_INTERVAL", "abc", "must be a number, not 'abc'"),
    ("PLANGRAPH_WATCH_INTERVAL", "-1", "must be 0 or more, not '-1'"),
    ("PLANGRAPH_LOG_JSON", "maybe", "must be true or false"),
    ("PLANGRAPH_ACCESS_LOG", "sometimes", "must be true or false"),
    ("PLANGRAPH_DOCS_ENABLED", "2", "must be true or false"),
    ("PLANGRAPH_METRICS_ENABLED", "yes please", "must be true or false"),
    ("PLANGRAPH_CACHE_MAX_AGE", "1.5", "must be a whole number, not '1.5'"),
    ("PLANGRAPH_GZIP_MIN_SIZE", "-5", "must be 0 or more"),
    ("PLANGRAPH_CORS_ORIGINS", '["https://a.example"', "must be origins separated by commas"),
    ("PLANGRAPH_STATE_DIR", str(Path(__file__)), "must be a folder (made when missing)"),
    ("PLANGRAPH_MCP", "perhaps", "must be true or false"),
    ("PLANGRAPH_MCP_REQUIRE_TOKEN", "true", "needs an admin token"),
]


def plangraph(
    *args: str, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PLANGRAPH_")}
    return subprocess.run(
        [PLANGRAPH, *args],
        env={**clean, **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def argv(command: str) -> list[str]:
    extra = ["--port", str(free_port())] if command == "serve" else []
    return [*COMMANDS[command], *extra]


def assert_one_clear_answer(done: subprocess.CompletedProcess[str], status: int) -> list[str]:
    out = done.stdout + done.stderr
    assert done.returncode == status, out
    assert "Traceback" not in out
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert 1 <= len(lines) <= 4, out
    return lines


@pytest.mark.parametrize(("variable", "value", "says"), BAD_SETTINGS)
def test_a_bad_setting_stops_serve_with_one_line_naming_it(
    variable: str, value: str, says: str
) -> None:
    done = plangraph(*argv("serve"), env={variable: value})
    lines = assert_one_clear_answer(done, 2)
    assert lines == [f"{variable}: {says}"] or lines[0].startswith(f"{variable}: {says}")
    assert len(lines) == 1


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_names_a_bad_setting(command: str) -> None:
    done = plangraph(*argv(command), env={"PLANGRAPH_WATCH_INTERVAL": "abc"})
    lines = assert_one_clear_answer(done, 2)
    assert lines == ["PLANGRAPH_WATCH_INTERVAL: must be a number, not 'abc'"]


def test_several_bad_settings_give_one_line_each() -> None:
    env = {"PLANGRAPH_ADMIN_TOKEN": "short", "PLANGRAPH_LOG_JSON": "maybe"}
    lines = assert_one_clear_answer(plangraph(*argv("serve"), env=env), 2)
    assert sorted(line.split(":")[0] for line in lines) == sorted(env)


def test_the_token_is_never_echoed() -> None:
    done = plangraph(*argv("serve"), env={"PLANGRAPH_ADMIN_TOKEN": "hunter2"})
    assert "hunter2" not in done.stdout + done.stderr


# ---- bad data files -------------------------------------------------------------------------


def _not_json(folder: Path) -> Path:
    path = folder / "plan.json"
    path.write_text("{not json", encoding="utf-8")
    return path


def _empty_object(folder: Path) -> Path:
    path = folder / "plan.json"
    path.write_text("{}", encoding="utf-8")
    return path


def _copy_elsewhere(folder: Path) -> Path:
    path = folder / "plan_graph.json"
    shutil.copyfile(DATA, path)
    return path


def _bad_source(folder: Path) -> Path:
    plan = json.loads(DATA.read_text(encoding="utf-8"))
    node = next(n for n in plan["nodes"] if n["sources"] and "start" in n["sources"][0])
    node["sources"][0] = {"document": node["sources"][0]["document"], "start": 0, "locator": "x"}
    path = folder / "plan_graph.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    shutil.copytree(DATA.parent / "sources", folder / "sources")
    return path


#: (name, make the file, what the first line says)
BAD_FILES = [
    ("not-json", _not_json, "not valid JSON"),
    ("empty-object", _empty_object, "missing required field"),
    ("copied-without-its-text", _copy_elsewhere, "cannot read text"),
    ("source-of-neither-form", _bad_source, "a source is either"),
]


@pytest.mark.parametrize(("name", "make", "says"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
@pytest.mark.parametrize("command", ["validate", "serve"])
def test_a_bad_data_file_is_named_with_its_cause_first(
    command: str, name: str, make: object, says: str, tmp_path: Path
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    args = [command, str(path)] if command == "validate" else [*argv("serve"), "--data", str(path)]
    done = plangraph(*args)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "Traceback" not in out
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert 1 <= len(lines) <= 6, out
    assert str(path) in lines[0]
    assert says in "\n".join(lines[:2]), out


@pytest.mark.parametrize("command", ["validate", "stats"])
def test_a_data_file_that_is_not_there_is_one_line(command: str, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    lines = assert_one_clear_answer(plangraph(command, str(missing)), 2)
    assert lines == [f"{missing}: no such file"]


def test_the_table_has_every_setting_that_can_be_wrong() -> None:
    """Every setting is in the table."""
    from app.config import Settings

    variables = {f"PLANGRAPH_{name.upper()}" for name in Settings.model_fields}
    assert {v for v, _, _ in BAD_SETTINGS} == variables
