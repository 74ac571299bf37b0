"""The data model's vocabulary: node types and relations, with their meaning.

This is the format's specification, shared by every plan PlanGraph serves. A relation
declares which of its ends depends on the other (``depends``), which node types it may
join (``allowed``), how it places an action on the map (``reach``), and how to say it in
a sentence (``sentence``), so that traversals, city reach and explanations need no
special cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Direction = Literal["source", "target"]
Reach = Literal["explicit", "located"]


@dataclass(frozen=True, slots=True)
class NodeType:
    name: str
    meaning: str


@dataclass(frozen=True, slots=True)
class Relation:
    name: str
    meaning: str
    #: which end depends on the other: "source" means the source needs the target.
    depends: Direction
    #: allowed (source type, target type) pairs, written as source types x target types.
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    #: how an edge of this relation places its source on the map, if it does.
    reach: Reach | None = None
    #: whether the relation climbs from a place to the place that contains it.
    contains: bool = False
    #: sentence templates, forward (source first) and inverse (target first). In each,
    #: {s} and {st} are the first node's name and type, {t} and {tt} the second's; the
    #: Chinese templates get the types' Chinese labels (TYPE_LABELS_ZH).
    sentence_en: str = ""
    sentence_zh: str = ""
    inverse_en: str = ""
    inverse_zh: str = ""

    def allows(self, source_type: str, target_type: str) -> bool:
        return source_type in self.sources and target_type in self.targets


NODE_TYPES: dict[str, NodeType] = {
    t.name: t
    for t in (
        NodeType("plan", "The policy document as a whole."),
        NodeType("chapter", "A chapter of the plan, known by its number and title."),
        NodeType(
            "goal",
            "An aim the plan sets: an overall goal, a quality it seeks, a quantified target "
            "(indicator, comparator, value, unit, year) or a chapter's stated aim.",
        ),
        NodeType("pillar", "A numbered part of a chapter; it groups the chapter's measures."),
        NodeType("measure", "A paragraph of the plan led by a bold sentence: one line of work."),
        NodeType("action", "One distinct commitment inside a measure's paragraph."),
        NodeType(
            "platform",
            "A named laboratory, centre, facility, network or service the plan builds or uses.",
        ),
        NodeType(
            "zone",
            "A named area: a science city, one of its functional zones, a district, "
            "a demonstration or pilot zone.",
        ),
        NodeType("city", "A city within the plan's region, with coordinates for maps."),
        NodeType("region", "The area the plan covers as a whole; its cities are part of it."),
        NodeType("field", "A field of science, technology or industry the plan names."),
        NodeType(
            "actor",
            "A kind of organisation or person the plan addresses (universities, enterprises, "
            "researchers), or an institution that issues or approves the plan.",
        ),
        NodeType(
            "instrument",
            "A policy instrument: a policy, fund, voucher, mechanism, right or pilot scheme.",
        ),
        NodeType(
            "program",
            "A named programme, campaign, event series or national system the plan joins or runs.",
        ),
    )
}

#: how a node type is named in a Chinese sentence (the ``{st}`` and ``{tt}`` placeholders)
TYPE_LABELS_ZH: dict[str, str] = {
    "plan": "规划",
    "chapter": "章节",
    "goal": "目标",
    "pillar": "板块",
    "measure": "举措",
    "action": "行动",
    "platform": "平台",
    "zone": "区域",
    "city": "城市",
    "region": "地区",
    "field": "领域",
    "actor": "主体",
    "instrument": "政策工具",
    "program": "项目",
}

_WORK = ("plan", "chapter", "pillar", "measure", "action")
_THINGS = ("platform", "zone", "program")
_PLACES = ("zone", "city", "region")

RELATIONS: dict[str, Relation] = {
    r.name: r
    for r in (
        Relation(
            "part_of",
            "The source is a component of the target: an action of a measure, a measure of a "
            "pillar, a sub-goal of a goal, a zone of a larger zone, a city of a region. "
            "The whole needs its parts.",
            depends="target",
            sources=(*_WORK, "goal", "zone", "platform", "city", "program"),
            targets=(*_WORK, "goal", "zone", "platform", "region", "program"),
            contains=True,
            sentence_en="{s} is part of the {tt} {t}",
            sentence_zh="{s}是{tt}「{t}」的组成部分",
            inverse_en="{s} includes the {tt} {t}",
            inverse_zh="{s}包含{tt}「{t}」",
        ),
        Relation(
            "contributes_to",
            "The source advances the target goal. A goal needs what contributes to it.",
            depends="target",
            sources=(*_WORK, "goal"),
            targets=("goal",),
            sentence_en="{s} contributes to the goal {t}",
            sentence_zh="{s}服务于目标「{t}」",
            inverse_en="{s} is served by the {tt} {t}",
            inverse_zh="{s}由{tt}「{t}」支撑",
        ),
        Relation(
            "builds",
            "The source builds, creates or strengthens the target platform, zone or programme. "
            "The work needs what it builds.",
            depends="source",
            sources=("measure", "action"),
            targets=_THINGS,
            reach="located",
            sentence_en="the {st} {s} builds {t}",
            sentence_zh="{st}「{s}」建设{t}",
            inverse_en="{s} is built under the {tt} {t}",
            inverse_zh="{s}在{tt}「{t}」中建设",
        ),
        Relation(
            "involves",
            "The source engages the target (an actor, instrument, programme, platform or zone) "
            "without building it. The source needs what it involves.",
            depends="source",
            sources=("measure", "action", "platform", "zone", "program", "instrument"),
            targets=("actor", "instrument", "program", "platform", "zone"),
            reach="located",
            sentence_en="the {st} {s} involves {t}",
            sentence_zh="{st}「{s}」涉及{t}",
            inverse_en="{s} is involved in the {tt} {t}",
            inverse_zh="{s}参与{tt}「{t}」",
        ),
        Relation(
            "focuses_on",
            "The source concentrates on the target field. The source needs its field.",
            depends="source",
            sources=("measure", "action", "platform", "zone", "program"),
            targets=("field",),
            sentence_en="the {st} {s} focuses on {t}",
            sentence_zh="{st}「{s}」聚焦{t}",
            inverse_en="{s} is a focus of the {tt} {t}",
            inverse_zh="{s}是{tt}「{t}」的重点领域",
        ),
        Relation(
            "located_in",
            "The source platform or zone lies in the target place. A place-bound thing needs "
            "its place.",
            depends="source",
            sources=("platform", "zone"),
            targets=_PLACES,
            contains=True,
            sentence_en="{s} is located in {t}",
            sentence_zh="{s}位于{t}",
            inverse_en="{s} is home to {t}",
            inverse_zh="{s}是{t}的所在地",
        ),
        Relation(
            "applies_to",
            "The text names the target place (a city, the region or a zone in a city) as where "
            "the source applies. The source needs its place.",
            depends="source",
            sources=(*_WORK, "instrument", "program"),
            targets=_PLACES,
            reach="explicit",
            sentence_en="the {st} {s} applies to {t}",
            sentence_zh="{st}「{s}」适用于{t}",
            inverse_en="{s} is named by the {tt} {t}",
            inverse_zh="{s}是{tt}「{t}」指明的适用地",
        ),
        Relation(
            "issued_by",
            "The source plan was issued or approved by the target institution "
            "(attributes.role says which).",
            depends="source",
            sources=("plan",),
            targets=("actor",),
            sentence_en="{s} was issued by {t}",
            sentence_zh="{s}由{t}发布",
            inverse_en="{s} issued {t}",
            inverse_zh="{s}发布了{t}",
        ),
    )
}

NodeTypeName = Literal[
    "plan",
    "chapter",
    "goal",
    "pillar",
    "measure",
    "action",
    "platform",
    "zone",
    "city",
    "region",
    "field",
    "actor",
    "instrument",
    "program",
]
RelationName = Literal[
    "part_of",
    "contributes_to",
    "builds",
    "involves",
    "focuses_on",
    "located_in",
    "applies_to",
    "issued_by",
]
Evidence = Literal["stated", "inferred"]
Scope = Literal["explicit", "located", "metro_wide"]
SCOPES: tuple[Scope, ...] = ("explicit", "located", "metro_wide")
