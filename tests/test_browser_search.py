"""Search, the map and cross-references in a real Chromium, on the default playbook."""

from __future__ import annotations

import pytest

from conftest import ROOT
from playbook.load import load_playbook
from playbook.settings import read_settings

DEFAULT = load_playbook(ROOT, read_settings(ROOT)).playbook


def search(page, base_url: str, query: str) -> list[str]:
    """Type into Material's search box as a reader does; return the result links, best first."""
    page.goto(base_url)
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.fill(query[:-1])
    box.press(query[-1])  # Material searches on keyup
    page.wait_for_selector(".md-search-result__item")
    return page.locator(".md-search-result__list > .md-search-result__item").evaluate_all(
        "items => items.map(li => new URL(li.querySelector('a').href).pathname)"
    )


@pytest.mark.parametrize(
    "query, principle",
    [
        ("gatekeeper ally", "treat-gatekeepers-well"),  # title words
        ("kokorogamae", "sell-with-true-intentions"),  # a word of the title and the story
        ("what makes you think so", "ask-dont-counter"),  # a talk track
    ],
)
def test_search_puts_the_principle_in_the_top_three(default_server, page, query, principle):
    results = search(page, default_server.url, query)
    assert f"/principles/{principle}/" in results[:3], results[:5]


def test_search_finds_a_checklist_item(default_server, page):
    principle = DEFAULT.principles["treat-gatekeepers-well"]
    assert "assistant's name" in principle.items[0].text
    results = search(page, default_server.url, "assistant's name")
    assert "/principles/treat-gatekeepers-well/" in results[:3], results[:5]


def test_search_finds_principles_by_tag(default_server, page):
    tagged = {p.id for p in DEFAULT.principles.values() if "objections" in p.tags}
    assert tagged
    results = search(page, default_server.url, "objections")
    assert {r.split("/")[-2] for r in results if "/principles/" in r} & tagged


def test_map_leads_from_home_to_a_principle_and_back_to_its_stage(default_server, page):
    page.goto(default_server.url)
    stages = page.locator(".pb-map .pb-map-stage")
    assert stages.count() == len(DEFAULT.stages)
    assert stages.first.locator(".pb-map-title").inner_text().strip().endswith(DEFAULT.stages[0].title)
    first = DEFAULT.principles_of_stage(DEFAULT.stages[0].id)[0]
    page.get_by_role("navigation", name="Map of the sales cycle").get_by_role("link", name=first.title).click()
    page.wait_for_url(f"**/principles/{first.id}/")
    assert page.locator("h1").inner_text().rstrip("¶") == first.title
    current = page.locator('.pb-cycle [aria-current="step"]')
    assert current.inner_text() == first.stage.title
    current.get_by_role("link").click()
    page.wait_for_url(f"**/stages/{first.stage.id}/")
    assert page.get_by_role("link", name=first.title).count() >= 1


def test_principle_page_lists_what_links_to_it(default_server, page):
    target = "active-listening"
    linking = [p for p in DEFAULT.referenced_by(target)]
    assert linking
    page.goto(default_server.url + f"principles/{target}/")
    section = page.locator("h2#related ~ ul").nth(1 if DEFAULT.principles[target].related else 0)
    titles = section.locator("a").all_inner_texts()
    assert [p.title for p in linking] == titles
