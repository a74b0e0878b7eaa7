/* Playbook: the filter controls of the search dialog (an ES module, loaded by search.js when the
   dialog first gets focus). The controls' choice goes to the search worker (search-worker.js) on
   the "pb-search" BroadcastChannel, which every worker of the site hears: so it is sent again
   whenever the dialog gets focus, and the worker of the tab in use always has its own page's
   choice. Keys on a filter stay with it (Material would send them to the search box), and Tab walks
   the box, the results and the filters (Material would close the dialog) until it leaves the last
   filter. */
const channel = new BroadcastChannel("pb-search");
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
