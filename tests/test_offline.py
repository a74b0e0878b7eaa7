"""`playbook build --offline`: the site works from file://, search and checklists included."""

from __future__ import annotations

import pytest

from conftest import ROOT, playbook


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("offline") / "site"
    result = playbook("build", "--offline", "--site-dir", str(site), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return site


def test_offline_site_has_no_network_dependencies(offline_site):
    assert (offline_site / "search/search_index.js").is_file()
    html = (offline_site / "index.html").read_text()
    assert "unpkg.com" not in html and "assets/playbook/vendor/iframe-worker-1.0.4.js" in html
    assert 'href="principles/active-listening.html"' in html


def test_offline_site_works_from_a_file_url(offline_site, page):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((offline_site / "index.html").as_uri())
    page.locator(".pb-map ul a").first.click()
    page.wait_for_url("**/principles/*.html")
    box = page.locator("[data-pb-item] input").first
    page.locator("[data-pb-item] label").first.click()
    page.reload()
    assert box.is_checked()
    page.keyboard.press("/")
    page.locator("input.md-search__input").fill("kokorogama")
    page.locator("input.md-search__input").press("e")
    page.wait_for_selector(".md-search-result__item")
    first = page.locator(".md-search-result__item a").first.get_attribute("href")
    assert "/principles/sell-with-true-intentions.html" in first
    assert all(url.startswith(("file:", "data:", "blob:", "about:")) for url in requests), requests
