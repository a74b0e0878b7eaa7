/* Playbook's search worker: answers Material's search box from Pagefind.
   Material's bundle talks to its worker with four messages (SETUP -> READY, QUERY -> RESULT, see
   mkdocs-material src/templates/assets/javascripts/integrations/search/worker); this worker keeps
   that protocol and asks Pagefind (pagefind/pagefind.js, loaded once) instead of lunr, so only the
   index chunks and fragments a query needs are downloaded. The filter controls of the dialog
   (search-filters.js) send their choice on the "pb-search" BroadcastChannel; a change re-runs the
   query.
   Results: every match is handed to Material (its "N matching documents" is the true count, and it
   draws the list in chunks as it scrolls), the first CHUNK with their text; the others are
   placeholders (data-pb-fill) whose fragment search-filters.js asks for on the channel when Material
   draws them, and this worker answers with the result's link, title and excerpt. Each result is
   labelled with its page's kind, and opens the page at the item, objection or talk track hit. */
importScripts("search-query.js"); // self.PBQuery, the query pipeline
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const CHUNK = 10; // results whose text comes with the answer; Pagefind loads one fragment each
const SECTIONS = 3; // sections shown under a result
const SPOT = /^(item|objection|say)-/; // anchors a hit opens the page at (principle pages)
const root = new URL("../../", self.location.href); // the worker lives in <site>/assets/playbook/
const me = Math.random().toString(36).slice(2); // this worker, among the site's tabs on the channel
const channel = new BroadcastChannel("pb-search");
let pagefind = null;
let query = "";
let filters = {};
let latest = 0; // the number of the newest query: answers to older ones are dropped
let shown = null; // the newest answer: { id, results, terms }, for placeholders filled later

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

// The anchor of the item, objection or talk track holding the best-scoring word found, if any:
// the last anchor at or before that word (headings are anchors too, and end an item's reach).
function spot(data) {
  const best = [...(data.weighted_locations || [])].sort((a, b) => b.balanced_score - a.balanced_score)[0];
  if (!best) return "";
  const before = (data.anchors || []).filter((a) => a.location <= best.location);
  const anchor = before.sort((a, b) => a.location - b.location).pop();
  return anchor && SPOT.test(anchor.id) ? `#${encodeURIComponent(anchor.id)}` : "";
}

const titled = (data) => {
  const kind = data.meta?.kind;
  return text(data.meta?.title || data.url) + (kind ? ` <span class="pb-kind">${text(kind)}</span>` : "");
};

// A result: the page, and the sections of it the words were found in (Material shows those under
// the page, and takes the one link without a "#" for the page: a result opening at a spot has none).
function group(data, score, terms) {
  const at = spot(data);
  const article = { location: data.url + at, title: titled(data), text: excerpt(data.excerpt), score, terms };
  const sections = (at ? [] : data.sub_results || [])
    .filter((sub) => sub.url.includes("#") && sub.title && sub.title !== data.meta?.title)
    .slice(0, SECTIONS)
    .map((sub) => ({ location: sub.url, title: text(sub.title), text: excerpt(sub.excerpt), score: score / 2, terms }));
  return [article, ...sections];
}

// A result drawn before its fragment is loaded: search-filters.js asks for it by this mark.
const pending = (id, i, score, terms) => [
  { location: "", title: `<span class="pb-pending" data-pb-fill="${me}.${id}.${i}">…</span>`, text: "", score, terms },
];

// Every page the query matches, best first, and the words to highlight (?h=): the query pipeline
// (search-query.js) for typed words, Pagefind alone for filters without words.
async function find(pf, value, chosen, stale) {
  if (value.trim()) return PBQuery.search(pf, value, chosen, stale);
  const found = await pf.search(null, { filters: chosen });
  return found && { results: found.results, terms: [] };
}

// The filters that narrow a search: a control left at "any" sends an empty list.
const narrowing = (f) => Object.fromEntries(Object.entries(f || {}).filter(([, v]) => v && v.length));

async function search(value, id) {
  const chosen = narrowing(filters);
  if (!value.trim() && !Object.keys(chosen).length) return { items: [], query: value, filters: chosen };
  const pf = await load();
  const found = await find(pf, value, chosen, () => id !== latest);
  if (id !== latest || !found) return null;
  const { results } = found;
  const data = await Promise.all(results.slice(0, CHUNK).map((r) => r.data()));
  if (id !== latest) return null;
  const terms = Object.fromEntries(found.terms.map((t) => [t, true]));
  shown = { id, results, terms };
  const score = (i) => results.length - i; // Material keeps the order of equal scores
  const items = results.map((_, i) => (i < CHUNK ? group(data[i], score(i), terms) : pending(id, i, score(i), terms)));
  return { items, query: value, filters: chosen }; // what was answered: tests wait for it (search_harness.py)
}

// A placeholder Material has drawn: its link, title and excerpt, on the channel.
async function fill(mark) {
  const [who, id, i] = mark.split(".");
  if (who !== me || !shown || Number(id) !== shown.id || !shown.results[i]) return;
  const answer = shown;
  const data = await answer.results[i].data();
  if (answer !== shown) return;
  const [article] = group(data, 0, answer.terms);
  channel.postMessage({ filled: mark, location: new URL(article.location, root).href, title: article.title, text: article.text });
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

channel.onmessage = ({ data }) => {
  if (data?.fill) return data.fill.forEach((mark) => fill(mark).catch((err) => console.warn("search failed:", err)));
  if (data?.filled) return;
  // Only a change that narrows differently re-runs the query: the controls send their choice when
  // they load and at every focus, and a needless answer would redraw the list under a reader's tap.
  const changed = JSON.stringify(narrowing(data)) !== JSON.stringify(narrowing(filters));
  filters = data || {};
  if (changed) run();
};
