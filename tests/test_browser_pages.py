"""The pages a rep uses before and during a call, on a 390 x 844 phone (touch) and a 1280 x 800
desktop: the play comes first on a principle page, and the call sheets and objections are a tap from
home."""

from __future__ import annotations

import re

import pytest
from instant import follow

from conftest import ROOT
from playbook.load import load_playbook
from playbook.settings import read_settings

DEFAULT = load_playbook(ROOT, read_settings(ROOT)).playbook
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def screen(request, browser):
    context = browser.new_context(service_workers="block", **request.param)
    yield context.new_page()
    context.close()


def test_principle_page_shows_one_stage_one_tag_list_and_the_play_before_the_story(default_server, screen):
    screen.goto(default_server.url + "principles/active-listening/")
    article = screen.locator("article")
    assert article.locator("[aria-current=step]").count() == 1
    assert article.locator("code").count() == 0  # the tags are Material's list above the title, once
    headings = [h.split("¶")[0].strip() for h in article.locator("h2").all_inner_texts()]
    assert headings.index("Checklist") < headings.index("Say") < headings.index("How") < headings.index("Why it works")
    assert headings.index("Why it works") < headings.index("Related")
    relations = article.locator("h2#related + ul .pb-rel").all_inner_texts()
    assert relations and set(relations) <= {"see also", "links here", "see also · links here", "call sheet"}


def test_every_call_sheet_and_the_objections_are_one_tap_from_home(default_server, screen):
    screen.goto(default_server.url)
    next_call = screen.get_by_role("navigation", name="For your next call")
    links = next_call.get_by_role("link")
    hrefs = [h.removeprefix(default_server.url) for h in links.evaluate_all("as => as.map(a => a.href)")]
    assert hrefs == ["objections/", *(f"call-sheets/{s}/" for s in DEFAULT.call_sheets)]
    cycle_map = screen.get_by_role("navigation", name="Map of the sales cycle")
    assert next_call.bounding_box()["y"] < cycle_map.bounding_box()["y"]  # the next call first, then the map
    assert screen.locator('article a[href$="whats-new/"]').count() >= 1
    touch = screen.evaluate("matchMedia('(pointer: coarse)').matches")
    for href in hrefs:
        screen.goto(default_server.url)
        link = screen.locator(f'.pb-next a[href$="{href}"]')
        follow(screen, link, tap=touch)  # swapped in by instant navigation
        assert screen.locator("[data-pb-sheet], [data-pb-card]").count() == 1


def test_objections_page_leads_to_each_stage_in_one_tap_and_has_a_print_button(default_server, screen):
    groups = DEFAULT.objections_by_stage()
    screen.goto(default_server.url + "objections/")
    jumps = screen.get_by_role("navigation", name="Objections by stage").get_by_role("link")
    assert jumps.count() == len(groups)
    touch = screen.evaluate("matchMedia('(pointer: coarse)').matches")
    if touch:  # a thumb-sized tap each
        assert min(jumps.evaluate_all("as => as.map(a => a.getBoundingClientRect().height)")) >= 44
    assert screen.locator(".md-sidebar--secondary:visible .md-nav__link").count() == 0  # no empty contents column
    for i, (stage, entries) in enumerate(groups):
        jump = jumps.nth(i)
        assert jump.inner_text().startswith(stage.title)
        jump.tap() if touch else jump.click()
        screen.wait_for_url(f"**#{stage.id}")
        heading = screen.locator(f"h2#{stage.id}")
        top = heading.evaluate("e => e.getBoundingClientRect().top")
        assert 0 <= top < screen.viewport_size["height"] / 2, (stage.id, top)
        first = screen.locator(f'[data-pb-objection="{entries[0][0].id}/{entries[0][1].id}"]')
        assert first.is_visible()
    screen.evaluate("window.print = () => { window.__printed = true; }")
    screen.get_by_role("button", name="Print").click()
    assert screen.evaluate("window.__printed") is True


def test_readme_opens_with_screenshots_of_the_pages():
    readme = (ROOT / "README.md").read_text()
    first_screen = "\n".join(readme.splitlines()[:12])
    shots = re.findall(r'<img src="(docs/screenshots/[^"]+\.png)"', first_screen)
    assert shots and all((ROOT / shot).is_file() for shot in shots)
    for page in ("home", "principle", "call-sheet", "objections"):
        for size in ("phone", "desktop"):
            assert (ROOT / f"docs/screenshots/{page}-{size}.png").is_file()


def test_principle_page_details_read_as_a_designer_would_ship_them(default_server, screen):
    screen.goto(default_server.url + "principles/active-listening/")
    avoid = screen.locator(".pb-avoid li").first
    text, instead = avoid.locator(".pb-avoid-text"), avoid.locator(".pb-instead")
    assert instead.inner_text().startswith("Instead:")
    above = text.bounding_box()
    assert instead.bounding_box()["y"] >= above["y"] + above["height"] - 1  # a line of its own
    date = screen.locator(".pb-ownership time")
    assert date.bounding_box()["height"] < 2 * float(date.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
    assert screen.locator(".md-footer-meta:visible").count() == 0  # no empty band at the bottom
    badge = screen.locator(".pb-mode").first
    assert badge.get_attribute("title") and screen.locator(".pb-mode-line .pb-mode-help").first.is_visible()
    sizes = screen.locator(".pb-toolbar [data-pb-action], .pb-toolbar output, .pb-mode-help").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= 13.5, sizes
