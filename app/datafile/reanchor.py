"""Quotes that survive a new version of a text: re-attach every citation of a document.

Each span cited from the old text is looked for in the new one through its Web Annotation
quote selector (:mod:`app.passages`), on a normalised copy of both texts (NFKC, so that
full-width and half-width forms are one; whitespace removed), offsets mapped back to the
new text:

1. the quote with its prefix and suffix, exactly, in one place: ``unchanged`` (same
   offsets) or ``moved`` (new offsets);
2. else the quote alone, at the places whose text before or after it is at least
   :data:`THRESHOLD` % like the old prefix or suffix (rapidfuzz's ``ratio``): the best one
   (``moved``), or ``ambiguous`` when several are equally good (each is listed);
3. else a fuzzy match (rapidfuzz's ``partial_ratio_alignment``) of the quote with its
   context, then of the quote inside what was found: ``changed`` when both are at least
   :data:`THRESHOLD` % alike (the similarity and both quotes are shown);
4. else ``orphaned``.

Nothing is re-attached silently: :func:`write` keeps the ``unchanged`` and ``moved`` ones
(and the ``changed`` ones only when told), and drops the others from the file written,
listing them for a person to decide.

Examples
--------
>>> old = "Grow the lab. Build the Riverton Lab; open it."
>>> new = "Intro. Grow the lab. Build the Riverton Lab; open it."
>>> m = match(old, new, old.index("Build"), old.index(";"))
>>> m.status, new[m.start : m.end]
('moved', 'Build the Riverton Lab')
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import orjson
from rapidfuzz import fuzz

from app.datafile.parse import parse_plan
from app.datafile.validate import semantic_problems
from app.errors import DataFileInvalid, InvalidParameter, Problem
from app.passages import Passages

__all__ = [
    "THRESHOLD",
    "Match",
    "Normalised",
    "Reanchored",
    "Status",
    "match",
    "reanchor",
    "render_text",
    "write",
]

Status = Literal["unchanged", "moved", "ambiguous", "changed", "orphaned"]
#: the least similarity (0-100) of a context or a fuzzy quote to count as the same place
THRESHOLD = 80.0


class Normalised:
    """A text normalised for matching (NFKC, whitespace removed), with the map of each
    normalised code point back to the code point of the text it comes from.

    >>> n = Normalised("Ａ b，c")
    >>> n.text, n.span(1, 3)
    ('Ab,c', (2, 5))
    """

    __slots__ = ("origin", "source", "text")

    def __init__(self, text: str) -> None:
        self.source = text
        chars: list[str] = []
        origin: list[int] = []
        for i, c in enumerate(text):
            for n in unicodedata.normalize("NFKC", c):
                if not n.isspace():
                    chars.append(n)
                    origin.append(i)
        self.text = "".join(chars)
        self.origin = origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The range of the original text a normalised range ``[start, end)`` comes from."""
        return self.origin[start], self.origin[end - 1] + 1


def _norm(text: str) -> str:
    return Normalised(text).text


@dataclass(frozen=True, slots=True)
class Match:
    """Where a cited span is in the new text, and how sure that is."""

    status: Status
    start: int | None = None
    end: int | None = None
    #: similarity (0-100) of the new quote to the old, for ``changed``
    similarity: float | None = None
    #: the equally good places, for ``ambiguous``
    places: tuple[tuple[int, int], ...] = ()


def _context_score(
    new: Normalised, pos: int, end: int, prefix: str, suffix: str
) -> tuple[float, float]:
    """(best, worst) likeness of the text before and after ``[pos, end)`` to the old
    prefix and suffix (same lengths); an empty side counts as alike."""
    before = fuzz.ratio(prefix, new.text[max(0, pos - len(prefix)) : pos]) if prefix else 100.0
    after = fuzz.ratio(suffix, new.text[end : end + len(suffix)]) if suffix else 100.0
    return max(before, after), min(before, after)


def _find(new: Normalised, prefix: str, exact: str, suffix: str, old: tuple[int, int]) -> Match:
    found = _occurrences(new.text, prefix + exact + suffix)
    if len(found) == 1:
        at = found[0] + len(prefix)
        return _placed(new, at, at + len(exact), old)
    scored = []
    for pos in _occurrences(new.text, exact):
        score = _context_score(new, pos, pos + len(exact), prefix, suffix)
        if score[0] >= THRESHOLD:
            scored.append((score, pos))
    if scored:
        best = max(s for s, _ in scored)
        top = [pos for s, pos in scored if s == best]
        if len(top) == 1:
            return _placed(new, top[0], top[0] + len(exact), old)
        return Match("ambiguous", places=tuple(new.span(p, p + len(exact)) for p in sorted(top)))
    return _fuzzy(new, prefix, exact, suffix)


def _fuzzy(new: Normalised, prefix: str, exact: str, suffix: str) -> Match:
    anchor = prefix + exact + suffix
    found = fuzz.partial_ratio_alignment(anchor, new.text, score_cutoff=THRESHOLD)
    if found is None:
        return Match("orphaned")
    # the quote inside what was found, where the old prefix and suffix end
    lo = max(0, found.dest_start - len(exact))
    window = new.text[lo : found.dest_end + len(exact)]
    inner = fuzz.partial_ratio_alignment(exact, window)
    if inner is None:
        return Match("orphaned")
    start, end = lo + inner.dest_start, lo + inner.dest_end
    similarity = round(fuzz.ratio(exact, new.text[start:end]), 1)
    if similarity < THRESHOLD or end <= start:
        return Match("orphaned")
    s, e = new.span(start, end)
    return Match("changed", s, e, similarity)


def _placed(new: Normalised, start: int, end: int, old: tuple[int, int]) -> Match:
    s, e = new.span(start, end)
    return Match("unchanged" if (s, e) == old else "moved", s, e)


def _occurrences(text: str, needle: str) -> list[int]:
    out, pos = [], text.find(needle)
    while pos != -1 and needle:
        out.append(pos)
        pos = text.find(needle, pos + 1)
    return out


def match(
    old: str,
    new: str | Normalised,
    start: int,
    end: int,
    passages: Passages | None = None,
) -> Match:
    """Where ``old[start:end]`` is in ``new`` (see the module's steps).

    Parameters
    ----------
    old : str
        The text the span cites.
    new : str or Normalised
        The new version of the text (normalise it once for many spans).
    start, end : int
        The span, code points of ``old``.
    passages : Passages, optional
        ``old``'s passages, when already computed.
    """
    p = (passages or Passages(old)).get(start, end)
    target = new if isinstance(new, Normalised) else Normalised(new)
    return _find(target, _norm(p.prefix), _norm(p.exact), _norm(p.suffix), (start, end))


@dataclass(frozen=True, slots=True)
class Cited:
    """One re-anchored citation: who cites it, the old span and where it is now."""

    owner: str  # "node <id>" or "edge <id>"
    path: str  # JSON path of the source in the data file
    start: int
    end: int
    quote: str
    match: Match
    new_quote: str | None

    def to_dict(self) -> dict[str, Any]:
        m = self.match
        out: dict[str, Any] = {
            "status": m.status,
            "owner": self.owner,
            "path": self.path,
            "old": {"start": self.start, "end": self.end, "quote": self.quote},
            "new": None
            if m.start is None
            else {"start": m.start, "end": m.end, "quote": self.new_quote},
        }
        if m.similarity is not None:
            out["similarity"] = m.similarity
        if m.places:
            out["places"] = [{"start": s, "end": e} for s, e in m.places]
        return out


@dataclass(frozen=True, slots=True)
class Reanchored:
    """Every citation of one document, re-anchored to its new text."""

    document: str
    new_text: str
    items: tuple[Cited, ...]
    raw: dict[str, Any] = field(repr=False)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(("unchanged", "moved", "changed", "ambiguous", "orphaned"), 0)
        for c in self.items:
            out[c.match.status] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "threshold": THRESHOLD,
            "counts": self.counts(),
            "items": [c.to_dict() for c in self.items],
        }


def reanchor(data_file: str | Path, document: str, new_text: str) -> Reanchored:
    """Re-anchor every citation of ``document`` in ``data_file`` to ``new_text``.

    Raises
    ------
    DataFileInvalid
        When the data file is not valid.
    InvalidParameter
        When ``document`` is not one of its shipped texts.
    """
    path = Path(data_file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileInvalid(
            str(path), [Problem("$", f"cannot read file: {exc.strerror}")]
        ) from None
    _, texts = parse_plan(data, path.parent, str(path))  # a valid file, or every problem
    raw = orjson.loads(data)
    if document not in texts:
        shipped = ", ".join(sorted(texts)) or "none"
        raise InvalidParameter(
            "--document", f"{document!r} is not a shipped text; one of {shipped}"
        )
    old = texts[document]
    spans: list[tuple[str, str, int, int]] = []
    for kind in ("nodes", "edges"):
        for i, item in enumerate(raw.get(kind) or []):
            for j, s in enumerate(item.get("sources") or []):
                if s.get("document") == document and "start" in s:
                    here = f"$.{kind}[{i}].sources[{j}]"
                    spans.append((f"{kind[:-1]} {item['id']}", here, s["start"], s["end"]))
    passages = Passages(old).prepare((s, e) for _, _, s, e in spans)
    target = Normalised(new_text)
    items = []
    for owner, here, s, e in spans:
        m = match(old, target, s, e, passages)
        new_quote = new_text[m.start : m.end] if m.start is not None else None
        items.append(Cited(owner, here, s, e, old[s:e], m, new_quote))
    return Reanchored(document, new_text, tuple(items), raw)


def render_text(r: Reanchored) -> str:
    """One line per citation (old and new quote side by side when changed), then counts."""
    lines = []
    for c in r.items:
        m = c.match
        head = f"{m.status:9} {c.owner} [{c.start}:{c.end}] {c.quote!r}"
        if m.status == "moved":
            head += f" -> [{m.start}:{m.end}]"
        elif m.status == "changed":
            head += f" -> [{m.start}:{m.end}] {c.new_quote!r} (similarity {m.similarity})"
        elif m.status == "ambiguous":
            head += " -> " + ", ".join(f"[{s}:{e}]" for s, e in m.places)
        lines.append(head)
    counts = "  ".join(f"{k}={v}" for k, v in r.counts().items())
    lines.append(f"{r.document}: {counts} (threshold {THRESHOLD:g})")
    return "\n".join(lines)


def write(
    r: Reanchored, data_file: str | Path, out: str | Path, accept: Sequence[Status] = ()
) -> list[Cited]:
    """Write the data file with the citations re-anchored, and the new text beside it.

    The ``unchanged`` and ``moved`` citations (and those whose status is in ``accept``:
    ``changed``) take their new offsets; every other one is dropped from the file written
    and returned, for a person to decide. The document's ``sha256`` becomes the new
    text's; the text is written at the document's ``path`` beside ``out``.

    Raises
    ------
    DataFileInvalid
        When the file would not be valid (then nothing is written).
    """
    keep = {"unchanged", "moved", *accept} - {"ambiguous", "orphaned"}
    raw: dict[str, Any] = orjson.loads(orjson.dumps(r.raw))  # a deep copy
    by_path = {c.path: c for c in r.items}
    left: list[Cited] = []
    for kind in ("nodes", "edges"):
        for i, item in enumerate(raw.get(kind) or []):
            sources = []
            for j, s in enumerate(item.get("sources") or []):
                c = by_path.get(f"$.{kind}[{i}].sources[{j}]")
                if c is None:
                    sources.append(s)
                elif c.match.status in keep:
                    sources.append({**s, "start": c.match.start, "end": c.match.end})
                else:
                    left.append(c)
            item["sources"] = sources
    data = r.new_text.encode("utf-8")
    rel = ""
    problems: list[Problem] = []
    texts = _texts_beside(raw, Path(data_file).parent)
    for i, d in enumerate(raw["documents"]):
        if d["id"] == r.document:
            d["sha256"] = hashlib.sha256(data).hexdigest()
            rel = d["path"]
            ranges, problems = _ranges(texts[r.document], r.new_text, d.get("plan_ranges"), i)
            if ranges:
                d["plan_ranges"] = ranges
    texts[r.document] = r.new_text
    problems += semantic_problems(raw, texts)
    if problems:
        if left:
            why = f"{len(left)} citations left for a person are dropped from it"
            problems.insert(0, Problem("$", f"the file would not be valid: {why}"))
        raise DataFileInvalid(str(out), problems)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    (out.parent / rel).parent.mkdir(parents=True, exist_ok=True)
    (out.parent / rel).write_bytes(data)
    out.write_bytes(orjson.dumps(raw, option=orjson.OPT_INDENT_2) + b"\n")
    return left


def _ranges(old: str, new: str, ranges: Any, i: int) -> tuple[list[dict[str, int]], list[Problem]]:
    """A document's ``plan_ranges`` in the new text: each end re-anchored by the
    :data:`_EDGE` code points at it, which must be ``unchanged`` or ``moved``."""
    out: list[dict[str, int]] = []
    problems: list[Problem] = []
    target = Normalised(new)
    for j, rng in enumerate(ranges or []):
        s, e = rng["start"], rng["end"]
        head = match(old, target, s, min(e, s + _EDGE))
        tail = match(old, target, max(s, e - _EDGE), e)
        if head.status in ("unchanged", "moved") and tail.status in ("unchanged", "moved"):
            assert head.start is not None
            assert tail.end is not None
            out.append({"start": head.start, "end": tail.end})
        else:
            problems.append(
                Problem(
                    f"$.documents[{i}].plan_ranges[{j}]",
                    f"its ends are {head.status} and {tail.status} in the new text: set it by hand",
                )
            )
    return out, problems


#: code points at each end of a plan range that re-anchor it
_EDGE = 16


def _texts_beside(raw: Mapping[str, Any], base: Path) -> dict[str, str]:
    return {
        d["id"]: (base / d["path"]).read_text(encoding="utf-8")
        for d in raw.get("documents") or []
        if d.get("path")
    }


def run(
    data_file: Path,
    document: str,
    text_file: Path,
    *,
    save: bool = False,
    out: Path | None = None,
    accept: Sequence[Status] = (),
    as_json: bool = False,
) -> tuple[str, int]:
    """What ``plangraph reanchor`` prints and its exit status: 0 when every citation is
    ``unchanged`` or ``moved`` (or accepted), 1 when some are left for a person.

    Raises
    ------
    DataFileInvalid, InvalidParameter
        For the command to report in one line each.
    """
    try:
        new_text = text_file.read_bytes().decode("utf-8")  # as it is: no newline translation
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise InvalidParameter("--text", f"cannot read {str(text_file)!r}: {why}") from None
    r = reanchor(data_file, document, new_text)
    report = (
        orjson.dumps(r.to_dict(), option=orjson.OPT_INDENT_2).decode()
        if as_json
        else render_text(r)
    )
    resolved = {"unchanged", "moved", *accept}
    left = [c for c in r.items if c.match.status not in resolved]
    if save:
        target = out or data_file
        write(r, data_file, target, accept)
        kept = len(r.items) - len(left)
        report += f"\nwrote {target}: {kept} citations re-anchored, {len(left)} left for a person"
    elif not as_json:
        report += "\n(nothing written: pass --write to write the re-anchored file)"
    return report, 1 if left else 0
