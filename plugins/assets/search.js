/* Playbook: loads the search filters' code (search-filters.js) when the search dialog first gets
   focus (or has it already: a ?q= link), so that a page carries only these lines. */
((code, go = (e) => e?.closest?.(".md-search") && import(code)) => {
  document.addEventListener("focusin", (e) => go(e.target));
  go(document.activeElement);
})(new URL("search-filters.js", document.currentScript.src).href);
