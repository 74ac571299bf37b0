/* The two layouts a policy reader understands.
 *
 * - The plan's hierarchy, left to right: plan → chapters → goals and pillars → measures →
 *   actions, and beside each action, one column per kind of thing it touches (platforms and
 *   zones, then programmes, fields, actors, instruments; cities and the region last).
 *   Laid out by dagre (a layered Sugiyama layout), with each relation's edge turned to run
 *   down the hierarchy.
 * - A neighbourhood: a node in the middle and its relations in rings, one per step. */
import * as dagre from "../../vendor/dagre.esm.js";

// Relations drawn from the child to its parent; the hierarchy runs the other way.
const UPWARD = new Set(["part_of", "contributes_to"]);
// The column after an action each type goes to (kept apart so no column gets too tall).
const COLUMN = { platform: 1, zone: 1, program: 2, field: 3, actor: 4, instrument: 5, city: 6, region: 6 };
const GAP = 4;

/** Estimated width of a label in model units (CJK characters are about one em wide). */
export function labelWidth(text, font) {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0) > 0x2e80 ? font : font * 0.56;
  return w;
}

/**
 * Positions for the hierarchy of ``nodes`` (objects with id, type, size, font, label) and
 * ``edges`` (source, target, relation), as a Map id → {x, y}.
 */
export function hierarchy(nodes, edges, aspect = 2) {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: "LR", nodesep: GAP, ranksep: 70, marginx: 10, marginy: 10, ranker: "network-simplex" });
  g.setDefaultEdgeLabel(() => ({}));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const n of nodes) {
    const width = n.size + 6 + labelWidth(n.label, n.font);
    g.setNode(n.id, { width, height: Math.max(n.size, n.font * 1.2) });
  }
  for (const e of edges) {
    const up = UPWARD.has(e.relation);
    const [a, b] = up ? [e.target, e.source] : [e.source, e.target];
    if (a === b || g.hasEdge(a, b) || g.hasEdge(b, a)) continue;
    const to = byId.get(b);
    const from = byId.get(a);
    // things an action touches go to their type's column beside it
    const minlen = !up && from && to && from.type === "action" && COLUMN[to.type] ? COLUMN[to.type] : 1;
    g.setEdge(a, b, { minlen, weight: up ? 4 : 1 });
  }
  dagre.layout(g);
  const { width, height } = g.graph();
  // spread the columns to the canvas's shape: room for labels, at no cost in zoom
  const stretch = Math.max(1, (aspect * height) / Math.max(width, 1));
  const out = new Map();
  for (const n of nodes) {
    const p = g.node(n.id);
    // dagre centres the node's box (disc + label); the disc sits at its left end
    out.set(n.id, { x: (p.x - p.width / 2) * stretch + n.size / 2, y: p.y });
  }
  return out;
}

/** Breadth-first steps from ``center`` over ``edges`` (undirected), as a Map id → depth. */
export function depths(center, edges) {
  const adj = new Map();
  const add = (a, b) => { if (!adj.has(a)) adj.set(a, []); adj.get(a).push(b); };
  for (const e of edges) { add(e.source, e.target); add(e.target, e.source); }
  const depth = new Map([[center, 0]]);
  const queue = [center];
  while (queue.length) {
    const at = queue.shift();
    for (const nxt of adj.get(at) || []) if (!depth.has(nxt)) { depth.set(nxt, depth.get(at) + 1); queue.push(nxt); }
  }
  return depth;
}

/** Cytoscape options of the neighbourhood layout: rings by steps from the centre. */
export function neighbourhoodOptions(center, edges) {
  const depth = depths(center, edges);
  const most = Math.max(0, ...depth.values());
  return {
    name: "concentric",
    concentric: (n) => most + 1 - (depth.get(n.id()) ?? most + 1),
    levelWidth: () => 1,
    minNodeSpacing: 14,
    nodeDimensionsIncludeLabels: true,
    avoidOverlap: true,
    animate: false,
    fit: false,
  };
}
