"""The data model's vocabulary: node types and relations, with their meaning.

This is the format's specification, shared by every plan PlanGraph serves. A relation
declares which of its ends depends on the other (``depends``), which node types it may
join (``allowed``), how it places an action on the map (``reach``), and how to say it in
a sentence (``sentence``), so that traversals, city reach and explanations need no
special cases. Node types and relations declare their attributes and each one's shape
(see :data:`Shape`), so that a value of the wrong shape is caught when a file is loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

Direction = Literal["source", "target"]
Reach = Literal["explicit", "located"]

#: The shape of an attribute value: ``"integer"``, ``"number"``, ``"string"``,
#: ``"boolean"``, ``"date"`` (ISO 8601: ``2021-11-29``, ``2021-06`` or ``2021``) or
#: ``"text"`` (a bilingual text ``{zh?, en}``); a tuple of strings: one of them; a one-item
#: list: a non-empty list of that shape; a dict: an object with those keys, where a key
#: ending in ``?`` is optional and no other key is allowed. No value is null or empty.
Shape: TypeAlias = "str | tuple[str, ...] | list[Shape] | dict[str, Shape]"

#: how sure a fact is: attested by two or more reports, or by a single one
CONFIDENCE: Shape = ("attested", "single-source")
#: a measured amount with its unit (``unit_en`` says the unit in English)
QUANTITY: Shape = {
    "value": "number",
    "unit": "string",
    "unit_en?": "string",
    "km2?": "number",
    "as_of?": "string",
    "approximate?": "boolean",
    "confidence?": CONFIDENCE,
}


def attested(shape: Shape) -> Shape:
    """A value with how sure it is: ``{value, confidence?}``."""
    return {"value": shape, "confidence?": CONFIDENCE}


@dataclass(frozen=True, slots=True)
class Attribute:
    """A declared attribute: the shape of its value and what it means."""

    shape: Shape
    meaning: str


def _attrs(**declared: tuple[Shape, str]) -> dict[str, Attribute]:
    return {k: Attribute(shape, meaning) for k, (shape, meaning) in declared.items()}


_NUMBER: tuple[Shape, str] = ("integer", "the ordinal the plan gives it (1, 2, 3, ...)")
_POSITIONING: tuple[Shape, str] = (["text"], "what the text says it is to become")
_ROLE: tuple[Shape, str] = (
    ("core", "area"),
    "its role in the zone it is part of: the core or one of the areas",
)


@dataclass(frozen=True, slots=True)
class NodeType:
    name: str
    meaning: str
    #: the attributes a node of this type may carry
    attributes: Mapping[str, Attribute] = field(default_factory=dict)


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
    #: the attributes an edge of this relation may carry
    attributes: Mapping[str, Attribute] = field(default_factory=dict)

    def allows(self, source_type: str, target_type: str) -> bool:
        return source_type in self.sources and target_type in self.targets


NODE_TYPES: dict[str, NodeType] = {
    t.name: t
    for t in (
        NodeType(
            "plan",
            "The policy document as a whole.",
            _attrs(
                document_number=("string", "the number of the issuing document"),
                issued=("date", "the date it was issued"),
                issuer=("text", "the institution that issued it"),
                addressed_to=(["text"], "the bodies it is addressed to"),
                approval=(
                    {"by": "text", "reply_number?": "string", "published?": "date"},
                    "who approved it, by which reply, published when",
                ),
                national_standing=("text", "how it stands among plans of its kind"),
                planning_period_end=("integer", "the last year of the planning period"),
                outlook_year=("integer", "the year its outlook looks to"),
                major_tasks=("integer", "how many major tasks it sets"),
                chapters=(attested("integer"), "how many chapters it has"),
            ),
        ),
        NodeType(
            "chapter",
            "A chapter of the plan, known by its number and title.",
            _attrs(number=_NUMBER),
        ),
        NodeType(
            "goal",
            "An aim the plan sets: an overall goal, a quality it seeks, a quantified target "
            "(indicator, comparator, value, unit, year) or a chapter's stated aim.",
            _attrs(
                year=("integer", "the year the goal is set for"),
                section=("text", "the section of the plan that sets it"),
                indicator=("text", "what a quantified target measures"),
                comparator=(("above", "below", "reach", "approach"), "how the value is compared"),
                value=("number", "the target value"),
                unit=("string", "the unit of the value, in English"),
                unit_zh=("string", "the unit of the value, in Chinese"),
                benchmark=("text", "what the indicator is compared with, when not a figure"),
                metropolitan_function=("text", "the function of the area that the aim serves"),
            ),
        ),
        NodeType(
            "pillar",
            "A numbered part of a chapter; it groups the chapter's measures.",
            _attrs(number=_NUMBER),
        ),
        NodeType("measure", "A paragraph of the plan led by a bold sentence: one line of work."),
        NodeType("action", "One distinct commitment inside a measure's paragraph."),
        NodeType(
            "platform",
            "A named laboratory, centre, facility, network or service the plan builds or uses.",
            _attrs(
                laboratories=(["text"], "the laboratories a system of laboratories comprises"),
                first_inaugurated=("date", "when its first parts were inaugurated"),
                tiers=(["text"], "its tiers, in order"),
                origin=(attested("string"), "where it began"),
            ),
        ),
        NodeType(
            "zone",
            "A named area: a science city, one of its functional zones, a district, "
            "a demonstration or pilot zone.",
            _attrs(
                within=("text", "the larger area it lies in"),
                layout=("text", "the name of its layout"),
                spans=(attested(["text"]), "the areas it extends across"),
                planned_area=(QUANTITY, "its planned area"),
                area=(QUANTITY, "its area"),
                role=_ROLE,
                positioning=_POSITIONING,
                focus=(["text"], "the industries or fields it concentrates on"),
                focus_category=("text", "what kind of industries its focus is"),
            ),
        ),
        NodeType(
            "city",
            "A city within the plan's region, with coordinates for maps.",
            _attrs(
                latitude=("number", "latitude of the city centre (WGS84 degrees)"),
                longitude=("number", "longitude of the city centre (WGS84 degrees)"),
                core_area_districts=(["text"], "its districts and counties in the core area"),
            ),
        ),
        NodeType(
            "region",
            "The area the plan covers as a whole; its cities are part of it.",
            _attrs(
                center=("text", "the city it is centred on"),
                core_area=(
                    {"extent": "text", "area?": QUANTITY, "population?": QUANTITY},
                    "its core area: what it comprises, its area and population",
                ),
                planning_area=(
                    {"extent": "text", "area?": QUANTITY, "population?": QUANTITY},
                    "the whole planning scope: what it comprises, its area and population",
                ),
                functions=(["text"], "the functions the plan gives the area"),
            ),
        ),
        NodeType("field", "A field of science, technology or industry the plan names."),
        NodeType(
            "actor",
            "A kind of organisation or person the plan addresses (universities, enterprises, "
            "researchers), or an institution that issues or approves the plan.",
            _attrs(role=(("issuer", "approver"), "its part in the plan's issuance")),
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
            attributes=_attrs(role=_ROLE),
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
            "The source plan was issued by the target institution.",
            depends="source",
            sources=("plan",),
            targets=("actor",),
            attributes=_attrs(
                document_number=("string", "the number of the issuing document"),
                date=("date", "the date of issue"),
            ),
            sentence_en="{s} was issued by {t}",
            sentence_zh="{s}由{t}发布",
            inverse_en="{s} issued {t}",
            inverse_zh="{s}发布了{t}",
        ),
        Relation(
            "approved_by",
            "The source plan was approved by the target institution before it was issued.",
            depends="source",
            sources=("plan",),
            targets=("actor",),
            attributes=_attrs(
                reply_number=("string", "the number of the approving reply"),
                date=("date", "the date the approval was published"),
            ),
            sentence_en="{s} was approved by {t}",
            sentence_zh="{s}经{t}批复",
            inverse_en="{s} approved {t}",
            inverse_zh="{s}批复了{t}",
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
    "approved_by",
]
Evidence = Literal["stated", "inferred"]
Scope = Literal["explicit", "located", "metro_wide"]
SCOPES: tuple[Scope, ...] = ("explicit", "located", "metro_wide")
