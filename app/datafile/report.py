"""A rejected data file, reported for a person: root causes first, their consequences
collapsed into one line each with a count, and a hint of what to do.

:class:`~app.errors.DataFileInvalid` keeps every problem (the API and ``--json`` tools want
them all); this module only decides how a command shows them.

Examples
--------
>>> from app.errors import DataFileInvalid, Problem
>>> exc = DataFileInvalid("copy/plan.json", [
...     Problem("$.documents[0].path", "cannot read text 'sources/t.txt': No such file"),
...     Problem("$.nodes[0].sources[0]", "document 't' has no shipped text to cite by offsets"),
...     Problem("$.nodes[1].sources[0]", "document 't' has no shipped text to cite by offsets"),
... ])
>>> for line in report_lines(exc):
...     print(line[:72])
INVALID copy/plan.json: 1 problem, and 2 that follow from it
  $.documents[0].path: cannot read text 'sources/t.txt': No such file
  2 citations of 't' cannot be checked without its text
  hint: texts are read relative to the data file's folder (copy): copy t
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePath

from app.errors import DataFileInvalid, Problem

__all__ = ["merge_source_forms", "report_lines"]

#: a consequence of a document whose text could not be read
_NO_TEXT = re.compile(r"^document '(?P<doc>[^']+)' has no shipped text to cite by offsets$")
_UNREADABLE = re.compile(r"^cannot read text '(?P<path>[^']+)'")
#: a field of one of a source's two forms, as pydantic reports it for each branch of the union
_SOURCE_FIELD = re.compile(r"^(?P<source>\$\..+\.sources\[\d+\])\.(?P<field>\w+)$")
_SPAN = ("document", "start", "end")
_LOCATOR = ("document", "locator", "confidence")
SOURCE_FORMS = (
    "a source is either {document, start, end} (a span of a shipped text) "
    "or {document, locator, confidence?} (a section cited by locator)"
)


def _source_sentence(present: set[str], absent: set[str]) -> str:
    parts = [SOURCE_FORMS]
    if present:
        parts.append(f"this one has {', '.join(sorted(present))}")
    if absent:
        parts.append(f"lacks {', '.join(sorted(absent))}")
    return "; ".join(parts)


def merge_source_forms(problems: Sequence[Problem]) -> list[Problem]:
    """Replace the errors of both union branches of one source by one sentence about the
    source's two allowed forms; other problems are kept as they are, in order.

    >>> merged = merge_source_forms([
    ...     Problem("$.nodes[0].sources[0].end", "missing required field 'end'"),
    ...     Problem("$.nodes[0].sources[0].locator", "Extra inputs are not permitted"),
    ... ])
    >>> [p.path for p in merged]
    ['$.nodes[0].sources[0]']
    >>> "lacks end" in merged[0].message
    True
    """
    fields: dict[str, dict[str, set[str]]] = {}
    for p in problems:
        m = _SOURCE_FIELD.match(p.path)
        if m is None or m["field"] not in {*_SPAN, *_LOCATOR}:
            continue
        kind = (
            "absent"
            if p.message.startswith("missing required field")
            else "present"
            if p.message == "Extra inputs are not permitted"
            else None
        )
        if kind is not None:
            fields.setdefault(m["source"], {"present": set(), "absent": set()})[kind].add(
                m["field"]
            )
    # only sources that pydantic tried against both forms: their errors name both forms' fields
    mixed = {
        src
        for src, f in fields.items()
        if (f["present"] | f["absent"]) & {"start", "end"}
        and (f["present"] | f["absent"]) & {"locator", "confidence"}
    }
    out: list[Problem] = []
    done: set[str] = set()
    for p in problems:
        m = _SOURCE_FIELD.match(p.path)
        src = m["source"] if m is not None else None
        if src not in mixed:
            out.append(p)
        elif src not in done:
            done.add(src)
            f = fields[src]
            out.append(Problem(src, _source_sentence(f["present"], f["absent"] - {"confidence"})))
    return out


def report_lines(exc: DataFileInvalid, verb: str = "INVALID") -> list[str]:
    """The lines a command prints for a rejected data file: a headline naming the file,
    the root causes, one line per collapsed group of consequences, then hints.

    A citation of a document whose text could not be read is a consequence of that; every
    other problem is a cause.
    """
    problems = merge_source_forms(exc.problems)
    causes: list[Problem] = []
    follow: Counter[str] = Counter()
    for p in problems:
        m = _NO_TEXT.match(p.message)
        if m is not None:
            follow[m["doc"]] += 1
        else:
            causes.append(p)
    n, k = len(causes), sum(follow.values())
    head = f"{verb} {exc.source}: {n} problem{'s' if n != 1 else ''}"
    if k:
        head += f", and {k} that follow{'s' if k == 1 else ''} from {'it' if n == 1 else 'them'}"
    lines = [head, *(f"  {p}" for p in causes)]
    lines += [
        f"  {c} citation{'s' if c != 1 else ''} of {doc!r} cannot be checked without its text"
        for doc, c in follow.items()
    ]
    unreadable = [m["path"] for p in causes if (m := _UNREADABLE.match(p.message))]
    if unreadable:
        folder = PurePath(exc.source).parent
        lines.append(
            f"  hint: texts are read relative to the data file's folder ({folder}): copy the "
            f'texts there ({", ".join(unreadable)}), or change each document\'s "path" '
            "(a path under that folder), or use the file in the folder that holds its texts"
        )
    return lines
