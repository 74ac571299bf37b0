/* The search box: a combobox over /v1/search, results as you type, keyboard driven. */
import { api } from "./api.js";
import { $, enc, h, say } from "./dom.js";
import { nm, other, t, typeName } from "./i18n.js";
import { colour } from "./pieces.js";
import { go, openNode, state } from "./state.js";

const DELAY_MS = 110;

/** Wire the search box; returns { refresh } to redraw open results in a new language. */
export function setupSearch() {
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

  function option(hit, i) {
    return h("li", {
      role: "option", id: `opt-${i}`, "aria-selected": "false", "data-node": hit.node.id,
      onmousedown: (ev) => { ev.preventDefault(); choose(i); },
    },
    h("span", { class: "dot", vars: { "--c": colour(hit.node.type) } }),
    h("span", { class: "name" }, nm(hit.node.name)),
    h("span", { class: "type" }, typeName(hit.node.type)),
    h("span", { class: "sub" }, other(hit.node.name)));
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
    const none = h("li", { class: "empty", role: "option", "aria-disabled": "true", "aria-selected": "false", id: "opt-none" }, t("search.none"));
    list.replaceChildren(...(items.length ? items.map(option) : [none]));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    say(items.length ? t("search.count", { n: res.total }) : t("search.none"));
  }

  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, DELAY_MS); });
  input.addEventListener("focus", () => { if (input.value.trim() && list.children.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } });
  input.addEventListener("blur", () => setTimeout(close, 120));
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowDown") { ev.preventDefault(); if (list.hidden) run(); else setActive(active + 1); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); setActive(active - 1); }
    else if (ev.key === "Enter") { ev.preventDefault(); if (!list.hidden) choose(active < 0 ? 0 : active); }
    else if (ev.key === "Escape") { if (!list.hidden) { ev.preventDefault(); close(); } }
  });

  document.addEventListener("keydown", (ev) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName || "");
    if (ev.key === "/" && !typing) { ev.preventDefault(); input.focus(); }
    else if (ev.key === "Escape" && !typing && state.node && $("#panel").contains(document.activeElement)) go({ node: "" });
  });
  return { refresh: () => { if (!list.hidden) run(); } };
}
