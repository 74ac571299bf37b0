/* The outline: goals, then chapters → pillars → measures → actions, each pillar with the
 * goals it serves. */
import { api } from "./api.js";
import { $, enc, h } from "./dom.js";
import { nm, t, typeName } from "./i18n.js";
import { colour, errorBox, nodeChip } from "./pieces.js";
import { openNode, state } from "./state.js";

let outlineKey = "";

export async function renderOutline() {
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
    h("span", { class: "dot", vars: { "--c": colour(node.type) } }),
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

export function setupOutline() {
  $("#expand-all").addEventListener("click", () => { for (const d of document.querySelectorAll("#outline-body details")) d.open = true; });
  $("#collapse-all").addEventListener("click", () => { for (const d of document.querySelectorAll("#outline-body details")) d.open = false; });
}
