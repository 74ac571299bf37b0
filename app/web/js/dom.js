/* DOM helpers: elements are built with DOM calls (no HTML strings are parsed), which keeps
 * the page safe under a strict CSP and API text from ever becoming markup. */

export const $ = (sel, root = document) => root.querySelector(sel);
export const enc = encodeURIComponent;

function build(el, attrs, kids) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.setAttribute("class", v);
    else if (k === "text") el.textContent = v;
    else if (k === "vars") for (const [n, x] of Object.entries(v)) el.style.setProperty(n, x);
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid === undefined || kid === null || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}

/** An HTML element: h("p", { class: "x" }, "text", child). */
export const h = (tag, attrs, ...kids) => build(document.createElement(tag), attrs, kids);

/** Tell screen readers (the page's polite live region). */
export const say = (text) => { $("#status").textContent = text; };

/** The viewport is a phone's (one column, the panel as a sheet). */
export const narrow = () => window.matchMedia("(max-width: 820px)").matches;
