"""Search, the map and cross-references in a real Chromium, on the default playbook.

Search is Pagefind behind Material's search box (plugins/search.py, assets/search-worker.js). The
queries are derived from the content through playbook's loader, so they follow content changes.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import yaml
from search_harness import SETTLED, WATCH, ask, open_box

from conftest import BASIC, ROOT, SiteServer, copy_playbook, mkdocs
from playbook.load import load_playbook
from playbook.settings import read_settings

DEFAULT = load_playbook(ROOT, read_settings(ROOT)).playbook
# Common English words a rep would leave out of a query.
STOP_WORDS = set(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself yourselves
    s t don doesn isn aren wasn weren won wouldn can't don't it's i'm you're they're we're""".split()
)


def words_of(text: str) -> str:
    """The query a rep would type for a text: its words, Markdown and stop words dropped."""
    words = re.findall(r"[A-Za-z0-9\u00C0-\u024F]+(?:'[A-Za-z]+)?", text)
    kept = [w for w in words if w.lower() not in STOP_WORDS]
    return " ".join(kept or words)


def longest_word(text: str) -> str:
    return max(re.findall(r"[A-Za-z]+", text), key=len)


def queries() -> list[tuple[str, str, str]]:
    """(what, query, principle id) for every checklist item, talk track and objection."""
    found = []
    for p in DEFAULT.principles.values():
        found += [(f"item {item.full_id}", words_of(item.text), p.id) for item in p.items]
        found += [(f"say {p.id} #{i}", words_of(line), p.id) for i, line in enumerate(p.say, 1)]
        for objection in getattr(p, "objections", None) or []:
            found.append((f"objection {p.id}", words_of(objection.objection), p.id))
    return found


def open_search(page, base_url: str) -> None:
    open_box(page, base_url)


def type_query(page, query: str) -> list[str]:
    """Type into Material's search box as a reader does; the result paths, best first."""
    return ask(page, query)


def search(page, base_url: str, query: str) -> list[str]:
    open_search(page, base_url)
    return type_query(page, query)


def result_paths(page) -> list[str]:
    links = page.locator("[data-pb-search-results] > li > a:first-child").evaluate_all("as => as.map(a => a.href)")
    return [urlsplit(link).path for link in links]


@pytest.mark.parametrize(
    "query, principle",
    [
        ("gatekeeper ally", "treat-gatekeepers-well"),  # title words
        ("kokorogamae", "sell-with-true-intentions"),  # a word of the title and the story
        ("what makes you think so", "ask-dont-counter"),  # a talk track, stop words kept
    ],
)
def test_search_puts_the_principle_in_the_top_three(default_server, page, query, principle):
    results = search(page, default_server.url, query)
    assert f"/principles/{principle}/" in results[:3], results[:5]


def test_words_of_every_item_talk_track_and_objection_find_their_principle(default_server, page):
    """Issue 26's bar: the principle in the top 3 for at least 99% of such queries."""
    asked = queries()
    assert len(asked) > 100
    open_search(page, default_server.url)
    misses = []
    for what, query, principle in asked:
        results = type_query(page, query)
        if f"/principles/{principle}/" not in results[:3]:
            misses.append(f"{what}: {query!r} -> {results[:3]}")
    share = 1 - len(misses) / len(asked)
    print(f"\nsweep: {len(asked) - len(misses)}/{len(asked)} ({share:.1%}); misses:", *misses, sep="\n  ")
    assert share >= 0.99, f"{share:.1%} of {len(asked)} found; misses:\n" + "\n".join(misses)


def count(page) -> int:
    """The number of matches the dialog says ("N matching documents")."""
    meta = page.locator(".md-search-result > .md-search-result__meta").text_content()
    found = re.search(r"\d+", meta)
    return int(found.group(0)) if found else (1 if "1 matching" in meta else 0)


# The worker answers a filter change by running the query again, and says which filters it answered
# (``filters`` in its answer). Settled when that answer has arrived and the list shows it, as
# search_harness.SETTLED does for a typed query; no wall-clock wait.
FILTERED = """([name, value]) => {
  const seen = window.__pbSearch;
  if (!seen.answer || seen.answer === window.__pbBefore) return null;
  const answered = (seen.answer.filters || {})[name] || [];
  if (JSON.stringify(answered) !== JSON.stringify(value ? [value] : [])) return null;
  const items = seen.answer.items || [];
  const links = [...document.querySelectorAll("[data-pb-search-results] > li > a:first-child")];
  if (!items.length) return links.length ? null : [];
  const first = new URL(items[0][0].location, location.href).pathname;
  if (!links.length || new URL(links[0].href).pathname !== first) return null;
  return links.map((a) => a.href);
}"""


def choose(page, name: str, value: str) -> list[str]:
    """Pick a filter value; the result paths once the list shows the worker's answer to it."""
    page.evaluate("window.__pbBefore = window.__pbSearch.answer")
    page.locator(f'[data-pb-search-filter="{name}"]').select_option(value)
    links = page.wait_for_function(FILTERED, arg=[name, value]).json_value()
    return [urlsplit(link).path for link in links]


@pytest.mark.parametrize("stage", [s.id for s in DEFAULT.stages])
def test_a_stage_filter_without_a_query_lists_that_stages_pages(default_server, page, stage):
    expected = {f"/principles/{p.id}/" for p in DEFAULT.principles_of_stage(stage)}
    expected |= {f"/call-sheets/{s.id}/" for s in DEFAULT.call_sheets.values() if s.stage.id == stage}
    open_search(page, default_server.url)
    results = choose(page, "stage", stage)
    assert results and set(results) <= expected, results
    assert len(results) == min(len(expected), 10)  # Material draws ten, then more as the list scrolls
    assert count(page) == len(expected)


@pytest.mark.parametrize("role", [r.id for r in DEFAULT.roles])
def test_a_role_filter_narrows_a_query_to_that_roles_principles(default_server, page, role):
    principles = DEFAULT.principles_of_role(role)
    if not principles:
        pytest.skip(f"no principle is about {role}")
    expected = {f"/principles/{p.id}/" for p in principles}
    ids = {p.id for p in principles}  # and the call sheets that carry one of them
    expected |= {f"/call-sheets/{s.id}/" for s in DEFAULT.call_sheets.values() if ids & set(s.principles)}
    open_search(page, default_server.url)
    unfiltered = type_query(page, longest_word(principles[0].title))
    results = choose(page, "role", role)
    assert f"/principles/{principles[0].id}/" in results and set(results) <= expected, results
    choose(page, "role", "")  # any role again: the query alone
    assert result_paths(page) == unfiltered


def test_kind_and_tag_filters_combine_with_a_query(default_server, page):
    open_search(page, default_server.url)
    sheet = next(iter(DEFAULT.call_sheets.values()))
    type_query(page, longest_word(sheet.items[0].text))
    sheets = choose(page, "kind", "call-sheet")
    assert sheets and all(path.startswith("/call-sheets/") for path in sheets), sheets
    tag = sorted({t for p in DEFAULT.principles.values() for t in p.tags})[0]
    choose(page, "kind", "principle")
    tagged = choose(page, "tag", tag)
    ids = {p.id for p in DEFAULT.principles.values() if tag in p.tags}
    assert all(path.split("/")[2] in ids for path in tagged), tagged


def test_keyboard_alone_searches_filters_and_opens_a_result(default_server, page):
    page.add_init_script(WATCH)
    page.goto(default_server.url)
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.type("gatekeeper")
    page.wait_for_function(SETTLED, arg=["gatekeeper", "No matching"])
    page.keyboard.press("Tab")  # to the scrollable results, then the first filter
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.dataset.pbSearchFilter")
    assert focused == "stage"
    assert page.locator("#__search").is_checked()  # Tab did not close the dialog
    before = result_paths(page)
    page.keyboard.press("ArrowDown")  # the first stage
    page.wait_for_function(
        "before => [...document.querySelectorAll('[data-pb-search-results] > li > a:first-child')]"
        ".map(a => new URL(a.href).pathname).join() !== before.join()",
        arg=before,
    )
    first_stage = DEFAULT.stages[0].id
    assert page.locator('[data-pb-search-filter="stage"]').input_value() == first_stage
    box.focus()
    page.keyboard.press("ArrowDown")  # Material: the first result
    page.keyboard.press("Enter")
    page.wait_for_url("**/principles/**")
    assert "h=gatekeeper" in page.url  # ?h= makes Material highlight the words on the page
    page.locator(".md-content article mark").first.wait_for()  # (results keep their marks, hidden)


def test_escape_closes_search_from_a_filter(default_server, page):
    open_search(page, default_server.url)
    page.locator('[data-pb-search-filter="role"]').focus()
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('__search').checked")


def test_a_q_link_opens_search_with_results(default_server, page):
    page.add_init_script(WATCH)
    page.goto(default_server.url + "?q=gatekeeper")
    page.wait_for_function(SETTLED, arg=["gatekeeper", "No matching"])
    assert "/principles/treat-gatekeepers-well/" in result_paths(page)[:3]


def test_search_finds_principles_by_tag(default_server, page):
    tagged = {p.id for p in DEFAULT.principles.values() if "objections" in p.tags}
    assert tagged
    results = search(page, default_server.url, "objections")
    assert {r.split("/")[-2] for r in results if "/principles/" in r} & tagged


def test_search_runs_under_a_base_path(default_site, tmp_path, page):
    """A site served from a sub-folder gets result links inside that folder."""
    (tmp_path / "handbook").symlink_to(default_site, target_is_directory=True)
    server = SiteServer(tmp_path)
    try:
        results = search(page, server.url + "handbook/", "gatekeeper ally")
    finally:
        server.close()
    assert results[0] == "/handbook/principles/treat-gatekeepers-well/", results


@pytest.fixture(scope="module")
def hostile_titles(tmp_path_factory):
    """The fixture playbook with markup in a title, a summary and an item."""
    root = copy_playbook(BASIC, tmp_path_factory.mktemp("hostile") / "pb")
    path = root / "content/principles/active-listening.yml"
    data = yaml.safe_load(path.read_text())
    data["title"] = 'Zebra <img src=x onerror="window.__pwned=1"> & <b>bold</b>'
    data["summary"] = "Zebra <script>window.__pwned=1</script> summary"
    first = next(iter(data["checklist"]))
    data["checklist"][first][0] = {"id": "zebra", "text": "Zebra <svg onload=window.__pwned=1> item"}
    path.write_text(path.read_text().split("\n", 1)[0] + "\n" + yaml.safe_dump(data, allow_unicode=True))
    result = mkdocs("build", "-d", str(root / "site"), cwd=root)
    assert result.returncode == 0, result.stderr
    server = SiteServer(root / "site")
    yield server
    server.close()


def test_markup_in_titles_and_text_shows_as_text_in_results(hostile_titles, page):
    open_search(page, hostile_titles.url)
    page.locator("input.md-search__input").fill("zebr")
    page.locator("input.md-search__input").press("a")
    page.wait_for_selector("[data-pb-search-results] > li details")  # the item's section, below the title
    assert result_paths(page)[0] == "/principles/active-listening/"
    item = page.locator("[data-pb-search-results] > li").first
    title = item.locator("h1").evaluate("h => h.firstChild.textContent.trim()")  # then its kind label
    assert title == 'Zebra <img src=x onerror="window.__pwned=1"> & <b>bold</b>'
    shown = item.evaluate("li => li.textContent")
    assert "<script>window.__pwned=1</script>" in shown and "<svg onload=window.__pwned=1>" in shown
    assert "&lt;" not in shown and "&amp;" not in shown  # escaped once, not twice
    assert item.locator("img, script, svg:not(.md-icon svg), b, [onerror], [onload]").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_map_leads_from_home_to_a_principle_and_back_to_its_stage(default_server, page):
    page.goto(default_server.url)
    stages = page.locator(".pb-map .pb-map-stage")
    assert stages.count() == len(DEFAULT.stages)
    assert stages.first.locator(".pb-map-title").inner_text().strip().endswith(DEFAULT.stages[0].title)
    first = DEFAULT.principles_of_stage(DEFAULT.stages[0].id)[0]
    page.get_by_role("navigation", name="Map of the sales cycle").get_by_role("link", name=first.title).click()
    page.wait_for_url(f"**/principles/{first.id}/")
    page.locator(".md-content h1", has_text=first.title).wait_for()  # instant navigation: swapped in place
    assert page.locator(".md-content h1").inner_text().rstrip("¶") == first.title
    current = page.locator('.pb-cycle [aria-current="step"]')
    assert current.inner_text() == first.stage.title
    current.get_by_role("link").click()
    page.wait_for_url(f"**/stages/{first.stage.id}/")
    page.locator(".md-content h1", has_text=first.stage.title).wait_for()
    assert page.get_by_role("link", name=first.title).count() >= 1


def test_principle_page_lists_what_links_to_it(default_server, page):
    target = "active-listening"
    linking = [p for p in DEFAULT.referenced_by(target)]
    assert linking
    page.goto(default_server.url + f"principles/{target}/")
    rows = page.locator("h2#related + ul > li").all()
    titles = [li.locator("a").inner_text() for li in rows if "links here" in li.locator(".pb-rel").inner_text()]
    assert sorted(p.title for p in linking) == sorted(titles)  # each once, with its relation
