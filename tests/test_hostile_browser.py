"""Hostile content in Chromium: no page of the hostile playbook runs a payload, and searching
payload words shows results as text (``hostile_playbook.py`` builds it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from hostile_playbook import MARKER
from html_tree import parse
from instant import follow
from search_harness import ask, open_box

from conftest import SiteServer

EXTERNAL_ALLOWED = ("fonts.googleapis.com", "fonts.gstatic.com", "api.github.com")  # Material's own
# Reports every assignment to the marker, even one made after the test looked or on a page left since.
MARKER_HOOK = """Object.defineProperty(window, "__pwned", {
  configurable: false,
  get() { return this.__pwnedValue; },
  set(value) { this.__pwnedValue = value; console.error("PWNED " + location.href); },
});"""


@pytest.fixture(scope="module")
def server(hostile):
    server = SiteServer(hostile.site)
    yield server
    server.close()


@dataclass
class Watch:
    dialogs: list = field(default_factory=list)
    pwned: list = field(default_factory=list)
    external: list = field(default_factory=list)


def watch(context, server, block: tuple[str, ...] = ()) -> Watch:
    """Record dialogs, marker assignments and requests leaving 127.0.0.1 (which are aborted)."""
    seen = Watch()

    def dialog(d):
        seen.dialogs.append(f"{d.type}: {d.message} on {d.page.url if d.page else '?'}")
        d.dismiss()

    def route(r):
        url = r.request.url
        if not url.startswith(server.url):
            seen.external.append(url)
        r.abort()

    context.add_init_script(MARKER_HOOK)
    context.on("dialog", dialog)
    context.on("console", lambda m: m.text.startswith("PWNED") and seen.pwned.append(m.text))
    # Only foreign requests (and the blocked ones) reach Python, so page loads stay fast.
    blocked = "|".join([r"^(?!" + re.escape(server.url) + ")", *(re.escape(b) for b in block)])
    context.route(re.compile(blocked), route)
    return seen


def marker_set(page) -> bool:
    return page.evaluate("typeof window.__pwned !== 'undefined'")


def check_watch(seen: Watch) -> None:
    assert not seen.pwned, seen.pwned
    assert not seen.dialogs, seen.dialogs
    unexpected = [u for u in seen.external if u.split("/")[2] not in EXTERNAL_ALLOWED]
    assert not unexpected, f"content made the browser fetch {unexpected}"


def test_the_browser_watch_catches_a_payload(tmp_path, page):
    """Guard against a watch that passes because it sees nothing."""
    (tmp_path / "index.html").write_text('<img src=x onerror="window.__pwned=1; alert(1)">')
    site = SiteServer(tmp_path)
    try:
        seen = watch(page.context, site)
        page.goto(site.url, wait_until="load")
        page.wait_for_timeout(100)
        assert marker_set(page)
    finally:
        site.close()
    assert seen.pwned and seen.dialogs


def test_no_page_runs_a_payload_in_the_browser(hostile, server, page):
    # The search index is left out here (each page would build it again); the next test searches.
    seen = watch(page.context, server, block=("search/search_index.json",))
    urls = [
        server.url + p.relative_to(hostile.site).as_posix().removesuffix("index.html")
        for p in sorted(hostile.site.rglob("*.html"))
    ]
    ran = []
    for url in urls:
        page.goto(url, wait_until="load")
        if marker_set(page):
            ran.append(url)
    page.wait_for_timeout(300)  # late error and load events of the last pages
    assert not ran, f"{MARKER} set on {ran}"
    check_watch(seen)


SEARCHES = ["Injected", "onclick", "tracking", "emphasis", "swallow", "Heading", "Paragraph", "danger", "anchor"]


# What Material's result list may hold: its own markup around our worker's escaped text.
RESULT_TAGS = {"#document", "li", "a", "article", "div", "h1", "h2", "mark", "details", "summary", "nav", "span", "del"}
RESULT_ATTRIBUTES = {"href", "class", "tabindex", "data-md-score"}


def test_searching_payload_words_runs_nothing(server, page):
    """Material renders results with innerHTML from the search worker: typing payload words must
    run nothing, and the results must hold no markup but Material's own."""
    seen = watch(page.context, server)
    open_box(page, server.url)
    bad = []
    for word in SEARCHES:
        ask(page, word)  # the list shows the worker's answer to this word
        page.locator(".md-search-result__item", has_text=word).first.wait_for()
        page.wait_for_timeout(100)
        assert not marker_set(page), f"search for {word!r} ran a payload"
        shown = page.locator("[data-pb-search-results]").inner_html()
        for node in parse(shown).iter():
            if node.tag not in RESULT_TAGS or set(node.attrs) - RESULT_ATTRIBUTES:
                bad.append(f"{word}: <{node.tag} {' '.join(sorted(node.attrs))}>")
    assert not bad, "\n".join(bad)
    ask(page, "Injected")
    result = page.locator(".md-search-result__item a", has_text="Injected").first
    follow(page, result)  # search.highlight marks the word on the page it opens
    page.wait_for_timeout(300)  # late error and load events of the page opened
    assert not marker_set(page)
    check_watch(seen)
