"""A changelog of the data: what changed between two data files, node by node, edge by edge.

Elements are matched by id. A changed element lists its changed fields by dotted path
(``name.en``, ``attributes.value``, ``sources``); lists are compared whole. Only the data
files' structure is read (no texts), so an old file taken from history diffs as it is.

Examples
--------
>>> from app import load_plan
>>> old = load_plan().plan
>>> first = old.nodes[0]
>>> renamed = first.model_copy(update={"name": first.name.model_copy(update={"en": "Renamed"})})
>>> new = old.model_copy(update={"nodes": [renamed, *old.nodes[1:]]})
>>> [(c.id == first.id, [f.field for f in c.fields]) for c in diff_plans(old, new).nodes.changed]
[(True, ['name.en'])]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from pydantic import BaseModel, ValidationError

from app.datafile.parse import content_version
from app.datafile.structure import structure_problems
from app.errors import DataFileInvalid, Problem
from app.models import PlanFile

#: fields compared as nested mappings (one change per key); others are compared whole
_NESTED = frozenset({"name", "description", "attributes", "title", "publisher"})


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One changed field: its dotted path, the old value and the new (None when absent)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class Changed:
    """An element present in both files whose fields differ."""

    id: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class Section:
    """Added, removed and changed elements of one kind (nodes, edges or documents)."""

    added: tuple[dict[str, Any], ...] = ()
    removed: tuple[dict[str, Any], ...] = ()
    changed: tuple[Changed, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True, slots=True)
class PlanDiff:
    """The differences between two data files."""

    old_version: str
    new_version: str
    nodes: Section = field(default_factory=Section)
    edges: Section = field(default_factory=Section)
    documents: Section = field(default_factory=Section)
    title: tuple[FieldChange, ...] = ()
    #: what breaks a published id: each node id removed without a successor, one line each
    breaking: tuple[str, ...] = ()

    @property
    def different(self) -> bool:
        """Whether anything differs."""
        return bool(self.nodes or self.edges or self.documents or self.title)

    def to_dict(self) -> dict[str, Any]:
        """The diff as plain JSON-able data."""

        def changes(fs: Iterable[FieldChange]) -> list[dict[str, Any]]:
            return [{"field": f.field, "old": f.old, "new": f.new} for f in fs]

        def section(s: Section) -> dict[str, Any]:
            return {
                "added": list(s.added),
                "removed": list(s.removed),
                "changed": [{"id": c.id, "changes": changes(c.fields)} for c in s.changed],
            }

        return {
            "old": {"version": self.old_version},
            "new": {"version": self.new_version},
            "different": self.different,
            "summary": {
                kind: {
                    "added": len(s.added),
                    "removed": len(s.removed),
                    "changed": len(s.changed),
                }
                for kind, s in self.sections()
            },
            "title": changes(self.title),
            "breaking": list(self.breaking),
            "nodes": section(self.nodes),
            "edges": section(self.edges),
            "documents": section(self.documents),
        }

    def sections(self) -> tuple[tuple[str, Section], ...]:
        return (("nodes", self.nodes), ("edges", self.edges), ("documents", self.documents))


def _dump(item: BaseModel) -> dict[str, Any]:
    return item.model_dump(mode="json")


def field_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """The fields that differ between two dumped elements, by dotted path, in field order.

    >>> field_changes({"name": {"en": "A", "zh": "甲"}, "n": 1}, {"name": {"en": "B", "zh": "甲"}})
    [FieldChange(field='name.en', old='A', new='B'), FieldChange(field='n', old=1, new=None)]
    """
    out: list[FieldChange] = []
    for key in dict.fromkeys([*old, *new]):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if key in _NESTED and isinstance(a, dict | None) and isinstance(b, dict | None):
            a, b = a or {}, b or {}
            out += [
                FieldChange(f"{key}.{k}", a.get(k), b.get(k))
                for k in dict.fromkeys([*a, *b])
                if a.get(k) != b.get(k)
            ]
        else:
            out.append(FieldChange(key, a, b))
    return out


def _section(old: Iterable[BaseModel], new: Iterable[BaseModel]) -> Section:
    before = {str(getattr(i, "id")): _dump(i) for i in old}  # noqa: B009
    after = {str(getattr(i, "id")): _dump(i) for i in new}  # noqa: B009
    changed = []
    for key, item in after.items():
        if key in before and before[key] != item:
            changed.append(Changed(key, tuple(field_changes(before[key], item))))
    return Section(
        added=tuple(item for key, item in after.items() if key not in before),
        removed=tuple(item for key, item in before.items() if key not in after),
        changed=tuple(changed),
    )


def diff_plans(
    old: PlanFile, new: PlanFile, old_version: str = "", new_version: str = ""
) -> PlanDiff:
    """The differences between two parsed data files."""
    return PlanDiff(
        old_version=old_version,
        new_version=new_version,
        nodes=_section(old.nodes, new.nodes),
        edges=_section(old.edges, new.edges),
        documents=_section(old.documents, new.documents),
        title=tuple(field_changes({"title": _dump(old.title)}, {"title": _dump(new.title)})),
        breaking=breaking_changes(old, new),
    )


def breaking_changes(old: PlanFile, new: PlanFile) -> tuple[str, ...]:
    """Each node id of ``old`` that ``new`` drops without retiring it to a successor.

    An id once published is never reused: a removed node must be listed in the new
    file's ``retired`` with its successor, else links to it break (a 410 at best).

    >>> from app import load_plan
    >>> old = load_plan().plan
    >>> new = old.model_copy(update={"nodes": old.nodes[1:]})
    >>> breaking_changes(old, new) == (f"node {old.nodes[0].id!r} removed without a successor",)
    True
    """
    kept = {n.id for n in new.nodes}
    moved = {r.id for r in new.retired if r.successor is not None}
    return tuple(
        f"node {n.id!r} removed without a successor"
        for n in old.nodes
        if n.id not in kept and n.id not in moved
    )


def read_plan_file(path: str | Path) -> tuple[PlanFile, str]:
    """A data file's structure (texts are not read) and its dataset version.

    Raises
    ------
    DataFileInvalid
        When the file cannot be read or does not match the data file's schema.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = Problem("$", f"cannot read file: {exc.strerror}")
        raise DataFileInvalid(str(path), [problem]) from None
    try:
        return PlanFile.model_validate(orjson.loads(data)), content_version(data)
    except orjson.JSONDecodeError as exc:
        raise DataFileInvalid(str(path), [Problem("$", f"not valid JSON: {exc}")]) from None
    except ValidationError as exc:
        raise DataFileInvalid(str(path), structure_problems(exc)) from None


def diff_files(old: str | Path, new: str | Path) -> PlanDiff:
    """The differences between two data files, each read by :func:`read_plan_file`."""
    a, va = read_plan_file(old)
    b, vb = read_plan_file(new)
    return diff_plans(a, b, va, vb)


def _short(value: Any, width: int = 70) -> str:
    text = orjson.dumps(value).decode() if not isinstance(value, str) else repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _label(kind: str, item: Mapping[str, Any]) -> str:
    if kind == "nodes":
        name = item.get("name") or {}
        return f"{item['id']} ({item.get('type')}) {name.get('en', '')} / {name.get('zh', '')}"
    if kind == "edges":
        return f"{item['id']}: {item['source']} -{item['relation']}-> {item['target']}"
    return str(item["id"])


def render_text(d: PlanDiff) -> str:
    """The diff as readable text: one line per element, one indented line per field.

    >>> print(render_text(PlanDiff("a", "a")))
    a -> a: no differences
    """
    head = f"{d.old_version or 'old'} -> {d.new_version or 'new'}"
    if not d.different:
        return f"{head}: no differences"
    lines = [head]
    lines += [f"BREAKING {b}" for b in d.breaking]
    for f in d.title:
        lines.append(f"  {f.field}: {_short(f.old)} -> {_short(f.new)}")
    for kind, s in d.sections():
        if not s:
            continue
        lines.append(f"{kind}: +{len(s.added)} -{len(s.removed)} ~{len(s.changed)}")
        lines += [f"  + {_label(kind, item)}" for item in s.added]
        lines += [f"  - {_label(kind, item)}" for item in s.removed]
        for c in s.changed:
            lines.append(f"  ~ {c.id}")
            lines += [f"      {f.field}: {_short(f.old)} -> {_short(f.new)}" for f in c.fields]
    return "\n".join(lines)
