/* A cited passage: the paragraph around a source's span with the span highlighted.
 *
 * The API gives offsets in Unicode code points (a TextPositionSelector's start and end,
 * end exclusive, as the W3C Web Annotation model defines them); JavaScript strings are
 * indexed in UTF-16 code units, where a character beyond the Basic Multilingual Plane
 * (such as 𠀀, U+20000) takes two. So offsets are converted before slicing, and the
 * highlighted text is checked against the quote (TextQuoteSelector.exact). */
import { api } from "./api.js";
import { enc, h } from "./dom.js";
import { nm, t } from "./i18n.js";
import { errorBox, nodeChip } from "./pieces.js";

const CONTEXT = 220;

/** The UTF-16 index of code point ``cp`` in ``text`` (text.length past the end). */
export function utf16Index(text, cp) {
  let units = 0;
  let seen = 0;
  for (const ch of text) {
    if (seen === cp) return units;
    units += ch.length;
    seen += 1;
  }
  return text.length;
}

/** The code point offset of UTF-16 index ``i`` in ``text``. */
export function codePointIndex(text, i) {
  let seen = 0;
  for (let u = 0; u < i && u < text.length; seen += 1) {
    const c = text.charCodeAt(u);
    u += c >= 0xd800 && c <= 0xdbff && u + 1 < text.length ? 2 : 1;
  }
  return seen;
}

/** The source's span in code points: its TextPositionSelector, else its start and end. */
export function position(src) {
  const sel = (src.selectors || []).find((s) => s.type === "TextPositionSelector");
  if (sel && Number.isInteger(sel.start) && Number.isInteger(sel.end)) return [sel.start, sel.end];
  if (Number.isInteger(src.start) && Number.isInteger(src.end)) return [src.start, src.end];
  return null;
}

/** The quote the span must hold: TextQuoteSelector.exact, else the source's quote. */
export function quoteOf(src) {
  const sel = (src.selectors || []).find((s) => s.type === "TextQuoteSelector");
  return sel ? { exact: sel.exact, prefix: sel.prefix || "", suffix: sel.suffix || "" } : { exact: src.quote || "", prefix: "", suffix: "" };
}

/**
 * The span of ``src`` in ``text`` as UTF-16 indices [a, b], and whether it holds the quote.
 * When the position does not hold the quote, the quote (with its prefix and suffix) is
 * looked for in the text instead, and ``checked`` is false.
 */
export function locate(text, src) {
  const pos = position(src);
  const q = quoteOf(src);
  if (pos) {
    const a = utf16Index(text, pos[0]);
    const b = utf16Index(text, pos[1]);
    if (!q.exact || text.slice(a, b) === q.exact) return { a, b, cp: pos, checked: !!q.exact };
  }
  if (!q.exact) return null;
  const around = text.indexOf(q.prefix + q.exact + q.suffix);
  const a = around >= 0 ? around + q.prefix.length : text.indexOf(q.exact);
  if (a < 0) return null;
  const b = a + q.exact.length;
  return { a, b, cp: [codePointIndex(text, a), codePointIndex(text, b)], checked: false };
}

/** The box of one source: the passage with its span highlighted, or the section cited. */
export function sourceView(src, selfId) {
  const box = h("div", { class: "source", "data-document": src.document });
  if (!position(src)) {
    const conf = src.confidence ? ` · ${t(`panel.confidence.${src.confidence}`)}` : "";
    box.append(h("p", { class: "cite" }, docTitle(src.document), ` — ${t("panel.locator")}: ${src.locator || ""}${conf}`));
    return box;
  }
  box.append(h("p", { class: "muted" }, t("loading")));
  fillPassage(box, src, selfId);
  return box;
}

function docTitle(id) {
  const span = h("span", {}, id);
  api("/v1/meta").then((meta) => {
    const d = meta.documents.find((x) => x.id === id);
    if (d) span.textContent = nm(d.title);
  }).catch(() => {});
  return span;
}

async function fillPassage(box, src, selfId) {
  let doc;
  try {
    doc = await api(`/v1/documents/${enc(src.document)}`);
  } catch (err) {
    box.replaceChildren(errorBox(err));
    return;
  }
  const text = doc.text;
  const found = typeof text === "string" ? locate(text, src) : null;
  if (!found) {
    const shown = quoteOf(src).exact || src.context || "";
    box.replaceChildren(h("blockquote", { class: "passage" }, h("mark", {}, shown)), h("p", { class: "cite" }, t("panel.notext")));
    return;
  }
  const { a: start, b: end, cp } = found;
  let a = text.lastIndexOf("\n", start - 1) + 1;
  let b = text.indexOf("\n", end);
  if (b < 0) b = text.length;
  const pre = a < start - CONTEXT ? "…" : "";
  const post = b > end + CONTEXT ? "…" : "";
  a = Math.max(a, start - CONTEXT);
  b = Math.min(b, end + CONTEXT);
  const markAttrs = { "data-start": cp[0], "data-end": cp[1], "data-checked": String(found.checked) };
  box.replaceChildren(
    h("blockquote", { class: "passage", lang: "zh" },
      pre, text.slice(a, start), h("mark", markAttrs, text.slice(start, end)), text.slice(end, b), post),
    h("p", { class: "cite" }, `${nm(doc.title)} · ${t("panel.chars", { a: cp[0], b: cp[1] })}`));
  const full = h("details", { class: "full" }, h("summary", {}, t("panel.fulltext", { n: codePointIndex(text, text.length) })));
  full.addEventListener("toggle", () => {
    if (!full.open || full.querySelector(".fulltext")) return;
    const mark = h("mark", {}, text.slice(start, end));
    full.append(h("div", { class: "fulltext", lang: "zh", tabindex: "0" }, text.slice(0, start), mark, text.slice(end)));
    mark.scrollIntoView({ block: "center" });
  });
  box.append(full);
  if (b > a) citedAlongside(box, full, src.document, codePointIndex(text, a), codePointIndex(text, b), selfId);
}

// The other nodes citing the same passage (a bonus: the passage is shown without it).
async function citedAlongside(box, before, doc, a, b, selfId) {
  try {
    const sp = await api(`/v1/documents/${enc(doc)}/spans?start=${a}&end=${b}`);
    const seen = new Set([selfId]);
    const others = sp.nodes.filter((c) => !seen.has(c.node.id) && seen.add(c.node.id));
    if (!others.length) return;
    box.insertBefore(h("details", { class: "cited", open: others.length <= 8 },
      h("summary", {}, t("panel.cited", { n: others.length })),
      h("ul", { class: "chips" }, others.map((c) => h("li", {}, nodeChip(c.node))))), before);
  } catch { /* the passage is shown; the citing list is a bonus */ }
}
