"""The "What's new" page and its feed, built from a repository with a scripted history
(tests/whatsnew_repo.py): what each commit tells reps, where each sentence links, what is folded or
left out, the Atom feed, byte-identical rebuilds, and builds without git or in a shallow clone."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_links import broken_links
from whatsnew_repo import scripted_repo

from conftest import build_site, copy_playbook, run

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    root = tmp_path_factory.mktemp("history") / "pb"
    shas = scripted_repo(root)
    site = build_site(root, root.parent / "site")
    return root, site, shas


def blocks(site: Path) -> dict[str, str]:
    """Each commit's block of the page, by commit, as text with its links kept as [text](href)."""
    page = (site / "whats-new/index.html").read_text("utf-8")
    found = {}
    for sha, body in re.findall(r'data-pb-commit="([0-9a-f]+)">(.*?)\n</div>', page, re.DOTALL):
        text = re.sub(r'<a href="([^"]*)">(.*?)</a>', r"[\2](\1)", body)
        found[sha] = html.unescape(re.sub(r"<[^>]+>", "", text))
    return found


def test_each_edit_is_told_for_reps_with_a_link_to_where_it_is_now(history):
    _, site, shas = history
    told = blocks(site)
    al, tgw = "../principles/active-listening/", "../principles/treat-gatekeepers-well/"
    listen, gatekeeper = f"[Listen so they feel heard]({al})", f"[Treat the gatekeeper as an ally]({tgw})"
    added = told[shas["added"]]
    assert "Customers who mention a tender: ask who writes it." in added
    assert f"New item in {listen}: “[Ask what they tried before]({al}#item-ask-what-they-tried-before)”" in added
    assert f"New objection on {gatekeeper}: “We're going to tender”" in added  # gone now: no link
    assert "Also on the printed sheet [First discovery call](../call-sheets/discovery-call/)" in added
    reworded = told[shas["reworded"]]
    words = f"[Repeat their last words back as a question]({al}#item-repeat-their-last-words-back-as)"
    assert f"Item reworded in {listen}: “{words}”" in reworded
    assert f"Talk track reworded in {listen}: “[What makes you say so?]({al}#say-1)”" in reworded
    assert f"Objection reworded on {gatekeeper}" in reworded
    assert "#objection-we-re-happy-with-the-supplier" in reworded
    moved = told[shas["moved"]]
    assert f"Objection moved to {listen}: “[Send me some information]({al}#objection-send-information)”" in moved
    assert f"({al}#item-write-down-three-details-they-mentioned)" in moved
    removed = told[shas["removed"]]
    assert f"Item dropped from {listen}: “Ask what makes them think so”" in removed
    assert f"Talk track dropped from {listen}" in removed
    assert f"Objection dropped from {gatekeeper}" in removed
    sheet = told[shas["sheet_words"]]
    assert "Call sheet renamed: “Discovery call” is now [First discovery call](../call-sheets/discovery-call/)" in sheet
    assert "sheet's header now asks for: “Budget”" in sheet
    assert "sheet now prints: “Check their website for news”" in sheet


def test_every_link_of_the_page_reaches_its_item_talk_track_objection_or_page(history):
    """The page links to anchors on principle pages (item-, say-, objection-): each must be there."""
    _, site, _ = history
    assert [line for line in broken_links(site) if line.startswith("whats-new/")] == []


def test_editorial_edits_are_folded_and_edits_nobody_sees_are_left_out(history):
    _, site, shas = history
    told = blocks(site)
    assert "editorial edits to 1 page" in told[shas["editorial"]]
    assert (
        "Treat the gatekeeper as an ally](../principles/treat-gatekeepers-well/): sources, review date"
        in told[shas["editorial"]]
    )
    # The rename keeps old links working: the new address is an editorial line linking the new page.
    assert "[Sit side by side](../principles/sit-side-by-side/): new address" in told[shas["renamed"]]
    assert shas["whitespace"] not in told and shas["outside"] not in told
    assert "The first version of the playbook." in told[shas["start"]]


def test_days_run_newest_first_and_every_link_reaches_a_page_and_its_part(history):
    _, site, _ = history
    page = (site / "whats-new/index.html").read_text("utf-8")
    days = re.findall(r'<h2[^>]* id="(\d+-[a-z]+-\d{4})"', page)
    assert days[:2] == ["12-november-2026", "10-november-2026"] and days[-1] == "20-october-2026"
    article = page[page.index("<article") : page.index("</article>")]
    for href in set(re.findall(r'href="(\.\./[^"]+)"', article)):
        path, _, anchor = href.partition("#")
        target = (site / "whats-new" / path / "index.html").resolve()
        assert target.is_file(), href
        if anchor:
            kind, _, part = anchor.partition("-")
            body = target.read_text("utf-8")
            hooks = {"item": "data-pb-item", "objection": "data-pb-objection"}
            if kind in hooks:
                assert re.search(rf'{hooks[kind]}="[a-z0-9-]+/{part}"', body), href
            else:
                assert f'id="{anchor}"' in body, href


def test_the_page_is_in_the_navigation_and_linked_from_home(history):
    _, site, _ = history
    home = (site / "index.html").read_text("utf-8")
    assert 'href="whats-new/"' in home
    assert "Every change of the last 90 days" in home


def test_the_feed_is_atom_with_the_required_elements_and_stable_ids(history):
    _, site, shas = history
    feed = ET.fromstring((site / "whats-new/feed.xml").read_bytes())  # a strict XML parse
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(blocks(site))
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    date = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
    for entry in entries:
        assert entry.findtext(f"{ATOM}title").strip()
        assert date.match(entry.findtext(f"{ATOM}updated"))
        assert (
            entry.find(f"{ATOM}link[@rel='alternate']")
            .get("href")
            .startswith("https://playbook.example.com/whats-new/#change-")
        )
        assert entry.find(f"{ATOM}content").get("type") == "html"
    newest = entries[0]
    assert newest.findtext(f"{ATOM}updated") == "2026-11-12T01:00:00Z"
    tender = next(e for e in entries if "tender" in e.findtext(f"{ATOM}title"))
    assert tender.findtext(f"{ATOM}title") == "Customers who mention a tender: ask who writes it."
    assert (
        'href="https://playbook.example.com/principles/active-listening/#item-ask-what-they-tried-before"'
        in tender.findtext(f"{ATOM}content")
    )


def test_commit_messages_and_content_are_escaped(tmp_path):
    root = tmp_path / "pb"
    scripted_repo(root, until="added")
    path = root / "content/principles/active-listening.yml"
    path.write_text(
        path.read_text("utf-8").replace(
            "    - Ask what they tried before\n", "    - 'Ask <script>alert(1)</script> & more'\n"
        )
    )
    subprocess.run(
        ["git", "commit", "-qam", "x\n\nReps: <img src=x onerror=alert(1)> \x1b[31m & ]]>"], cwd=root, check=True
    )
    site = build_site(root, tmp_path / "site")
    page = (site / "whats-new/index.html").read_text("utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    ET.fromstring((site / "whats-new/feed.xml").read_bytes())  # still XML: the escape character is dropped


def test_two_builds_of_one_commit_are_byte_identical_with_or_without_the_cache(history, tmp_path):
    root, site, _ = history
    again = build_site(root, tmp_path / "again")  # the cache is warm now
    cold = run(
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-q",
        "-d",
        str(tmp_path / "cold"),
        cwd=root,
        env={"PLAYBOOK_CACHE": "off"},
    )
    assert cold.returncode == 0, cold.stderr
    for other in (again, tmp_path / "cold"):
        for name in (
            "whats-new/index.html",
            "whats-new/feed.xml",
            "index.html",
            "principles/active-listening/index.html",
        ):
            assert (other / name).read_bytes() == (site / name).read_bytes(), name


def test_without_a_repository_the_site_builds_and_the_page_says_why(tmp_path):
    from conftest import BASIC

    root = copy_playbook(BASIC, tmp_path / "pb")
    site = build_site(root, tmp_path / "site")
    page = (site / "whats-new/index.html").read_text("utf-8")
    assert "The content is not in a git repository, so its history could not be read." in page
    assert "No changes to the playbook in the last 90 days." in page
    assert "playbook-marks.js" not in (site / "index.html").read_text("utf-8")


def test_without_git_the_site_builds_and_the_page_says_why(history, tmp_path):
    root, _, _ = history
    bare = tmp_path / "bin"
    bare.mkdir()
    result = run(
        sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site"), cwd=root, env={"PATH": str(bare)}
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/whats-new/index.html").read_text("utf-8")
    assert "git is not installed here, so the history of the content could not be read." in page


def test_a_shallow_clone_builds_and_says_what_it_could_not_read(history, tmp_path):
    root, _, shas = history
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "4", f"file://{root}", str(clone)], check=True)
    site = build_site(clone, tmp_path / "site")
    page = (site / "whats-new/index.html").read_text("utf-8")
    assert "This copy of the repository is a shallow clone" in page and "fetch-depth: 0" in page
    told = blocks(site)
    assert shas["editorial"] in told and shas["renamed"] not in told  # the clone's edge is not compared
