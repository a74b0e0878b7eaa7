"""Renames keep links working: each former id (`formerly:`) of a principle or call sheet gets a page at
its old URL that sends the reader on, with no script, kept out of search engines and site search."""

from __future__ import annotations

import json
import re

import pytest
from test_links import broken_links

from conftest import BASIC, copy_playbook, mkdocs
from playbook.formerly import redirects
from playbook.load import load_playbook
from playbook.settings import read_settings

SITE_URL = "https://playbook.example.com/"


def add_line(path, line: str) -> None:
    path.write_text(path.read_text("utf-8") + line + "\n", "utf-8")


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    """The fixture playbook with former ids on a principle and a call sheet, built strictly."""
    root = copy_playbook(BASIC, tmp_path_factory.mktemp("redirects") / "pb")
    add_line(root / "content/principles/active-listening.yml", "formerly: [listen-well, hear-them-out]")
    add_line(root / "content/call-sheets/discovery-call.yml", "formerly: [first-call]")
    config = root / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text("utf-8"), "utf-8")
    result = mkdocs("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def test_each_former_id_gets_a_page_that_leads_to_the_new_one(renamed):
    site = renamed / "site"
    page = (site / "principles/listen-well/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../active-listening/">' in page
    assert f'<link rel="canonical" href="{SITE_URL}principles/active-listening/">' in page
    assert '<a href="../active-listening/">Listen so they feel heard</a>' in page
    assert (site / "principles/hear-them-out/index.html").is_file()
    sheet = (site / "call-sheets/first-call/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=../discovery-call/">' in sheet


def test_redirect_pages_are_noindex_scriptless_and_left_out_of_search_and_the_sitemap(renamed):
    site = renamed / "site"
    page = (site / "principles/listen-well/index.html").read_text()
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "<script" not in page and not re.search(r"\son\w+=", page)  # the CSP forbids inline script
    assert "http://" not in page and page.count("https://") == 1  # the canonical link; nothing third-party
    assert '<body data-pagefind-ignore="all">' in page
    index = json.loads((site / "search/search_index.json").read_text())
    assert not [doc for doc in index["docs"] if "listen-well" in doc["location"]]
    assert "listen-well" not in (site / "sitemap.xml").read_text()


def test_links_of_a_site_with_redirects_all_resolve(renamed):
    assert broken_links(renamed / "site") == []


def test_without_directory_urls_the_old_html_file_redirects(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    add_line(root / "content/principles/side-by-side.yml", "formerly: [sit-together]")
    book = load_playbook(root, read_settings(root)).playbook
    (moved,) = redirects(book, directory_urls=False)
    assert moved.path == "principles/sit-together.html"
    assert '<meta http-equiv="refresh" content="0; url=side-by-side.html">' in moved.html
    assert '<link rel="canonical" href="side-by-side.html">' in moved.html


def test_a_title_cannot_inject_markup_into_a_redirect_page(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    principle = root / "content/principles/side-by-side.yml"
    principle.write_text(principle.read_text().replace("title: Sit side by side", 'title: "<img src=x>"'), "utf-8")
    add_line(principle, "formerly: [sit-together]")
    (moved,) = redirects(load_playbook(root, read_settings(root)).playbook)
    assert "<img" not in moved.html and "&lt;img src=x&gt;" in moved.html
