/* Labels that avoid each other: at each zoom, labels are shown in order of priority (the
 * selected and highlighted nodes, then by type rank and degree) and a label is hidden when
 * its box, as cytoscape renders it, would overlap one already shown or would be drawn
 * smaller than MIN_PX. Zooming in brings hidden labels back. */
import { TYPE_RANK, zoomedSizes } from "./style.js";

/** The smallest label, in screen pixels, worth drawing. */
export const MIN_PX = 9;
const PAD = 1;

function priority(n) {
  if (n.hasClass("sel")) return -3;
  if (n.hasClass("hl")) return -2;
  if (n.hasClass("near")) return -1;
  return (TYPE_RANK[n.data("type")] ?? 7) - Math.min(0.9, (n.data("degree") || 0) / 100);
}

const overlaps = (a, b) => a.x1 < b.x2 + PAD && b.x1 < a.x2 + PAD && a.y1 < b.y2 + PAD && b.y1 < a.y2 + PAD;

/** The label box of ``n`` as rendered (screen pixels), from cytoscape. */
export const labelBox = (n) => n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });

/** Show every label that fits (``all``: every node counts as lit, as in a neighbourhood);
 * returns how many were hidden. */
export function declutter(cy, all = false) {
  const nodes = cy.nodes().filter((n) => !n.hasClass("off"));
  const zoom = cy.zoom();
  cy.batch(() => {
    nodes.removeClass("nolabel");
    nodes.forEach((n) => {
      const lit = all || n.hasClass("sel") || n.hasClass("hl") || n.hasClass("near");
      const { font, size } = zoomedSizes(n.data("type"), n.data("degree"), zoom, lit);
      if (n.data("font") !== font) n.data("font", font);
      if (n.data("size") !== size) n.data("size", size);
    });
  });
  const ordered = nodes.toArray().sort((a, b) => priority(a) - priority(b));
  // a label must not cross another label, nor the disc of a node that comes before it
  const taken = [];
  const hidden = [];
  for (const n of ordered) {
    const disc = n.renderedBoundingBox({ includeNodes: true, includeLabels: false, includeEdges: false, includeOverlays: false });
    const dimmed = n.hasClass("dim");
    if (dimmed || n.data("font") * zoom < MIN_PX || !n.data("label")) hidden.push(n);
    else {
      const box = labelBox(n);
      if (taken.some((b) => overlaps(b, box))) hidden.push(n);
      else taken.push(box);
    }
    if (!dimmed) taken.push(disc);
  }
  cy.batch(() => { for (const n of hidden) n.addClass("nolabel"); });
  return hidden.filter((n) => !n.hasClass("dim")).length;
}
