/* PlanGraph explorer: a page over the PlanGraph API. Hand-written; no third-party code.
 *
 * The whole view state lives in the query string (view, city, node, lang, focus, radius,
 * hl, scope), so every view has a shareable URL. Everything is drawn with DOM calls
 * (no HTML strings are parsed), which keeps the page safe under a strict CSP.
 */
"use strict";

(() => {
  // ---- DOM helpers --------------------------------------------------------------------
  const $ = (sel, root = document) => root.querySelector(sel);
  const SVGNS = "http://www.w3.org/2000/svg";

  function build(el, attrs, kids) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") el.setAttribute("class", v);
      else if (k === "text") el.textContent = v;
      else if (k === "vars") for (const [n, x] of Object.entries(v)) el.style.setProperty(n, x);
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid === undefined || kid === null || kid === false) continue;
      el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return el;
  }
  const h = (tag, attrs, ...kids) => build(document.createElement(tag), attrs, kids);
  const s = (tag, attrs, ...kids) => build(document.createElementNS(SVGNS, tag), attrs, kids);
  const enc = encodeURIComponent;

  // ---- words --------------------------------------------------------------------------
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
      "graph.title": "关系图", "graph.canvas": "规划关系图。方向键平移，加减号缩放，Tab 进入节点。",
      "graph.legend": "节点类型", "graph.whole": "全图", "graph.around": "邻域",
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
      "graph.title": "Graph", "graph.canvas": "The plan as a network. Arrow keys pan, plus and minus zoom, Tab enters the nodes.",
      "graph.legend": "Node types", "graph.whole": "Whole graph", "graph.around": "Neighbourhood",
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

  function t(key, vars) {
    let w = WORDS[state.lang][key] ?? WORDS.en[key] ?? key;
    for (const [k, v] of Object.entries(vars || {})) w = w.replaceAll(`{${k}}`, v);
    return w;
  }
  const typeName = (type) => TYPES[state.lang][type] || type;
  const relName = (rel, dir) => (RELS[state.lang][rel] || [rel, `${rel} (inverse)`])[dir === "out" ? 0 : 1];
  const nm = (name) => (name ? name[state.lang] || name.en || name.zh : "");
  const other = (name) => (name ? name[state.lang === "zh" ? "en" : "zh"] : "");

  // ---- state in the query string ------------------------------------------------------
  const VIEWS = ["cities", "graph", "outline"];
  const DEFAULTS = { view: "cities", city: "", node: "", lang: "zh", focus: "", radius: "1", hl: "", scope: "" };
  let state = readState();

  function readState() {
    const q = new URLSearchParams(location.search);
    const st = { ...DEFAULTS };
    for (const k of Object.keys(DEFAULTS)) if (q.get(k)) st[k] = q.get(k).slice(0, 200);
    if (!VIEWS.includes(st.view)) st.view = DEFAULTS.view;
    if (!["zh", "en"].includes(st.lang)) st.lang = DEFAULTS.lang;
    if (!["1", "2", "3"].includes(st.radius)) st.radius = DEFAULTS.radius;
    if (!["", "impact", "dependencies"].includes(st.hl)) st.hl = "";
    return st;
  }

  function urlOf(st) {
    const q = new URLSearchParams();
    for (const k of Object.keys(DEFAULTS)) if (st[k] && st[k] !== DEFAULTS[k]) q.set(k, st[k]);
    const qs = q.toString();
    return qs ? `?${qs}` : location.pathname;
  }

  function go(patch, { replace = false } = {}) {
    const next = { ...state, ...patch };
    const url = urlOf(next);
    state = next;
    if (replace) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
    render();
  }

  window.addEventListener("popstate", () => {
    state = readState();
    render();
  });

  // Links built by the page carry the state they lead to; a plain click stays in the page.
  function link(patch, attrs, ...kids) {
    const target = { ...state, ...patch };
    return h("a", {
      ...attrs,
      href: urlOf(target),
      onclick: (ev) => {
        if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
        ev.preventDefault();
        go(patch);
      },
    }, ...kids);
  }

  // ---- the API ------------------------------------------------------------------------
  const cache = new Map();

  function api(path) {
    if (!cache.has(path)) {
      const p = fetch(path, { headers: { Accept: "application/json" } }).then(async (r) => {
        const body = await r.json().catch(() => null);
        if (!r.ok) {
          const err = new Error((body && (body.detail || body.title)) || `${r.status}`);
          err.status = r.status;
          err.problem = body;
          throw err;
        }
        return body;
      });
      p.catch(() => cache.delete(path));
      cache.set(path, p);
      if (cache.size > 500) cache.delete(cache.keys().next().value); // oldest first
    }
    return cache.get(path);
  }

  const errorBox = (err) => h("p", { class: "error", role: "alert" }, t("error.load", { msg: err.message }));
  const say = (text) => { $("#status").textContent = text; };

  // ---- small shared pieces ------------------------------------------------------------
  let colours = {};

  function typeTag(type) {
    return h("span", { class: "type-tag" }, h("span", { class: "dot", vars: { "--c": colours[type] || "#64748b" } }), typeName(type));
  }

  function scopeBadge(scope) {
    return h("span", { class: `badge scope-${scope}`, title: t(`scope.${scope}.help`), "data-scope": scope }, t(`scope.${scope}`));
  }

  function nodeChip(summary, extra = {}) {
    return h("button", {
      type: "button",
      class: `chip${extra.inferred ? " inferred" : ""}`,
      "data-node": summary.id,
      title: `${other(summary.name)} · ${typeName(summary.type)}`,
      onclick: () => openNode(summary.id),
    }, h("span", { class: "dot", vars: { "--c": colours[summary.type] || "#64748b" } }), nm(summary.name));
  }

  function openNode(id, { focusPanel = true } = {}) {
    pendingPanelFocus = focusPanel;
    go({ node: id });
  }

  // ---- search -------------------------------------------------------------------------
  const search = (() => {
    const input = $("#q");
    const list = $("#results");
    let timer = 0;
    let token = 0;
    let items = [];
    let active = -1;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(i) {
      const opts = list.querySelectorAll("[role=option]:not([aria-disabled])");
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      opts.forEach((o, j) => o.setAttribute("aria-selected", String(j === active)));
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }

    function choose(i) {
      const hit = items[i];
      if (!hit) return;
      close();
      input.value = nm(hit.node.name);
      openNode(hit.node.id);
    }

    async function run() {
      const q = input.value.trim();
      const mine = ++token;
      if (!q) { close(); return; }
      let res;
      try {
        res = await api(`/v1/search?q=${enc(q)}&limit=12`);
      } catch (err) {
        if (mine === token) { list.replaceChildren(h("li", { class: "empty" }, err.message)); list.hidden = false; }
        return;
      }
      if (mine !== token) return;
      items = res.items;
      active = -1;
      list.replaceChildren(...(items.length ? items.map((hit, i) => h("li", {
        role: "option", id: `opt-${i}`, "aria-selected": "false", "data-node": hit.node.id,
        onmousedown: (ev) => { ev.preventDefault(); choose(i); },
      },
      h("span", { class: "dot", vars: { "--c": colours[hit.node.type] || "#64748b" } }),
      h("span", { class: "name" }, nm(hit.node.name)),
      h("span", { class: "type" }, typeName(hit.node.type)),
      h("span", { class: "sub" }, other(hit.node.name)))) : [h("li", { class: "empty", role: "option", "aria-disabled": "true", "aria-selected": "false", id: "opt-none" }, t("search.none"))]));
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      say(items.length ? t("search.count", { n: res.total }) : t("search.none"));
    }

    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 110); });
    input.addEventListener("focus", () => { if (input.value.trim() && list.children.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } });
    input.addEventListener("blur", () => setTimeout(close, 120));
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "ArrowDown") { ev.preventDefault(); if (list.hidden) run(); else setActive(active + 1); }
      else if (ev.key === "ArrowUp") { ev.preventDefault(); setActive(active - 1); }
      else if (ev.key === "Enter") { ev.preventDefault(); if (!list.hidden) choose(active < 0 ? 0 : active); }
      else if (ev.key === "Escape") { if (!list.hidden) { ev.preventDefault(); close(); } }
    });
    return { refresh: () => { if (!list.hidden) run(); } };
  })();

  document.addEventListener("keydown", (ev) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName || "");
    if (ev.key === "/" && !typing) { ev.preventDefault(); $("#q").focus(); }
    else if (ev.key === "Escape" && !typing && state.node && $("#panel").contains(document.activeElement)) go({ node: "" });
  });

  // ---- cities -------------------------------------------------------------------------
  const SCOPES = ["explicit", "located", "metro_wide"];
  let citiesKey = "";

  function scopesChosen() {
    return state.scope ? state.scope.split(",").filter((x) => SCOPES.includes(x)) : SCOPES;
  }

  async function renderCities() {
    const key = [state.lang, state.city, state.scope, state.node].join("|");
    if (key === citiesKey) return;
    const onlySelection = citiesKey && key.split("|").slice(0, 3).join("|") === citiesKey.split("|").slice(0, 3).join("|");
    citiesKey = key;
    if (onlySelection) { markSelectedMeasure(); return; }

    let cities;
    try {
      cities = (await api("/v1/cities?limit=500")).items;
    } catch (err) {
      $("#city-body").replaceChildren(errorBox(err));
      return;
    }
    $("#city-picker").setAttribute("role", "group");
    $("#city-picker").replaceChildren(...cities.map((c) => link(
      { city: c.id, view: "cities" },
      { "data-city": c.id, "aria-current": c.id === state.city ? "page" : null, lang: state.lang === "zh" ? "zh" : "en" },
      nm(c.name), h("small", {}, other(c.name)),
    )));

    const chosen = scopesChosen();
    const fs = $("#scope-filter");
    fs.replaceChildren(h("legend", {}, t("cities.scopes")), ...SCOPES.map((sc) => h("label", {},
      h("input", {
        type: "checkbox", value: sc, checked: chosen.includes(sc),
        onchange: () => {
          const picked = [...fs.querySelectorAll("input:checked")].map((i) => i.value);
          go({ scope: picked.length === SCOPES.length || !picked.length ? "" : picked.join(",") }, { replace: true });
        },
      }), scopeBadge(sc))));

    const body = $("#city-body");
    if (!state.city) {
      body.replaceChildren(await overview());
      return;
    }
    const mine = citiesKey;
    body.replaceChildren(h("p", { class: "muted" }, t("loading")));
    let res;
    try {
      const scopeQ = state.scope ? `?scope=${enc(state.scope)}` : "";
      res = await api(`/v1/cities/${enc(state.city)}/measures${scopeQ}`);
    } catch (err) {
      if (mine === citiesKey) body.replaceChildren(errorBox(err));
      return;
    }
    if (mine !== citiesKey) return;
    body.replaceChildren(cityMeasures(res));
    markSelectedMeasure();
  }

  function cityMeasures(res) {
    const counts = {};
    for (const it of res.items) counts[it.scope] = (counts[it.scope] || 0) + 1;
    const frag = document.createDocumentFragment();
    frag.append(h("p", { class: "city-summary" },
      t("cities.summary", { n: res.total, city: nm(res.city.name) }), " ",
      ...SCOPES.filter((sc) => counts[sc]).map((sc) => h("span", {}, scopeBadge(sc), ` ${counts[sc]} `))));
    if (!res.items.length) {
      frag.append(h("p", { class: "muted" }, t("cities.none")));
      return frag;
    }
    const groups = new Map();
    for (const it of res.items) {
      const k = it.pillar ? it.pillar.id : "";
      if (!groups.has(k)) groups.set(k, { pillar: it.pillar, items: [] });
      groups.get(k).items.push(it);
    }
    for (const { pillar, items } of groups.values()) {
      frag.append(h("section", { class: "pillar", "data-pillar": pillar ? pillar.id : "" },
        h("h2", {}, pillar ? [h("span", { class: "dot", vars: { "--c": colours.pillar || "#7c3aed" } }),
          h("button", { type: "button", class: "linkish", onclick: () => openNode(pillar.id) }, nm(pillar.name))]
          : t("cities.nopillar")),
        h("ul", { class: "measures" }, items.map(measureCard))));
    }
    return frag;
  }

  function actionItem(a) {
    return h("li", { "data-action": a.action.id },
      h("button", { type: "button", class: "linkish", onclick: () => openNode(a.action.id) }, nm(a.action.name)),
      scopeBadge(a.scope),
      a.via.length ? h("div", { class: "via" }, t("cities.via"), a.via.map((v) => nodeChip(v))) : null);
  }

  // A measure: its own scope, the actions that reach the city specifically, then the
  // metro-wide ones folded away (they reach every city alike).
  function measureCard(it) {
    const specific = it.actions.filter((a) => a.scope !== "metro_wide");
    const wide = it.actions.filter((a) => a.scope === "metro_wide");
    return h("li", { class: "measure", "data-measure": it.measure.id },
      h("div", { class: "measure-head" },
        h("div", {},
          h("button", { type: "button", class: "linkish measure-name", onclick: () => openNode(it.measure.id) }, nm(it.measure.name)),
          h("div", { class: "en" }, other(it.measure.name))),
        scopeBadge(it.scope)),
      specific.length ? h("ul", { class: "actions" }, specific.map(actionItem)) : null,
      wide.length ? h("details", { class: "wide" },
        h("summary", {}, t("cities.wide", { n: wide.length })),
        h("ul", { class: "actions" }, wide.map(actionItem))) : null);
  }

  function markSelectedMeasure() {
    for (const el of document.querySelectorAll(".measure")) {
      el.classList.toggle("selected", el.dataset.measure === state.node);
    }
  }

  async function overview() {
    let meta;
    try { meta = await api("/v1/meta"); } catch (err) { return errorBox(err); }
    const order = ["measure", "action", "platform", "zone", "city", "goal"];
    const edges = Object.values(meta.counts.edges).reduce((a, b) => a + b, 0);
    const nodes = Object.values(meta.counts.nodes).reduce((a, b) => a + b, 0);
    return h("div", {},
      h("p", { class: "muted" }, t("cities.choose")),
      h("div", { class: "overview" },
        h("div", { class: "stat" }, h("b", {}, nodes), h("span", {}, t("stat.nodes"))),
        h("div", { class: "stat" }, h("b", {}, edges), h("span", {}, t("stat.edges"))),
        order.filter((k) => meta.counts.nodes[k]).map((k) => h("div", { class: "stat" },
          h("b", {}, meta.counts.nodes[k]), h("span", {}, typeName(k))))));
  }

  // ---- the node panel -----------------------------------------------------------------
  let panelKey = "";
  let pendingPanelFocus = false;

  async function renderPanel() {
    const panel = $("#panel");
    const layout = $(".layout");
    panel.hidden = !state.node;
    layout.classList.toggle("no-panel", !state.node);
    const key = `${state.node}|${state.lang}`;
    if (!state.node || key === panelKey) {
      if (!state.node) panelKey = "";
      return;
    }
    panelKey = key;
    const body = $("#panel-body");
    body.replaceChildren(h("p", { class: "muted" }, t("loading")));
    let n;
    try {
      n = await api(`/v1/nodes/${enc(state.node)}`);
    } catch (err) {
      if (panelKey === key) body.replaceChildren(h("h2", { id: "panel-title", tabindex: "-1" }, state.node), errorBox(err));
      return;
    }
    if (panelKey !== key) return;
    body.replaceChildren(...nodeView(n));
    say(`${nm(n.name)} · ${typeName(n.type)}`);
    if (pendingPanelFocus) {
      pendingPanelFocus = false;
      $("#panel-title").focus({ preventScroll: true });
      if (window.matchMedia("(max-width: 820px)").matches) panel.scrollIntoView({ block: "start" });
    }
  }

  function nodeView(n) {
    const out = [];
    out.push(h("div", { class: "names" },
      h("h2", { id: "panel-title", tabindex: "-1", lang: state.lang === "zh" ? "zh" : "en" }, nm(n.name)),
      h("p", { class: "other", lang: state.lang === "zh" ? "en" : "zh" }, other(n.name))));
    out.push(h("div", { class: "meta-row" }, typeTag(n.type), h("code", {}, n.id)));
    const acts = h("div", { class: "panel-actions" },
      link({ view: "graph", focus: n.id, node: n.id }, {}, t("panel.graph")));
    if (n.type === "city") acts.append(link({ view: "cities", city: n.id }, {}, t("panel.city")));
    const copy = h("button", { type: "button", onclick: async () => {
      try { await navigator.clipboard.writeText(location.href); copy.textContent = t("panel.copied"); } catch { /* no clipboard */ }
    } }, t("panel.copy"));
    acts.append(copy);
    out.push(acts);
    if (n.aliases && n.aliases.length) out.push(h("p", { class: "muted" }, `${t("panel.aliases")}: ${n.aliases.join(" · ")}`));
    if (n.sources && n.sources.length) {
      out.push(h("h3", {}, t("panel.sources")));
      for (const src of n.sources) out.push(sourceView(src, n.id));
    }
    if (n.description) {
      const first = state.lang === "zh" && n.description.zh ? n.description.zh : n.description.en;
      const second = state.lang === "zh" && n.description.zh ? n.description.en : null;
      out.push(h("div", { class: "desc" }, h("p", {}, first), second ? h("p", { class: "en" }, second) : null));
    }
    if (n.type === "measure") out.push(reachView(n.id));
    const attrs = Object.entries(n.attributes || {});
    if (attrs.length) {
      out.push(h("h3", {}, t("panel.attributes")));
      out.push(h("dl", {}, attrs.map(([k, v]) => [h("dt", {}, k.replaceAll("_", " ")),
        h("dd", {}, typeof v === "object" ? JSON.stringify(v) : String(v))])));
    }
    if (n.relations && n.relations.length) {
      out.push(h("h3", {}, t("panel.relations")));
      const groups = new Map();
      for (const r of n.relations) {
        const k = `${r.direction}:${r.relation}`;
        if (!groups.has(k)) groups.set(k, []);
        groups.get(k).push(r);
      }
      for (const [k, rs] of groups) {
        const [dir, rel] = k.split(":");
        out.push(h("div", { class: "rel", "data-relation": k },
          h("h4", {}, `${relName(rel, dir)} (${rs.length})`),
          h("ul", { class: "chips" }, rs.map((r) => h("li", {},
            nodeChip(r.node, { inferred: r.evidence === "inferred" }),
            r.evidence === "inferred" ? [" ", h("span", { class: "badge inferred" }, t("panel.inferred"))] : null)))));
      }
    }
    return out;
  }

  // The source passage: the paragraph around the cited span, the span highlighted.
  function sourceView(src, selfId) {
    const box = h("div", { class: "source", "data-document": src.document });
    if (src.start === null || src.start === undefined) {
      const conf = src.confidence ? ` · ${t(`panel.confidence.${src.confidence}`)}` : "";
      box.append(h("p", { class: "cite" }, docTitle(src.document), ` — ${t("panel.locator")}: ${src.locator || ""}${conf}`));
      return box;
    }
    box.append(h("p", { class: "muted" }, t("loading")));
    fillPassage(box, src, selfId);
    return box;
  }

  function docTitle(id) {
    const span = h("span", {}, id);
    api("/v1/meta").then((meta) => {
      const d = meta.documents.find((x) => x.id === id);
      if (d) span.textContent = nm(d.title);
    }).catch(() => {});
    return span;
  }

  async function fillPassage(box, src, selfId) {
    let doc;
    try {
      doc = await api(`/v1/documents/${enc(src.document)}`);
    } catch (err) {
      box.replaceChildren(errorBox(err));
      return;
    }
    const text = doc.text;
    if (typeof text !== "string") {
      box.replaceChildren(h("blockquote", { class: "passage" }, h("mark", {}, src.quote || "")), h("p", { class: "cite" }, t("panel.notext")));
      return;
    }
    let a = text.lastIndexOf("\n", src.start - 1) + 1;
    let b = text.indexOf("\n", src.end);
    if (b < 0) b = text.length;
    const CTX = 220;
    const pre = a < src.start - CTX ? "…" : "";
    const post = b > src.end + CTX ? "…" : "";
    a = Math.max(a, src.start - CTX);
    b = Math.min(b, src.end + CTX);
    box.replaceChildren(
      h("blockquote", { class: "passage", lang: "zh" },
        pre, text.slice(a, src.start), h("mark", { "data-start": src.start, "data-end": src.end }, text.slice(src.start, src.end)),
        text.slice(src.end, b), post),
      h("p", { class: "cite" }, `${nm(doc.title)} · ${t("panel.chars", { a: src.start, b: src.end })}`));
    const full = h("details", { class: "full" }, h("summary", {}, t("panel.fulltext", { n: text.length })));
    full.addEventListener("toggle", () => {
      if (!full.open || full.querySelector(".fulltext")) return;
      const mark = h("mark", {}, text.slice(src.start, src.end));
      full.append(h("div", { class: "fulltext", lang: "zh", tabindex: "0" }, text.slice(0, src.start), mark, text.slice(src.end)));
      mark.scrollIntoView({ block: "center" });
    });
    box.append(full);
    if (b > a) {
      try {
        const sp = await api(`/v1/documents/${enc(src.document)}/spans?start=${a}&end=${b}`);
        const seen = new Set([selfId]);
        const others = sp.nodes.filter((c) => !seen.has(c.node.id) && seen.add(c.node.id));
        if (others.length) {
          box.insertBefore(h("details", { class: "cited", open: others.length <= 8 },
            h("summary", {}, t("panel.cited", { n: others.length })),
            h("ul", { class: "chips" }, others.map((c) => h("li", {}, nodeChip(c.node))))), full);
        }
      } catch { /* the passage is shown; the citing list is a bonus */ }
    }
  }

  function reachView(measureId) {
    const box = h("div", { class: "reach" });
    api(`/v1/measures/${enc(measureId)}/cities`).then((res) => {
      if (!res.items.length) return;
      box.append(h("h3", {}, t("panel.reach")), h("ul", { class: "chips" }, res.items.map((it) => h("li", {},
        link({ view: "cities", city: it.city.id }, { class: "chip" }, nm(it.city.name)), " ", scopeBadge(it.scope)))));
    }).catch(() => {});
    return box;
  }

  // ---- graph --------------------------------------------------------------------------
  const graph = {
    key: "", data: null, nodes: new Map(), edges: [], adj: new Map(),
    k: 1, tx: 0, ty: 0, hidden: new Set(), hlKey: "", schema: null, loading: false,
  };

  async function renderGraph() {
    const key = `${state.focus}|${state.radius}|${state.lang}`;
    if (key === graph.key && graph.loading) return; // the drawing under way will apply the state
    if (key !== graph.key) {
      graph.key = key;
      graph.loading = true;
      renderGraphToolbar();
      const path = state.focus ? `/v1/layout?node=${enc(state.focus)}&radius=${state.radius}` : "/v1/layout";
      let data;
      try {
        data = await api(path);
      } catch (err) {
        if (graph.key === key) {
          graph.loading = false;
          graph.data = null;
          $("#graph").replaceChildren();
          $("#graph-note").replaceChildren(errorBox(err));
        }
        return;
      }
      if (graph.key !== key) return;
      graph.loading = false;
      drawGraph(data);
    }
    if (!graph.data) return;
    renderGraphToolbar();
    updateSelection();
    await updateHighlight();
  }

  function renderGraphToolbar() {
    const mode = $("#graph-mode");
    const sel = state.node;
    const around = !!state.focus;
    mode.replaceChildren(
      h("button", { type: "button", "aria-pressed": String(!around), onclick: () => go({ focus: "" }) }, t("graph.whole")),
      h("button", {
        type: "button", "aria-pressed": String(around), disabled: !sel && !around,
        onclick: () => go({ focus: sel || state.focus }),
      }, t("graph.around")),
      h("label", { for: "radius" }, t("graph.radius")),
      h("select", { id: "radius", onchange: (ev) => go({ radius: ev.target.value }, { replace: true }) },
        ["1", "2", "3"].map((r) => h("option", { value: r, selected: r === state.radius }, r))));
    $("#graph-hl").replaceChildren(...[["", "graph.none"], ["impact", "graph.impact"], ["dependencies", "graph.deps"]].map(([v, k]) =>
      h("button", { type: "button", "aria-pressed": String(state.hl === v), "data-hl": v || "none", onclick: () => go({ hl: v }, { replace: true }) }, t(k))));
    $("#graph-zoom").replaceChildren(
      h("button", { type: "button", "aria-label": t("graph.in"), title: t("graph.in"), onclick: () => zoomBy(1.4) }, "+"),
      h("button", { type: "button", "aria-label": t("graph.out"), title: t("graph.out"), onclick: () => zoomBy(1 / 1.4) }, "−"),
      h("button", { type: "button", onclick: () => setView(1, 0, 0) }, t("graph.reset")));
  }

  const short = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
  const MAJOR = new Set(["plan", "region", "city", "pillar"]);

  function drawGraph(data) {
    graph.data = data;
    graph.nodes = new Map();
    graph.adj = new Map();
    graph.edges = [];
    graph.hlKey = "";
    const svg = $("#graph");
    for (const ty of data.types) colours[ty.name] = ty.colour;
    const edgeLayer = s("g", { class: "edges" });
    const nodeLayer = s("g", { class: "nodes" });
    const byId = new Map(data.nodes.map((n) => [n.id, n]));
    for (const n of data.nodes) graph.adj.set(n.id, new Set());
    for (const e of data.edges) {
      const a = byId.get(e.source);
      const b = byId.get(e.target);
      if (!a || !b) continue;
      const el = s("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: e.evidence === "inferred" ? "inferred" : null });
      edgeLayer.append(el);
      graph.edges.push({ ...e, el });
      graph.adj.get(e.source).add(e.target);
      graph.adj.get(e.target).add(e.source);
    }
    const degrees = data.nodes.map((n) => n.degree).sort((x, y) => y - x);
    const hubCut = degrees[Math.min(degrees.length - 1, 11)] || 0;
    for (const n of data.nodes) {
      const r = 4 + Math.sqrt(n.degree) * 1.7;
      const major = MAJOR.has(n.type) || n.degree >= Math.max(hubCut, 3) || data.nodes.length <= 40;
      const g = s("g", {
        class: `node${major ? " major" : ""}`, transform: `translate(${n.x} ${n.y})`, tabindex: "-1",
        role: "button", "data-node": n.id, "data-type": n.type,
        "aria-label": `${nm(n.name)} (${typeName(n.type)})`, vars: { "--c": colours[n.type] || "#64748b" },
      }, s("g", { class: "mark" }, s("circle", { r: r.toFixed(1) }), s("text", { x: (r + 3).toFixed(1), y: "4" }, short(nm(n.name), state.lang === "zh" ? 14 : 28))),
      s("title", {}, `${nm(n.name)} · ${other(n.name)} · ${typeName(n.type)}`));
      nodeLayer.append(g);
      graph.nodes.set(n.id, { ...n, el: g });
    }
    const view = s("g", { id: "viewport" }, edgeLayer, nodeLayer);
    svg.replaceChildren(view);
    const xs = data.nodes.map((n) => n.x);
    const ys = data.nodes.map((n) => n.y);
    // Fit the drawing, with room on the right for the labels.
    const [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, data.size];
    const [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, data.size];
    const pad = 0.05 * Math.max(x1 - x0, y1 - y0, 200) + 20;
    const labels = data.nodes.length <= 40 ? 200 : pad;
    const box = [x0 - pad, y0 - pad, x1 - x0 + pad + labels, y1 - y0 + 2 * pad];
    const grow = (i, least) => {
      if (box[i + 2] < least) { box[i] -= (least - box[i + 2]) / 2; box[i + 2] = least; }
    };
    grow(0, 720);
    grow(1, 420);
    svg.setAttribute("viewBox", box.map((v) => v.toFixed(1)).join(" "));
    graph.center = { x: box[0] + box[2] / 2, y: box[1] + box[3] / 2 };
    const first = graph.nodes.get(state.node) || graph.nodes.get(state.focus) || graph.nodes.values().next().value;
    if (first) first.el.setAttribute("tabindex", "0");
    applyHidden();
    setView(1, 0, 0);
    renderLegend();
    graphNote();
  }

  function graphNote(extra = "") {
    const d = graph.data;
    if (!d) return;
    const center = d.center && graph.nodes.get(d.center);
    let txt = d.center && !d.whole
      ? t("graph.showing.around", { name: center ? nm(center.name) : d.center, r: d.radius, n: d.nodes.length, e: d.edges.length })
      : t("graph.showing", { n: d.nodes.length, e: d.edges.length });
    if (d.truncated) txt += t("graph.truncated");
    txt += " ";
    txt += extra || (state.node ? "" : t("graph.pick"));
    $("#graph-note").textContent = txt;
  }

  function renderLegend() {
    const d = graph.data;
    $("#legend").replaceChildren(...d.types.map((ty) => h("li", {}, h("button", {
      type: "button", "aria-pressed": String(!graph.hidden.has(ty.name)), "data-type": ty.name,
      onclick: (ev) => {
        if (graph.hidden.has(ty.name)) graph.hidden.delete(ty.name); else graph.hidden.add(ty.name);
        ev.currentTarget.setAttribute("aria-pressed", String(!graph.hidden.has(ty.name)));
        applyHidden();
      },
    }, h("span", { class: "dot", vars: { "--c": ty.colour } }), `${typeName(ty.name)} ${ty.count}`))));
  }

  function applyHidden() {
    for (const n of graph.nodes.values()) n.el.classList.toggle("off", graph.hidden.has(n.type));
    for (const e of graph.edges) {
      const off = graph.hidden.has(graph.nodes.get(e.source).type) || graph.hidden.has(graph.nodes.get(e.target).type);
      e.el.classList.toggle("off", off);
      if (off) e.el.setAttribute("visibility", "hidden"); else e.el.removeAttribute("visibility");
    }
  }

  function updateSelection() {
    const svg = $("#graph");
    const sel = state.node && graph.nodes.has(state.node) ? state.node : "";
    svg.classList.toggle("has-sel", !!sel && !state.hl);
    const near = sel ? graph.adj.get(sel) : new Set();
    for (const [id, n] of graph.nodes) {
      n.el.classList.toggle("sel", id === sel);
      n.el.classList.toggle("near", near.has(id));
      n.el.setAttribute("aria-pressed", String(id === sel));
    }
    for (const e of graph.edges) e.el.classList.toggle("near", !!sel && (e.source === sel || e.target === sel));
    if (sel) {
      for (const n of graph.nodes.values()) n.el.setAttribute("tabindex", "-1");
      graph.nodes.get(sel).el.setAttribute("tabindex", "0");
    }
  }

  // Impact and dependencies: from the API when it serves them, else from the drawn edges.
  async function updateHighlight() {
    const svg = $("#graph");
    const key = `${state.node}|${state.hl}|${graph.key}`;
    if (key === graph.hlKey) return;
    graph.hlKey = key;
    for (const n of graph.nodes.values()) n.el.classList.remove("hl");
    for (const e of graph.edges) e.el.classList.remove("hl");
    svg.classList.remove("has-hl");
    if (!state.hl) { graphNote(); return; }
    if (!state.node) { graphNote(t("graph.selectfirst")); return; }
    let ids;
    let edgeIds = null;
    let local = false;
    try {
      const res = await api(`/v1/nodes/${enc(state.node)}/${state.hl}`);
      ids = res.nodes.map((n) => n.id || (n.node && n.node.id)).filter((id) => id && id !== state.node);
      if (Array.isArray(res.edges)) edgeIds = new Set(res.edges.map((e) => (typeof e === "string" ? e : e.id)));
    } catch (err) {
      const missingRoute = err.status === 404 && (!err.problem || err.problem.type === "about:blank");
      if (!missingRoute) { if (graph.hlKey === key) graphNote(err.message); return; }
      ids = await localReach(state.node, state.hl);
      local = true;
    }
    if (graph.hlKey !== key) return;
    const set = new Set(ids);
    let inView = 0;
    for (const id of set) {
      const n = graph.nodes.get(id);
      if (n) { n.el.classList.add("hl"); inView += 1; }
    }
    set.add(state.node);
    for (const e of graph.edges) {
      const on = edgeIds ? edgeIds.has(e.id) : set.has(e.source) && set.has(e.target);
      e.el.classList.toggle("hl", on);
    }
    svg.classList.add("has-hl");
    svg.classList.remove("has-sel");
    const sel = graph.nodes.get(state.node);
    const name = sel ? nm(sel.name) : state.node;
    let note = t(state.hl === "impact" ? "graph.impact.note" : "graph.deps.note", { n: ids.length, name });
    if (ids.length > inView) note += t("graph.outside", { m: ids.length - inView });
    if (local) note += t("graph.local");
    graphNote(note);
  }

  async function localReach(start, mode) {
    if (!graph.schema) graph.schema = await api("/v1/schema");
    const depends = Object.fromEntries(graph.schema.relations.map((r) => [r.relation || r.name, r.depends]));
    const full = graph.data.whole ? graph.data : await api("/v1/layout").catch(() => graph.data);
    // who needs whom: need[a] = nodes a depends on
    const needs = new Map();
    const neededBy = new Map();
    const add = (m, a, b) => { if (!m.has(a)) m.set(a, []); m.get(a).push(b); };
    for (const e of full.edges) {
      const [dependent, dependency] = depends[e.relation] === "target" ? [e.target, e.source] : [e.source, e.target];
      add(needs, dependent, dependency);
      add(neededBy, dependency, dependent);
    }
    const step = mode === "impact" ? neededBy : needs;
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length) {
      for (const nxt of step.get(queue.shift()) || []) if (!seen.has(nxt)) { seen.add(nxt); queue.push(nxt); }
    }
    seen.delete(start);
    return [...seen];
  }

  // pan and zoom
  function setView(k, tx, ty) {
    graph.k = Math.min(8, Math.max(0.4, k));
    graph.tx = tx;
    graph.ty = ty;
    const vp = $("#viewport");
    if (vp) vp.setAttribute("transform", `translate(${graph.tx.toFixed(1)} ${graph.ty.toFixed(1)}) scale(${graph.k.toFixed(3)})`);
    const svg = $("#graph");
    svg.style.setProperty("--inv", (1 / Math.pow(graph.k, 0.7)).toFixed(3));
    svg.classList.toggle("zoomed", graph.k >= 2.2);
  }

  function svgPoint(clientX, clientY) {
    const svg = $("#graph");
    const m = svg.getScreenCTM();
    if (!m) return { x: 500, y: 500 };
    const p = new DOMPoint(clientX, clientY).matrixTransform(m.inverse());
    return { x: p.x, y: p.y };
  }

  function zoomBy(f, at = graph.center || { x: 500, y: 500 }) {
    const k = Math.min(8, Math.max(0.4, graph.k * f));
    const r = k / graph.k;
    setView(k, at.x - (at.x - graph.tx) * r, at.y - (at.y - graph.ty) * r);
  }

  (function wireGraph() {
    const svg = $("#graph");
    let drag = null;
    svg.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      zoomBy(Math.exp(-ev.deltaY * 0.0015), svgPoint(ev.clientX, ev.clientY));
    }, { passive: false });
    svg.addEventListener("pointerdown", (ev) => {
      if (ev.button !== 0) return;
      drag = { x: ev.clientX, y: ev.clientY, tx: graph.tx, ty: graph.ty, moved: false, id: ev.pointerId };
    });
    svg.addEventListener("pointermove", (ev) => {
      if (!drag || ev.pointerId !== drag.id) return;
      const dx = ev.clientX - drag.x;
      const dy = ev.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      if (!drag.moved) { drag.moved = true; svg.setPointerCapture(ev.pointerId); svg.classList.add("dragging"); }
      const m = svg.getScreenCTM();
      const scale = m ? m.a : 1;
      setView(graph.k, drag.tx + dx / scale, drag.ty + dy / scale);
    });
    const end = (ev) => {
      if (!drag) return;
      const moved = drag.moved;
      drag = null;
      svg.classList.remove("dragging");
      if (moved) return;
      const g = ev.target.closest && ev.target.closest(".node");
      if (g) openNode(g.dataset.node, { focusPanel: false });
    };
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", () => { drag = null; svg.classList.remove("dragging"); });
    svg.addEventListener("dblclick", (ev) => {
      const g = ev.target.closest && ev.target.closest(".node");
      if (g) go({ focus: g.dataset.node, node: g.dataset.node });
    });
    svg.addEventListener("keydown", (ev) => {
      const onNode = ev.target.classList && ev.target.classList.contains("node");
      const dirs = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
      if (ev.key in dirs) {
        ev.preventDefault();
        const [dx, dy] = dirs[ev.key];
        if (onNode && !ev.shiftKey) moveFocus(ev.target.dataset.node, dx, dy);
        else setView(graph.k, graph.tx - dx * 60, graph.ty - dy * 60);
      } else if (ev.key === "+" || ev.key === "=") { ev.preventDefault(); zoomBy(1.3); }
      else if (ev.key === "-" || ev.key === "_") { ev.preventDefault(); zoomBy(1 / 1.3); }
      else if (ev.key === "0") { ev.preventDefault(); setView(1, 0, 0); }
      else if ((ev.key === "Enter" || ev.key === " ") && onNode) { ev.preventDefault(); openNode(ev.target.dataset.node, { focusPanel: false }); }
    });
  })();

  // Spatial navigation: the nearest visible node in the arrow's direction.
  function moveFocus(fromId, dx, dy) {
    const from = graph.nodes.get(fromId);
    let best = null;
    let bestScore = Infinity;
    for (const n of graph.nodes.values()) {
      if (n.id === fromId || graph.hidden.has(n.type)) continue;
      const vx = n.x - from.x;
      const vy = n.y - from.y;
      const along = vx * dx + vy * dy;
      if (along <= 0) continue;
      const across = Math.abs(vx * dy - vy * dx);
      const score = along + 2.5 * across;
      if (score < bestScore) { bestScore = score; best = n; }
    }
    if (!best) return;
    from.el.setAttribute("tabindex", "-1");
    best.el.setAttribute("tabindex", "0");
    best.el.focus();
  }

  // ---- outline ------------------------------------------------------------------------
  let outlineKey = "";

  async function renderOutline() {
    const key = state.lang;
    if (key === outlineKey) { markOutline(); return; }
    outlineKey = key;
    const body = $("#outline-body");
    body.replaceChildren(h("p", { class: "muted" }, t("loading")));
    let tree;
    try { tree = await api("/v1/tree"); } catch (err) { body.replaceChildren(errorBox(err)); return; }
    if (outlineKey !== key) return;
    body.replaceChildren(
      tree.goals.length ? h("section", { class: "outline-block" }, h("h2", {}, t("outline.goals")), h("ul", { class: "outline" }, tree.goals.map((g) => treeItem(g, 0)))) : null,
      h("section", { class: "outline-block" }, h("h2", {}, t("outline.structure")), h("ul", { class: "outline" }, tree.chapters.map((c) => treeItem(c, 0)))));
    markOutline();
  }

  // A pillar names the goals it serves, so the outline reads goal → pillar → measure → action.
  function servedGoals(node) {
    const box = h("span", { class: "serves" });
    api(`/v1/nodes/${enc(node.id)}`).then((n) => {
      const goals = n.relations.filter((r) => r.relation === "contributes_to" && r.direction === "out");
      if (goals.length) box.append(`→ ${t("outline.serves")}`, ...goals.map((r) => nodeChip(r.node)));
    }).catch(() => {});
    return box;
  }

  function treeItem(node, depth) {
    const row = h("span", { class: "row" },
      h("span", { class: "dot", vars: { "--c": colours[node.type] || "#64748b" } }),
      h("button", { type: "button", class: "linkish", "data-node": node.id, onclick: () => openNode(node.id) }, nm(node.name)),
      h("span", { class: "count" }, typeName(node.type), node.children.length ? ` · ${node.children.length}` : ""),
      node.type === "pillar" ? servedGoals(node) : null);
    if (!node.children.length) return h("li", {}, row);
    return h("li", {}, h("details", { open: depth < 3 }, h("summary", {}, row),
      h("ul", {}, node.children.map((c) => treeItem(c, depth + 1)))));
  }

  function markOutline() {
    for (const b of document.querySelectorAll("#outline-body .linkish")) {
      if (b.dataset.node === state.node) b.setAttribute("aria-current", "true");
      else b.removeAttribute("aria-current");
    }
  }

  $("#expand-all").addEventListener("click", () => { for (const d of document.querySelectorAll("#outline-body details")) d.open = true; });
  $("#collapse-all").addEventListener("click", () => { for (const d of document.querySelectorAll("#outline-body details")) d.open = false; });

  // ---- frame --------------------------------------------------------------------------
  function renderFrame() {
    document.documentElement.lang = state.lang === "zh" ? "zh-Hans" : "en";
    for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
    for (const el of document.querySelectorAll("[data-i18n-aria]")) el.setAttribute("aria-label", t(el.dataset.i18nAria));
    for (const el of document.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
    const lang = $("#lang");
    lang.textContent = state.lang === "zh" ? "English" : "中文";
    lang.setAttribute("lang", state.lang === "zh" ? "en" : "zh");
    for (const a of document.querySelectorAll(".tabs a")) {
      const v = a.dataset.view;
      a.href = urlOf({ ...state, view: v });
      if (v === state.view) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    }
    for (const v of VIEWS) $(`#view-${v}`).hidden = v !== state.view;
    api("/v1/meta").then((meta) => {
      $("#plan-title").textContent = nm(meta.title);
      document.title = `${t(`view.${state.view}`)} · ${nm(meta.title)} · PlanGraph`;
      const cov = meta.text_coverage ? ` · ${t("foot.coverage", { p: `${Math.round(meta.text_coverage.ratio * 100)}%` })}` : "";
      $("#foot-meta").textContent = `${t("foot.version", { v: meta.version })}${cov}`;
    }).catch(() => {});
  }

  let lastLang = state.lang;

  function render() {
    if (state.lang !== lastLang) { lastLang = state.lang; search.refresh(); }
    renderFrame();
    renderPanel();
    if (state.view === "cities") renderCities();
    else if (state.view === "graph") renderGraph();
    else renderOutline();
  }

  for (const a of document.querySelectorAll(".tabs a")) {
    a.addEventListener("click", (ev) => {
      if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      go({ view: a.dataset.view });
    });
  }
  $("#lang").addEventListener("click", () => go({ lang: state.lang === "zh" ? "en" : "zh" }, { replace: true }));
  $("#panel-close").addEventListener("click", () => go({ node: "" }));
  $("#home").addEventListener("click", (ev) => { ev.preventDefault(); go({ ...DEFAULTS, lang: state.lang }); });

  // Type colours first (a small answer), then the first view; meta is fetched alongside.
  api("/v1/meta").catch(() => {});
  api("/v1/layout/types")
    .then((types) => { for (const ty of types) colours[ty.name] = ty.colour; })
    .catch(() => {})
    .finally(() => {
      render();
      // Warm the graph's layout (computed once per dataset on the server) while idle.
      if (state.view !== "graph") (window.requestIdleCallback || setTimeout)(() => api("/v1/layout").catch(() => {}));
    });
})();
