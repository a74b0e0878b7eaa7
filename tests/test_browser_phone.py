"""The site on a phone (Chromium with touch, 320-414 px wide): no page wider than the screen, the
first checklist item of every principle on the first screen, tap targets of 44 px, ticking that
neither zooms nor scrolls, and call mode."""

from __future__ import annotations

import pytest
from instant import back, follow

from conftest import ROOT
from playbook.load import load_playbook
from playbook.settings import read_settings

WIDTHS = (320, 360, 390, 414)
SHEET = "call-sheets/discovery-call/"
DEFAULT = load_playbook(ROOT, read_settings(ROOT)).playbook
# Records what call mode asks of the Wake Lock API, standing in for the real one.
WAKE_LOCK_STUB = """
window.__locks = [];
Object.defineProperty(navigator, "wakeLock", { configurable: true, value: { request: async (type) => {
  const lock = { type, released: false, release: async () => { lock.released = true; } };
  window.__locks.push(lock);
  return lock;
} } });
"""


def phone_context(browser, width=360, **options):
    return browser.new_context(
        viewport={"width": width, "height": 740}, has_touch=True, is_mobile=True, device_scale_factor=2, **options
    )


@pytest.fixture
def phone(browser):
    context = phone_context(browser, service_workers="block")
    context.add_init_script(WAKE_LOCK_STUB)
    yield context.new_page()
    context.close()


def site_pages(site):
    """Every page of the built site, as paths from its root; a page that only redirects a former id
    (`formerly:`) has no layout of its own and leaves as soon as it loads, so it is left out."""
    pages = sorted(p for p in site.rglob("*.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))
    return [p.relative_to(site).as_posix().removesuffix("index.html") for p in pages]


@pytest.fixture(scope="module")
def survey(default_site, default_server, browser):
    """Every page on a 390 x 844 phone, each loaded once: where its first checklist item ends, as
    loaded, then the width of its content laid out again at each phone width (by path)."""
    pages = site_pages(default_site)
    assert len(pages) > 50 and "offline.html" in pages and SHEET in pages
    context = phone_context(browser, width=390, service_workers="block")
    page = context.new_page()
    found = {}
    for path in pages:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(default_server.url + path)
        item = page.locator("[data-pb-item]").first.evaluate_all("es => es.map(e => e.getBoundingClientRect().bottom)")
        widths = {}
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 844})
            widths[width] = page.evaluate("document.documentElement.scrollWidth")
        found[path] = (item[0] if item else None, widths)
    context.close()
    return found


def test_no_page_is_wider_than_a_phone_screen(survey):
    laid_out = [(width, path, scroll) for path, (_, widths) in survey.items() for width, scroll in widths.items()]
    assert [(width, path, scroll) for width, path, scroll in laid_out if scroll > width] == []


def test_first_checklist_item_of_every_principle_is_on_the_first_phone_screen(survey):
    lowest = [(round(survey[f"principles/{p}/"][0]), p) for p in DEFAULT.principles]
    assert max(lowest)[0] <= 844, sorted(lowest)[-3:]


def box(locator):
    return locator.evaluate_all(
        "els => els.filter(e => e.offsetParent).map(e => { const r = e.getBoundingClientRect();"
        " return [e.dataset.pbAction || e.dataset.pbField || e.closest('[data-pb-item]')?.dataset.pbItem"
        " || e.tagName, Math.round(r.width), Math.round(r.height)]; })"
    )


@pytest.mark.parametrize("path", [SHEET, "principles/active-listening/"])
def test_rows_fields_and_buttons_are_44px_tap_targets_on_touch_screens(default_server, phone, path):
    phone.goto(default_server.url + path)
    assert phone.evaluate("matchMedia('(pointer: coarse)').matches")
    targets = box(phone.locator(".pb-item label, .pb-field input, .pb-notes textarea, .pb-toolbar [data-pb-action]"))
    assert len(targets) > 5
    assert [t for t in targets if t[1] < 44 or t[2] < 44] == []
    sizes = phone.locator(".pb-field input, .pb-notes textarea").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert all(size >= 16 for size in sizes), sizes  # a smaller text field makes phones zoom in on focus


def test_ticking_an_item_neither_zooms_nor_scrolls_the_page(default_server, phone):
    phone.goto(default_server.url + SHEET)
    item = phone.locator("[data-pb-item]").nth(6)
    item.scroll_into_view_if_needed()
    phone.evaluate("window.scrollBy(0, -200)")
    before = phone.evaluate("[scrollY, visualViewport.scale]")
    item.locator("label").tap()
    assert item.locator("input").is_checked()
    assert phone.evaluate("[scrollY, visualViewport.scale]") == before
    field = phone.locator("[data-pb-field]").first
    field.tap()
    field.type("Ana")
    assert phone.evaluate("visualViewport.scale") == 1


def test_call_mode_shows_the_sheet_alone_keeps_its_state_and_returns_to_the_page(default_server, phone):
    phone.goto(default_server.url + SHEET)
    items = phone.locator("[data-pb-item]")
    items.nth(0).locator("label").tap()
    phone.locator("[data-pb-field=Prospect]").fill("Ana Ruiz")
    # Scrolled so that the toolbar is just below Material's sticky header, where the rep taps it.
    phone.locator(".pb-toolbar").evaluate("e => scrollTo(0, e.getBoundingClientRect().top + scrollY - 60)")
    before = phone.evaluate("scrollY")
    assert before > 40

    phone.locator("[data-pb-action=call-mode]").tap()
    phone.wait_for_function("document.documentElement.classList.contains('pb-call')")
    assert phone.locator("[data-pb-action=call-mode]").get_attribute("aria-pressed") == "true"
    assert not phone.locator(".md-header").is_visible() and not phone.locator(".md-sidebar--primary").is_visible()
    assert not phone.locator("article h2#on-this-sheet").is_visible()
    assert phone.evaluate("window.__locks.map(l => [l.type, l.released])") == [["screen", False]]
    assert phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.pb-item')).fontSize)") >= 20
    # The progress stays pinned at the top while the rep scrolls through the items.
    phone.evaluate("window.scrollTo(0, 600)")
    assert phone.locator(".pb-toolbar").bounding_box()["y"] == 0
    assert phone.locator(".pb-toolbar output").inner_text().startswith("1 of ")
    # Same elements, same state: a tick and the notes written here are the page's own.
    items.nth(3).locator("label").tap()
    notes = phone.locator("[data-pb-notes]")
    notes.fill("Budget in Q3")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    phone.locator("[data-pb-action=call-mode]").tap()
    phone.wait_for_function("!document.documentElement.classList.contains('pb-call')")
    assert phone.evaluate("scrollY") == before
    assert phone.evaluate("window.__locks.map(l => l.released)") == [True]
    assert phone.locator(".md-header").is_visible()
    phone.reload()
    assert items.nth(0).locator("input").is_checked() and items.nth(3).locator("input").is_checked()
    assert phone.locator("[data-pb-field=Prospect]").input_value() == "Ana Ruiz"
    assert notes.input_value() == "Budget in Q3"


def test_call_mode_on_a_principle_shows_its_checklist(default_server, phone):
    principle = DEFAULT.principles["active-listening"]
    phone.goto(default_server.url + "principles/active-listening/")
    phone.locator("[data-pb-action=call-mode]").tap()
    phone.wait_for_function("document.documentElement.classList.contains('pb-call')")
    assert phone.locator("[data-pb-item]").first.is_visible()
    assert phone.locator(".pb-item:visible").count() == len(principle.items)
    assert not phone.locator("article h2#why-it-works").is_visible()
    phone.keyboard.press("Escape")  # a hardware keyboard's way out
    phone.wait_for_function("!document.documentElement.classList.contains('pb-call')")
    assert phone.locator("article h2#why-it-works").is_visible()


def test_leaving_the_page_by_instant_navigation_ends_call_mode(default_server, phone):
    from test_browser_checklists import serve_sitemap_from

    serve_sitemap_from(phone, default_server.url)
    # Material follows a link in place only once it has read the sitemap: on a busy machine a click
    # before that is a full page load, which leaves Back nowhere to go in place.
    with phone.expect_response("**/sitemap.xml"):
        phone.goto(default_server.url + "call-sheets/")
    follow(phone, phone.locator(f'article a[href$="{SHEET.split("/")[1]}/"]').first)
    phone.evaluate("window.__sameDocument = true")
    phone.locator("[data-pb-action=call-mode]").tap()
    phone.wait_for_function("document.documentElement.classList.contains('pb-call')")
    back(phone, "/call-sheets/")
    assert not phone.evaluate("document.documentElement.classList.contains('pb-call')")
    assert phone.evaluate("window.__sameDocument") is True  # Material swapped the page in place
    assert phone.evaluate("window.__locks.map(l => l.released)") == [True]
