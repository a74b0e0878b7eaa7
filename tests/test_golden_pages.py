"""The Markdown of one generated page of each kind, for the basic fixture, against a file kept in
``tests/golden/``: a change to a template or the renderer shows in review as a diff of these files.

After an intended change, write them again with ``PLAYBOOK_UPDATE_GOLDEN=1 python -m pytest
tests/test_golden_pages.py`` and read the diff before committing it.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from rendered_pages import all_pages

from conftest import BASIC
from playbook.load import load_playbook
from playbook.render import PageRenderer
from playbook.settings import read_settings

GOLDEN = Path(__file__).parent / "golden"
# One page of each kind (the first of its kind in site order), and the pages there is one of.
KINDS = {
    "principle": "principles/active-listening.md",
    "call-sheet": "call-sheets/discovery-call.md",
    "call-sheets-index": "call-sheets/index.md",
    "print-all": "call-sheets/print-all.md",
    "stage": "stages/discovery.md",
    "stages-index": "stages/index.md",
    "role": "roles/gatekeeper.md",
    "roles-index": "roles/index.md",
    "objections": "objections.md",
    "needs-review": "needs-review.md",
    "tags": "tags.md",
    "home": "index.md",
}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    settings = read_settings(BASIC)
    settings.today = datetime.date(2026, 11, 18)  # the tests' fixed "today" (conftest.EPOCH)
    playbook = load_playbook(BASIC, settings).playbook
    renderer = PageRenderer(playbook, site_url="https://playbook.example.com/", revision="2026-11-18 (golden)")
    rendered = {page.src_uri: page.markdown for page in all_pages(renderer)}
    rendered["index.md"] = renderer.home().markdown
    return rendered


def test_every_kind_of_generated_page_has_a_golden_file(pages):
    folders = {uri.split("/")[0] for uri in pages if "/" in uri}
    assert {"principles", "call-sheets", "stages", "roles"} <= folders
    assert set(KINDS.values()) <= set(pages), "a page named in KINDS is no longer generated"


@pytest.mark.parametrize("kind", KINDS)
def test_generated_markdown_matches_its_golden_file(pages, kind):
    golden = GOLDEN / f"{kind}.md"
    markdown = pages[KINDS[kind]]
    if os.environ.get("PLAYBOOK_UPDATE_GOLDEN") == "1":
        golden.write_text(markdown, "utf-8")
    assert golden.is_file(), f"no {golden.name}: run with PLAYBOOK_UPDATE_GOLDEN=1 to write it"
    assert markdown == golden.read_text("utf-8"), f"{KINDS[kind]} changed: compare with tests/golden/{golden.name}"


def test_a_long_list_of_titles_is_the_html_markdown_made_of_its_links(monkeypatch):
    """Stage and role pages list more than LIST_SUMMARIES principles as titles only, written as HTML
    (Markdown's link parsing of thousands of items was most of their build): the HTML must be what
    Markdown made of the same list as links, titles with Markdown and HTML characters included."""
    import markdown

    import playbook.render as render

    settings = read_settings(BASIC)
    playbook = load_playbook(BASIC, settings).playbook
    awkward = ["Don't *shout* & <b>wait</b>", "Price [list] vs \\value\\ `code`", 'Say "yes" _twice_ #1']
    stage = next(iter(playbook.principles.values())).stage
    for principle, title in zip(playbook.principles_of_stage(stage.id), awkward, strict=False):
        object.__setattr__(principle, "title", title)  # the model is frozen; its indexes hold these objects
    monkeypatch.setattr(render, "LIST_SUMMARIES", 0)
    renderer = PageRenderer(playbook)
    page = renderer.stage(stage).markdown
    as_links = "\n".join(
        f"- [{render.md_text(p.title)}](../../principles/{p.id}/)" for p in playbook.principles_of_stage(stage.id)
    )
    html_list = markdown.markdown(page.split("## Principles", 1)[1].split("## ", 1)[0])
    assert html_list.strip() == markdown.markdown(as_links).strip()
    assert "<ul>" in html_list and "&lt;b&gt;" in html_list
