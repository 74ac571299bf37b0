/* The graph view: the plan drawn by cytoscape.js, as its hierarchy (the whole plan) or as a
 * node's neighbourhood; selection, impact/dependency highlight, legend, zoom and pan. */
import cytoscape from "../../vendor/cytoscape.esm.min.mjs";
import { api } from "../api.js";
import { $, enc, h, narrow } from "../dom.js";
import { nm, other, t, typeName } from "../i18n.js";
import { colour, colours, errorBox } from "../pieces.js";
import { go, openNode, state } from "../state.js";
import { declutter } from "./labels.js";
import { hierarchy, neighbourhoodOptions } from "./layouts.js";
import { localReach } from "./reach.js";
import { fontSize, nodeSize, SCOPE_SHAPES, stylesheet } from "./style.js";

const ZOOM_STEP = 1.4;
const PAN_STEP = 80;
const FIT_PAD = 40;
// the most a fit may magnify (a small neighbourhood is not blown up to fill the screen)
const FIT_MAX_ZOOM = 1.6;

const graph = {
  cy: null, key: "", data: null, loading: false, hidden: new Set(), hlKey: "", selKey: "",
  scopes: new Map(), scopeKey: "", hiddenLabels: 0,
};

/** The cytoscape instance (for tests and the browser console): window.PlanGraph.cy(). */
window.PlanGraph = { cy: () => graph.cy };

const shortName = (text) => {
  const n = state.lang === "zh" ? 14 : 30;
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
};

/** The API path of the graph drawn for the current state. */
export const graphPath = () => (state.focus ? `/v1/layout?node=${enc(state.focus)}&radius=${state.radius}` : "/v1/layout");

export async function renderGraph() {
  ensureCy();
  delete $("#graph").dataset.ready;
  const key = `${state.focus}|${state.radius}|${state.lang}`;
  if (key === graph.key && graph.loading) return; // the drawing under way applies the state
  if (key !== graph.key) {
    graph.key = key;
    graph.loading = true;
    renderToolbar();
    let data;
    try {
      data = await api(graphPath());
    } catch (err) {
      if (graph.key === key) {
        graph.loading = false;
        graph.data = null;
        graph.cy.elements().remove();
        $("#graph-note").replaceChildren(errorBox(err, { what: "node", id: state.focus }));
      }
      return;
    }
    if (graph.key !== key) return;
    graph.loading = false;
    draw(data);
  }
  if (!graph.data) return;
  renderToolbar();
  await applyScopes();
  updateSelection();
  await updateHighlight();
  relabel();
  // the drawing is complete for this state (tests and screenshots wait for it)
  $("#graph").dataset.ready = `${graph.key}|${state.node}|${state.hl}|${state.city}`;
}

function ensureCy() {
  if (graph.cy) return;
  const container = $("#graph");
  graph.cy = cytoscape({
    container,
    style: stylesheet(),
    minZoom: 0.05,
    maxZoom: 6,
    boxSelectionEnabled: false,
    autoungrabify: true,
    autounselectify: true,
  });
  const cy = graph.cy;
  cy.on("tap", "node", (ev) => {
    const id = ev.target.id();
    // on a phone a tap opens the node's neighbourhood, which then fills the screen
    if (narrow() && state.focus !== id) go({ node: id, focus: id });
    else openNode(id, { focusPanel: false });
  });
  cy.on("dbltap", "node", (ev) => go({ focus: ev.target.id(), node: ev.target.id() }));
  cy.on("mouseover", "node", (ev) => {
    const d = ev.target.data();
    container.title = `${d.full} · ${d.other} · ${typeName(d.type)}`;
  });
  cy.on("mouseout", "node", () => { container.title = ""; });
  let timer = 0;
  cy.on("viewport", () => { clearTimeout(timer); timer = setTimeout(relabel, 60); });
  container.addEventListener("keydown", onKey);
}

function relabel() {
  if (!graph.cy || !graph.data) return;
  graph.hiddenLabels = declutter(graph.cy, !graph.data.whole);
  note();
}

function draw(data) {
  const cy = graph.cy;
  graph.data = data;
  graph.hlKey = "";
  graph.selKey = "";
  graph.scopeKey = "";
  for (const ty of data.types) colours[ty.name] = ty.colour;
  const nodes = data.nodes.map((n) => {
    const full = nm(n.name);
    return {
      id: n.id, type: n.type, degree: n.degree, full, other: other(n.name), label: shortName(full),
      size: nodeSize(n.type, n.degree), font: fontSize(n.type), colour: colour(n.type), shape: "ellipse",
    };
  });
  const ids = new Set(nodes.map((n) => n.id));
  const edges = data.edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  const around = data.center && (state.focus || !data.whole);
  const box = $("#graph");
  const positions = around ? null : hierarchy(nodes, edges, box.clientWidth / Math.max(box.clientHeight, 1));
  cy.batch(() => {
    cy.elements().remove();
    cy.add(nodes.map((n) => ({ group: "nodes", data: n, position: positions ? positions.get(n.id) : { x: 0, y: 0 } })));
    cy.add(edges.map((e) => ({
      group: "edges",
      data: { id: e.id, source: e.source, target: e.target, relation: e.relation },
      classes: e.evidence === "inferred" ? "inferred" : "",
    })));
  });
  if (around) cy.layout(neighbourhoodOptions(data.center, edges)).run();
  applyHidden();
  fit(cy.elements());
  renderLegend();
}

function fit(coll) {
  const cy = graph.cy;
  cy.resize();
  const visible = coll.filter((e) => !e.hasClass("off"));
  cy.fit(visible.length ? visible : cy.elements(), FIT_PAD);
  if (cy.zoom() > FIT_MAX_ZOOM) {
    cy.zoom(FIT_MAX_ZOOM);
    cy.center(visible.length ? visible : cy.elements());
  }
}

function zoomBy(f) {
  const cy = graph.cy;
  const c = $("#graph");
  cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: c.clientWidth / 2, y: c.clientHeight / 2 } });
}

function renderToolbar() {
  const sel = state.node;
  const around = !!state.focus;
  $("#graph-mode").replaceChildren(
    h("button", { type: "button", "aria-pressed": String(!around), "data-mode": "hierarchy", onclick: () => go({ focus: "" }) }, t("graph.whole")),
    h("button", {
      type: "button", "aria-pressed": String(around), "data-mode": "around", disabled: !sel && !around,
      onclick: () => go({ focus: sel || state.focus }),
    }, t("graph.around")),
    h("label", { for: "radius" }, t("graph.radius")),
    h("select", { id: "radius", onchange: (ev) => go({ radius: ev.target.value }, { replace: true }) },
      ["1", "2", "3"].map((r) => h("option", { value: r, selected: r === state.radius }, r))));
  $("#graph-hl").replaceChildren(...[["", "graph.none"], ["impact", "graph.impact"], ["dependencies", "graph.deps"]].map(([v, k]) =>
    h("button", { type: "button", "aria-pressed": String(state.hl === v), "data-hl": v || "none", onclick: () => go({ hl: v }, { replace: true }) }, t(k))));
  $("#graph-zoom").replaceChildren(
    h("button", { type: "button", "data-zoom": "in", "aria-label": t("graph.in"), title: t("graph.in"), onclick: () => zoomBy(ZOOM_STEP) }, "+"),
    h("button", { type: "button", "data-zoom": "out", "aria-label": t("graph.out"), title: t("graph.out"), onclick: () => zoomBy(1 / ZOOM_STEP) }, "−"),
    h("button", { type: "button", "data-zoom": "fit", title: t("graph.fit"), onclick: () => fit(graph.cy.elements()) }, t("graph.fit")));
}

function note(extra) {
  const d = graph.data;
  if (!d) return;
  if (extra !== undefined) graph.extraNote = extra;
  const center = d.center && graph.cy.getElementById(d.center);
  const centerName = center && center.length ? center.data("full") : d.center;
  let txt = state.focus
    ? t("graph.showing.around", { name: centerName, r: d.radius, n: d.nodes.length, e: d.edges.length })
    : d.whole ? t("graph.showing", { n: d.nodes.length, e: d.edges.length }) : t("graph.hub", { name: centerName });
  if (d.truncated) txt += t("graph.truncated");
  txt += " ";
  txt += graph.extraNote || (state.node ? "" : t("graph.pick"));
  if (graph.hiddenLabels) txt += ` ${t("graph.labels", { n: graph.hiddenLabels })}`;
  $("#graph-note").textContent = txt;
}

function renderLegend() {
  const d = graph.data;
  const items = d.types.map((ty) => h("li", {}, h("button", {
    type: "button", "aria-pressed": String(!graph.hidden.has(ty.name)), "data-type": ty.name,
    onclick: (ev) => {
      if (graph.hidden.has(ty.name)) graph.hidden.delete(ty.name); else graph.hidden.add(ty.name);
      ev.currentTarget.setAttribute("aria-pressed", String(!graph.hidden.has(ty.name)));
      applyHidden();
      relabel();
    },
  }, h("span", { class: "dot", vars: { "--c": ty.colour } }), `${typeName(ty.name)} ${ty.count}`)));
  if (state.city && graph.scopes.size) {
    for (const [scope, shape] of Object.entries(SCOPE_SHAPES)) {
      items.push(h("li", { class: "shape", "data-scope": scope }, h("span", { class: `shape-${shape}` }), t(`scope.${scope}`)));
    }
  }
  $("#legend").replaceChildren(...items);
}

function applyHidden() {
  const cy = graph.cy;
  cy.batch(() => {
    cy.nodes().forEach((n) => { n.toggleClass("off", graph.hidden.has(n.data("type"))); });
    cy.edges().forEach((e) => { e.toggleClass("off", e.source().hasClass("off") || e.target().hasClass("off")); });
  });
}

// With a city chosen, a measure's or action's shape says how it reaches that city.
async function applyScopes() {
  const key = `${state.city}|${graph.key}`;
  if (key === graph.scopeKey) return;
  graph.scopeKey = key;
  graph.scopes = new Map();
  if (state.city) {
    try {
      const res = await api(`/v1/cities/${enc(state.city)}/measures`);
      for (const it of res.items) {
        graph.scopes.set(it.measure.id, it.scope);
        for (const a of it.actions) graph.scopes.set(a.action.id, a.scope);
      }
    } catch { /* an unknown city: no shapes (the city view says why) */ }
  }
  graph.cy.batch(() => graph.cy.nodes().forEach((n) => {
    n.data("shape", SCOPE_SHAPES[graph.scopes.get(n.id())] || "ellipse");
  }));
  renderLegend();
}

function updateSelection() {
  const cy = graph.cy;
  const key = `${state.node}|${state.hl}|${graph.key}`;
  if (key === graph.selKey) return;
  graph.selKey = key;
  const sel = state.node ? cy.getElementById(state.node) : cy.collection();
  const centred = !!state.focus && state.focus === state.node;
  const hood = sel.closedNeighborhood();
  cy.batch(() => {
    cy.elements().removeClass("sel near dim");
    if (!sel.length) return;
    sel.addClass("sel");
    hood.nodes().not(sel).addClass("near");
    sel.connectedEdges().addClass("near");
    if (!state.hl && !centred) cy.elements().not(hood).addClass("dim");
  });
  // in the whole plan, a selection brings its neighbours into view (a neighbourhood drawn
  // around the selected node is in view already)
  if (sel.length && !state.hl && !centred) fit(hood);
}

// Impact and dependencies: from the API when it serves them, else from the drawn edges.
async function updateHighlight() {
  const cy = graph.cy;
  const key = `${state.node}|${state.hl}|${graph.key}`;
  if (key === graph.hlKey) return;
  graph.hlKey = key;
  cy.elements().removeClass("hl");
  if (!state.hl) { note(""); return; }
  if (!state.node) { note(t("graph.selectfirst")); return; }
  let ids;
  let edgeIds = null;
  let local = false;
  try {
    const res = await api(`/v1/nodes/${enc(state.node)}/${state.hl}`);
    ids = res.nodes.map((n) => n.id || (n.node && n.node.id)).filter((id) => id && id !== state.node);
    if (Array.isArray(res.edges)) edgeIds = new Set(res.edges.map((e) => (typeof e === "string" ? e : e.id)));
  } catch (err) {
    const missingRoute = err.status === 404 && (!err.problem || err.problem.type === "about:blank");
    if (!missingRoute) { if (graph.hlKey === key) note(err.message); return; }
    ids = await localReach(state.node, state.hl, graph.data);
    local = true;
  }
  if (graph.hlKey !== key) return;
  const set = new Set([...ids, state.node]);
  let inView = 0;
  cy.batch(() => {
    cy.nodes().forEach((n) => {
      const on = set.has(n.id());
      if (on && n.id() !== state.node) { n.addClass("hl"); inView += 1; }
      n.toggleClass("dim", !on);
    });
    cy.edges().forEach((e) => {
      const on = edgeIds ? edgeIds.has(e.id()) : set.has(e.source().id()) && set.has(e.target().id());
      e.toggleClass("hl", on);
      e.toggleClass("dim", !on);
      e.removeClass("near");
    });
  });
  fit(cy.nodes().filter((n) => set.has(n.id())));
  const sel = cy.getElementById(state.node);
  const name = sel.length ? sel.data("full") : state.node;
  let txt = t(state.hl === "impact" ? "graph.impact.note" : "graph.deps.note", { n: ids.length, name });
  if (ids.length > inView) txt += t("graph.outside", { m: ids.length - inView });
  if (local) txt += t("graph.local");
  note(txt);
}

// Keyboard: arrows move the selection to the nearest node that way (pan when none is
// selected, or with Shift); + and − zoom; 0 fits; Enter opens the panel; Escape clears.
function onKey(ev) {
  const cy = graph.cy;
  if (!cy || !graph.data) return;
  const dirs = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  const sel = state.node ? cy.getElementById(state.node) : cy.collection();
  if (ev.key in dirs) {
    ev.preventDefault();
    const [dx, dy] = dirs[ev.key];
    if (sel.length && !ev.shiftKey) {
      const next = nearest(sel, dx, dy);
      if (next) openNode(next.id(), { focusPanel: false });
    } else {
      cy.panBy({ x: -dx * PAN_STEP, y: -dy * PAN_STEP });
    }
  } else if (ev.key === "+" || ev.key === "=") { ev.preventDefault(); zoomBy(ZOOM_STEP); }
  else if (ev.key === "-" || ev.key === "_") { ev.preventDefault(); zoomBy(1 / ZOOM_STEP); }
  else if (ev.key === "0") { ev.preventDefault(); fit(cy.elements()); }
  else if (ev.key === "Enter" && sel.length) { ev.preventDefault(); openNode(sel.id(), { focusPanel: true }); }
  else if (ev.key === "Escape" && sel.length) { ev.preventDefault(); go({ node: "" }); }
  else if (ev.key === "Enter" || ev.key === " ") {
    // nothing selected: start from the most important node in view
    ev.preventDefault();
    const first = cy.nodes().filter((n) => !n.hasClass("off")).sort((a, b) => b.data("degree") - a.data("degree"))[0];
    if (first) openNode(first.id(), { focusPanel: false });
  }
}

function nearest(from, dx, dy) {
  const p = from.position();
  let best = null;
  let bestScore = Infinity;
  graph.cy.nodes().forEach((n) => {
    if (n.same(from) || n.hasClass("off")) return;
    const q = n.position();
    const vx = q.x - p.x;
    const vy = q.y - p.y;
    const along = vx * dx + vy * dy;
    if (along <= 0) return;
    const score = along + 2.5 * Math.abs(vx * dy - vy * dx);
    if (score < bestScore) { bestScore = score; best = n; }
  });
  return best;
}
