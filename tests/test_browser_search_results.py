"""What search results show and where they lead, in a real Chromium on the default playbook: the
true count of matches and the rest of the list as it scrolls, each result's kind, hits that open
the page at the item or objection found, snippets without the metadata line, filters that bring
call sheets, and filter controls that fit a thumb on a 390 x 844 touch screen."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from instant import back, follow
from search_harness import WATCH
from test_browser_search import DEFAULT, choose, count, open_search, result_paths, type_query, words_of

LINKS = "[data-pb-search-results] > li > a:first-child"


def test_the_dialog_counts_every_match_and_draws_the_rest_as_the_list_scrolls(default_server, page):
    open_search(page, default_server.url)
    type_query(page, "price")
    total = count(page)
    assert total > 10 and len(result_paths(page)) == 10
    wrap = page.locator(".md-search__scrollwrap")
    for _ in range(total):  # Material draws a few more each time the list is scrolled to its end
        if page.locator(LINKS).count() == total:
            break
        wrap.evaluate("e => e.scrollTo(0, e.scrollHeight - e.clientHeight - 200)")
        page.wait_for_timeout(50)
        wrap.evaluate("e => e.scrollTo(0, e.scrollHeight)")
        page.wait_for_timeout(100)
    page.wait_for_function("!document.querySelector('[data-pb-fill]')")  # every placeholder filled
    paths = result_paths(page)
    assert len(paths) == total and len(set(paths)) == total, paths
    assert all(page.locator(LINKS).evaluate_all("as => as.map(a => a.querySelector('h1').textContent.trim() !== '')"))


def test_each_result_says_what_kind_of_page_it_is(default_server, page):
    open_search(page, default_server.url)
    type_query(page, "gatekeeper")
    kinds = dict(
        page.locator(LINKS).evaluate_all(
            "as => as.map(a => [new URL(a.href).pathname, a.querySelector('.pb-kind')?.textContent])"
        )
    )
    assert kinds["/call-sheets/gatekeeper-first-contact/"] == "Call sheet"
    assert kinds["/principles/treat-gatekeepers-well/"] == "Principle"
    assert all(kinds.values()), kinds


def test_a_hit_on_an_objection_opens_the_principle_at_that_objection(default_server, page):
    principle, objection = next((p, o) for p in DEFAULT.principles.values() for o in p.objections)
    open_search(page, default_server.url)
    type_query(page, words_of(objection.objection))
    first = page.locator(LINKS).first
    assert urlsplit(first.get_attribute("href")).fragment == f"objection-{objection.id}"
    assert follow(page, first) == f"/principles/{principle.id}/"
    in_view = "id => [document.getElementById(id)?.getBoundingClientRect()]"
    in_view += ".some(r => r?.top >= 0 && r.top < innerHeight)"
    page.wait_for_function(in_view, arg=f"objection-{objection.id}")


def test_a_hit_on_a_checklist_item_links_to_that_item(default_server, page):
    principle = DEFAULT.principles["negotiate-give-and-get"]
    item = next(i for i in principle.items if "total cost" in i.text.lower())
    open_search(page, default_server.url)
    type_query(page, words_of(item.text))
    href = page.locator(LINKS).first.get_attribute("href")
    assert urlsplit(href).path.endswith(f"/principles/{principle.id}/") and urlsplit(href).fragment == f"item-{item.id}"


def test_snippets_leave_out_the_stage_roles_and_tags_line(default_server, page):
    open_search(page, default_server.url)
    role = DEFAULT.roles[0].title
    type_query(page, role)
    texts = page.locator("[data-pb-search-results] article").evaluate_all("as => as.map(a => a.textContent)")
    assert texts and not [t for t in texts if "Roles:" in t or "Stage:" in t], texts


def test_a_role_filter_brings_that_roles_call_sheets(default_server, page):
    open_search(page, default_server.url)
    type_query(page, "call")
    assert "/call-sheets/gatekeeper-first-contact/" in choose(page, "role", "gatekeeper")


def test_print_all_call_sheets_is_found(default_server, page):
    open_search(page, default_server.url)
    assert "/call-sheets/print-all/" in type_query(page, "print all call sheets")[:3]


def test_the_filter_controls_loading_never_makes_the_worker_answer_again(default_server, page):
    """The controls send their choice, every one "any", when they load (late, on a busy machine) and at
    every focus: an answer to that would redraw the list under a reader's tap and lose the tap. The
    worker answers each query and each change that narrows, once."""
    open_search(page, default_server.url)
    type_query(page, "price")
    choose(page, "stage", DEFAULT.stages[0].id)  # sent on the channel the controls' first choice took
    assert page.evaluate("window.__pbSearch.answers - window.__pbSearch.sent") == 1


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, service_workers="block"
    )
    yield context.new_page()
    context.close()


def test_filters_fit_a_thumb_and_leave_the_first_result_in_view_on_a_phone(default_server, phone):
    phone.add_init_script(WATCH)  # choose() waits for the worker's answer to the filter
    phone.goto(default_server.url + "?q=price")
    phone.wait_for_selector(LINKS)
    choose(phone, "stage", DEFAULT.stages[2].id)
    phone.wait_for_function("getComputedStyle(document.querySelector('.pb-search-filters')).display === 'grid'")
    for control in phone.locator("[data-pb-search-filter]").all():
        box = control.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, box
        assert control.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 16
        label = control.evaluate("e => [e.closest('label').getBoundingClientRect()].map(r => [r.top, r.bottom])[0]")
        assert label[0] <= box["y"] and box["y"] + box["height"] <= label[1] + 1  # beside its label, one row
        assert label[1] - label[0] < 2 * 44
    first = phone.locator(LINKS).first.bounding_box()
    assert first["y"] >= 0 and first["y"] + min(first["height"], 60) <= 844, first


def test_a_result_opens_by_instant_navigation_though_the_sitemap_lists_no_principle(default_site, default_server, page):
    sitemap = (default_site / "sitemap.xml").read_text()
    assert "/principles/" not in sitemap and "/call-sheets/discovery-call/" not in sitemap
    assert "<loc>https://playbook.example.com/</loc>" in sitemap
    open_search(page, default_server.url)
    type_query(page, "kokorogamae")
    page.evaluate("window.__samePage = true")
    path = follow(page, page.locator(LINKS).first)
    assert path.startswith("/principles/")
    assert page.locator(".md-content article h1").count() == 1
    assert page.evaluate("window.__samePage === true")  # Material swapped the page in place
    back(page, "/")
