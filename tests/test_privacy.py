"""A private playbook: nothing loads from another host, and search engines are told to stay out."""

from __future__ import annotations

from urllib.parse import urlparse

from conftest import BASIC, copy_playbook, mkdocs


def test_every_page_asks_robots_not_to_index(default_site):
    pages = list(default_site.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        html = page.read_text()
        assert '<meta name="robots" content="noindex, nofollow">' in html, page
        assert 'name="generator"' not in html, page
        assert "Made with" not in html, page


def test_robots_txt_disallows_everything_and_no_compressed_sitemap(default_site):
    assert (default_site / "robots.txt").read_text().endswith("User-agent: *\nDisallow: /\n")
    assert not (default_site / "sitemap.xml.gz").exists()


def test_a_public_playbook_can_turn_privacy_off(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - playbook\n", "  - playbook:\n      private: false\n"))
    assert mkdocs("build", "--strict", cwd=root).returncode == 0
    html = (root / "site/index.html").read_text()
    assert 'name="robots"' not in html
    assert not (root / "site/robots.txt").exists()


def test_no_request_leaves_the_site_origin(default_server, page):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ("", "principles/active-listening/", "call-sheets/discovery-call/"):
        page.goto(default_server.url + path)
        page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    page.locator("input.md-search__input").fill("rappor")
    page.locator("input.md-search__input").press("t")
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_load_state("networkidle")
    origin = urlparse(default_server.url).netloc
    foreign = [url for url in requests if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != origin]
    assert foreign == []
    assert any(url.endswith("search_index.json") for url in requests)
