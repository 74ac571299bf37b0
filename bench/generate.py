"""Synthetic plans in the real data-file schema, at any size.

A generated plan looks like many real plans published together: regions of about five
cities each, chapters with pillars, measures and actions, and the platforms, zones,
fields, actors, instruments and programmes they name. Every node and most edges cite a
span of a generated text (so offsets and quotes are real and checked on load); a few
edges are inferred with a rationale, and a few nodes are cited by section.

The number of cities grows with the plan (one per 250 nodes), so a city is reached by
about the same number of measures at every size, as it would be when a country publishes
more plans. Edges are added until there are ``edges_per_node`` per node.

Examples
--------
>>> import tempfile, orjson
>>> from pathlib import Path
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = generate(300, Path(tmp))
...     data = orjson.loads(path.read_bytes())
>>> len(data["nodes"]), len(data["edges"])
(300, 900)
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

#: bump when the output changes, so cached files are regenerated
GENERATOR_VERSION = 2

DOC = "synthetic-plan-text"
LOCATOR_DOC = "synthetic-plan"

_HAN = (
    "安北本碧滨波博昌长成城川春创达大德东都恩丰峰凤福阜高广海航和河恒红宏华化环汇惠佳嘉江"
    "金锦晋京景靖九居康科乐丽利联林临龙隆鲁绿美明南宁鹏平浦齐启千青清庆融瑞三山善上"
    "盛石顺思泰天通同万文西熙祥新信兴星秀旭雅阳仪易益银永友玉元远悦云泽长兆振正智中"
    "舟州卓紫梓"
)
_FIELDS_ZH = ("智能", "生物", "材料", "能源", "信息", "航空", "医药", "数字", "装备", "环境")
_WORDS = [
    "amber",
    "azure",
    "birch",
    "cedar",
    "coral",
    "delta",
    "ember",
    "falcon",
    "fern",
    "garnet",
    "harbor",
    "hazel",
    "indigo",
    "iris",
    "jade",
    "juniper",
    "kestrel",
    "lark",
    "laurel",
    "linden",
    "lotus",
    "maple",
    "meadow",
    "mesa",
    "oak",
    "onyx",
    "orchid",
    "osprey",
    "pearl",
    "pine",
    "plume",
    "quartz",
    "raven",
    "reed",
    "ridge",
    "river",
    "rowan",
    "sable",
    "sage",
    "shore",
    "sierra",
    "slate",
    "sparrow",
    "spruce",
    "summit",
    "thistle",
    "tide",
    "timber",
    "topaz",
    "tulip",
    "vale",
    "willow",
    "wren",
    "yarrow",
    "zephyr",
]
_KIND = {
    "platform": (
        ("实验室", "中心", "平台", "装置"),
        ("Laboratory", "Centre", "Platform", "Facility"),
    ),
    "zone": (
        ("园区", "新区", "科技城", "示范区"),
        ("Park", "New Area", "Science City", "Pilot Zone"),
    ),
    "field": (("技术", "产业", "科学"), ("Technology", "Industry", "Science")),
    "actor": (
        ("企业", "高校", "研究院", "联盟"),
        ("Enterprises", "Universities", "Institute", "Alliance"),
    ),
    "instrument": (("基金", "政策", "券", "机制"), ("Fund", "Policy", "Voucher", "Mechanism")),
    "program": (("计划", "工程", "行动", "大会"), ("Programme", "Project", "Campaign", "Congress")),
}


@dataclass
class _Writer:
    """Builds the text and hands out the span of each piece written."""

    parts: list[str] = field(default_factory=list)
    length: int = 0

    def write(self, text: str) -> dict[str, Any]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return {"document": DOC, "start": start, "end": self.length}

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class _Plan:
    rng: random.Random
    writer: _Writer = field(default_factory=_Writer)
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    edge_ids: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)

    def han(self, k: int) -> str:
        return "".join(self.rng.choice(_HAN) for _ in range(k))

    def words(self, k: int) -> str:
        return " ".join(self.rng.choice(_WORDS).capitalize() for _ in range(k))

    def node(
        self,
        nid: str,
        type_: str,
        zh: str,
        en: str,
        *,
        cite: bool = True,
        **extra: Any,
    ) -> str:
        """Add a node; its name is written to the text and cited (or cited by section)."""
        if cite:
            src = self.writer.write(zh)
            self.writer.write("。")
        else:
            src = {"document": LOCATOR_DOC, "locator": f"§{len(self.nodes) + 1}"}
        self.nodes.append(
            {"id": nid, "type": type_, "name": {"zh": zh, "en": en}, "sources": [src], **extra}
        )
        self.names[nid] = zh
        return nid

    def edge(
        self, s: str, rel: str, t: str, src: dict[str, Any] | None = None, **extra: Any
    ) -> bool:
        """Add an edge once; stated edges cite ``src`` (or a fresh sentence naming both ends)."""
        eid = f"{s}--{rel}--{t}"
        if eid in self.edge_ids or s == t:
            return False
        self.edge_ids.add(eid)
        out: dict[str, Any] = {
            "id": eid,
            "source": s,
            "target": t,
            "relation": rel,
            "evidence": "stated",
            "sources": [],
            "rationale": None,
            "attributes": {},
        }
        if extra.get("evidence") == "inferred":
            out["rationale"] = f"{self.names[s]} serves {self.names[t]}."
        else:
            out["sources"] = [src or self.writer.write(f"{self.names[s]}与{self.names[t]}相关联；")]
        out.update(extra)
        self.edges.append(out)
        return True


def _counts(n: int) -> dict[str, int]:
    cities = max(4, round(n / 250))
    fixed = {
        "plan": 1,
        "city": cities,
        "region": max(1, round(cities / 5)),
        "chapter": max(1, n // 5_000),
        "pillar": max(3, n // 1_000),
        "goal": max(2, n // 50),
        "measure": max(4, round(n * 0.08)),
        "platform": max(2, round(n * 0.12)),
        "zone": max(2, round(n * 0.05)),
        "field": max(2, round(n * 0.03)),
        "actor": max(2, round(n * 0.03)),
        "instrument": max(2, round(n * 0.03)),
        "program": max(2, round(n * 0.03)),
    }
    fixed["action"] = n - sum(fixed.values())
    if fixed["action"] < 4:
        raise ValueError(f"{n} nodes are too few for a plan; ask for at least 300")
    return fixed


def build_plan(n: int, seed: int = 0, edges_per_node: float = 3.0) -> tuple[dict[str, Any], str]:
    """The plan (as the JSON object of a data file) and its text, for ``n`` nodes."""
    rng = random.Random(seed)
    p = _Plan(rng)
    c = _counts(n)
    w = p.writer
    w.write("合成规划\n\n")
    body_start = w.length

    plan = p.node("plan", "plan", "合成发展规划", "Synthetic Development Plan")
    regions = [
        p.node(f"region-{i}", "region", p.han(2) + "省", f"{p.words(1)} Province {i}")
        for i in range(c["region"])
    ]
    cities: list[str] = []
    city_region: dict[str, str] = {}
    cities_of: dict[str, list[str]] = {r: [] for r in regions}
    for i in range(c["city"]):
        cid = p.node(
            f"city-{i}",
            "city",
            p.han(2) + "市",
            f"{p.words(1)} City {i}",
            cite=i % 2 == 0,
            attributes={
                "latitude": round(rng.uniform(20, 45), 4),
                "longitude": round(rng.uniform(95, 120), 4),
            },
        )
        cities.append(cid)
        city_region[cid] = regions[i % len(regions)]
        cities_of[city_region[cid]].append(cid)
        p.edge(cid, "part_of", city_region[cid])
    p.edge(plan, "applies_to", regions[0])
    w.write("\n")

    goals: list[str] = []
    for i in range(c["goal"]):
        g = p.node(f"goal-{i}", "goal", "推动" + p.han(4) + "发展", f"Advance {p.words(2)} {i}")
        if goals and rng.random() < 0.7:
            p.edge(g, "part_of", rng.choice(goals[: max(1, len(goals) // 4)]))
        goals.append(g)
    w.write("\n")

    def named(type_: str, i: int) -> tuple[str, str]:
        zh_kinds, en_kinds = _KIND[type_]
        k = rng.randrange(len(zh_kinds))
        zh = p.han(rng.randint(2, 4)) + (rng.choice(_FIELDS_ZH) if type_ != "actor" else "")
        return zh + zh_kinds[k], f"{p.words(2)} {en_kinds[k]} {i}"

    fields = [p.node(f"field-{i}", "field", *named("field", i)) for i in range(c["field"])]
    actors = [p.node(f"actor-{i}", "actor", *named("actor", i)) for i in range(c["actor"])]
    instruments = []
    for i in range(c["instrument"]):
        ins = p.node(f"instrument-{i}", "instrument", *named("instrument", i))
        instruments.append(ins)
        if rng.random() < 0.3:
            p.edge(ins, "applies_to", rng.choice(regions))
    programs = []
    for i in range(c["program"]):
        prog = p.node(f"program-{i}", "program", *named("program", i))
        programs.append(prog)
        p.edge(prog, "involves", rng.choice(actors))
    w.write("\n")

    # every place-bound thing, and the work that names it, belongs to one region: a city is
    # reached by about as many measures at every size
    zones = []
    zones_of: dict[str, list[str]] = {r: [] for r in regions}
    for i in range(c["zone"]):
        z = p.node(f"zone-{i}", "zone", *named("zone", i))
        region = regions[i % len(regions)]
        if zones_of[region] and rng.random() < 0.3:
            p.edge(z, "part_of", rng.choice(zones_of[region]))
        else:
            city = rng.choice(cities_of[region])
            p.edge(z, "located_in", city, w.write(f"{p.names[z]}位于{p.names[city]}；"))
        p.edge(z, "focuses_on", rng.choice(fields))
        zones.append(z)
        zones_of[region].append(z)
    platforms = []
    platforms_of: dict[str, list[str]] = {r: [] for r in regions}
    for i in range(c["platform"]):
        pf = p.node(f"platform-{i}", "platform", *named("platform", i))
        region = regions[i % len(regions)]
        if zones_of[region] and rng.random() < 0.3:
            place = rng.choice(zones_of[region])
        else:
            place = rng.choice(cities_of[region])
        p.edge(pf, "located_in", place, w.write(f"{p.names[pf]}位于{p.names[place]}；"))
        p.edge(pf, "focuses_on", rng.choice(fields), evidence="inferred")
        platforms.append(pf)
        platforms_of[region].append(pf)
    w.write("\n")

    chapters = [
        p.node(
            f"chapter-{i}",
            "chapter",
            f"第{i + 1}章",
            f"Chapter {i + 1}",
            attributes={"number": i + 1},
        )
        for i in range(c["chapter"])
    ]
    for ch in chapters:
        p.edge(ch, "part_of", plan)
    pillars = []
    for i in range(c["pillar"]):
        pl = p.node(f"pillar-{i}", "pillar", "协同" + p.han(4), f"Pillar {p.words(2)} {i}")
        p.edge(pl, "part_of", chapters[i % len(chapters)])
        p.edge(pl, "contributes_to", rng.choice(goals), evidence="inferred")
        pillars.append(pl)

    measures = [f"measure-{i}" for i in range(c["measure"])]
    actions_of: dict[str, list[int]] = {m: [] for m in measures}
    for i in range(c["action"]):
        actions_of[measures[i % len(measures)]].append(i)
    for mi, m in enumerate(measures):
        w.write("\n")
        p.node(
            m,
            "measure",
            "加快" + p.han(4) + "建设",
            f"Measure {p.words(2)} {mi}",
            description={"en": f"Measure {mi} of the synthetic plan."},
        )
        p.edge(m, "part_of", pillars[mi % len(pillars)])
        p.edge(m, "contributes_to", rng.choice(goals), evidence="inferred")
        if rng.random() < 0.5:
            p.edge(m, "involves", rng.choice(instruments))
        home = regions[mi % len(regions)]
        for ai in actions_of[m]:
            a = f"action-{ai}"
            pf = rng.choice(platforms_of[home] or platforms)
            city = rng.choice(cities_of[home])
            roll = rng.random()
            if roll < 0.35:
                verb, target, rel = "建设", pf, "builds"
            elif roll < 0.55:
                verb, target, rel = "依托", pf, "involves"
            elif roll < 0.85:
                verb, target, rel = "支持", city, "applies_to"
            elif roll < 0.92:
                verb, target, rel = "推进", rng.choice(zones_of[home] or zones), "involves"
            else:
                verb, target, rel = "覆盖", city_region[city], "applies_to"
            zh = f"{verb}{p.names[target]}"
            sentence = w.write(zh)
            w.write("；")
            p.nodes.append(
                {
                    "id": a,
                    "type": "action",
                    "name": {"zh": zh, "en": f"Action {p.words(2)} {ai}"},
                    "description": {"en": f"Action {ai}: {rel.replace('_', ' ')} {target}."},
                    "sources": [sentence],
                }
            )
            p.names[a] = zh
            p.edge(a, "part_of", m, sentence)
            p.edge(a, rel, target, sentence)

    # fill up to the edge budget with links a plan states in passing
    target_edges = round(n * edges_per_node)
    actions = [f"action-{i}" for i in range(c["action"])]
    kinds = (
        (actions, "focuses_on", fields),
        (actions, "involves", actors),
        (actions, "involves", instruments),
        (actions, "involves", programs),
        (platforms, "involves", actors),
        (zones, "involves", platforms),
        (actions, "contributes_to", goals),
    )
    weights = (30, 25, 15, 10, 10, 5, 5)
    while len(p.edges) < target_edges:
        sources, rel, targets = rng.choices(kinds, weights)[0]
        s, t = rng.choice(sources), rng.choice(targets)
        if rng.random() < 0.1:
            p.edge(s, rel, t, evidence="inferred")
        else:
            p.edge(s, rel, t)
    del p.edges[target_edges:]

    text = w.text()
    data = {
        "format_version": 1,
        "title": {"zh": "合成发展规划", "en": "Synthetic Development Plan"},
        "documents": [
            {
                "id": DOC,
                "title": {"zh": "合成规划文本", "en": "Synthetic plan text"},
                "kind": "plan-text",
                "date": "2030-01-01",
                "description": {"en": "The generated text every span cites."},
                "path": "plan.txt",
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "plan_ranges": [{"start": body_start, "end": len(text)}],
            },
            {
                "id": LOCATOR_DOC,
                "title": {"zh": "合成规划", "en": "Synthetic plan"},
                "kind": "policy-plan",
                "date": "2030-01-01",
                "description": {"en": "Cited by section."},
            },
        ],
        "nodes": p.nodes,
        "edges": p.edges,
    }
    return data, text


def generate(n: int, directory: Path, seed: int = 0, edges_per_node: float = 3.0) -> Path:
    """Write a plan of ``n`` nodes (``plan.json`` and ``plan.txt``) into ``directory``.

    A file already written there by the same generator with the same arguments is reused.
    """
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "plan.json"
    stamp = directory / "generator.json"
    key = orjson.dumps(
        {"version": GENERATOR_VERSION, "n": n, "seed": seed, "edges_per_node": edges_per_node}
    )
    if path.exists() and stamp.exists() and stamp.read_bytes() == key:
        return path
    data, text = build_plan(n, seed, edges_per_node)
    (directory / "plan.txt").write_text(text, encoding="utf-8")
    path.write_bytes(orjson.dumps(data))
    stamp.write_bytes(key)
    return path
