"""The preview's core, without MkDocs: which pages an edit renders again, and that the cached load
and render give what a fresh load and render give."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rendered_pages import all_pages

from conftest import ROOT, copy_playbook
from playbook.load import ReadCache, load_playbook
from playbook.pagecache import PageCache
from playbook.render import PageRenderer
from playbook.settings import read_settings

SETTINGS_KEY = ("test",)


@pytest.fixture
def content(tmp_path) -> Path:
    root = tmp_path / "pb"
    root.mkdir()
    copy_playbook(ROOT / "content", root / "content")
    (root / "mkdocs.yml").write_text("site_name: t\ndocs_dir: content\n")
    return root


class Session:
    """Loads with one cache and renders with one PageCache, as the plugin does under serve."""

    def __init__(self, root: Path):
        self.root, self.cache = root, ReadCache()
        self.pages = PageCache(lambda playbook: PageRenderer(playbook, site_url="http://x/", revision="r"))

    def update(self):
        result = load_playbook(self.root, read_settings(self.root), self.cache)
        assert not result.errors, result.errors
        return self.pages.update(result.playbook, SETTINGS_KEY)

    def fresh(self) -> list:
        playbook = load_playbook(self.root, read_settings(self.root)).playbook
        return all_pages(PageRenderer(playbook, site_url="http://x/", revision="r"))


def rendered_every_page(update) -> bool:
    """The update rendered every page (first load, or a change that reaches all): none was reused."""
    return update.rendered >= len(update.pages)


def set_field(path: Path, key: str, value: str) -> None:
    path.write_text(re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", path.read_text(), count=1))


def test_the_first_update_renders_every_page(content):
    update = Session(content).update()
    assert rendered_every_page(update)
    assert update.changed == {page.src_uri for page in update.pages}


def test_an_update_without_edits_changes_nothing(content):
    session = Session(content)
    session.update()
    update = session.update()
    assert update.changed == set() and not rendered_every_page(update)


def test_a_title_edit_changes_the_pages_that_show_the_title_and_no_other(content):
    session = Session(content)
    session.update()
    playbook = load_playbook(content, read_settings(content)).playbook
    target = playbook.principles["ask-dont-counter"]
    set_field(content / "content/principles/ask-dont-counter.yml", "title", "Ask, never counter")
    update = session.update()
    shows_title = {"principles/ask-dont-counter.md", f"stages/{target.stage.id}.md"}
    shows_title |= {f"roles/{role.id}.md" for role in target.roles}
    shows_title |= {f"principles/{p.id}.md" for p in playbook.referenced_by(target.id)}
    shows_title |= {f"principles/{p}.md" for p in target.related}
    shows_title |= {f"call-sheets/{sheet.id}.md" for sheet in playbook.sheets_using(target.id)}
    if target.objections:  # the objections page links each objection to its principle by title
        shows_title.add("objections.md")
    assert update.changed <= shows_title | {"needs-review.md", "call-sheets/print-all.md"}
    assert {"principles/ask-dont-counter.md", f"stages/{target.stage.id}.md"} <= update.changed
    assert update.rendered < len(update.pages) / 2
    assert [p.markdown for p in update.pages] == [p.markdown for p in session.fresh()]


def test_a_new_link_renders_the_target_page_again_for_its_backlinks(content):
    session = Session(content)
    session.update()
    path = content / "content/principles/surprise-and-delight.yml"
    text = re.sub(r"(?m)^related: .*\n", "", path.read_text())
    path.write_text(text.replace("\nsources:", "\nrelated: [aim-for-the-reorder]\nsources:", 1))
    update = session.update()
    assert "principles/aim-for-the-reorder.md" in update.changed
    assert [p.markdown for p in update.pages] == [p.markdown for p in session.fresh()]


def test_a_mention_in_a_summary_follows_the_mentioned_title(content):
    session = Session(content)
    set_field(content / "content/principles/surprise-and-delight.yml", "summary", "Read [[aim-for-the-reorder]] first.")
    session.update()
    set_field(content / "content/principles/aim-for-the-reorder.yml", "title", "Aim for the second order")
    update = session.update()
    assert "principles/surprise-and-delight.md" in update.changed
    page = next(p for p in update.pages if p.src_uri == "principles/surprise-and-delight.md")
    assert "Aim for the second order" in page.markdown


def test_an_edit_to_playbook_yml_renders_every_page(content):
    session = Session(content)
    session.update()
    book = content / "content/playbook.yml"
    book.write_text(book.read_text().replace("title: Discovery", "title: Discovery and fit", 1))
    update = session.update()
    assert rendered_every_page(update)
    assert [p.markdown for p in update.pages] == [p.markdown for p in session.fresh()]


def test_the_read_cache_parses_only_files_that_changed(content, monkeypatch):
    import playbook.load.parallel

    session = Session(content)
    session.update()
    parsed = []
    real = playbook.load.parallel.parse_yaml  # where a read of the cache calls it (parse_and_check)
    monkeypatch.setattr(playbook.load.parallel, "parse_yaml", lambda raw, rel: parsed.append(rel) or real(raw, rel))
    set_field(content / "content/principles/active-listening.yml", "title", "Listen first")
    session.update()
    assert parsed == ["content/principles/active-listening.yml"]
