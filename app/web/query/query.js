// The SPARQL query page: an editor with the documented examples, the answer as a table
// (or as Turtle for CONSTRUCT and DESCRIBE), and a link to the same query as CSV.
"use strict";

const ENDPOINT = "/v1/sparql";
const NODE = "https://w3id.org/plangraph/id/node/";
const $ = (id) => document.getElementById(id);

function csvLink(query) {
  const params = new URLSearchParams({ query, format: "csv" });
  return `${ENDPOINT}?${params}`;
}

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    const a = document.createElement("a");
    // a node opens in the explorer; any other IRI is shown as it is
    a.href = term.value.startsWith(NODE) ? `/?node=${term.value.slice(NODE.length)}` : term.value;
    a.textContent = term.value.startsWith(NODE) ? `node:${term.value.slice(NODE.length)}` : term.value;
    td.append(a);
  } else {
    td.textContent = term.value;
    if (term["xml:lang"]) {
      const tag = document.createElement("span");
      tag.className = "lang";
      tag.textContent = ` @${term["xml:lang"]}`;
      td.lang = term["xml:lang"];
      td.append(tag);
    }
  }
  return td;
}

function table(doc) {
  if ("boolean" in doc) {
    const p = document.createElement("p");
    p.textContent = `ASK: ${doc.boolean}`;
    return p;
  }
  const vars = doc.head.vars;
  const t = document.createElement("table");
  const head = t.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.append(th);
  }
  const body = t.createTBody();
  for (const b of doc.results.bindings) {
    const tr = body.insertRow();
    for (const v of vars) tr.append(cell(b[v]));
  }
  return t;
}

async function run(event) {
  event.preventDefault();
  const query = $("query").value;
  $("csv").href = csvLink(query);
  $("error").hidden = true;
  $("results").replaceChildren();
  $("run").disabled = true;
  $("status").textContent = "…";
  const started = performance.now();
  try {
    const r = await fetch(ENDPOINT, {
      method: "POST",
      headers: {
        "Content-Type": "application/sparql-query",
        Accept: "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: query,
    });
    const type = r.headers.get("content-type") || "";
    if (!r.ok) {
      const p = type.includes("json") ? await r.json() : { title: r.statusText, detail: await r.text() };
      $("error").textContent = `${p.title}: ${p.detail}`;
      $("error").hidden = false;
      $("status").textContent = `${r.status}`;
      return;
    }
    if (type.startsWith("application/sparql-results+json")) {
      const doc = await r.json();
      $("results").append(table(doc));
      const n = "boolean" in doc ? 1 : doc.results.bindings.length;
      $("status").textContent = `${n} row${n === 1 ? "" : "s"} · ${Math.round(performance.now() - started)} ms`;
    } else {
      const pre = document.createElement("pre");
      pre.textContent = await r.text();
      $("results").append(pre);
      $("status").textContent = `${Math.round(performance.now() - started)} ms`;
    }
  } catch (err) {
    $("error").textContent = String(err);
    $("error").hidden = false;
  } finally {
    $("run").disabled = false;
  }
}

async function examples() {
  const r = await fetch("/query/examples.json");
  const list = await r.json();
  for (const [i, ex] of list.entries()) {
    const o = document.createElement("option");
    o.value = String(i);
    o.textContent = `${i + 1}. ${ex.title}`;
    $("example").append(o);
  }
  $("example").addEventListener("change", () => {
    const ex = list[Number($("example").value)];
    if (!ex) return;
    $("query").value = ex.query;
    $("csv").href = csvLink(ex.query);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  $("form").addEventListener("submit", run);
  $("query").addEventListener("input", () => { $("csv").href = csvLink($("query").value); });
  $("csv").href = csvLink($("query").value);
  const asked = new URLSearchParams(location.search).get("query");
  if (asked) $("query").value = asked;
  examples();
});
