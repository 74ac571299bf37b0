/* The view state. It lives in the query string (view, city, node, lang, focus, radius, hl,
 * scope), so every view has a shareable URL and the back button walks through them. */
import { h } from "./dom.js";

export const VIEWS = ["cities", "graph", "outline"];
export const DEFAULTS = { view: "cities", city: "", node: "", lang: "zh", focus: "", radius: "1", hl: "", scope: "" };

function read() {
  const q = new URLSearchParams(location.search);
  const st = { ...DEFAULTS };
  for (const k of Object.keys(DEFAULTS)) if (q.get(k)) st[k] = q.get(k).slice(0, 200);
  if (!VIEWS.includes(st.view)) st.view = DEFAULTS.view;
  if (!["zh", "en"].includes(st.lang)) st.lang = DEFAULTS.lang;
  if (!["1", "2", "3"].includes(st.radius)) st.radius = DEFAULTS.radius;
  if (!["", "impact", "dependencies"].includes(st.hl)) st.hl = "";
  return st;
}

/** The current state; modules read it, only go() changes it. */
export const state = read();
/** Transient interface flags that are not part of the URL. */
export const ui = { panelFocus: false };

let renderer = () => {};
/** Register the function that draws the page for the current state. */
export function onRender(fn) { renderer = fn; }

export function urlOf(st) {
  const q = new URLSearchParams();
  for (const k of Object.keys(DEFAULTS)) if (st[k] && st[k] !== DEFAULTS[k]) q.set(k, st[k]);
  const qs = q.toString();
  return qs ? `?${qs}` : location.pathname;
}

/** Move to a new state (a new history entry unless ``replace``) and redraw. */
export function go(patch, { replace = false } = {}) {
  Object.assign(state, patch);
  const url = urlOf(state);
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  renderer();
}

window.addEventListener("popstate", () => {
  Object.assign(state, read());
  renderer();
});

/** Open a node in the panel (and select it in the graph). */
export function openNode(id, { focusPanel = true } = {}) {
  ui.panelFocus = focusPanel;
  go({ node: id });
}

const plainClick = (ev) => ev.button === 0 && !ev.metaKey && !ev.ctrlKey && !ev.shiftKey && !ev.altKey;

/** A link to the state ``patch`` leads to; a plain click stays in the page. */
export function link(patch, attrs, ...kids) {
  return h("a", {
    ...attrs,
    href: urlOf({ ...state, ...patch }),
    onclick: (ev) => {
      if (!plainClick(ev)) return;
      ev.preventDefault();
      go(patch);
    },
  }, ...kids);
}

export { plainClick };
