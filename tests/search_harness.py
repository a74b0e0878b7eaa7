"""Drives Material's search box in one page session and reads the results, for many queries.

A small script put in the page before Material's bundle wraps ``Worker`` to count the queries the
box sends its search worker, to count the answers and to keep the last one: a query is settled when the answer to it
has arrived (our worker echoes the query in ``data.query``; Material's lunr worker answers every
query in order) and the result list shows that answer. No wall-clock waits.
"""

from __future__ import annotations

from urllib.parse import urlsplit

WATCH = """(() => {
  const seen = (window.__pbSearch = { sent: 0, answered: -1, answers: 0, query: null, answer: null });
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", ({ data }) => {
        if (!data || data.type !== 3) return;
        Object.assign(seen, { answered: seen.sent, answers: seen.answers + 1, answer: data.data });
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) Object.assign(seen, { sent: seen.sent + 1, query: message.data });
      return super.postMessage(message, ...rest);
    }
  };
})();"""

SETTLED = """([query, none]) => {
  const seen = window.__pbSearch;
  if (seen.query !== query || seen.answered !== seen.sent || !seen.answer) return null;
  if (seen.answer.query !== undefined && seen.answer.query !== query) return null;
  const items = seen.answer.items || [];
  const list = "[data-pb-search-results] > li > a:first-child, .md-search-result__list > li > a:first-child";
  const links = [...document.querySelectorAll(list)];
  const meta = document.querySelector(".md-search-result__meta")?.textContent || "";
  if (!items.length) return meta.includes(none) || !links.length ? [] : null;
  const first = new URL(items[0][0].location, location.href).pathname;
  if (!links.length || new URL(links[0].href).pathname !== first) return null;
  return links.map((a) => a.href);
}"""


# Our filter controls' code (search-filters.js) loads when the box first gets focus and puts its
# stylesheet in the dialog as it starts; a filter chosen before that would go unheard.
FILTERS_READY = """() => !document.querySelector("[data-pb-search-filter]")
  || !!document.querySelector('.md-search link[href$="search-filters.css"]')"""


def open_box(page, url: str) -> None:
    page.add_init_script(WATCH)
    page.goto(url)
    page.keyboard.press("/")
    page.wait_for_function("document.activeElement.matches('input.md-search__input')")
    page.wait_for_function(FILTERS_READY)


def ask(page, query: str, none: str = "No matching") -> list[str]:
    """Type ``query`` as a reader does (Material searches on keyup); the result paths, best first."""
    box = page.locator("input.md-search__input")
    box.fill(query[:-1])
    box.press(query[-1])
    links = page.wait_for_function(SETTLED, arg=[query, none]).json_value()
    return [urlsplit(link).path for link in links]
