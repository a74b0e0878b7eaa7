"""Pages a reader opened work again without a network (the service worker, sw.js), and builds that
must not have a worker (`serve`, `--offline`) have none."""

from __future__ import annotations

import json
import re

from test_browser_phone import DEFAULT, phone_context

from conftest import BASIC, SiteServer, copy_playbook, mkdocs, playbook

SHEET = "call-sheets/discovery-call/"
PRINCIPLE = "principles/active-listening/"


def wait_for_worker(page) -> None:
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def test_visited_pages_reload_offline_and_a_new_page_gives_the_offline_page(default_site, browser):
    server = SiteServer(default_site)  # its own server, stopped below: the network is really gone
    context = phone_context(browser)
    page = context.new_page()
    foreign: list[str] = []
    context.on("request", lambda r: None if r.url.startswith(server.url) else foreign.append(r.url))
    try:
        page.goto(server.url + SHEET)  # the first page opened: kept once the worker starts
        wait_for_worker(page)
        page.goto(server.url + PRINCIPLE)
        page.wait_for_load_state("networkidle")
    finally:
        server.close()
    context.set_offline(True)
    page.reload()
    assert page.locator("article h1").inner_text().startswith(DEFAULT.principles["active-listening"].title)
    page.goto(server.url + SHEET)
    item = page.locator("[data-pb-item] label").first
    item.click()
    assert page.locator("[data-pb-item] input").first.is_checked()
    page.reload()
    assert page.locator("[data-pb-item] input").first.is_checked()
    assert "of" in page.locator(".pb-toolbar output").inner_text()  # our script ran, from the cache
    # Call mode's script was never loaded online: the worker kept it at install.
    page.locator("[data-pb-action=call-mode]").click()
    page.wait_for_function("document.documentElement.classList.contains('pb-call')")
    response = page.goto(server.url + "principles/bring-insights/")
    assert response.status == 503
    assert page.locator("article h1").inner_text() == "You are offline"
    # Its stylesheet resolved from the site root, although the address is a principle's.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    context.close()
    assert foreign == []


def test_the_worker_is_versioned_by_the_build_and_sits_at_the_site_root(default_site):
    worker = (default_site / "sw.js").read_text()
    assert re.search(r'const VERSION = "[0-9a-f]{16}";', worker)
    precache = re.search(r"const PRECACHE = (\[.*?\]);", worker).group(1)
    assert '"offline.html"' in precache and "playbook-call.js" in precache and "playbook.css" in precache
    assert "http" not in precache  # nothing from another host
    offline = (default_site / "offline.html").read_text()
    assert "You are offline" in offline
    assert "offline.html" not in (default_site / "sitemap.xml").read_text()
    index = json.loads((default_site / "search/search_index.json").read_text())
    assert [doc["location"] for doc in index["docs"] if "offline" in doc["location"]] == []
    assert 'WORKER="../../sw.js"' in (default_site / "assets/playbook/playbook.js").read_text().replace(" ", "")


def test_a_new_build_gets_a_new_worker_version(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    assert mkdocs("build", "--strict", cwd=root).returncode == 0
    first = (root / "site/sw.js").read_text()
    assert mkdocs("build", "--strict", cwd=root).returncode == 0
    assert (root / "site/sw.js").read_text() == first  # same content, same worker
    principle = root / "content/principles/treat-gatekeepers-well.yml"
    principle.write_text(principle.read_text().replace("They also tell their boss.", "They tell their boss."))
    assert mkdocs("build", "--strict", cwd=root).returncode == 0
    second = (root / "site/sw.js").read_text()
    version = re.compile(r'const VERSION = "([0-9a-f]+)"')
    assert version.search(second).group(1) != version.search(first).group(1)


def test_an_offline_build_has_no_worker_and_its_call_mode_works_from_disk(tmp_path, browser):
    root = copy_playbook(BASIC, tmp_path / "pb")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - search\n", "  - search\n  - offline:\n      enabled: !ENV [PLAYBOOK_OFFLINE, false]\n"
        )
    )
    result = playbook("build", "--offline", cwd=root)
    assert result.returncode == 0, result.stderr
    assert not (root / "site/sw.js").exists() and not (root / "site/offline.html").exists()
    assert 'WORKER=""' in (root / "site/assets/playbook/playbook.js").read_text().replace(" ", "")
    context = phone_context(browser)
    page = context.new_page()
    page.goto((root / "site/call-sheets/discovery-call.html").as_uri())
    page.locator("[data-pb-action=call-mode]").click()  # its script loads from file:// too
    page.wait_for_function("document.documentElement.classList.contains('pb-call')")
    context.close()


def test_a_served_preview_has_no_worker(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = copy_playbook(BASIC, tmp_path / "pb")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "served"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    site = tmp_path / "served"
    assert (site / "index.html").exists()
    assert not (site / "sw.js").exists() and not (site / "offline.html").exists()
    assert 'WORKER=""' in (site / "assets/playbook/playbook.js").read_text().replace(" ", "")
