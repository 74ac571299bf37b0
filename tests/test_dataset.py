"""Facts about the bundled dataset that a user would notice, checked against the text."""

from __future__ import annotations

import re
from functools import cache

from app.config import DEFAULT_DATA
from app.graph.coverage import clauses
from app.graph.snapshot import Snapshot
from app.models import LocatorSource, SpanSource
from app.runtime.load import load_plan

REPRINT = "innovation-chapter-reprint-2021"
PLAN_DOC = "chengdu-metro-plan-2021"
SCIENCE_CITY = "western-china-chengdu-science-city"
CITIES = {
    "chengdu": (30.66, 104.07),
    "deyang": (31.13, 104.40),
    "meishan": (30.08, 103.85),
    "ziyang": (30.13, 104.63),
}


@cache
def snap() -> Snapshot:
    return load_plan(DEFAULT_DATA)


def ids(type_: str) -> tuple[str, ...]:
    return snap().by_type.get(type_, ())


def spans(node_id: str) -> list[SpanSource]:
    return [s for s in snap().nodes[node_id].sources if isinstance(s, SpanSource)]


def quotes(node_id: str) -> list[str]:
    return [snap().quote(s) for s in spans(node_id)]


def has_edge(source: str, relation: str, target: str) -> bool:
    return f"{source}--{relation}--{target}" in snap().edges


def parents(node_id: str, relation: str = "part_of") -> set[str]:
    return {e.target for e in snap().out_edges.get(node_id, ()) if e.relation == relation}


# ---- shape ---------------------------------------------------------------------------------


def test_counts_of_the_chapter_structure() -> None:
    s = snap()
    assert len(ids("plan")) == 1
    assert len(ids("pillar")) == 3
    assert len(ids("measure")) == 8
    assert len(ids("region")) == 1
    assert sorted(ids("city")) == sorted(CITIES)
    assert sorted(s.nodes[c].attributes["number"] for c in ids("chapter")) == list(range(1, 10))
    assert len(ids("action")) >= 60


def test_node_ids_are_lowercase_kebab_slugs() -> None:
    for nid in snap().nodes:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", nid), nid
        assert "_" not in nid
        assert nid == nid.lower()


def test_every_node_has_a_zh_and_en_name() -> None:
    for node in snap().nodes.values():
        assert node.name.zh.strip(), node.id
        assert node.name.en.strip(), node.id
        assert re.search(r"[A-Za-z]", node.name.en), node.id


def test_text_coverage_is_complete() -> None:
    cov = snap().coverage
    assert cov.clauses == 38
    assert cov.uncovered == ()
    assert cov.ratio == 1.0


# ---- pillars, measures and actions ---------------------------------------------------------


def test_pillars_cite_their_headings_and_belong_to_chapter_5() -> None:
    headings = {
        "strengthen-innovation-origination": "一、增强科技创新策源能力",
        "build-regional-innovation-community": "二、打造区域创新共同体",
        "foster-sound-innovation-environment": "三、营造良好创新生态环境",
    }
    assert set(ids("pillar")) == set(headings)
    for pid, heading in headings.items():
        assert quotes(pid) == [heading]
        assert parents(pid) == {"chapter-5-innovation-driven-development"}


def test_measures_cite_their_lead_sentences() -> None:
    leads = {
        "高水平建设综合性科学中心",
        "高标准建设西部(成都)科学城",
        "提升高等院校和科研院所创新能力",
        "突出企业创新主体地位",
        "联动推进创新创业",
        "合力打造创新人才聚集高地",
        "加快科技管理体制改革突破",
        "加强创新政策协同",
    }
    seen = set()
    for mid in ids("measure"):
        node = snap().nodes[mid]
        assert node.description is not None
        assert node.description.en
        (lead,) = quotes(mid)
        seen.add(lead)
        (pillar,) = parents(mid)
        assert snap().nodes[pillar].type == "pillar"
    assert seen == leads


def test_every_action_cites_exactly_one_clause_and_says_it_in_english() -> None:
    s = snap()
    text = s.texts[REPRINT]
    doc = s.documents[REPRINT]
    cls = clauses(REPRINT, text, [(r.start, r.end) for r in doc.plan_ranges])
    cited: set[tuple[int, int]] = set()
    for aid in ids("action"):
        node = s.nodes[aid]
        assert node.description is not None, aid
        assert node.description.en.strip(), aid
        assert node.name.en.strip(), aid
        assert len(node.sources) == 1, aid
        (src,) = node.sources
        assert isinstance(src, SpanSource), aid
        assert src.document == REPRINT, aid
        quote = s.quote(src)
        # the span lies inside one clause, is no bigger than it and starts and ends on words
        inside = [c for c in cls if c.start <= src.start and src.end <= c.end]
        assert len(inside) == 1, aid
        assert quote == quote.strip(",、 "), aid
        # one action per span: no two actions cite the same words
        assert (src.start, src.end) not in cited, aid
        cited.add((src.start, src.end))
        (measure,) = parents(aid)
        assert s.nodes[measure].type == "measure", aid


def test_the_supercomputing_clause_is_one_action() -> None:
    aid = "bring-supercomputing-center-into-national-system"
    assert quotes(aid) == ["推动成都超算中心进入国家超算中心体系"]
    # it brings an existing centre into a national system: it involves both, builds neither
    assert has_edge(aid, "involves", "chengdu-supercomputing-center")
    assert not has_edge(aid, "builds", "chengdu-supercomputing-center")
    assert has_edge(aid, "involves", "national-supercomputing-center-system")
    assert snap().nodes["national-supercomputing-center-system"].type == "program"


def test_the_listed_key_fields_are_one_action_linked_to_each_field() -> None:
    aid = "tackle-key-problems-in-key-fields"
    fields = {e.target for e in snap().out_edges[aid] if e.relation == "focuses_on"}
    names = {snap().nodes[f].name.zh for f in fields}
    assert names == {
        "航空航天",
        "精准医学",
        "轨道交通",
        "先进核能",
        "集成电路",
        "网络安全",
        "北斗导航",
    }
    # the text's list ends with 等 (such as): the English keeps it open
    assert "such as" in snap().nodes[aid].name.en
    assert "seven" not in snap().nodes[aid].name.en


def test_key_nodes_quote_their_own_names() -> None:
    expected = {
        "tianfu-laboratory": "天府实验室",
        "chengdu-supercomputing-center": "成都超算中心",
        SCIENCE_CITY: "西部(成都)科学城",
        "kechuangtong": "科创通",
        "innovation-vouchers": "科技创新券",
        "chengdu-hi-tech-demonstration-zone": "成都高新区国家自主创新示范区",
        "chapter-5-innovation-driven-development": "协同提升创新驱动发展水平",
    }
    for nid, quote in expected.items():
        assert quotes(nid) == [quote], nid
        assert snap().nodes[nid].name.zh == quote, nid


def test_english_names_an_international_reader_would_use() -> None:
    s = snap()
    assert s.nodes["tianfu-laboratory"].name.en == "Tianfu Laboratory"
    assert "Tianfu Labs" in s.nodes["tianfu-laboratory"].aliases
    assert s.nodes[SCIENCE_CITY].name.en == "Western China (Chengdu) Science City"
    assert "Western (Chengdu) Science City" in s.nodes[SCIENCE_CITY].aliases
    assert s.nodes["chengdu-supercomputing-center"].name.en == "Chengdu Supercomputing Center"
    assert (
        s.nodes["national-supercomputing-center-system"].name.en
        == "National Supercomputing Center system"
    )
    assert s.nodes["chengdu-hi-tech-zone"].name.en == "Chengdu Hi-tech Industrial Development Zone"


# ---- places --------------------------------------------------------------------------------


def test_cities_have_coordinates_and_core_area_districts() -> None:
    s = snap()
    for cid, (lat, lon) in CITIES.items():
        attrs = s.nodes[cid].attributes
        assert (attrs["latitude"], attrs["longitude"]) == (lat, lon)
        assert has_edge(cid, "part_of", "chengdu-metropolitan-area")
        assert all(d["zh"] and d["en"] for d in attrs["core_area_districts"])
    districts = {c: [d["zh"] for d in s.nodes[c].attributes["core_area_districts"]] for c in CITIES}
    assert districts["chengdu"] == ["成都市全域"]
    assert districts["deyang"] == ["旌阳区", "什邡市", "广汉市", "中江县"]
    assert districts["meishan"] == ["东坡区", "彭山区", "仁寿县", "青神县"]
    assert districts["ziyang"] == ["雁江区", "乐至县"]


def test_region_sizes_with_units() -> None:
    attrs = snap().nodes["chengdu-metropolitan-area"].attributes
    assert attrs["core_area"]["area"]["value"] == 2.64
    assert attrs["core_area"]["area"]["unit"] == "万平方公里"
    assert attrs["core_area"]["population"]["value"] == 2761
    assert attrs["planning_area"]["area"]["value"] == 3.31
    assert attrs["planning_area"]["population"]["value"] == 2966
    assert attrs["planning_area"]["population"]["unit"] == "万人"
    assert has_edge(
        "chengdu-metropolitan-area-development-plan", "applies_to", "chengdu-metropolitan-area"
    )


def test_one_core_four_zones_are_part_of_the_science_city() -> None:
    s = snap()
    zones = {
        e.source
        for e in s.in_edges[SCIENCE_CITY]
        if e.relation == "part_of" and s.nodes[e.source].type == "zone"
    }
    assert zones == {
        "chengdu-science-city",
        "new-economy-vitality-zone",
        "life-science-innovation-zone",
        "future-sci-tech-city",
        "new-generation-it-innovation-base",
    }
    roles = {z: s.nodes[z].attributes["role"] for z in zones}
    assert roles.pop("chengdu-science-city") == "core"
    assert set(roles.values()) == {"area"}
    positioning = s.nodes["future-sci-tech-city"].attributes["positioning"]
    assert [p["zh"] for p in positioning] == ["中国西部智造示范区", "成渝国际科教城"]
    assert has_edge(SCIENCE_CITY, "located_in", "chengdu")
    assert has_edge("new-generation-it-innovation-base", "focuses_on", "electronic-information")
    assert has_edge(
        "new-drug-commercialization-pilot-base", "located_in", "life-science-innovation-zone"
    )


def test_inferred_locations_say_why() -> None:
    edge = snap().edges["chengdu-supercomputing-center--located_in--chengdu"]
    assert edge.evidence == "inferred"
    assert edge.rationale
    for e in snap().edges.values():
        if e.evidence == "inferred":
            assert (e.rationale or "").strip(), e.id
        else:
            assert e.sources, e.id


# ---- goals ---------------------------------------------------------------------------------


def test_2025_targets() -> None:
    s = snap()
    output = s.nodes["economic-output-2025"].attributes
    assert (output["comparator"], output["value"], output["unit"], output["year"]) == (
        "above",
        3.3,
        "trillion yuan",
        2025,
    )
    urban = s.nodes["urbanization-rate-2025"].attributes
    assert (urban["comparator"], urban["value"], urban["unit"], urban["year"]) == (
        "reach",
        75,
        "%",
        2025,
    )
    income = s.nodes["residents-income-2025"].attributes
    assert income["comparator"] == "approach"
    assert "value" not in income
    # single-report facts say so
    for gid in ("urbanization-rate-2025", "residents-income-2025"):
        (src,) = s.nodes[gid].sources
        assert isinstance(src, LocatorSource)
        assert src.document == PLAN_DOC
        assert src.confidence == "single-source"
    (src,) = s.nodes["economic-output-2025"].sources
    assert isinstance(src, LocatorSource)
    assert src.confidence == "attested"


def test_the_modern_metropolitan_area_goal_has_seven_qualities() -> None:
    s = snap()
    qualities = s.children("modern-metropolitan-area-2025", "goal")
    assert [quotes(q)[0] for q in qualities] == [
        "空间结构清晰",
        "城市功能互补",
        "要素流动有序",
        "产业分工协作",
        "交通往来顺畅",
        "公共服务均衡",
        "环境和谐宜居",
    ]


def test_the_tianfu_laboratory_reaches_goals_through_its_measure_and_pillar() -> None:
    s = snap()
    (action,) = [
        e.source for e in s.in_edges["tianfu-laboratory"] if s.nodes[e.source].type == "action"
    ]
    assert parents(action) == {"build-comprehensive-science-center"}
    assert parents("build-comprehensive-science-center") == {"strengthen-innovation-origination"}
    goals = parents("strengthen-innovation-origination", "contributes_to")
    assert "high-level-innovation-platforms" in goals
    assert all(s.nodes[g].type == "goal" for g in goals)


# ---- city reach ----------------------------------------------------------------------------


def scope(node_id: str, city: str) -> str | None:
    r = snap().reach.by_node[node_id].get(city)
    return r.scope if r else None


def test_the_strategic_platforms_action_reaches_chengdu_by_its_laboratory_and_every_city() -> None:
    aid = "build-strategic-sci-tech-platforms"
    assert has_edge(aid, "builds", "tianfu-laboratory")
    assert has_edge(aid, "builds", "state-key-laboratories")
    assert scope(aid, "chengdu") == "located"
    # the unplaced State Key Laboratories keep the action metro-wide elsewhere
    for city in ("deyang", "meishan", "ziyang"):
        assert scope(aid, city) == "metro_wide", city
    edge = snap().edges[f"{aid}--applies_to--chengdu-metropolitan-area"]
    assert edge.evidence == "inferred"
    assert "国家重点实验室" in (edge.rationale or "")


def test_an_action_naming_no_place_reaches_every_city_metro_wide() -> None:
    aid = "explore-new-model-for-core-technologies"
    for city in CITIES:
        assert scope(aid, city) == "metro_wide"


def test_the_xinglong_lake_action_names_chengdu() -> None:
    aid = "prioritize-xinglong-lake-innovation-layout"
    assert scope(aid, "chengdu") == "explicit"
    assert scope(aid, "deyang") is None


def test_the_science_city_measure_names_chengdu_for_its_actions() -> None:
    # the measure's lead names the science city, so each of its actions is explicit
    measure = "build-western-china-science-city"
    assert has_edge(measure, "applies_to", SCIENCE_CITY)
    actions = snap().reach.actions_of[measure]
    assert len(actions) == 7
    for aid in actions:
        assert scope(aid, "chengdu") == "explicit", aid
        assert set(snap().reach.by_node[aid]) == {"chengdu"}, aid
    assert scope(measure, "chengdu") == "explicit"


def test_zone_subject_actions_apply_to_their_zone_and_build_what_the_text_builds() -> None:
    zone_of = {
        "develop-chengdu-science-city-core": "chengdu-science-city",
        "develop-new-economy-in-vitality-zone": "new-economy-vitality-zone",
        "build-new-drug-pilot-base": "life-science-innovation-zone",
        "develop-future-sci-tech-city": "future-sci-tech-city",
        "develop-new-generation-it-innovation-base": "new-generation-it-innovation-base",
    }
    for aid, zone in zone_of.items():
        assert has_edge(aid, "applies_to", zone), aid
        assert not has_edge(aid, "builds", zone), aid
    assert has_edge("build-new-drug-pilot-base", "builds", "new-drug-commercialization-pilot-base")
    built = {
        snap().nodes[e.target].name.zh
        for e in snap().out_edges["develop-future-sci-tech-city"]
        if e.relation == "builds"
    }
    assert built == {"中国西部智造示范区", "成渝国际科教城"}
    for zone, field in (
        ("life-science-innovation-zone", "新药研发"),
        ("future-sci-tech-city", "智造"),
    ):
        fields = [snap().nodes[t].name.zh for t in parents(zone, "focuses_on")]
        assert fields == [field], zone


def test_the_hi_tech_zone_action_names_chengdu() -> None:
    aid = "advance-chengdu-hi-tech-demonstration-zone"
    assert has_edge(aid, "applies_to", "chengdu-hi-tech-zone")
    assert scope(aid, "chengdu") == "explicit"
    assert scope("accelerate-sci-tech-management-reform", "chengdu") == "explicit"


def test_recurring_events_and_existing_centres_are_involved_not_built() -> None:
    for aid, target in (
        ("hold-entrepreneurship-brand-events", "mass-entrepreneurship-and-innovation-week"),
        ("hold-entrepreneurship-brand-events", "chuangxiang-china"),
        ("bring-supercomputing-center-into-national-system", "chengdu-supercomputing-center"),
    ):
        assert has_edge(aid, "involves", target), (aid, target)
        assert not has_edge(aid, "builds", target), (aid, target)


def test_shared_platforms_and_the_region_place_no_action_in_one_city() -> None:
    for aid in (
        "share-entrepreneurship-service-platforms",
        "support-double-first-class-universities",
    ):
        for city in CITIES:
            assert scope(aid, city) == "metro_wide", aid


def test_the_plan_is_issued_by_the_province_and_approved_by_the_ndrc() -> None:
    s = snap()
    plan = "chengdu-metropolitan-area-development-plan"
    issuer = s.edges[f"{plan}--issued_by--sichuan-provincial-peoples-government"]
    approver = s.edges[f"{plan}--approved_by--national-development-and-reform-commission"]
    assert issuer.evidence == approver.evidence == "stated"
    assert issuer.attributes == {"document_number": "川府发〔2021〕34号", "date": "2021-11-29"}
    assert approver.attributes == {"reply_number": "发改规划〔2021〕1661号", "date": "2021-11-26"}
    assert not has_edge(plan, "issued_by", "national-development-and-reform-commission")


def test_the_planning_scope_is_the_whole_of_the_four_cities() -> None:
    extent = snap().nodes["chengdu-metropolitan-area"].attributes["planning_area"]["extent"]
    assert extent == {
        "zh": "成都、德阳、眉山、资阳四市全域",
        "en": "The whole of Chengdu, Deyang, Meishan and Ziyang",
    }


def test_city_coordinates_cite_their_section() -> None:
    for cid in CITIES:
        locators = {s.locator for s in snap().nodes[cid].sources if isinstance(s, LocatorSource)}
        assert locators == {"Spatial scope", "City coordinates"}, cid


def test_no_alias_names_an_outside_entity() -> None:
    s = snap()
    assert s.nodes["mass-entrepreneurship-and-innovation-week"].aliases == []
    assert s.nodes["chengdu-hi-tech-demonstration-zone"].aliases == []


def test_kechuangtong_is_placed_in_the_region_by_inference() -> None:
    edge = snap().edges["kechuangtong--located_in--chengdu-metropolitan-area"]
    assert edge.evidence == "inferred"
    assert "共建共享" in (edge.rationale or "")
    fact = next(s for s in snap().nodes["kechuangtong"].sources if isinstance(s, LocatorSource))
    assert fact.confidence == "single-source"
    assert "one report" in (snap().nodes["kechuangtong"].description.en or "")  # type: ignore[union-attr]


def test_items_like_their_neighbours_are_extracted() -> None:
    s = snap()
    for zh in ("科技成果分类评价体系", "科研相关自主权", "财政金融服务体系", "知识产权"):
        (nid,) = [n.id for n in s.nodes.values() if n.name.zh == zh]
        assert s.nodes[nid].type == "instrument", zh
    for aid in (
        "promote-ip-creation-and-use",
        "strengthen-full-chain-ip-protection",
        "strengthen-ip-public-services",
        "improve-ip-dispute-mechanisms",
        "build-specialized-ip-adjudication",
    ):
        assert has_edge(aid, "involves", "intellectual-property"), aid
    aid = "set-up-new-type-rnd-institutions"
    assert has_edge(aid, "involves", "universities")
    assert has_edge(aid, "involves", "research-institutes")
    assert s.nodes[aid].name.en.startswith("Encourage universities and research institutes")
    assert has_edge("provide-integrated-talent-services", "focuses_on", "human-resources-services")
