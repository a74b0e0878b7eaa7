/* Playbook: loads the search filters' code (search-filters.js) when the search dialog first gets
   focus, so that a page carries only these lines. */
((code) => document.addEventListener("focusin", (e) => e.target.closest?.(".md-search") && import(code)))(
  new URL("search-filters.js", document.currentScript.src).href,
);
