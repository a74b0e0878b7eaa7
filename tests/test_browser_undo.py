"""Nothing a rep typed or ticked is lost: a reset can be undone (also after a reload), and ticks,
fields and notes outlive navigation, Material's instant navigation, a reload, a new build of the
site and an update of its service worker."""

from __future__ import annotations

import pytest
from instant import back, follow
from test_browser_checklists import DEFAULT, item_box, pdf_pages, serve_sitemap_from
from test_browser_phone import phone_context

from conftest import BASIC, SiteServer, build_site, copy_playbook

SHEET = "call-sheets/discovery-call/"
PRINCIPLE = "principles/active-listening/"
ITEMS = DEFAULT.call_sheets["discovery-call"].items
FIELDS = {"Prospect": "Ana Ruiz", "Company": "Acme & Sons", "Goal of this call": "Agree a pilot"}
NOTES = "Budget in Q3.\nDecides with the CFO."
RECAP = "Thanks for your time. Next: a pilot plan by Friday."


def fill(page, ticks=(0, 2)) -> None:
    for name, value in FIELDS.items():
        page.locator(f"[data-pb-field='{name}']").fill(value)
    for n in ticks:
        page.locator("[data-pb-item] label").nth(n).click()
    page.locator("[data-pb-notes]").fill(NOTES)
    page.locator("[data-pb-recap]").fill(RECAP)


def state(page) -> dict:
    """What the sheet shows: every field, the notes, the recap and which items are ticked."""
    return page.evaluate(
        """() => ({
            fields: Object.fromEntries([...document.querySelectorAll('[data-pb-field]')]
                .map((f) => [f.dataset.pbField, f.value]).filter(([, v]) => v)),
            notes: document.querySelector('[data-pb-notes]').value,
            recap: document.querySelector('[data-pb-recap]').value,
            ticked: [...document.querySelectorAll('[data-pb-item] input')]
                .map((b, n) => b.checked && n).filter((n) => n !== false),
        })"""
    )


FILLED = {"fields": FIELDS, "notes": NOTES, "recap": RECAP, "ticked": [0, 2]}
EMPTY = {"fields": {}, "notes": "", "recap": "", "ticked": []}


@pytest.fixture(params=["phone", "desktop"])
def sized_page(request, browser):
    """A page at 390 x 844 with touch, or at 1280 x 800."""
    phone = request.param == "phone"
    viewport = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 800}
    context = browser.new_context(viewport=viewport, has_touch=phone, is_mobile=phone, service_workers="block")
    yield context.new_page()
    context.close()


def reset(page) -> None:
    page.get_by_role("button", name="Reset for next call").click()
    page.get_by_role("status").filter(has_text="Sheet cleared").wait_for()


def test_a_reset_sheet_comes_back_with_undo(default_server, sized_page):
    page = sized_page
    page.goto(default_server.url + SHEET)
    fill(page)
    reset(page)
    assert state(page) == EMPTY
    assert page.locator(".pb-toolbar output").inner_text() == f"0 of {len(ITEMS)} done"
    page.locator(".pb-undo").get_by_role("button", name="Undo").click()
    assert state(page) == FILLED
    assert page.locator(".pb-undo").count() == 0
    assert page.locator(".pb-toolbar output").inner_text() == f"2 of {len(ITEMS)} done"
    page.reload()  # back in storage too, not only on screen
    assert state(page) == FILLED


def test_the_undo_bar_survives_a_reload_and_still_brings_everything_back(default_server, sized_page):
    page = sized_page
    page.goto(default_server.url + SHEET)
    fill(page)
    reset(page)
    page.reload()
    assert state(page) == EMPTY
    bar = page.get_by_role("status").filter(has_text="Sheet cleared")
    bar.get_by_role("button", name="Undo").click()
    assert state(page) == FILLED
    page.reload()
    assert state(page) == FILLED and page.locator(".pb-undo").count() == 0


def test_the_undo_bar_stays_until_the_next_edit(default_server, page):
    page.goto(default_server.url + SHEET)
    fill(page)
    reset(page)
    page.locator("[data-pb-notes]").fill("Next call: Bo Lee")  # the next call has begun
    assert page.locator(".pb-undo").count() == 0
    assert page.evaluate("localStorage.getItem('pb:undo')") is None
    page.reload()
    assert page.locator(".pb-undo").count() == 0
    assert state(page) == {**EMPTY, "notes": "Next call: Bo Lee"}


def test_a_tick_is_an_edit_too(default_server, page):
    page.goto(default_server.url + SHEET)
    fill(page)
    reset(page)
    page.locator("[data-pb-item] label").nth(1).click()
    assert page.locator(".pb-undo").count() == 0
    page.reload()
    assert state(page) == {**EMPTY, "ticked": [1]}


def test_a_reset_with_nothing_to_clear_keeps_the_undo_of_the_one_before(default_server, page):
    page.goto(default_server.url + SHEET)
    fill(page)
    reset(page)
    page.get_by_role("button", name="Reset for next call").click()
    page.locator(".pb-undo").get_by_role("button", name="Undo").click()
    assert state(page) == FILLED


def test_a_checklist_reset_is_undone_from_the_keyboard(default_server, page):
    items = DEFAULT.principles["active-listening"].items
    page.goto(default_server.url + PRINCIPLE)
    for item in items[:2]:
        page.locator(f'[data-pb-item="{item.full_id}"] label').click()
    page.get_by_role("button", name="Reset checklist").focus()
    page.keyboard.press("Enter")
    bar = page.get_by_role("status").filter(has_text="Checklist cleared")
    bar.get_by_role("button", name="Undo").wait_for()
    assert not any(item_box(page, i.full_id).is_checked() for i in items)
    page.reload()
    bar.get_by_role("button", name="Undo").wait_for()
    page.get_by_role("button", name="Reset checklist").focus()
    page.keyboard.press("Tab")  # the bar comes right after the toolbar
    assert page.evaluate("document.activeElement.textContent") == "Undo"
    page.keyboard.press("Enter")
    assert [item_box(page, i.full_id).is_checked() for i in items[:3]] == [True, True, False]
    assert page.evaluate("document.activeElement.dataset.pbAction") == "reset"  # the focus is not lost
    page.reload()
    assert [item_box(page, i.full_id).is_checked() for i in items[:3]] == [True, True, False]


def test_the_undo_bar_is_not_printed(default_server, page):
    page.goto(default_server.url + PRINCIPLE)
    page.locator("[data-pb-item] label").first.click()
    page.get_by_role("button", name="Reset checklist").click()
    page.locator(".pb-undo button").wait_for()
    page.emulate_media(media="print")
    assert not page.locator(".pb-undo").is_visible()


@pytest.mark.parametrize("way", ["navigation", "instant navigation", "reload"])
def test_ticks_fields_and_notes_outlive(default_server, page, way):
    serve_sitemap_from(page, default_server.url)
    page.goto(default_server.url + SHEET)
    fill(page)
    page.evaluate("window.__sameDocument = true")
    if way == "reload":
        page.reload()
    else:
        link = page.locator(f'article a[href$="/{PRINCIPLE}"]').first
        if way == "navigation":
            page.goto(link.evaluate("a => a.href"))
        else:
            follow(page, link)
        assert page.locator("[data-pb-sheet]").count() == 0  # the principle's content is in
        follow(page, page.locator(f'article a[href$="/{SHEET}"]').first)
        assert page.locator(".pb-toolbar + [data-pb-sheet]").count() == 1  # the sheet is in and set up
    assert page.evaluate("window.__sameDocument === true") is (way == "instant navigation")
    assert state(page) == FILLED


@pytest.fixture
def rebuilt(tmp_path):
    """The basic playbook built and served, and a way to build it again with a changed sentence (the
    same ids): a new build, with a new service-worker version."""
    root = copy_playbook(BASIC, tmp_path / "pb")
    site = build_site(root, tmp_path / "site")
    server = SiteServer(site)

    def rebuild() -> str:
        source = root / "content/principles/active-listening.yml"
        source.write_text(source.read_text().replace("People buy from", "People buy, as a rule, from"))
        build_site(root, site)
        return (site / "sw.js").read_text()

    yield server, rebuild
    server.close()


def test_a_new_build_keeps_ticks_fields_and_notes(rebuilt, page):
    server, rebuild = rebuilt
    page.goto(server.url + SHEET)
    fill(page, ticks=(0, 1))
    rebuild()
    page.goto(server.url + PRINCIPLE)
    assert "as a rule" in page.locator("article").inner_text()  # the new build is the one served
    page.goto(server.url + SHEET)
    assert state(page) == {**FILLED, "ticked": [0, 1]}


def test_a_service_worker_update_keeps_ticks_fields_and_notes(rebuilt, browser):
    server, rebuild = rebuilt
    context = browser.new_context()  # service workers allowed
    page = context.new_page()
    page.goto(server.url + SHEET)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    old = page.evaluate("caches.keys()")
    fill(page, ticks=(0, 1))
    worker = rebuild()
    page.evaluate(
        """() => new Promise((done) => {
            navigator.serviceWorker.addEventListener('controllerchange', done, { once: true });
            navigator.serviceWorker.getRegistration().then((r) => r.update());
        })"""
    )
    page.wait_for_function("navigator.serviceWorker.controller.state === 'activated'")  # its clean-up done
    new = page.evaluate("caches.keys()")
    assert new != old and len(new) == 1 and new[0][len("playbook-") :] in worker  # the old build's cache is gone
    page.reload()
    assert state(page) == {**FILLED, "ticked": [0, 1]}
    page.goto(server.url + PRINCIPLE)
    assert "as a rule" in page.locator("article").inner_text()
    context.close()


def test_undo_email_recap_and_the_recap_box_are_thumb_sized_on_a_phone(default_server, browser):
    context = phone_context(browser, width=390, service_workers="block")
    page = context.new_page()
    page.goto(default_server.url + SHEET)
    fill(page)
    page.locator("[data-pb-action=reset]").tap()
    page.locator(".pb-undo button").wait_for()
    sizes = page.locator(".pb-undo [data-pb-action], [data-pb-action=email-recap], [data-pb-recap]").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [r.width >= 44 && r.height >= 44, parseFloat(getComputedStyle(e).fontSize)]; })"
    )
    assert len(sizes) == 3 and all(big for big, _ in sizes), sizes
    font = page.locator("[data-pb-recap]").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert font >= 16  # a smaller text field makes phones zoom in on focus
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_a_filled_recap_is_never_printed(default_server, page):
    page.goto(default_server.url + SHEET)
    fill(page)
    page.emulate_media(media="print")
    for paper in ("A4", "Letter"):
        [text] = pdf_pages(page, paper)  # still one page
        assert "Recap" not in text and "Email recap" not in text and "pilot plan" not in text


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_undo_bar_and_the_recap_box_pass_axe(default_server, browser, scheme):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    context = browser.new_context(color_scheme=scheme, service_workers="block")
    page = context.new_page()
    page.goto(default_server.url + SHEET)
    fill(page)
    reset(page)
    result = axe.Axe().run(page).response["violations"]
    assert [v["id"] for v in result if v["impact"] in ("serious", "critical")] == []
    context.close()


def test_the_undo_bar_waits_on_its_own_page_through_instant_navigation(default_server, page):
    serve_sitemap_from(page, default_server.url)
    page.goto(default_server.url + SHEET)
    fill(page)
    reset(page)
    page.evaluate("window.__sameDocument = true")
    follow(page, page.locator(f'article a[href$="/{PRINCIPLE}"]').first)
    assert page.locator("[data-pb-sheet]").count() == 0
    assert page.locator(".pb-undo").count() == 0  # another page: nothing of this sheet to undo here
    back(page, "/" + SHEET)
    page.get_by_role("status").filter(has_text="Sheet cleared").get_by_role("button", name="Undo").click()
    assert page.evaluate("window.__sameDocument") is True
    assert state(page) == FILLED
