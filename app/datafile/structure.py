"""A parsed data file checked against the models (pydantic), a chunk at a time.

Every problem pydantic finds becomes one :class:`~app.errors.Problem` with its JSON path.
A large file is validated in chunks, and the parsed JSON of each chunk can be dropped once
validated, so that the parsed file and the models are never both held whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from app.errors import Problem
from app.models import Edge, Name, Node, PlanFile, SpanSource

__all__ = ["CHUNK", "json_path", "structure_problems", "validate_structure"]


def json_path(loc: tuple[int | str, ...]) -> str:
    """Render a pydantic location as a JSON path.

    >>> json_path(("nodes", 3, "name", "en"))
    '$.nodes[3].name.en'
    """
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def structure_problems(error: ValidationError | Iterable[ErrorDetails]) -> list[Problem]:
    """Turn pydantic's errors into problems, one line each."""
    errors = error.errors(include_url=False) if isinstance(error, ValidationError) else error
    problems = []
    for err in errors:
        # drop the union-branch names pydantic inserts into locations
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "Source" in p))
        msg = err["msg"]
        if err["type"] == "missing":
            msg = f"missing required field {loc[-1]!r}" if loc else "missing required field"
        problems.append(Problem(json_path(loc), msg))
    return _dedupe(problems)


#: nodes or edges validated at a time; the parsed JSON of a chunk is dropped once validated
CHUNK = 4096
_NODES: TypeAdapter[list[Node]] = TypeAdapter(list[Node])
_EDGES: TypeAdapter[list[Edge]] = TypeAdapter(list[Edge])


def validate_structure(
    raw: dict[str, Any], *, release: bool = False
) -> tuple[PlanFile | None, list[Problem]]:
    """Validate a parsed data file against the models: the plan, or every problem.

    Nodes and edges are validated a chunk at a time. With ``release``, the caller hands
    ``raw`` over: each chunk of parsed JSON is dropped once validated (the lists in ``raw``
    are emptied), so that the parsed file and the models are never both held whole.
    The models of one kind share the record of the fields they were given. Problems come
    in the order pydantic reports them for the whole file.
    """
    nodes, edges = raw.get("nodes"), raw.get("edges")
    if not (isinstance(nodes, list) and isinstance(edges, list)):
        try:
            return PlanFile.model_validate(raw), []
        except ValidationError as exc:
            return None, structure_problems(exc)
    head: PlanFile | None = None
    head_errors: list[ErrorDetails] = []
    try:
        head = PlanFile.model_validate({**raw, "nodes": [], "edges": []})
    except ValidationError as exc:
        head_errors = exc.errors(include_url=False)
    fields = [e for e in head_errors if e["loc"] and e["loc"][0] in PlanFile.model_fields]
    extra = [e for e in head_errors if not (e["loc"] and e["loc"][0] in PlanFile.model_fields)]
    node_models, node_errors = _validate_chunks(_NODES, nodes, "nodes", release)
    edge_models, edge_errors = _validate_chunks(_EDGES, edges, "edges", release)
    problems = structure_problems([*fields, *node_errors, *edge_errors, *extra])
    if problems or head is None:
        return None, problems
    return head.model_copy(update={"nodes": node_models, "edges": edge_models}), []


M = TypeVar("M", Node, Edge)


def _validate_chunks(
    adapter: TypeAdapter[list[M]], items: list[Any], key: str, release: bool
) -> tuple[list[M], list[ErrorDetails]]:
    models: list[M] = []
    errors: list[ErrorDetails] = []
    shared: dict[tuple[type, int], list[set[str]]] = {}
    for start in range(0, len(items), CHUNK):
        end = min(start + CHUNK, len(items))
        try:
            chunk = adapter.validate_python(items[start:end])
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                index, *rest = err["loc"]
                err["loc"] = (key, start + int(index), *rest)
                errors.append(err)
        else:
            if not errors:
                _share_fields_sets(chunk, shared)
                models += chunk
        if release:
            items[start:end] = repeat(None, end - start)
    if release:
        items.clear()
    return models, errors


#: the fields of each model whose fields are all required (so every instance was given all)
_ALL_REQUIRED: dict[type[BaseModel], set[str]] = {
    cls: set(cls.model_fields)
    for cls in (Edge, Name, SpanSource)
    if all(f.is_required() for f in cls.model_fields.values())
}


def _share_fields_sets(
    models: Sequence[Node | Edge], shared: dict[tuple[type, int], list[set[str]]]
) -> None:
    """Let models of one kind share one record of the fields they were given.

    Pydantic keeps a set of the given fields in each model instance: over a million sets
    for 100,000 nodes, all alike (about 200 MB, and work for every garbage collection).
    The models are frozen, so a set is never changed and can be shared.
    """
    sources = [s for m in models for s in m.sources]
    nodes = [m for m in models if isinstance(m, Node)]
    groups: list[tuple[Sequence[BaseModel], type[BaseModel] | None]] = [
        ([s for s in sources if s.__class__ is SpanSource], SpanSource),
        ([s for s in sources if s.__class__ is not SpanSource], None),
    ]
    if nodes:
        groups.append((nodes, Node))
        groups.append(([n.name for n in nodes], Name))
        groups.append(([n.description for n in nodes if n.description is not None], None))
    else:
        groups.append((models, Edge))
    setattr_ = object.__setattr__
    for group, cls in groups:
        full = _ALL_REQUIRED.get(cls) if cls is not None else None
        if full is not None:  # every field was given: the one record of them all
            for model in group:
                setattr_(model, "__pydantic_fields_set__", full)
            continue
        for model in group:
            given = model.__pydantic_fields_set__
            kinds = shared.setdefault((model.__class__, len(given)), [])
            for kind in kinds:
                if kind == given:
                    if kind is not given:
                        setattr_(model, "__pydantic_fields_set__", kind)
                    break
            else:
                kinds.append(given)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out
