/* Playbook, on every page with Pagefind search:
   - loads the search filters' code (search-filters.js) when the search dialog first gets focus (or
     has it already: a ?q= link), so that a page carries only these lines;
   - instant navigation for the pages the short sitemap.xml leaves out (plugins/sitemap.py: the
     principles and call sheets, so that a first page view does not grow with the playbook): a click
     on a link to a page of this site that Material let through (it lets Ctrl and Cmd clicks through
     too) goes to Material's location$, as its own click handler does (Material keeps the scroll
     position of each history entry). Material's instant navigation, when on, makes every link's
     href absolute; a relative one means it is off, and the browser follows the link. */
{
  const load = (e) => e?.closest?.(".md-search") && import("./search-filters.js");
  document.addEventListener("focusin", (e) => load(e.target));
  load(document.activeElement);
}
addEventListener("click", (e) => {
  const a = e.target.closest?.("a[href^=http]:not([target],[download])"), url = a && new URL(a.href);
  if (url?.href.startsWith(__md_scope) && url.pathname.endsWith("/") && url.pathname != location.pathname &&
      !(e.defaultPrevented || e.metaKey || e.ctrlKey)) {
    e.preventDefault();
    history.pushState(null, "", url);
    location$.next(url);
  }
});
