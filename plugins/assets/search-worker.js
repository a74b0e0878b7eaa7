/* Playbook's search worker: answers Material's search box from Pagefind.
   Material's bundle talks to its worker with four messages (SETUP -> READY, QUERY -> RESULT, see
   mkdocs-material src/templates/assets/javascripts/integrations/search/worker); this worker keeps
   that protocol and asks Pagefind (pagefind/pagefind.js, loaded once) instead of lunr, so only the
   index chunks and fragments a query needs are downloaded. The filter controls of the dialog
   (search-filters.js) send their choice on the "pb-search" BroadcastChannel; a change re-runs the
   query. */
importScripts("search-query.js"); // self.PBQuery, the query pipeline
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const FRAGMENTS = 10; // results whose text is loaded and shown; Pagefind loads one fragment each
const SECTIONS = 3; // sections shown under a result
const root = new URL("../../", self.location.href); // the worker lives in <site>/assets/playbook/
let pagefind = null;
let query = "";
let filters = {};
let latest = 0; // the number of the newest query: answers to older ones are dropped

function load() {
  pagefind ??= import(new URL("pagefind/pagefind.js", root).href).then(async (pf) => {
    await pf.options({ baseUrl: root.pathname, excerptLength: 24 });
    await pf.init();
    return pf;
  });
  return pagefind;
}

// Material inserts titles and excerpts as HTML. Pagefind gives titles as plain text, and excerpts
// as escaped text with <mark> around the words found: so titles are escaped, and excerpts are
// decoded and escaped again around the <mark> tags, whatever the text holds.
const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
const text = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]);
const decode = (s) => s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
  if (e[0] !== "#") return NAMED[e.toLowerCase()] ?? m;
  const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
  return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : "";
});
const excerpt = (s) => String(s ?? "").split(/(<mark>|<\/mark>)/).map((part, i) => (i % 2 ? part : text(decode(part)))).join("");

function group(data, score, terms) {
  const location = data.url;
  const title = text(data.meta?.title || location);
  const article = { location, title, text: excerpt(data.excerpt), score, terms };
  const sections = (data.sub_results || [])
    .filter((sub) => sub.url.includes("#") && sub.title && sub.title !== data.meta?.title)
    .slice(0, SECTIONS)
    .map((sub) => ({ location: sub.url, title: text(sub.title), text: excerpt(sub.excerpt), score: score / 2, terms }));
  return [article, ...sections];
}

async function search(value, id) {
  const chosen = Object.fromEntries(Object.entries(filters).filter(([, v]) => v && v.length));
  if (!value.trim() && !Object.keys(chosen).length) return { items: [] };
  const pf = await load();
  const stale = () => id !== latest;
  const found = value.trim()
    ? await PBQuery.search(pf, value, chosen, stale) // the query pipeline: search-query.js
    : await pf.search(null, { filters: chosen }).then((r) => r && { results: r.results, terms: [] });
  if (stale() || !found) return null;
  const data = await Promise.all(found.results.slice(0, FRAGMENTS).map((r) => r.data()));
  if (stale()) return null;
  const terms = Object.fromEntries(found.terms.map((t) => [t, true]));
  return { items: data.map((d, i) => group(d, data.length - i, terms)), query: value };
}

async function run() {
  const id = ++latest;
  let result;
  try {
    result = await search(query, id);
  } catch (err) {
    console.warn("search failed:", err);
    result = id === latest ? { items: [] } : null;
  }
  if (result) postMessage({ type: RESULT, data: result });
}

addEventListener("message", ({ data: message }) => {
  if (message.type === SETUP) {
    load().catch((err) => console.warn("search index failed to load:", err));
    PBQuery.load().catch((err) => console.warn("search words failed to load:", err));
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    query = message.data;
    run();
  }
});

new BroadcastChannel("pb-search").onmessage = ({ data }) => {
  const changed = JSON.stringify(data || {}) !== JSON.stringify(filters);
  filters = data || {};
  if (changed) run();
};
