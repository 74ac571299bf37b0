/* Impact and dependencies computed in the page, from the relations drawn, for a server that
 * does not serve /v1/nodes/{id}/impact and /dependencies: each relation's ``depends`` (from
 * /v1/schema) says which end needs the other. */
import { api } from "../api.js";

export async function localReach(start, mode, drawn) {
  const schema = await api("/v1/schema");
  const depends = Object.fromEntries(schema.relations.map((r) => [r.relation || r.name, r.depends]));
  const full = drawn.whole ? drawn : await api("/v1/layout").catch(() => drawn);
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
