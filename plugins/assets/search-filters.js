/* Playbook: the filter controls of the search dialog (an ES module, loaded by search.js when the
   dialog first gets focus). The controls' choice goes to the search worker (search-worker.js) on
   the "pb-search" BroadcastChannel, which every worker of the site hears: so it is sent again
   whenever the dialog gets focus, and the worker of the tab in use always has its own page's
   choice. Keys on a filter stay with it (Material would send them to the search box), and Tab walks
   the box, the results and the filters (Material would close the dialog) until it leaves the last
   filter.
   Results beyond the first ten arrive as placeholders ([data-pb-fill], see search-worker.js): when
   Material draws one, its text is asked for on the channel and put in place when it comes. */
const channel = new BroadcastChannel("pb-search");
// Their look: inside the dialog, which instant navigation keeps (it replaces what <head> holds).
const style = Object.assign(document.createElement("link"), { rel: "stylesheet", href: new URL("search-filters.css", import.meta.url).href });
document.querySelector(".md-search")?.append(style);
const controls = () => [...document.querySelectorAll("[data-pb-search-filter]")];
const send = () =>
  channel.postMessage(Object.fromEntries(controls().map((c) => [c.dataset.pbSearchFilter, c.value ? [c.value] : []])));

document.addEventListener("change", (e) => e.target.dataset?.pbSearchFilter && send());
document.addEventListener("focusin", (e) => e.target.closest?.(".md-search") && send());
document.addEventListener("keydown", (e) => {
  const all = controls(), t = e.target, i = all.indexOf(t);
  const within = (part) => t.matches?.(`.md-search__${part}`);
  const keep = e.key === "Tab"
    ? (i >= 0 && (e.shiftKey || i < all.length - 1)) || within("scrollwrap") || (all.length > 0 && !e.shiftKey && within("input"))
    : i >= 0 && e.key !== "Escape";
  if (keep) e.stopPropagation();
});
send();

const list = document.querySelector("[data-pb-search-results]");
const asked = new Set();
const ask = () => {
  const marks = [...list.querySelectorAll("[data-pb-fill]")].map((e) => e.dataset.pbFill).filter((m) => !asked.has(m));
  marks.forEach((m) => asked.add(m));
  if (marks.length) channel.postMessage({ fill: marks });
};
new MutationObserver(ask).observe(list, { childList: true, subtree: true });
ask();
channel.onmessage = ({ data }) => {
  const mark = data?.filled && list.querySelector(`[data-pb-fill="${CSS.escape(data.filled)}"]`);
  const link = mark?.closest("a"), article = mark?.closest("article");
  if (!link || !article) return;
  const url = new URL(data.location), h = new URL(link.href).searchParams.get("h");
  if (h) url.searchParams.set("h", h);
  link.href = url.href;
  article.querySelector("h1").innerHTML = data.title; // escaped by the worker, as Material's titles
  while (article.lastChild.nodeName !== "H1") article.lastChild.remove();
  article.insertAdjacentHTML("beforeend", data.text);
};
