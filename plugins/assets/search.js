/* Playbook, on every page with Pagefind search:
   - loads the search filters' code (search-filters.js) when the search dialog first gets focus (or
     has it already: a ?q= link), so that a page carries only these lines;
   - instant navigation for the pages the short sitemap.xml leaves out (plugins/sitemap.py: the
     principles and call sheets, so that a first page view does not grow with the playbook): a click
     on a link to a page of this site that Material let through goes to Material's location$, as its
     own click handler does (the scroll position kept for Back). */
((code, go = (e) => e?.closest?.(".md-search") && import(code)) => {
  document.addEventListener("focusin", (e) => go(e.target));
  go(document.activeElement);
})(new URL("search-filters.js", document.currentScript.src).href);
addEventListener("click", (e) => {
  const a = e.target.closest?.("a[href]"), url = a && new URL(a.href), here = location;
  if (!url || e.defaultPrevented || a.target || a.download || e.button || e.metaKey || e.ctrlKey || e.shiftKey) return;
  if (!window.location$ || !/"navigation\.instant"/.test(document.getElementById("__config")?.textContent)) return;
  if (url.origin !== here.origin || !url.pathname.endsWith("/") || url.pathname === here.pathname) return;
  if (!url.href.startsWith(__md_scope.href)) return;
  e.preventDefault();
  history.replaceState({ x: scrollX, y: scrollY }, "");
  history.pushState(null, "", url);
  location$.next(url);
});
