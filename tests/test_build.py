"""Real MkDocs + Material builds: the pages, links and navigation the plugin produces."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from pagefind_files import fragments

from conftest import BASIC, ROOT, copy_playbook, mkdocs
from playbook.load import load_playbook
from playbook.render import PageRenderer
from playbook.settings import read_settings
from playbook_plugins.theme import CALL_TOOLS


def default_playbook():
    return load_playbook(ROOT, read_settings(ROOT)).playbook


def test_every_principle_sheet_stage_and_role_has_a_page(default_site):
    pb = default_playbook()
    for pid in pb.principles:
        assert (default_site / "principles" / pid / "index.html").is_file()
    for sid in pb.call_sheets:
        assert (default_site / "call-sheets" / sid / "index.html").is_file()
    for stage in pb.stages:
        assert (default_site / "stages" / stage.id / "index.html").is_file()
    for role in pb.roles:
        assert (default_site / "roles" / role.id / "index.html").is_file()
    assert (default_site / "call-sheets/index.html").is_file()


def test_content_yaml_is_not_published(default_site):
    assert not list(default_site.rglob("*.yml"))


def edit_link(html: str) -> str:
    match = re.search(r'<a href="([^"]+)" title="Edit this page"', html)
    assert match, "no edit link"
    return match.group(1)


def test_edit_links_open_the_source_file(default_site):
    repo = "https://git.sales-playbook.test/sales-playbook/edit/main/content/"
    pages = {
        "principles/active-listening/index.html": "principles/active-listening.yml",
        "call-sheets/discovery-call/index.html": "call-sheets/discovery-call.yml",
        "stages/discovery/index.html": "playbook.yml",
        "roles/gatekeeper/index.html": "playbook.yml",
        "index.html": "index.md",
        "how-to-use/index.html": "how-to-use.md",
    }
    for page, source in pages.items():
        assert edit_link((default_site / page).read_text()) == repo + source, page


def test_checklist_items_are_labelled_checkboxes_with_stable_hooks(default_site):
    pb = default_playbook()
    principle = pb.principles["active-listening"]
    html = (default_site / "principles/active-listening/index.html").read_text()
    for item in principle.items:
        hook = re.search(
            rf'<li class="pb-item"(?: id="item-{item.id}")? data-pb-item="{re.escape(item.full_id)}"[^>]*>'
            r'<label><input type="checkbox"',
            html,
        )
        assert hook, item.full_id
    sheet_html = (default_site / "call-sheets/discovery-call/index.html").read_text()
    assert 'data-pb-sheet="discovery-call"' in sheet_html
    for item in pb.call_sheets["discovery-call"].items:
        assert f'data-pb-item="{item.full_id}"' in sheet_html


def test_search_index_holds_every_principle_with_items_talk_tracks_and_filters(default_site):
    pages = fragments(default_site)
    for principle in default_playbook().principles.values():
        page = pages[f"/principles/{principle.id}/"]
        assert page["meta"]["title"] == principle.title
        words = [" ".join(item.text.split()) for item in principle.items]
        words += [re.findall(r"[A-Za-z]{4,}", say)[-1] for say in principle.say]  # Markdown: one plain word
        for text in words:
            assert text in page["content"], text
        assert "¶" not in page["content"]
        assert page["filters"]["kind"] == ["principle"] and page["meta"]["kind"] == "Principle"
        assert page["filters"]["stage"] == [principle.stage.id]
        assert sorted(page["filters"].get("role", [])) == sorted(r.id for r in principle.roles)
        assert sorted(page["filters"].get("tag", [])) == sorted(principle.tags)
    assert "/404.html" not in pages
    # The print-all page answers "print <sheet>" by its sheets' titles; their items are each sheet's.
    sheet = next(iter(default_playbook().call_sheets.values()))
    print_all = pages["/call-sheets/print-all/"]
    assert sheet.title in print_all["content"] and sheet.items[0].text not in print_all["content"]
    index = json.loads((default_site / "search/search_index.json").read_text())
    assert index["docs"] == [] and index["config"]["lang"] == ["en"]  # Material's highlighter reads the config


def primary_nav_links(html: str) -> list[str]:
    nav = html[html.find("md-nav--primary") : html.find('class="md-content"')]
    return re.findall(r'href="([^"]+)"', nav)


def test_navigation_lists_stages_in_cycle_order(default_site):
    links = primary_nav_links((default_site / "stages/index.html").read_text())
    stage_links = [link for link in links if not link.startswith(("#", ".", "http"))]
    assert stage_links == [f"{s.id}/" for s in default_playbook().stages]


def test_navigation_of_a_principle_page_does_not_list_principles(default_site):
    links = primary_nav_links((default_site / "principles/active-listening/index.html").read_text())
    assert "../../stages/" in links and "../../call-sheets/" in links
    assert not [link for link in links if "principles/" in link]


def test_navigation_puts_the_playbook_first_and_editors_pages_in_a_section_of_their_own(default_site):
    links = primary_nav_links((default_site / "contribute/index.html").read_text())
    top = [link for link in links if not link.startswith("#")]
    reader = ["../stages/", "../call-sheets/", "../objections/", "../roles/", "../how-to-use/", "../whats-new/"]
    editors = ["./", "../hosting/", "../needs-review/", "../performance/"]  # this page is ./
    assert [top.index(link) for link in reader] == sorted(top.index(link) for link in reader)
    assert min(top.index(link) for link in editors) > max(top.index(link) for link in reader)
    assert "For editors" in (default_site / "contribute/index.html").read_text()


def test_front_matter_moves_a_hand_written_page_to_the_editors(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    (root / "content/style-guide.md").write_text("---\naudience: editor\n---\n\n# Style guide\n\nShort words.\n")
    (root / "content/call-tips.md").write_text("# Call tips\n\nListen first.\n")
    assert mkdocs("build", "--strict", cwd=root).returncode == 0
    nav = (root / "site/style-guide/index.html").read_text()
    nav = nav[nav.find("md-nav--primary") : nav.find('class="md-content"')]
    before, editors = nav.split("For editors", 1)
    assert 'href="./"' in editors and "../needs-review/" in editors
    assert "../call-tips/" in before and "../call-tips/" not in editors and "../objections/" in before


def test_home_page_has_the_cycle_map_and_call_sheets(default_site):
    html = (default_site / "index.html").read_text()
    pb = default_playbook()
    for principle in pb.principles.values():
        assert f'href="principles/{principle.id}/"' in html
    for sheet in pb.call_sheets.values():
        assert f'href="call-sheets/{sheet.id}/"' in html


def test_principle_page_shows_backlinks_and_sheets_using_it(basic_site):
    html = (basic_site / "principles/active-listening/index.html").read_text()
    assert re.search(r'href="\.\./side-by-side/">[^<]+</a> <small class="pb-rel">links here</small>', html)
    sheet = r'href="\.\./\.\./call-sheets/discovery-call/">[^<]+</a> <small class="pb-rel">call sheet</small>'
    assert re.search(sheet, html)


def test_hand_written_page_wins_over_generated_one(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    (root / "content/roles").mkdir()
    (root / "content/roles/gatekeeper.md").write_text("# Our own gatekeeper page\n")
    assert mkdocs("build", "--strict", cwd=root).returncode == 0
    assert "Our own gatekeeper page" in (root / "site/roles/gatekeeper/index.html").read_text()


def test_hostile_text_is_shown_not_run(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    target = root / "content/principles/active-listening.yml"
    text = target.read_text()
    text = text.replace("title: Listen so they feel heard", "title: '</title><script>alert(1)</script>'")
    text = text.replace("summary: Repeat their words", "summary: <img src=x onerror=alert(2)> Repeat their words")
    text = text.replace("    - Ask what makes them think so\n", '    - "<b onmouseover=alert(3)>Ask</b> what"\n')
    target.write_text(text)
    result = mkdocs("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stderr
    for page in (root / "site").rglob("*.html"):
        html = page.read_text()
        assert "<script>alert" not in html, page
        assert "<img src=x" not in html, page
        assert "<b onmouseover" not in html, page
    html = (root / "site/principles/active-listening/index.html").read_text()
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - Fixture Playbook</title>" in html


def test_plugin_config_loads_without_errors():
    from playbook_plugins.plugin import PlaybookPlugin

    plugin = PlaybookPlugin()
    errors, warnings = plugin.load_config({"content_dir": "content", "review_age": 100})
    assert errors == [] and warnings == []
    assert plugin.config.review_age == 100


def test_settings_come_from_mkdocs_yml():
    settings = read_settings(ROOT)
    assert settings.content_dir == "content"
    assert settings.review_age == 365
    assert read_settings(Path("/nonexistent")).content_dir == "content"


def test_adding_a_principle_file_adds_it_everywhere_with_no_other_edit(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    source = (root / "content/principles/side-by-side.yml").read_text()
    new = source.replace("id: side-by-side", "id: ask-for-referrals").replace("Sit side by side", "Ask for referrals")
    (root / "content/principles/ask-for-referrals.yml").write_text(new)
    assert mkdocs("build", "--strict", cwd=root).returncode == 0
    site = root / "site"
    assert (site / "principles/ask-for-referrals/index.html").is_file()
    assert 'href="../../principles/ask-for-referrals/"' in (site / "stages/discovery/index.html").read_text()
    assert 'href="principles/ask-for-referrals/"' in (site / "index.html").read_text()  # the map
    assert "/principles/ask-for-referrals/" in fragments(site)  # and in search


def test_principle_mentions_link_both_ways(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    target = root / "content/principles/treat-gatekeepers-well.yml"
    target.write_text(
        target.read_text().replace("They also tell their boss.", "They also tell their boss; see [[side-by-side]].")
    )
    page = root / "content/index.md"
    page.write_text(page.read_text() + "\nStart with [[active-listening]]; write `[[not-a-link]]` in code.\n")
    assert mkdocs("build", "--strict", cwd=root).returncode == 0
    html = (root / "site/principles/treat-gatekeepers-well/index.html").read_text()
    assert '<a class="pb-mention" href="../side-by-side/">Sit side by side</a>' in html
    backlinks = (root / "site/principles/side-by-side/index.html").read_text()
    assert re.search(r'href="\.\./treat-gatekeepers-well/">[^<]+</a> <small class="pb-rel">[^<]*links here', backlinks)
    home = (root / "site/index.html").read_text()
    assert '<a href="principles/active-listening/">Listen so they feel heard</a>' in home
    assert "<code>[[not-a-link]]</code>" in home


@pytest.mark.parametrize("path", ["principles/active-listening/", "call-sheets/discovery-call/", "objections/", ""])
def test_our_css_and_js_stay_within_10_kib_per_page(default_site, path):
    """What a page loads for the screen, the "changed since your last visit" marks included (a page
    that carries changes of the last months loads them, deferred): at most 10 KiB. The print rules
    are a stylesheet linked with media="print", fetched without holding up the page, held to 3 KiB
    of their own. The call tools (call mode, copy, CRM hand-off, reset and its undo) load on the
    first tap of one, or on a page with an undo pending, and are held to 6 KiB of their own; sw.js
    runs in the worker, never in the page."""
    html = (default_site / path / "index.html").read_text()
    ours = re.findall(r'(?:href|src)="([^"]*assets/playbook/[^"]+)"', html)
    assert re.findall(r'<link rel="stylesheet" href="([^"]*assets/playbook/[^"]+)" media="print">', html) == [
        u for u in ours if u.endswith("playbook-print.css")
    ]
    screen = [Path(u).name for u in ours if not u.endswith("playbook-print.css")]
    assert sorted(set(screen) - {"playbook-marks.js"}) == ["playbook.css", "playbook.js", "search.js"]
    size = sum((default_site / "assets/playbook" / name).stat().st_size for name in screen)
    assert size <= 10 * 1024, size
    assert (default_site / "assets/playbook/playbook-print.css").stat().st_size <= 3 * 1024
    tools = sum((default_site / "assets/playbook" / name).stat().st_size for name in CALL_TOOLS)
    assert tools <= 6 * 1024, tools
    assert (default_site / "assets/playbook/playbook-marks.js").stat().st_size <= 1536
    deferred = re.search(r'<script defer src="[^"]*playbook-marks\.js"', html)
    assert deferred or "playbook-marks.js" not in screen


def test_needs_review_page_lists_stale_and_unreviewed_principles(basic_site):
    html = (basic_site / "needs-review/index.html").read_text()
    rows = re.findall(
        r'<tr><td><a href="([^"]+)">([^<]+)</a></td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>', html
    )
    # The fixture's epoch is 2026-11-18: treat-gatekeepers-well was reviewed 17 days before, the other two never.
    assert [(href, owner, when, overdue) for href, _, owner, when, overdue in rows] == [
        ("../principles/active-listening/", "nobody", "never", "never reviewed"),
        ("../principles/side-by-side/", "nobody", "never", "never reviewed"),
    ]
    assert 'data-pb-review-health="1/3"><strong>33%</strong> of principles were reviewed in the last 365 days' in html


def test_home_map_summarises_a_crowded_stage(tmp_path):
    from playbook.render import MAP_LIMIT

    root = copy_playbook(BASIC, tmp_path / "pb")
    source = (root / "content/principles/side-by-side.yml").read_text()
    for i in range(MAP_LIMIT + 3):
        text = source.replace("id: side-by-side", f"id: extra-{i}").replace("Sit side by side", f"Extra {i}")
        (root / f"content/principles/extra-{i}.yml").write_text(text)
    assert mkdocs("build", "--strict", cwd=root).returncode == 0
    home = (root / "site/index.html").read_text()
    stage = home[home.find("2</span> Discovery") :]
    assert stage.count('href="principles/') == MAP_LIMIT
    assert f'<a href="stages/discovery/">All {MAP_LIMIT + 5} principles of this stage</a>' in stage


def test_review_health_gives_the_share_reviewed_and_the_overdue_by_how_long_with_their_owners(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    book = root / "content/playbook.yml"
    book.write_text(book.read_text() + 'owners:\n  sales-enablement: "@example/sales-enablement"\n', "utf-8")
    for name, line in (("active-listening", "reviewed: 2025-06-01"), ("side-by-side", "reviewed: 2025-01-10")):
        path = root / f"content/principles/{name}.yml"
        path.write_text(path.read_text() + line + "\nowner: sales-enablement\n", "utf-8")
    settings = read_settings(root)
    playbook = load_playbook(root, settings).playbook
    today = datetime.date(2026, 11, 18)
    markdown = PageRenderer(playbook, today=today, review_age=365).needs_review().markdown
    assert 'data-pb-review-health="1/3"><strong>33%</strong>' in markdown
    rows = re.findall(r"<tr><td><a [^>]+>[^<]+</a></td><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>", markdown)
    assert rows == [  # the longest overdue first: 677 days old is 312 past the 365-day review age
        ("sales-enablement (@example/sales-enablement)", "2025-01-10 (677 days ago)", "312 days"),
        ("sales-enablement (@example/sales-enablement)", "2025-06-01 (535 days ago)", "170 days"),
    ]
    everyone = PageRenderer(playbook, today=datetime.date(2026, 1, 5), review_age=365).needs_review().markdown
    assert 'data-pb-review-health="3/3"><strong>100%</strong>' in everyone
    assert "Every principle was reviewed in the last 365 days." in everyone
