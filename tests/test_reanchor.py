"""Quotes that survive a new version of a text: ``plangraph reanchor`` on edited copies of
the shipped text."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.config import DEFAULT_DATA
from app.datafile.reanchor import Normalised, Reanchored, reanchor
from app.models import SpanSource
from app.passages import clause_ranges
from app.runtime.load import load_plan

DOC = "innovation-chapter-reprint-2021"
TEXT = (DEFAULT_DATA.parent / "sources" / f"{DOC}.txt").read_bytes().decode("utf-8")


def _statuses(r: Reanchored) -> set[str]:
    return {c.match.status for c in r.items}


def _half_to_full(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_the_text_itself_is_all_unchanged() -> None:
    r = reanchor(DEFAULT_DATA, DOC, TEXT)
    assert _statuses(r) == {"unchanged"}
    assert len(r.items) > 400


def test_a_normalised_copy_is_all_unchanged_or_moved() -> None:
    # half-width -> full-width, full-width -> half-width, spaces removed, line breaks changed
    new = _half_to_full(TEXT).replace("。", "｡").replace(" ", "").replace("\n", "\r\n\n")
    assert new != TEXT
    r = reanchor(DEFAULT_DATA, DOC, new)
    assert _statuses(r) <= {"unchanged", "moved"}
    for c in r.items:
        assert c.new_quote is not None
        assert Normalised(c.new_quote).text == Normalised(c.quote).text


def test_a_sentence_inserted_early_moves_every_citation() -> None:
    inserted = "这是新插入的一句话。"
    r = reanchor(DEFAULT_DATA, DOC, inserted + TEXT)
    assert _statuses(r) == {"moved"}
    assert all(c.match.start == c.start + len(inserted) for c in r.items)


def test_a_deleted_clause_orphans_exactly_its_citations() -> None:
    r0 = reanchor(DEFAULT_DATA, DOC, TEXT)
    # the clause holding the most citations
    start, end = max(
        clause_ranges(TEXT),
        key=lambda se: sum(se[0] <= c.start and c.end <= se[1] for c in r0.items),
    )
    inside = {c.path for c in r0.items if start <= c.start and c.end <= end}
    assert len(inside) >= 3
    r = reanchor(DEFAULT_DATA, DOC, TEXT[:start] + TEXT[end:])
    orphaned = {c.path for c in r.items if c.match.status == "orphaned"}
    assert orphaned == inside
    outside = [c for c in r.items if c.end <= start or c.start >= end]
    assert {c.match.status for c in outside} <= {"unchanged", "moved"}


def test_a_quote_twice_after_an_edit_is_ambiguous_with_both_places() -> None:
    r0 = reanchor(DEFAULT_DATA, DOC, TEXT)
    start, end, cited = next(
        (s, e, c)
        for s, e in clause_ranges(TEXT)
        for c in r0.items
        if s + 32 <= c.start and c.end + 32 <= e
    )
    new = TEXT[:end] + TEXT[start:end] + TEXT[end:]  # the clause, twice
    r = reanchor(DEFAULT_DATA, DOC, new)
    m = next(c.match for c in r.items if c.path == cited.path)
    assert m.status == "ambiguous"
    shift = end - start
    assert m.places == ((cited.start, cited.end), (cited.start + shift, cited.end + shift))


def test_an_edited_quote_is_changed_with_its_similarity() -> None:
    r0 = reanchor(DEFAULT_DATA, DOC, TEXT)
    long = max(r0.items, key=lambda c: c.end - c.start)
    mid = (long.start + long.end) // 2
    new = TEXT[:mid] + "和" + TEXT[mid + 1 :]  # one character replaced
    r = reanchor(DEFAULT_DATA, DOC, new)
    c = next(c for c in r.items if c.path == long.path)
    assert c.match.status == "changed"
    assert c.match.similarity is not None
    assert 80 <= c.match.similarity < 100
    assert c.new_quote == new[long.start : long.end]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the bundled data file and its text."""
    shutil.copytree(DEFAULT_DATA.parent / "sources", tmp_path / "sources")
    shutil.copy(DEFAULT_DATA, tmp_path / "plan_graph.json")
    return tmp_path / "plan_graph.json"


def test_cli_writes_only_with_write_and_never_reattaches_silently(
    copy: Path, tmp_path: Path
) -> None:
    r0 = reanchor(DEFAULT_DATA, DOC, TEXT)
    long = max(r0.items, key=lambda c: c.end - c.start)
    mid = (long.start + long.end) // 2
    edited = tmp_path / "edited.txt"  # a sentence inserted early, one quote edited
    edited.write_bytes(("前言。" + TEXT[:mid] + "和" + TEXT[mid + 1 :]).encode())
    before = copy.read_bytes()
    args = ["reanchor", str(copy), "--document", DOC, "--text", str(edited)]
    dry = CliRunner().invoke(cli, args)
    assert dry.exit_code == 1  # one is left for a person
    assert "changed " in dry.output
    assert "(similarity " in dry.output
    assert "nothing written" in dry.output
    assert copy.read_bytes() == before

    out = tmp_path / "new" / "plan_graph.json"
    wrote = CliRunner().invoke(cli, [*args, "--write", "--accept-changed", "--out", str(out)])
    assert wrote.exit_code == 0, wrote.output
    assert f"wrote {out}" in wrote.output
    snap = load_plan(out)  # valid, with the new text beside it
    old = load_plan(copy)
    assert snap.texts[DOC] == edited.read_text(encoding="utf-8")
    moved = 0
    for nid, n in snap.nodes.items():
        for a, b in zip(old.nodes[nid].sources, n.sources, strict=True):
            if isinstance(a, SpanSource) and isinstance(b, SpanSource):
                moved += b.start == a.start + 3
                if a.start <= mid < a.end:
                    assert (
                        snap.quote(b)
                        == old.quote(a)[: mid - a.start] + "和" + old.quote(a)[mid - a.start + 1 :]
                    )
                else:
                    assert snap.quote(b) == old.quote(a)
    assert moved > 100


def test_cli_write_refuses_a_file_a_deletion_would_break(copy: Path, tmp_path: Path) -> None:
    r0 = reanchor(DEFAULT_DATA, DOC, TEXT)
    start, end = max(
        clause_ranges(TEXT),
        key=lambda se: sum(se[0] <= c.start and c.end <= se[1] for c in r0.items),
    )
    edited = tmp_path / "edited.txt"
    edited.write_bytes((TEXT[:start] + TEXT[end:]).encode())
    out = tmp_path / "new" / "plan_graph.json"
    args = ["reanchor", str(copy), "--document", DOC, "--text", str(edited), "--write"]
    r = CliRunner().invoke(cli, [*args, "--out", str(out)])
    assert r.exit_code == 1
    assert "citations left for a person are dropped" in r.output
    assert not out.exists()


def test_cli_unknown_document_is_one_line(copy: Path, tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("x", encoding="utf-8")
    r = CliRunner().invoke(
        cli, ["reanchor", str(copy), "--document", "nope", "--text", str(tmp_path / "t.txt")]
    )
    assert r.exit_code == 2
    assert r.output.strip().splitlines() == [
        f"error: --document: 'nope' is not a shipped text; one of {DOC}"
    ]


def test_the_documented_commands_work_as_typed(tmp_path: Path) -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "interop.md").read_text("utf-8")
    section = doc.split("## Quotes that survive a new text")[1].split("\n## ")[0]
    (block,) = re.findall(r"```sh\n(.*?)```", section, re.S)
    shutil.copytree(DEFAULT_DATA.parent, tmp_path / "data")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    outputs = []
    for line in block.strip().splitlines():
        done = subprocess.run(
            line, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, (line, done.stderr)
        outputs.append(done.stdout)
    assert re.search(r"unchanged=0  moved=\d+  changed=0  ambiguous=0  orphaned=0", outputs[1])
    assert outputs[3].startswith("VALID")
