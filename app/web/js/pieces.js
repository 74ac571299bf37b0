/* Small pieces shared by the views: type colours, tags, scope badges, node chips, and an
 * error box in the interface's language whose suggestions are links. */
import { api } from "./api.js";
import { enc, h } from "./dom.js";
import { nm, other, t, typeName } from "./i18n.js";
import { link, openNode } from "./state.js";

/** Colour per node type, from /v1/layout/types. */
export const colours = {};
export const colour = (type) => colours[type] || "#64748b";

export function typeTag(type) {
  return h("span", { class: "type-tag" }, h("span", { class: "dot", vars: { "--c": colour(type) } }), typeName(type));
}

export function scopeBadge(scope) {
  return h("span", { class: `badge scope-${scope}`, title: t(`scope.${scope}.help`), "data-scope": scope }, t(`scope.${scope}`));
}

export function nodeChip(summary, extra = {}) {
  return h("button", {
    type: "button",
    class: `chip${extra.inferred ? " inferred" : ""}`,
    "data-node": summary.id,
    title: `${other(summary.name)} · ${typeName(summary.type)}`,
    onclick: () => openNode(summary.id),
  }, h("span", { class: "dot", vars: { "--c": colour(summary.type) } }), nm(summary.name));
}

/**
 * A failed request, said in the interface's language. A 404 names the id asked for, and
 * its suggestions (ids of the API's problem answer) become links to those nodes or cities.
 * ``what`` is "node" or "city"; ``id`` the id asked for.
 */
export function errorBox(err, { what = "node", id = "" } = {}) {
  const box = h("div", { class: "error", role: "alert", "data-status": err.status || "" });
  if (err.status === 404 && id) {
    const notCity = what === "city" && /\bnot a city\b/.test((err.problem && err.problem.detail) || "");
    box.append(h("p", {}, t(notCity ? "error.notcity" : `error.${what}`, { id })));
    const ids = (err.problem && err.problem.suggestions) || [];
    if (!ids.length) {
      box.append(h("p", { class: "hint" }, t("error.nosuggest")));
      return box;
    }
    const list = h("ul", { class: "chips suggestions" });
    for (const sid of ids.slice(0, 5)) {
      const patch = what === "city" ? { city: sid, view: "cities" } : { node: sid };
      const a = link(patch, { "data-suggestion": sid, class: "chip" }, sid);
      list.append(h("li", {}, a));
      api(`/v1/nodes/${enc(sid)}`).then((n) => { a.textContent = nm(n.name); a.title = sid; }).catch(() => {});
    }
    box.append(h("p", { class: "hint" }, t("error.suggest")), list);
    return box;
  }
  const msg = err.status ? t("error.status", { status: err.status }) : err.message;
  box.append(h("p", {}, t("error.load", { msg })));
  return box;
}
