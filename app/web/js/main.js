/* PlanGraph explorer: a page over the PlanGraph API, as ES modules (each one concern):
 *   state.js  the view state in the query string     api.js     GETs, cached in the page
 *   dom.js    DOM helpers                              i18n.js    words in Chinese and English
 *   pieces.js chips, badges, errors with suggestions   search.js  the search box
 *   cities.js the city view                            panel.js   the node panel
 *   passage.js cited passages (code points → UTF-16)   outline.js the outline
 *   graph/    the graph view (cytoscape.js + dagre, vendored in ../vendor)
 * This file draws the frame (header, tabs, footer) and dispatches to the view. */
import { api } from "./api.js";
import { $ } from "./dom.js";
import { nm, t } from "./i18n.js";
import { renderCities } from "./cities.js";
import { graphPath, renderGraph } from "./graph/view.js";
import { renderOutline, setupOutline } from "./outline.js";
import { renderPanel } from "./panel.js";
import { colours } from "./pieces.js";
import { setupSearch } from "./search.js";
import { DEFAULTS, VIEWS, go, onRender, plainClick, state, urlOf } from "./state.js";

const search = setupSearch();
setupOutline();
let lastLang = state.lang;

function renderFrame() {
  document.documentElement.lang = state.lang === "zh" ? "zh-Hans" : "en";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of document.querySelectorAll("[data-i18n-aria]")) el.setAttribute("aria-label", t(el.dataset.i18nAria));
  for (const el of document.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
  const lang = $("#lang");
  lang.textContent = state.lang === "zh" ? "English" : "中文";
  lang.setAttribute("lang", state.lang === "zh" ? "en" : "zh");
  for (const a of document.querySelectorAll(".tabs a[data-view]")) {
    const v = a.dataset.view;
    a.href = urlOf({ ...state, view: v });
    if (v === state.view) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  for (const v of VIEWS) $(`#view-${v}`).hidden = v !== state.view;
  document.body.dataset.view = state.view;
  api("/v1/meta").then((meta) => {
    $("#plan-title").textContent = nm(meta.title);
    document.title = `${t(`view.${state.view}`)} · ${nm(meta.title)} · PlanGraph`;
    const cov = meta.text_coverage ? ` · ${t("foot.coverage", { p: `${Math.round(meta.text_coverage.ratio * 100)}%` })}` : "";
    $("#foot-meta").textContent = `${t("foot.version", { v: meta.version })}${cov}`;
  }).catch(() => {});
}

function render() {
  if (state.lang !== lastLang) { lastLang = state.lang; search.refresh(); }
  renderFrame();
  renderPanel();
  if (state.view === "cities") renderCities();
  else if (state.view === "graph") renderGraph();
  else renderOutline();
}
onRender(render);

for (const a of document.querySelectorAll(".tabs a[data-view]")) {
  a.addEventListener("click", (ev) => {
    if (!plainClick(ev)) return;
    ev.preventDefault();
    go({ view: a.dataset.view });
  });
}
$("#lang").addEventListener("click", () => go({ lang: state.lang === "zh" ? "en" : "zh" }, { replace: true }));
$("#panel-close").addEventListener("click", () => go({ node: "" }));
$("#home").addEventListener("click", (ev) => { ev.preventDefault(); go({ ...DEFAULTS, lang: state.lang }); });

// Type colours first (a small answer), then the first view; meta is fetched alongside, and
// so is the graph when the page opens on it.
api("/v1/meta").catch(() => {});
if (state.view === "graph") api(graphPath()).catch(() => {});
api("/v1/layout/types")
  .then((types) => { for (const ty of types) colours[ty.name] = ty.colour; })
  .catch(() => {})
  .finally(() => {
    render();
    // fetch the graph while idle, so the graph view opens at once
    if (state.view !== "graph") (window.requestIdleCallback || setTimeout)(() => api("/v1/layout").catch(() => {}));
  });
