"""What the live preview keeps between builds, in the one object the plugin calls when serving.

Under `serve` the plugin object survives rebuilds, and so does its ``LivePreview``: the content
cache and the last render (an edit reads and renders again only what it changes), the last good
build (a broken file keeps it on screen, its errors in a banner), the warnings already printed,
and for `playbook serve`'s dirty builds the pages remembered between builds (``memory.py``), with
Material's search index and tags listing completed from them. A build (`mkdocs build`,
`playbook build`) has no ``LivePreview``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from playbook.load import ReadCache
from playbook.preview import PreviewPages, PreviewUpdate

from .banner import with_banner
from .memory import SiteMemory

log = get_plugin_logger(__name__)
# What the plugin's hooks read from a good build; a build with content errors gets these back.
GOOD_STATE = ("playbook", "renderer", "pages", "home_map", "home")


class LivePreview:
    """The preview's state across builds; ``dirty``: `playbook serve`, which writes only what changed."""

    def __init__(self, *, dirty: bool):
        self.read_cache = ReadCache()
        self.pages = PreviewPages()  # the last render, which the next one reuses
        self.memory = SiteMemory() if dirty else None
        self.last_good: dict | None = None  # the plugin's GOOD_STATE after the last build without errors
        self.banner: list[str] = []  # this build's content errors, over the last good pages
        # `playbook serve` adds the banner as it sends each page (live/server.py), so that breaking
        # and fixing a file rebuilds nothing; `mkdocs serve` gets it written into the pages.
        self.banner_in_pages = True
        self.warned: set[str] = set()  # warnings printed by an earlier build
        self.site_files: Files | None = None  # this build's files, for the search index and stale pages
        self.nav = None  # this build's navigation

    # -- what the server asks -----------------------------------------------------------------------
    @property
    def problems(self) -> list[str]:
        """The content errors of the last build, for the banner."""
        return list(self.banner)

    def serve_banner_separately(self) -> None:
        """The server adds the banner to each page it sends: the pages on disk stay the last good ones."""
        self.banner_in_pages = False

    # -- on_config ------------------------------------------------------------------------------------
    def start_build(self) -> None:
        self.banner = []

    def render_failed(self) -> None:
        """A render that raised leaves nothing to reuse: the next build renders every page."""
        self.pages = PreviewPages()

    def log_warnings(self, warnings: list[str]) -> None:
        """A warning is printed when it appears, not again on every save."""
        new = [w for w in warnings if w not in self.warned]
        for warning in new:
            log.warning(warning)
        if len(new) < len(warnings):
            log.info(f"{len(warnings) - len(new)} warning(s) printed before are still there")
        self.warned = set(warnings)

    def good_build(self, plugin, config, update: PreviewUpdate) -> None:
        """The content loaded and rendered: remember the plugin's state, and what the render changed."""
        if self.memory is not None:
            log.info(
                f"{update.rendered} of {len(update.pages)} generated pages rendered, {len(update.changed)} changed"
            )
        self.last_good = {name: getattr(plugin, name) for name in GOOD_STATE}
        if self.memory is not None:
            self.memory.begin(config, update.changed)

    def keep_last_good(self, plugin, config, errors: list) -> bool:
        """A broken file keeps the last good pages, with the errors in a banner; False before the first."""
        if self.last_good is None:
            return False
        for problem in errors:
            log.error(str(problem))
        for name, value in self.last_good.items():
            setattr(plugin, name, value)
        self.banner = [str(p) for p in errors]
        if self.memory is not None:
            self.memory.begin(config, set())  # nothing changed: the last good pages stay as they are
        return True

    # -- on_files, on_nav -------------------------------------------------------------------------
    def reusable_file(self, src_uri: str) -> File | None:
        """The last build's File of an unchanged page outside the navigation, or None."""
        return None if self.memory is None else self.memory.unchanged_file(src_uri)

    def files_ready(self, files: Files, home_markdown: str, hand_written: Callable[[str, str], str]) -> None:
        """Every file of this build is known: decide which pages MkDocs reads and writes again."""
        if self.memory is None:
            return
        self.site_files = files
        generated = {file.src_uri for file in files if file.generated_by == "playbook"}
        self.memory.choose(files, generated - {"index.md"}, _page_keys(files, home_markdown, hand_written))

    def nav_ready(self, nav, files: Files, config) -> None:
        if self.memory is not None:
            self.nav = nav
            self.memory.restore_skipped(files, config)

    # -- pages ----------------------------------------------------------------------------------------
    def page_content(self, page, html: str) -> None:
        if self.memory is not None:
            page.content = html
            self.memory.page_read(page)

    def env_ready(self, env, config, files: Files) -> None:
        if self.memory is not None:
            self.memory.use_compiled_templates(env)
            self.memory.check_navigation(self.nav)
            if (tags := _plugin_with(config, "mappings")) is not None:
                self.memory.complete_tags(tags, files)

    def page_context(self, page, config) -> None:
        if self.memory is not None and (search := _plugin_with(config, "search_index")) is not None:
            self.memory.page_indexed(page, search.search_index.entries)

    def with_banner(self, output: str) -> str:
        """The page with this build's errors over it, when the pages carry the banner themselves."""
        return with_banner(output, self.banner) if self.banner and self.banner_in_pages else output

    # -- the end of a build -------------------------------------------------------------------------
    def post_build(self, config) -> None:
        if self.memory is None:
            return
        if (search := _plugin_with(config, "search_index")) is not None:
            self.memory.complete_search_index(search.search_index, self.site_files)
            search.search_index_prev = None  # its own merge assumes one changed page
        for stale in self.memory.remove_stale(self.site_files, config.site_dir):
            log.info(f"removed {stale}: its page is gone")

    def build_failed(self) -> None:
        if self.memory is not None:
            self.memory.forget()  # the site may be half written: the next build writes every page


def _page_keys(files: Files, home_markdown: str, hand_written: Callable[[str, str], str]) -> dict[str, str]:
    """For pages the preview's render does not cover (hand-written ones, the generated home page),
    what their built page depends on: the Markdown MkDocs will read and, for hand-written pages,
    which files exist (their links may name any of them)."""
    listing = hashlib.sha256("\n".join(sorted(file.src_uri for file in files)).encode()).hexdigest()
    keys = {}
    for file in files.documentation_pages():
        if file.generated_by == "playbook":
            if file.src_uri == "index.md":
                keys[file.src_uri] = home_markdown
        elif file.abs_src_path and not file.generated_by:
            try:
                markdown = file.content_string
            except (OSError, ValueError):
                continue  # MkDocs reports it while building the page
            if "<!-- material/tags" not in markdown:  # a tags listing shows every tagged page
                keys[file.src_uri] = listing + hand_written(markdown, file.src_uri)
    return keys


def _plugin_with(config, attribute: str):
    """Material's search or tags plugin, found by the state this room works with."""
    for plugin in config.plugins.values():
        if hasattr(plugin, attribute):
            return plugin
    return None
