/* The interface's words in Chinese and English, and the names of types and relations. */
import { state } from "./state.js";

const WORDS = {
  zh: {
    skip: "跳到正文", home: "首页", "search.label": "搜索节点",
    "search.placeholder": "搜索：中文、English 或拼音", "search.results": "搜索结果",
    "search.none": "没有匹配的节点", "search.count": "{n} 个结果",
    views: "视图", "view.cities": "城市", "view.graph": "关系图", "view.outline": "大纲",
    "cities.title": "城市视图",
    "cities.lead": "选择一个城市，查看触达它的举措（按板块分组）、每项举措的范围，以及背后的行动和地点。",
    "cities.pick": "选择城市", "cities.scopes": "范围",
    "cities.summary": "{n} 项举措触达{city}：",
    "cities.none": "没有符合所选范围的举措。",
    "cities.choose": "请在上方选择一个城市。",
    "cities.nopillar": "未归入板块",
    "cities.via": "经由", "cities.wide": "{n} 项全域行动（适用于所有城市）",
    "scope.explicit": "明确点名", "scope.located": "所在地", "scope.metro_wide": "全域",
    "scope.explicit.help": "原文点名了该城市或其中的地点",
    "scope.located.help": "建设或涉及位于该城市的平台或区域",
    "scope.metro_wide.help": "未点名地点，适用于整个都市圈",
    "graph.title": "关系图", "graph.canvas": "规划关系图。拖动平移，滚轮或加减号缩放，方向键在节点间移动，回车选中。",
    "graph.legend": "节点类型", "graph.whole": "规划层级", "graph.around": "邻域",
    "graph.fit": "适配", "graph.hub": "规划过大，无法整体绘制：显示连接最多的节点 {name} 的邻域。",
    "graph.labels": "{n} 个标签因重叠而隐藏，放大可见。",
    "graph.radius": "半径", "graph.none": "无高亮", "graph.impact": "影响", "graph.deps": "依赖",
    "graph.in": "放大", "graph.out": "缩小", "graph.reset": "复位",
    "graph.showing": "显示 {n} 个节点、{e} 条边。",
    "graph.showing.around": "{name} 的 {r} 步邻域：{n} 个节点、{e} 条边。",
    "graph.truncated": "（已截断为最近的节点）",
    "graph.pick": "点击节点查看其邻域；选中后可高亮影响与依赖。",
    "graph.impact.note": "影响：{n} 个节点依赖于{name}。",
    "graph.deps.note": "依赖：{name}依赖 {n} 个节点。",
    "graph.outside": "（{m} 个不在当前视图中）",
    "graph.local": "（按当前图中的关系计算）",
    "graph.selectfirst": "先选择一个节点。",
    "outline.title": "大纲：目标 → 板块 → 举措 → 行动",
    "outline.expand": "全部展开", "outline.collapse": "全部收起",
    "outline.goals": "目标", "outline.structure": "规划结构", "outline.serves": "服务于目标",
    "panel.close": "关闭", "panel.sources": "出处", "panel.attributes": "属性",
    "panel.relations": "关系", "panel.aliases": "别名", "panel.reach": "触达的城市",
    "panel.cited": "同一段落还引用了 {n} 个节点", "panel.fulltext": "查看全文（{n} 字）",
    "panel.chars": "第 {a}–{b} 字", "panel.graph": "在关系图中查看",
    "panel.city": "打开城市视图", "panel.copy": "复制链接", "panel.copied": "已复制",
    "panel.inferred": "推断", "panel.notext": "该文档未随数据提供全文，按章节引用。",
    "panel.locator": "位置", "panel.confidence.single-source": "单一来源",
    "panel.confidence.attested": "多方印证",
    loading: "加载中…", "error.load": "加载失败：{msg}",
    "error.node": "没有找到节点“{id}”。", "error.city": "没有找到城市“{id}”。",
    "error.notcity": "“{id}”不是城市。", "error.suggest": "你要找的是不是：",
    "error.nosuggest": "没有相近的编号；可以在上方搜索。", "error.status": "服务器返回 {status}。",
    "cities.reason": "原因", "cities.notreaching": "{n} 项举措未触达{city}：",
    "nav.query": "查询", "attr.yes": "是", "attr.no": "否",
    "foot.api": "API 文档", "foot.version": "数据版本 {v}", "foot.coverage": "原文覆盖 {p}",
    "stat.nodes": "节点", "stat.edges": "关系",
  },
  en: {
    skip: "Skip to content", home: "Home", "search.label": "Search nodes",
    "search.placeholder": "Search: 中文, English, pinyin",
    "search.results": "Search results", "search.none": "No matching node",
    "search.count": "{n} results",
    views: "Views", "view.cities": "Cities", "view.graph": "Graph", "view.outline": "Outline",
    "cities.title": "Cities",
    "cities.lead": "Pick a city to see the measures that reach it, grouped by pillar, how each reaches it, and the actions and places behind it.",
    "cities.pick": "Pick a city", "cities.scopes": "Scope",
    "cities.summary": "{n} measures reach {city}:",
    "cities.none": "No measure reaches it with the chosen scopes.",
    "cities.choose": "Pick a city above.",
    "cities.nopillar": "Outside any pillar",
    "cities.via": "via", "cities.wide": "{n} metro-wide actions (they reach every city)",
    "scope.explicit": "explicit", "scope.located": "located", "scope.metro_wide": "metro-wide",
    "scope.explicit.help": "The text names the city or a place in it",
    "scope.located.help": "It builds or involves a platform or zone located in the city",
    "scope.metro_wide.help": "No place is named; it applies across the metropolitan area",
    "graph.title": "Graph", "graph.canvas": "The plan as a network. Drag to pan, wheel or plus and minus to zoom, arrow keys move between nodes, Enter selects.",
    "graph.legend": "Node types", "graph.whole": "Plan hierarchy", "graph.around": "Neighbourhood",
    "graph.fit": "Fit", "graph.hub": "The plan is too large to draw whole: showing the neighbourhood of its best-connected node, {name}.",
    "graph.labels": "{n} labels hidden where they would overlap; zoom in to see them.",
    "graph.radius": "Radius", "graph.none": "No highlight", "graph.impact": "Impact",
    "graph.deps": "Dependencies", "graph.in": "Zoom in", "graph.out": "Zoom out",
    "graph.reset": "Reset",
    "graph.showing": "{n} nodes and {e} edges.",
    "graph.showing.around": "{name}, {r}-step neighbourhood: {n} nodes and {e} edges.",
    "graph.truncated": " (cut to the closest nodes)",
    "graph.pick": "Click a node to focus its neighbourhood; then highlight its impact or dependencies.",
    "graph.impact.note": "Impact: {n} nodes depend on {name}.",
    "graph.deps.note": "Dependencies: {name} depends on {n} nodes.",
    "graph.outside": " ({m} outside this view)",
    "graph.local": " (computed from the relations drawn)",
    "graph.selectfirst": "Select a node first.",
    "outline.title": "Outline: goal → pillar → measure → action",
    "outline.expand": "Expand all", "outline.collapse": "Collapse all",
    "outline.goals": "Goals", "outline.structure": "Structure of the plan", "outline.serves": "serves",
    "panel.close": "Close", "panel.sources": "Sources", "panel.attributes": "Attributes",
    "panel.relations": "Relations", "panel.aliases": "Aliases", "panel.reach": "Cities reached",
    "panel.cited": "{n} more nodes cite this passage", "panel.fulltext": "Full text ({n} characters)",
    "panel.chars": "characters {a}–{b}", "panel.graph": "Show in graph",
    "panel.city": "Open city view", "panel.copy": "Copy link", "panel.copied": "Copied",
    "panel.inferred": "inferred", "panel.notext": "This document's text is not shipped; it is cited by section.",
    "panel.locator": "Section", "panel.confidence.single-source": "single source",
    "panel.confidence.attested": "attested",
    loading: "Loading…", "error.load": "Could not load: {msg}",
    "error.node": "No node “{id}”.", "error.city": "No city “{id}”.",
    "error.notcity": "“{id}” is not a city.", "error.suggest": "Did you mean:",
    "error.nosuggest": "No similar id; try the search above.", "error.status": "The server answered {status}.",
    "cities.reason": "Why", "cities.notreaching": "{n} measures do not reach {city}:",
    "nav.query": "Query", "attr.yes": "yes", "attr.no": "no",
    "foot.api": "API docs", "foot.version": "Dataset {v}", "foot.coverage": "text coverage {p}",
    "stat.nodes": "nodes", "stat.edges": "edges",
  },
};
const TYPES = {
  zh: {
    plan: "规划", chapter: "章", goal: "目标", pillar: "板块", measure: "举措", action: "行动",
    platform: "平台", zone: "区域", city: "城市", region: "地区", field: "领域", actor: "主体",
    instrument: "政策工具", program: "项目",
  },
  en: {},
};
// Relation labels, forward (the node is the source) and inverse (the node is the target).
const RELS = {
  zh: {
    part_of: ["属于", "包含"], contributes_to: ["服务于", "由其支撑"], builds: ["建设", "由其建设"],
    involves: ["涉及", "被其涉及"], focuses_on: ["聚焦", "是其重点领域"],
    located_in: ["位于", "拥有"], applies_to: ["适用于", "被其点名"], issued_by: ["发布机构", "发布了"],
    approved_by: ["批复机构", "批复了"],
  },
  en: {
    part_of: ["part of", "includes"], contributes_to: ["contributes to", "served by"],
    builds: ["builds", "built by"], involves: ["involves", "involved in"],
    focuses_on: ["focuses on", "focus of"], located_in: ["located in", "home to"],
    applies_to: ["applies to", "named by"], issued_by: ["issued by", "issued"],
    approved_by: ["approved by", "approved"],
  },
};


/** The interface word ``key`` in the current language, with ``{var}`` filled in. */
export function t(key, vars) {
  let w = WORDS[state.lang][key] ?? WORDS.en[key] ?? key;
  for (const [k, v] of Object.entries(vars || {})) w = w.replaceAll(`{${k}}`, v);
  return w;
}
export const typeName = (type) => TYPES[state.lang][type] || type;
export const relName = (rel, dir) => (RELS[state.lang][rel] || [rel, `${rel} (inverse)`])[dir === "out" ? 0 : 1];
/** A bilingual name ({zh, en}) in the current language, falling back to the other. */
export const nm = (name) => (name ? name[state.lang] || name.en || name.zh || "" : "");
/** The same name in the other language. */
export const other = (name) => (name ? name[state.lang === "zh" ? "en" : "zh"] || "" : "");
/** Is ``v`` a bilingual text ({zh, en} and nothing else of substance)? */
export const isBilingual = (v) => !!v && typeof v === "object" && !Array.isArray(v)
  && (typeof v.zh === "string" || typeof v.en === "string")
  && Object.keys(v).every((k) => k === "zh" || k === "en");
