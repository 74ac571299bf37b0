/* The API: GETs as JSON, cached in the page (a promise per path, the oldest dropped first). */

const cache = new Map();
const LIMIT = 500;

/** GET ``path`` as JSON. A problem answer rejects with ``err.status`` and ``err.problem``. */
export function api(path) {
  if (!cache.has(path)) {
    const p = fetch(path, { headers: { Accept: "application/json" } }).then(async (r) => {
      const body = await r.json().catch(() => null);
      if (!r.ok) {
        const err = new Error((body && (body.detail || body.title)) || `${r.status}`);
        err.status = r.status;
        err.problem = body;
        throw err;
      }
      return body;
    });
    p.catch(() => cache.delete(path));
    cache.set(path, p);
    if (cache.size > LIMIT) cache.delete(cache.keys().next().value);
  }
  return cache.get(path);
}
