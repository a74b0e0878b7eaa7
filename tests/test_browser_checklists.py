"""Checklists and call sheets in a real Chromium: ticks that persist, keyboard use, one-page print."""

from __future__ import annotations

import io
import re

import pytest
from instant import follow
from pypdf import PdfReader
from sheet_layouts import layout_of

from conftest import FIXTURES, ROOT, SiteServer, mkdocs
from playbook.load import load_playbook
from playbook.settings import read_settings
from playbook.sheetfit import SheetLayout, estimate_pages

SHEETS = FIXTURES / "sheets"


def playbook_of(root):
    return load_playbook(root, read_settings(root)).playbook


DEFAULT = playbook_of(ROOT)


def pdf_pages(page, paper: str) -> list[str]:
    reader = PdfReader(io.BytesIO(page.pdf(format=paper)))
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


def squash(text: str) -> str:
    return " ".join(text.split())


def item_box(page, full_id: str):
    return page.locator(f'[data-pb-item="{full_id}"] input[type=checkbox]').first


def serve_sitemap_from(page, server_url: str) -> None:
    """Material's instant navigation only follows links listed in sitemap.xml, whose URLs name the
    site's real host; rewrite them to the test server, as if the site were deployed there."""

    from playwright.sync_api import Error

    def handle(route):
        try:
            body = route.fetch().text().replace("https://playbook.example.com/", server_url)
            route.fulfill(body=body, content_type="application/xml")
        except Error:  # the test ended and closed its page while Material still fetched the sitemap
            pass

    page.route("**/sitemap.xml", handle)


def test_ticking_survives_reload_and_instant_navigation(default_server, page):
    listening = DEFAULT.principles["active-listening"].items
    # An item the discovery sheet shows too, so the tick can be seen on both pages.
    item = next(i.full_id for i in DEFAULT.call_sheets["discovery-call"].items if i in listening)
    serve_sitemap_from(page, default_server.url)
    page.goto(default_server.url + "principles/active-listening/")
    total = len(DEFAULT.principles["active-listening"].items)
    page.locator(f'[data-pb-item="{item}"] label').click()
    assert item_box(page, item).is_checked()
    assert page.locator(".pb-toolbar output").inner_text() == f"1 of {total} done"
    page.reload()
    assert item_box(page, item).is_checked()
    # Material's instant navigation swaps the page without reloading scripts: a marker survives it.
    page.evaluate("window.__sameDocument = true")
    follow(page, page.locator('article a[href$="/call-sheets/discovery-call/"]').first)
    assert page.locator("[data-pb-sheet]").count() == 1
    assert item_box(page, item).is_checked()  # the same item, shown on the sheet
    follow(page, page.locator('article a[href$="/principles/active-listening/"]').first)
    assert page.locator("[data-pb-sheet]").count() == 0
    assert page.evaluate("window.__sameDocument") is True
    assert item_box(page, item).is_checked()
    second = next(i.full_id for i in listening if i.full_id != item)
    page.locator(f'[data-pb-item="{second}"] label').click()
    assert page.locator(".pb-toolbar output").inner_text() == f"2 of {total} done"
    assert page.locator(".pb-toolbar").count() == 1


def test_reset_clears_every_tick(default_server, page):
    items = DEFAULT.principles["sit-side-by-side"].items
    page.goto(default_server.url + "principles/sit-side-by-side/")
    for item in items[:2]:
        page.locator(f'[data-pb-item="{item.full_id}"] label').click()
    page.get_by_role("button", name="Reset checklist").click()
    # Reset runs in the call tools, loaded on demand: the page shows it cleared before it reloads.
    page.wait_for_function("!document.querySelector('[data-pb-item] input:checked')")
    page.reload()
    assert not any(item_box(page, i.full_id).is_checked() for i in items)
    assert page.locator(".pb-toolbar output").inner_text() == f"0 of {len(items)} done"


def test_keyboard_alone_ticks_items(default_server, page):
    first = DEFAULT.principles["active-listening"].items[0].full_id
    page.goto(default_server.url + "principles/active-listening/")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type === 'checkbox'"):
            break
    assert page.evaluate("document.activeElement.closest('[data-pb-item]').dataset.pbItem") == first
    page.keyboard.press("Space")
    assert item_box(page, first).is_checked()
    assert page.evaluate(f"localStorage.getItem('pb:item:{first}')") == "1"


def test_checkboxes_have_accessible_names(default_server, page):
    page.goto(default_server.url + "call-sheets/discovery-call/")
    sheet = DEFAULT.call_sheets["discovery-call"]
    for item in sheet.items:
        box = item_box(page, item.full_id)
        assert page.get_by_role("checkbox", name=item.text).count() >= 1, item.text
        assert box.is_visible()


@pytest.mark.parametrize("sheet_id", list(DEFAULT.call_sheets))
def test_every_call_sheet_prints_on_one_page_with_every_item(default_server, page, sheet_id):
    sheet = DEFAULT.call_sheets[sheet_id]
    page.goto(default_server.url + f"call-sheets/{sheet_id}/")
    page.emulate_media(media="print")
    for paper in ("A4", "Letter"):
        pages = pdf_pages(page, paper)
        assert len(pages) == 1, f"{sheet_id} prints on {len(pages)} {paper} pages"
        for item in sheet.items:
            assert squash(item.text) in pages[0], item.text
        assert sheet.title in pages[0] and DEFAULT.title in pages[0]
        assert "Copy notes" not in pages[0] and "Edit this page" not in pages[0]


def test_print_all_gives_each_sheet_its_own_page(default_server, page):
    page.goto(default_server.url + "call-sheets/print-all/")
    for paper in ("A4", "Letter"):
        pages = pdf_pages(page, paper)
        assert len(pages) == len(DEFAULT.call_sheets)
        for text, sheet in zip(pages, DEFAULT.call_sheets.values(), strict=True):
            assert text.startswith(sheet.title), (sheet.id, text[:60])


def test_dark_mode_still_prints_light(default_server, browser):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(default_server.url + "call-sheets/discovery-call/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.emulate_media(media="print", color_scheme="dark")
    colors = page.evaluate(
        """() => [getComputedStyle(document.body).backgroundColor,
                  getComputedStyle(document.querySelector('.pb-sheet h1')).color,
                  getComputedStyle(document.querySelector('.pb-item span')).color]"""
    )
    assert colors == ["rgb(255, 255, 255)", "rgb(0, 0, 0)", "rgb(0, 0, 0)"]
    context.close()


def test_copy_notes_gives_markdown_and_reset_clears_the_sheet(default_server, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(default_server.url + "call-sheets/discovery-call/")
    sheet = DEFAULT.call_sheets["discovery-call"]
    page.get_by_role("textbox", name="Prospect").fill("Dana Reyes")
    page.get_by_role("textbox", name="Company").fill("Acme")
    page.locator(f'[data-pb-item="{sheet.items[0].full_id}"] label').click()
    page.get_by_role("textbox", name="Notes").fill("Wants a pilot in March.")
    page.get_by_role("button", name="Copy notes").click()
    page.wait_for_function("document.querySelector('[data-pb-action=copy]').textContent === 'Copied'")
    markdown = page.evaluate("navigator.clipboard.readText()")
    expected = ["## Discovery call", "", "- **Prospect:** Dana Reyes", "- **Company:** Acme", "- **Date:** "]
    expected += ["- **Goal of this call:** "]
    for section in sheet.sections:
        mode = f" ({section.pause.mode.upper()})" if section.pause.mode else ""
        expected += ["", f"### {section.pause.title}{mode}"]
        expected += [f"- [{'x' if i == sheet.items[0] else ' '}] {i.text}" for i in section.items]
    expected += ["", "### Notes", "", "Wants a pilot in March.", ""]
    assert markdown == "\n".join(expected)
    page.reload()  # fields and notes were kept across the reload...
    assert page.get_by_role("textbox", name="Prospect").input_value() == "Dana Reyes"
    page.get_by_role("button", name="Reset for next call").click()
    # Reset runs in the call tools, loaded on demand again after the reload: shown before reloading.
    page.get_by_role("status").filter(has_text="Sheet cleared").wait_for()
    page.reload()  # ...and the reset cleared them for the next call
    assert page.get_by_role("textbox", name="Prospect").input_value() == ""
    assert page.get_by_role("textbox", name="Notes").input_value() == ""
    assert not item_box(page, sheet.items[0].full_id).is_checked()
    context.close()


def test_print_button_opens_the_print_dialog(default_server, page):
    page.goto(default_server.url + "call-sheets/discovery-call/")
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") is True


def test_without_javascript_items_still_read_as_a_list(default_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(default_server.url + "principles/active-listening/")
    texts = page.locator("[data-pb-item]").all_inner_texts()
    assert texts == [i.text for i in DEFAULT.principles["active-listening"].items]
    assert page.locator(".pb-toolbar").count() == 0
    context.close()


@pytest.fixture(scope="module")
def sheets_server(tmp_path_factory):
    site = tmp_path_factory.mktemp("sheets") / "site"
    assert mkdocs("build", "--strict", "-d", str(site), cwd=SHEETS).returncode == 0
    server = SiteServer(site)
    yield server
    server.close()


def test_one_page_estimate_agrees_with_the_browser(sheets_server, page):
    """Every sheet the estimate accepts prints on one page; a sheet grown past it spills over. (The
    default sheets' one page on both papers is test_every_call_sheet_prints_on_one_page_with_every_item's.)"""
    assert all(estimate_pages(layout_of(sheet)) <= 1.0 for sheet in DEFAULT.call_sheets.values())
    for sheet in playbook_of(SHEETS).call_sheets.values():
        page.goto(sheets_server.url + f"call-sheets/{sheet.id}/")
        assert estimate_pages(layout_of(sheet)) <= 1.0
        for paper in ("A4", "Letter"):
            assert len(pdf_pages(page, paper)) == 1, (sheet.id, paper)
    long_sheet = playbook_of(SHEETS).call_sheets["long-sheet"]
    page.goto(sheets_server.url + "call-sheets/long-sheet/")
    # Grow the long sheet by four items on screen, as an editor adding them would.
    page.evaluate(
        """() => { const list = document.querySelector('.pb-items');
                   for (let i = 0; i < 4; i++) list.append(list.lastElementChild.cloneNode(true)); }"""
    )
    layout = layout_of(long_sheet)
    grown = SheetLayout(layout.summary_chars, layout.field_count, layout.sections + [[80] * 4], layout.notes)
    grown.sections[-1] = []  # the clones joined the first list: count them there instead
    grown.sections[0] = grown.sections[0] + [80] * 4
    assert estimate_pages(grown) > 1.0
    # The estimate budgets for the shorter of the two papers, US Letter.
    assert len(pdf_pages(page, "Letter")) == 2


def test_sheet_footer_names_playbook_sheet_revision_and_url(default_server, page):
    page.goto(default_server.url + "call-sheets/discovery-call/")
    text = pdf_pages(page, "A4")[0]
    assert re.search(r"Relationship Selling Playbook · Discovery call \d{4}-\d{2}-\d{2}", text)
    assert "https://playbook.example.com/call-sheets/discovery-call/" in text
