/* The node panel: names, type, sources with their highlighted passages, description,
 * attributes (bilingual ones in the current language, lists as lists), relations, and the
 * cities a measure reaches. */
import { api } from "./api.js";
import { $, enc, h, narrow, say } from "./dom.js";
import { isBilingual, nm, other, relName, t, typeName } from "./i18n.js";
import { sourceView } from "./passage.js";
import { errorBox, nodeChip, scopeBadge, typeTag } from "./pieces.js";
import { link, state, ui } from "./state.js";

let drawnKey = "";

export async function renderPanel() {
  const panel = $("#panel");
  panel.hidden = !state.node;
  $(".layout").classList.toggle("no-panel", !state.node);
  const key = `${state.node}|${state.lang}`;
  if (!state.node || key === drawnKey) {
    if (!state.node) drawnKey = "";
    return;
  }
  drawnKey = key;
  const body = $("#panel-body");
  body.replaceChildren(h("p", { class: "muted" }, t("loading")));
  let n;
  try {
    n = await api(`/v1/nodes/${enc(state.node)}`);
  } catch (err) {
    if (drawnKey === key) {
      body.replaceChildren(h("h2", { id: "panel-title", tabindex: "-1" }, state.node), errorBox(err, { what: "node", id: state.node }));
    }
    return;
  }
  if (drawnKey !== key) return;
  body.replaceChildren(...nodeView(n));
  say(`${nm(n.name)} · ${typeName(n.type)}`);
  if (ui.panelFocus) {
    ui.panelFocus = false;
    $("#panel-title").focus({ preventScroll: true });
    // on a phone the panel comes first; in the graph view it is a sheet under the graph
    if (narrow() && state.view !== "graph") panel.scrollIntoView({ block: "start" });
  }
  if (narrow() && state.view === "graph") $(".graph-wrap").scrollIntoView({ block: "start" });
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
    out.push(attributeList(n.attributes));
  }
  if (n.relations && n.relations.length) out.push(...relationsView(n.relations));
  return out;
}

const label = (key) => key.replaceAll("_", " ");

/** An attributes object as a definition list; nested objects nest, lists are lists. */
export function attributeList(obj) {
  return h("dl", { class: "attrs" }, Object.entries(obj).map(([k, v]) => [
    h("dt", {}, label(k)), h("dd", { "data-attribute": k }, attributeValue(v))]));
}

function attributeValue(v) {
  if (v === null || v === undefined) return "—";
  if (typeof v === "boolean") return t(v ? "attr.yes" : "attr.no");
  if (typeof v !== "object") return String(v);
  if (isBilingual(v)) return nm(v);
  if (Array.isArray(v)) {
    if (v.every((x) => x === null || typeof x !== "object" || isBilingual(x))) {
      return h("ul", { class: "attr-list" }, v.map((x) => h("li", {}, attributeValue(x))));
    }
    return h("ol", { class: "attr-list" }, v.map((x) => h("li", {}, attributeValue(x))));
  }
  // a quantity: "2.64 万平方公里" in Chinese, "2.64 10,000 km²" in English
  if ("value" in v && ("unit" in v || "unit_en" in v)) {
    const unit = state.lang === "en" && v.unit_en ? v.unit_en : v.unit || "";
    const rest = Object.fromEntries(Object.entries(v).filter(([k]) => !["value", "unit", "unit_en"].includes(k)));
    return [`${v.value} ${unit}`, Object.keys(rest).length ? attributeList(rest) : null];
  }
  return attributeList(v);
}

function relationsView(relations) {
  const out = [h("h3", {}, t("panel.relations"))];
  const groups = new Map();
  for (const r of relations) {
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
  return out;
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
