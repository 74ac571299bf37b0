/* The city view: pick a city, see the measures that reach it grouped by pillar, each with its
 * scope, the reason it reaches the city (when the API gives one), its actions and the places
 * they reach it through; then the measures that do not reach it, with why. */
import { api } from "./api.js";
import { $, enc, h } from "./dom.js";
import { nm, other, t, typeName } from "./i18n.js";
import { colour, errorBox, nodeChip, scopeBadge } from "./pieces.js";
import { go, link, openNode, state } from "./state.js";

export const SCOPES = ["explicit", "located", "metro_wide"];
let drawnKey = "";

function scopesChosen() {
  return state.scope ? state.scope.split(",").filter((x) => SCOPES.includes(x)) : SCOPES;
}

export async function renderCities() {
  const key = [state.lang, state.city, state.scope, state.node].join("|");
  if (key === drawnKey) return;
  const sameList = drawnKey && key.split("|").slice(0, 3).join("|") === drawnKey.split("|").slice(0, 3).join("|");
  drawnKey = key;
  if (sameList) { markSelectedMeasure(); return; }

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
  renderScopeFilter();

  const body = $("#city-body");
  if (!state.city) {
    body.replaceChildren(await overview());
    return;
  }
  const mine = drawnKey;
  body.replaceChildren(h("p", { class: "muted" }, t("loading")));
  let res;
  try {
    const scopeQ = state.scope ? `?scope=${enc(state.scope)}` : "";
    res = await api(`/v1/cities/${enc(state.city)}/measures${scopeQ}`);
  } catch (err) {
    if (mine === drawnKey) body.replaceChildren(errorBox(err, { what: "city", id: state.city }));
    return;
  }
  if (mine !== drawnKey) return;
  body.replaceChildren(cityMeasures(res));
  markSelectedMeasure();
}

function renderScopeFilter() {
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
}

function cityMeasures(res) {
  const counts = {};
  for (const it of res.items) counts[it.scope] = (counts[it.scope] || 0) + 1;
  const frag = document.createDocumentFragment();
  frag.append(h("p", { class: "city-summary" },
    t("cities.summary", { n: res.total, city: nm(res.city.name) }), " ",
    ...SCOPES.filter((sc) => counts[sc]).map((sc) => h("span", {}, scopeBadge(sc), ` ${counts[sc]} `))));
  if (!res.items.length) frag.append(h("p", { class: "muted" }, t("cities.none")));
  const groups = new Map();
  for (const it of res.items) {
    const k = it.pillar ? it.pillar.id : "";
    if (!groups.has(k)) groups.set(k, { pillar: it.pillar, items: [] });
    groups.get(k).items.push(it);
  }
  for (const { pillar, items } of groups.values()) {
    frag.append(h("section", { class: "pillar", "data-pillar": pillar ? pillar.id : "" },
      h("h2", {}, pillar ? [h("span", { class: "dot", vars: { "--c": colour("pillar") } }),
        h("button", { type: "button", class: "linkish", onclick: () => openNode(pillar.id) }, nm(pillar.name))]
        : t("cities.nopillar")),
      h("ul", { class: "measures" }, items.map(measureCard))));
  }
  if (Array.isArray(res.not_reaching) && res.not_reaching.length) frag.append(notReaching(res));
  return frag;
}

// The measures that do not reach the city, each with the API's reason.
function notReaching(res) {
  return h("section", { class: "not-reaching" },
    h("h2", {}, t("cities.notreaching", { n: res.not_reaching.length, city: nm(res.city.name) })),
    h("ul", { class: "measures" }, res.not_reaching.map((nr) => h("li", { class: "outside", "data-measure": nr.measure.id },
      h("div", { class: "measure-head" },
        h("div", {},
          h("button", { type: "button", class: "linkish measure-name", onclick: () => openNode(nr.measure.id) }, nm(nr.measure.name)),
          h("div", { class: "en" }, other(nr.measure.name))),
        h("span", { class: "type-tag" }, typeName(nr.measure.type || "measure"))),
      reasonLine(nr.reason)))));
}

function reasonLine(reason) {
  if (!reason || !nm(reason)) return null;
  return h("p", { class: "reason" }, h("span", { class: "reason-label" }, `${t("cities.reason")}: `), nm(reason));
}

function actionItem(a) {
  return h("li", { "data-action": a.action.id },
    h("button", { type: "button", class: "linkish", onclick: () => openNode(a.action.id) }, nm(a.action.name)),
    scopeBadge(a.scope),
    a.via.length ? h("div", { class: "via" }, t("cities.via"), a.via.map((v) => nodeChip(v))) : null);
}

// A measure: its scope and reason, the actions that reach the city specifically, then the
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
    reasonLine(it.reason),
    specific.length ? h("ul", { class: "actions" }, specific.map(actionItem)) : null,
    wide.length ? h("details", { class: "wide" },
      h("summary", {}, t("cities.wide", { n: wide.length })),
      h("ul", { class: "actions" }, wide.map(actionItem))) : null);
}

export function markSelectedMeasure() {
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
