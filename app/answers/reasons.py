"""Why a measure reaches a city, or does not, in one sentence in Chinese and in English.

Every sentence is built from the reach rule (:mod:`app.graph.reach`): the scope, the chain
of places that put the measure there (``via``) and the relation that names the first of
them. Names come from the data; nothing here knows a place of the plan.

Examples
--------
>>> from app import load_plan
>>> snap = load_plan()
>>> city = snap.by_type["city"][1]
>>> measure = snap.reach.measures_by_city[city][0]
>>> reason = measure_reason(snap, measure, city)
>>> sorted(reason)
['en', 'zh']
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from app.graph.cities import ActionRow, reach_rows, strongest
from app.graph.snapshot import Snapshot
from app.memo import Key
from app.vocabulary import RELATIONS, SCOPES, Scope

__all__ = ["absence_reason", "filtered_reason", "measure_reason", "reason_from"]

Reason = dict[str, str]
#: where a measure reaches, said once per snapshot: (cities en, cities zh, the first's reason)
_PLACED: Key[tuple[str, str, Reason] | None] = Key("measure-placed")

#: a relation naming a place, as a verb: (English singular, English plural, Chinese)
_VERBS = {
    "applies_to": ("names", "name", "点名"),
    "builds": ("builds", "build", "建设"),
    "involves": ("involves", "involve", "涉及"),
    "located_in": ("names", "name", "点名"),
}
_NAMES = ("names", "name", "点名")


def _reason(en: str, zh: str) -> Reason:
    """A bilingual sentence, keys in the order of :class:`~app.models.Name`."""
    return {"zh": zh, "en": en}


def _en(snap: Snapshot, node: str) -> str:
    """A node's English name with its Chinese in brackets, as a reader of both expects."""
    name = snap.nodes[node].name
    return name.en if name.en == name.zh else f"{name.en} ({name.zh})"


def _zh(snap: Snapshot, node: str) -> str:
    return snap.nodes[node].name.zh


def _region_of(snap: Snapshot, city: str) -> str | None:
    for e in snap.out_edges.get(city, ()):
        if e.relation == "part_of" and snap.nodes[e.target].type == "region":
            return e.target
    return None


def _verb(snap: Snapshot, node: str, place: str, scope: Scope) -> tuple[str, str, str] | None:
    """How ``node`` names ``place`` (a direct edge), preferring the relation that gives
    ``scope``; None when it does not name it."""
    edges = [e for e in snap.out_edges.get(node, ()) if e.target == place and e.relation in _VERBS]
    edges.sort(key=lambda e: RELATIONS[e.relation].reach != scope)
    return _VERBS[edges[0].relation] if edges else None


def _subject(
    snap: Snapshot, measure: str, actions: Sequence[ActionRow], scope: Scope, via: tuple[str, ...]
) -> tuple[str, str, tuple[str, str, str]]:
    """(English subject, Chinese subject, verb): the measure itself when its lead names the
    place, else how many of its actions do."""
    place = via[0]
    own = _verb(snap, measure, place, scope)
    if own is not None or not actions:
        return "This measure", "该措施", own or _NAMES
    same = [a for a, s, v in actions if s == scope and v[:1] == via[:1]]
    verb = next((v for a in same if (v := _verb(snap, a, place, scope)) is not None), _NAMES)
    if len(same) <= 1:
        return "One of its actions", "其中一项行动", verb
    return f"{len(same)} of its actions", f"其中{len(same)}项行动", verb


def reason_from(
    snap: Snapshot,
    measure: str,
    city: str,
    scope: Scope,
    via: tuple[str, ...],
    actions: Sequence[ActionRow] = (),
) -> Reason:
    """The sentence for ``measure`` reaching ``city`` with ``scope`` through ``via``
    (``actions``: the measure's actions reaching the city, as ``(action, scope, via)``)."""
    c_en, c_zh = snap.nodes[city].name.en, _zh(snap, city)
    if scope == "metro_wide":
        region = via[-1] if via else _region_of(snap, city)
        r_en = "metropolitan area" if region is None else _en(snap, region)
        r_zh = "都市圈" if region is None else _zh(snap, region)
        if len(via) <= 1:
            return _reason(
                en=f"The plan names no place in {c_en} for this measure; it reaches {c_en} "
                f"as part of the {r_en}.",
                zh=f"规划未为该措施点名{c_zh}境内的地点；{c_zh}作为{r_zh}的一部分在其范围之内。",
            )
        en_subject, zh_subject, verb = _subject(snap, measure, actions, scope, via)
        plural = not en_subject.startswith(("This", "One"))
        return _reason(
            en=f"{en_subject} {verb[1] if plural else verb[0]} {_en(snap, via[0])}, which "
            f"the plan places in the whole {r_en} rather than in one city; {c_en} is part of it.",
            zh=f"{zh_subject}{verb[2]}{_zh(snap, via[0])}，规划将其置于整个{r_zh}而非某一城市；"
            f"{c_zh}是其一部分。",
        )
    if not via:  # the text names the city itself
        return _reason(
            en=f"The plan names {c_en} itself for this measure.",
            zh=f"规划为该措施直接点名{c_zh}。",
        )
    en_subject, zh_subject, verb = _subject(snap, measure, actions, scope, via)
    plural = not en_subject.startswith(("This", "One"))
    within_en = "".join(f" in {_en(snap, p)}," for p in via[1:])
    within_zh = "".join(_zh(snap, p) for p in reversed(via[1:]))
    return _reason(
        en=f"{en_subject} {verb[1] if plural else verb[0]} {_en(snap, via[0])}, which lies"
        f"{within_en} in {c_en}.",
        zh=f"{zh_subject}{verb[2]}{_zh(snap, via[0])}，位于{c_zh}{within_zh}。",
    )


def measure_reason(
    snap: Snapshot, measure: str, city: str, actions: Sequence[ActionRow] | None = None
) -> Reason:
    """Why ``measure`` reaches ``city``: the strongest of ``actions`` (its actions reaching
    the city, all of them by default), or the measure's own places when it has none."""
    acts = reach_rows(snap, measure, city) if actions is None else actions
    if acts:
        scope = strongest(acts)
        via = next(v for _, s, v in acts if s == scope)
    else:
        own = snap.reach.by_node[measure][city]
        scope, via = own.scope, own.via
    return reason_from(snap, measure, city, scope, via, acts)


def absence_reason(snap: Snapshot, measure: str, city: str) -> Reason:
    """Why ``measure`` does not reach ``city``: where the plan places it instead."""
    c_en, c_zh = snap.nodes[city].name.en, _zh(snap, city)
    region = _region_of(snap, city)
    r_en = "metropolitan area" if region is None else _en(snap, region)
    r_zh = "都市圈" if region is None else _zh(snap, region)
    tail_en = f"It names no place in {c_en}, and none of its actions is for the whole {r_en}."
    tail_zh = f"它未点名{c_zh}境内的地点，其行动也都不面向整个{r_zh}。"
    # the same for every city the measure misses: said once per snapshot and measure
    placed = snap.memo.get(_PLACED.of(measure), lambda: _placed(snap, measure))
    if placed is None:
        return _reason(
            en=f"The plan places this measure in no city. {tail_en}",
            zh=f"规划未将该措施落在任何城市。{tail_zh}",
        )
    where_en, where_zh, first = placed
    return _reason(
        en=f"It reaches {where_en} only. {first['en']} {tail_en}",
        zh=f"该措施只落在{where_zh}。{first['zh']}{tail_zh}",
    )


def _placed(snap: Snapshot, measure: str) -> tuple[str, str, Reason] | None:
    reached = sorted(snap.reach.by_node.get(measure, {}), key=snap.order.__getitem__)
    if not reached:
        return None
    where_en = ", ".join(snap.nodes[c].name.en for c in reached)
    where_zh = "、".join(_zh(snap, c) for c in reached)
    return where_en, where_zh, measure_reason(snap, measure, reached[0])


def filtered_reason(reason: Reason, scope: Scope, scopes: Collection[str]) -> Reason:
    """``reason`` for a measure the ``scope`` filter leaves out, saying so.

    >>> filtered_reason({"en": "Why.", "zh": "原因。"}, "metro_wide", {"explicit"})["en"]
    'Why. Its scope here, metro_wide, is not among those asked for (scope=explicit).'
    """
    asked = ",".join(s for s in SCOPES if s in scopes)
    return _reason(
        en=f"{reason['en']} Its scope here, {scope}, is not among those asked for (scope={asked}).",
        zh=f"{reason['zh']}其在此的范围为 {scope}，不在所选范围（scope={asked}）之内。",
    )
