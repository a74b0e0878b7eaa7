"""Incremental rebuilds under `playbook serve`: MkDocs' dirty builds, made to equal a clean build.

MkDocs skips reading and writing a page in a dirty build when ``File.is_modified()`` is false, but
left alone that is not safe: a skipped page has no title (so other pages' navigation loses it),
Material's search index keeps only the pages built last, its tags listing forgets skipped pages,
and deleted pages stay on disk. ``SiteMemory`` closes each gap:

- a generated page is built when its Markdown changed (``playbook.preview`` says which) or it is
  new; a hand-written page when its Markdown, with ``[[id]]`` links and the home map filled in, or
  the list of site files changed; the tags listing on every build; every page when the navigation
  or mkdocs.yml changed;
- a skipped page gets back the state it had after its last build (title, metadata, HTML, table of
  contents, anchors), so every page that shows it renders as in a clean build; unchanged pages
  outside the navigation keep their File and Page objects;
- the search index and the tags mapping are put together from every page, in site order;
- files of the last build that this build no longer has are deleted.

``tests/test_incremental.py`` drives edit sequences through this and compares the site with a clean
build, file by file.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import jinja2
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date

from .theme_cache import CompiledTemplates

IN_SERVE = InclusionLevel.is_in_serve  # the pages `serve` builds (drafts too)
# Pages whose content comes from every other page at build time (Material's tags listing).
LISTING_PAGES = ("tags.md",)
SITEMAP = "sitemap.xml"  # a theme template MkDocs writes from the list of pages


@dataclass
class PageState:
    """A page as its last build left it: what other pages and plugins read from it."""

    markdown: str | None
    meta: dict
    title_from_render: str | None
    content: str | None
    toc: object
    present_anchor_ids: set | None
    links_to_anchors: dict | None

    @classmethod
    def of(cls, page: Page) -> PageState:
        return cls(
            page.markdown,
            dict(page.meta),
            page._title_from_render,
            page.content,
            page.toc,
            page.present_anchor_ids,
            page.links_to_anchors,
        )

    def restore(self, page: Page) -> None:
        page.markdown = self.markdown
        page.meta = dict(self.meta)
        page._title_from_render = self.title_from_render
        page.content = self.content
        page.toc = self.toc
        page.present_anchor_ids = self.present_anchor_ids
        page.links_to_anchors = self.links_to_anchors


class SiteMemory:
    """What the last build under `playbook serve` produced, so the next build redoes only what changed."""

    def __init__(self):
        # Across builds (``forget`` clears the first group: the next build writes every page).
        self.states: dict[str, PageState] = {}
        self.search_json: dict[str, str] = {}  # src_uri -> its search entries, JSON-encoded
        self.reusable_files: dict[str, File] = {}  # pages outside the navigation, with their Page
        self.keys: dict[str, str] = {}  # what the pages the preview does not render depended on
        self.nav_key: str | None = None
        self.config_key: str | None = None
        self.sitemap_key: str | None = None  # what the sitemap.xml on disk lists
        self.outputs: set[str] = set()  # site files of the last build, to delete the ones that go away
        self.templates = CompiledTemplates()
        # This build's (``begin`` sets them).
        self.changed: set[str] = set()  # generated pages whose Markdown differs from the last build
        self.build_all = False  # every page is read and written (the navigation changed)
        self.to_build: set[str] = set()  # the pages this build reads and writes
        self.populated: set[str] = set()  # the pages read so far in this build
        self.indexed = 0  # entries in Material's search index (rebuilt each build) already assigned
        self.build_date = ""  # as MkDocs writes it on each page (formatted once, not per reused page)

    def forget(self) -> None:
        """The next build builds every page (mkdocs.yml changed, or a build failed)."""
        self.states = {}
        self.search_json = {}
        self.reusable_files = {}
        self.keys = {}
        self.nav_key = None
        self.config_key = None
        self.sitemap_key = None

    # -- one build, in the order of MkDocs' events --------------------------------------------------
    def begin(self, config, changed: set[str]) -> None:
        """``changed``: the generated pages whose Markdown differs from the last build."""
        config_key = _file_digest(config.config_file_path)
        if config_key != self.config_key:
            self.forget()
            self.config_key = config_key
        self.changed = changed
        self.build_all = False
        self.to_build = set()
        self.populated = set()
        self.indexed = 0
        self.build_date = get_build_date()

    def unchanged_file(self, src_uri: str) -> File | None:
        """The last build's File (and Page) of an unchanged page outside the navigation: making
        thousands of them again on every save is a fifth of a rebuild. Nothing about such a page
        depends on other pages; its state is restored like any skipped page's."""
        file = self.reusable_files.get(src_uri)
        if file is None or src_uri in self.changed or src_uri not in self.states or file.page is None:
            return None
        file.page.update_date = self.build_date  # as a new Page would have it (the sitemap shows it)
        return file

    def choose(self, files: Files, generated: set[str], keys: dict[str, str]) -> None:
        """Decide, per page, whether this build reads and writes it; MkDocs asks ``File.is_modified``.

        ``generated``: pages rendered by the preview (``changed`` says which differ); ``keys``: for
        other pages, what they depend on (a page without a key is built every time)."""
        for file in files.documentation_pages():
            uri = file.src_uri
            if uri in generated:
                reusable = uri not in self.changed
            else:
                reusable = uri in keys and self.keys.get(uri) == keys[uri]
            if not reusable or uri not in self.states or uri in LISTING_PAGES:
                self.to_build.add(uri)
            # MkDocs' own check compares file times, which says nothing about generated pages, nor
            # about hand-written pages that show other pages' titles.
            file.is_modified = partial(self.needs_build, uri)
        self.keys = keys

    def keep_sitemap(self, config, files: Files) -> None:
        """The sitemap lists every page's address and the build date: when neither changed, the one
        on disk is right, and MkDocs is not asked to write it again (a tenth of a second at
        thousands of pages, on every save)."""
        pages = "\n".join(f"{file.src_uri} {file.url}" for file in files.documentation_pages())
        key = hashlib.sha256(f"{config.site_url}\n{get_build_date()}\n{pages}".encode()).hexdigest()
        if key == self.sitemap_key and (Path(config.site_dir) / SITEMAP).is_file():
            config.theme.static_templates.discard(SITEMAP)
        self.sitemap_key = key

    def needs_build(self, src_uri: str) -> bool:
        return self.build_all or src_uri in self.to_build

    def restore_skipped(self, files: Files, config) -> None:
        """Before MkDocs reads pages: skipped pages get the state of their last build."""
        for file in files.documentation_pages():
            if file.src_uri in self.to_build:
                continue
            if file.page is None:
                Page(None, file, config)  # MkDocs makes pages outside the navigation in its read loop
            self.states[file.src_uri].restore(file.page)

    def page_read(self, page: Page) -> None:
        self.populated.add(page.file.src_uri)
        self.states[page.file.src_uri] = PageState.of(page)

    def use_compiled_templates(self, env: jinja2.Environment) -> None:
        """For `mkdocs serve --dirty`; `playbook serve`'s builder gave every environment its own cache."""
        if env.bytecode_cache is None:
            env.bytecode_cache = self.templates

    def check_navigation(self, nav: Navigation) -> None:
        """Every page shows the navigation: when it changed, every page is written again."""
        key = hashlib.sha256(repr(_nav_key(nav.items)).encode()).hexdigest()
        if key != self.nav_key:
            self.build_all = True
            self.nav_key = key

    def complete_tags(self, tags_plugin, files: Files) -> None:
        """Material's tags plugin collects tags while reading pages; add the skipped ones, in site order."""
        mappings = tags_plugin.mappings
        name = tags_plugin.config.tags_name_property
        order = []
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            order.append(page.url)
            if file.src_uri not in self.populated and page.meta.get(name) and tags_plugin.filter(file):
                mappings.add(page, page.markdown)
        mappings.data = {url: mappings.data[url] for url in order if url in mappings.data}

    def page_indexed(self, page: Page, entries: list[dict]) -> None:
        """Material's search index grows page by page: the entries since the last call are this page's."""
        fresh = entries[self.indexed :]
        self.indexed = len(entries)
        self.search_json[page.file.src_uri] = ",".join(json.dumps(e, separators=(",", ":"), default=str) for e in fresh)

    def complete_search_index(self, search_index, files: Files) -> None:
        """Material's search index of every page in site order, the pages not built now included.

        Material writes ``{"config": ..., "docs": [...]}`` with ``json.dumps``; the entries of each
        page are kept encoded, so the index is joined, not encoded again (a tenth of a second at
        thousands of pages). Material's own encoding gives the frame, with no entries."""
        search_index.entries = []
        frame = search_index.generate_search_index(None)
        if not frame.endswith('"docs":[]}'):
            raise RuntimeError("Material's search index has a format this preview does not know")
        pages = (self.search_json.get(file.src_uri) for file in files.documentation_pages(inclusion=IN_SERVE))
        text = frame[: -len("[]}")] + "[" + ",".join(page for page in pages if page) + "]}"
        search_index.generate_search_index = lambda previous: text

    def remove_stale(self, files: Files, site_dir: str) -> list[str]:
        """Delete what the last build wrote and this one no longer has (deleted or renamed pages)."""
        outputs = {file.dest_uri for file in files}
        stale = sorted(self.outputs - outputs)
        site = Path(site_dir)
        for dest in stale:
            path = site / dest
            path.unlink(missing_ok=True)
            folder = path.parent
            while folder != site and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        self.outputs = outputs
        self.reusable_files = {
            file.src_uri: file
            for file in files.documentation_pages()
            if file.generated_by == "playbook" and file.inclusion.is_not_in_nav() and file.page is not None
        }
        pages = {file.src_uri for file in files.documentation_pages()}
        self.states = {uri: state for uri, state in self.states.items() if uri in pages}
        self.search_json = {uri: text for uri, text in self.search_json.items() if uri in pages}
        return stale


def _nav_key(items) -> list:
    key = []
    for item in items:
        if isinstance(item, Section):
            key.append(("section", item.title, _nav_key(item.children)))
        elif isinstance(item, Link):
            key.append(("link", item.title, item.url))
        else:
            key.append(("page", item.title, item.url, repr(item.meta)))
    return key


def _file_digest(path: str | None) -> str:
    if not path or not os.path.isfile(path):
        return ""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
