/* How the graph is drawn: cytoscape's stylesheet, and the size and label weight of each node
 * type (the plan's upper levels are drawn larger, so they stay legible when the whole plan is
 * in view). */

/** Type rank: lower draws larger and keeps its label first when labels would overlap. */
export const TYPE_RANK = {
  plan: 0, goal: 1, pillar: 1, measure: 2, chapter: 3, region: 3, city: 3,
  platform: 4, zone: 4, action: 5, program: 5, field: 6, actor: 6, instrument: 6,
};
const rank = (type) => TYPE_RANK[type] ?? 7;

/** Node diameter in model units. */
export const nodeSize = (type, degree) => [30, 26, 22, 16, 14, 12, 11, 11][rank(type)] + Math.min(10, Math.sqrt(degree || 0) * 1.2);
/** Label font size in model units (at zoom 1). */
export const fontSize = (type) => [24, 22, 19, 15, 14, 13, 12, 12][rank(type)];
// The least a type's label and disc keep on screen at any zoom, in pixels ("semantic zoom":
// the plan's upper levels stay legible with the whole plan in view; the rest wait for zoom).
const SCREEN_FONT = [14, 13, 12, 11, 10, 0, 0, 0];
const SCREEN_SIZE = [12, 10, 9, 7, 6, 4, 4, 4];

// what a selected, highlighted or neighbouring node keeps, whatever its type
const SCREEN_FONT_LIT = 11;
const SCREEN_SIZE_LIT = 10;

/** The font and disc sizes (model units) of a node of ``type`` at ``zoom``. */
export function zoomedSizes(type, degree, zoom, lit = false) {
  const r = rank(type);
  return {
    font: Math.max(fontSize(type), (lit ? Math.max(SCREEN_FONT_LIT, SCREEN_FONT[r]) : SCREEN_FONT[r]) / zoom),
    size: Math.max(nodeSize(type, degree), (lit ? SCREEN_SIZE_LIT : SCREEN_SIZE[r]) / zoom),
  };
}

/** Shapes of a measure's or action's scope when a city is chosen (the legend shows them). */
export const SCOPE_SHAPES = { explicit: "star", located: "diamond", metro_wide: "ellipse" };

const DIM = 0.14;

export function stylesheet() {
  return [
    {
      selector: "node",
      style: {
        "background-color": "data(colour)",
        width: "data(size)",
        height: "data(size)",
        shape: "data(shape)",
        "border-width": 1.5,
        "border-color": "#ffffff",
        label: "data(label)",
        "font-size": "data(font)",
        "font-family": "system-ui, \"Noto Sans CJK SC\", \"WenQuanYi Micro Hei\", sans-serif",
        color: "#0f172a",
        "text-valign": "center",
        "text-halign": "right",
        "text-margin-x": 4,
        "text-outline-color": "#ffffff",
        "text-outline-width": 2.5,
        "text-outline-opacity": 0.9,
        "min-zoomed-font-size": 0,
      },
    },
    { selector: "node.nolabel", style: { label: "" } },
    { selector: "node.off, edge.off", style: { display: "none" } },
    {
      selector: "edge",
      style: {
        width: 1,
        "line-color": "#94a3b8",
        "line-opacity": 0.6,
        "curve-style": "bezier",
        "target-arrow-shape": "none",
      },
    },
    { selector: "edge.inferred", style: { "line-style": "dashed" } },
    { selector: "node.dim", style: { opacity: DIM } },
    { selector: "edge.dim", style: { opacity: DIM / 2 } },
    { selector: "edge.near", style: { "line-color": "#334155", width: 1.8, "line-opacity": 0.9 } },
    { selector: "node.hl", style: { "border-color": "#b45309", "border-width": 3 } },
    { selector: "edge.hl", style: { "line-color": "#b45309", width: 2.2, "line-opacity": 0.95 } },
    {
      selector: "node.sel",
      style: { "border-color": "#0f172a", "border-width": 4, "font-weight": "bold" },
    },
    { selector: "node.cursor", style: { "overlay-color": "#f59e0b", "overlay-opacity": 0.35, "overlay-padding": 6 } },
  ];
}
