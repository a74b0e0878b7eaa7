"""Following a link as a reader does, on a site with Material's instant navigation.

A click on a link to a page of the site (a search result too) loads no new document: Material, or
search.js for the pages the short sitemap leaves out, pushes the new address at once, fetches the
page, swaps its content in, runs the page's scripts again and only then emits ``document$``, on
which playbook.js restores ticks, fields and notes and draws the toolbar. So the address changes
well before the page is there: a test that waits for the address alone clicks, reads or reloads a
page that is still the old one or not yet set up, and on a busy machine a click can then land while
the content moves under it and be lost. ``follow`` and ``back`` wait for that emission, for the new
address, instead (or for the load of a new document, where instant navigation is off). No clock.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# Listens once per document; forgets what it saw, so the next emission is the new page's.
_ARM = """() => {
  window.__pbWatch ??= window.document$?.subscribe(() => { window.__pbShown = location.pathname; });
  window.__pbShown = null;
}"""
# The new page is in and set up: swapped in place, or loaded as a new document (no listener there).
_SHOWN = """(path) => window.__pbShown === path
  || (window.__pbShown === undefined && location.pathname === path && document.readyState === "complete")"""


def arm(page) -> None:
    page.evaluate(_ARM)


def shown(page, path: str) -> None:
    page.wait_for_function(_SHOWN, arg=path)


def follow(page, link, tap: bool = False) -> str:
    """Click (or tap) ``link`` and wait until the page it leads to is in and set up; its path."""
    path = urlsplit(link.evaluate("a => a.href")).path
    arm(page)
    link.tap() if tap else link.click()
    shown(page, path)
    return path


def back(page, path: str) -> None:
    """The browser's Back, then wait until the page at ``path`` is in and set up again."""
    arm(page)
    page.go_back()
    shown(page, path)
