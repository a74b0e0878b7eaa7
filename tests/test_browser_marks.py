"""The "changed since your last visit" in Chromium: two visits with a rebuild between them, on the
scripted history of tests/whatsnew_repo.py. The first visit marks nothing; after a commit, the
home page marks the principle that changed and its page marks the item, talk track and objection;
opening a page clears its marks; nothing leaves the browser."""

from __future__ import annotations

import pytest
from whatsnew_repo import next_step, scripted_repo

from conftest import SiteServer, build_site

FONTS = ("https://fonts.googleapis.com/", "https://fonts.gstatic.com/")


@pytest.fixture
def served(tmp_path):
    root = tmp_path / "pb"
    scripted_repo(root, until="added")
    site = build_site(root, tmp_path / "site")
    server = SiteServer(site)
    yield root, site, server
    server.close()


def marks(page) -> list[str]:
    return page.eval_on_selector_all(
        "mark.pb-changed",
        "ms => ms.map(m => (m.closest('[data-pb-item],[data-pb-objection],h1,h3,a') || m.parentElement)"
        ".textContent.replace(/\\s+/g, ' ').replace('¶', '').trim())",
    )


def test_marks_show_what_changed_since_the_last_visit_and_clear_once_seen(served, page):
    root, site, server = served
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    listen = server.url + "principles/active-listening/"
    page.goto(server.url)
    assert marks(page) == []  # the first visit marks nothing, though the page carries changes
    page.goto(listen)
    assert marks(page) == []
    next_step(root, "reworded")  # an item, a talk track and an objection reworded
    build_site(root, site)

    page.goto(server.url)
    home = marks(page)
    assert any(m.startswith("Listen so they feel heard") and m.endswith("Changed") for m in home), home
    page.goto(listen)
    found = marks(page)
    assert "Repeat their last words back as a question Changed" in found, found
    assert any(m.startswith("What makes you say so?") and m.endswith("Changed") for m in found), found
    page.goto(server.url + "principles/treat-gatekeepers-well/")  # never opened: marked since the first visit
    assert any("We're happy with the supplier we have" in m for m in marks(page)), marks(page)

    page.reload()
    assert marks(page) == []  # opening a page clears its marks
    page.goto(listen)
    assert marks(page) == []
    page.goto(server.url)
    assert marks(page) == []
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('pb:seen'))")
    assert stored == ["pb:seen"]
    # The basic fixture keeps Material's web fonts (the default playbook turns them off); nothing else leaves.
    away = [url for url in requests if not url.startswith(server.url) and not url.startswith(FONTS)]
    assert away == []


def test_a_link_to_an_item_scrolls_to_it(served, page):
    root, site, server = served
    page.set_viewport_size({"width": 800, "height": 500})
    page.goto(server.url + "principles/active-listening/#item-ask-what-they-tried-before")
    item = page.locator('[data-pb-item="active-listening/ask-what-they-tried-before"]')
    assert item.get_attribute("id") == "item-ask-what-they-tried-before"
    assert item.is_visible() and page.evaluate("window.scrollY") > 0
