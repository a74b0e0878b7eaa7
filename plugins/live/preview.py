"""The live preview: a plugin of its own, made by the playbook plugin when serving.

Under `serve` the plugin objects survive rebuilds, and so does the ``LivePreview``: the content
cache and the last render (an edit reads and renders again only what it changes), the last good
build (a broken file keeps it on screen, its errors in a banner), the warnings already printed,
and for `playbook serve`'s dirty builds the pages remembered between builds (``memory.py``), with
Material's search index and tags listing completed from them.

The seam: the playbook plugin's ``on_config`` asks ``make`` for the build. ``make`` registers this
object as the plugin ``playbook/live`` of that config (MkDocs makes a new plugin collection for
each config, so it registers again at every build), which gives it the hooks below. The playbook
plugin never asks whether it is serving.
"""

from __future__ import annotations

import hashlib

from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files

from playbook.load import ReadCache
from playbook.pagecache import PageCache
from playbook.whatsnew.replay import Replay

from ..failures import ContentErrors
from ..site_build import RenderFailed, SiteBuild, SitePaths, make_build
from .banner import with_banner
from .memory import SiteMemory

log = get_plugin_logger(__name__)
PLUGIN_NAME = "playbook/live"


class LivePreview(BasePlugin):
    """The preview's state across builds; ``dirty``: `playbook serve`, which writes only what changed."""

    def __init__(self, *, dirty: bool):
        self.read_cache = ReadCache()
        self.pages = PageCache()  # the last render, which the next one reuses
        self.history = Replay()  # what's new: scratch folders and parse caches kept between saves
        self.memory = SiteMemory() if dirty else None
        self.last_good: SiteBuild | None = None  # the last build without content errors
        self.build: SiteBuild | None = None  # this build's
        self.problems: list[str] = []  # the one holder of the banner's problems: this build's content errors
        # `playbook serve` adds the banner as it sends each page (live/server.py), so that breaking
        # and fixing a file rebuilds nothing; `mkdocs serve` gets it written into the pages.
        self.banner_in_pages = True
        self.warned: set[str] = set()  # warnings printed by an earlier build
        self.site_files: Files | None = None  # this build's files, for the search index and stale pages
        self.nav = None  # this build's navigation

    def serve_banner_separately(self) -> None:
        """The server adds the banner to each page it sends: the pages on disk stay the last good ones."""
        self.banner_in_pages = False

    # -- the seam: on_config of the playbook plugin ---------------------------------------------------
    def make(self, config, options, paths: SitePaths) -> SiteBuild:
        """This build, made with the preview's caches; a broken file keeps the last good build."""
        config.plugins[PLUGIN_NAME] = self
        self.problems = []
        try:
            build = make_build(
                config,
                options,
                paths,
                serving=True,
                read_cache=self.read_cache,
                pages=self.pages,
                warn=self._warn,
                history=self.history,
            )
        except ContentErrors as errors:
            if self.last_good is None:
                raise  # nothing to show: the first build fails as a clean build would
            for problem in errors.problems:
                log.error(str(problem))
            self.problems = [str(problem) for problem in errors.problems]
            build, changed = self.last_good.with_theme(config, options, serving=True), set()
        except RenderFailed:
            self.pages = PageCache()  # a render that raised leaves nothing to reuse
            raise
        else:
            self.last_good, changed = build, build.changed
            if self.memory is not None:
                log.info(f"{build.rendered} of {len(build.pages)} generated pages rendered, {len(changed)} changed")
        if self.memory is not None:
            self.memory.begin(config, changed)
            build.reusable_file = self.memory.unchanged_file
        self.build = build
        return build

    def _warn(self, warnings: list[str]) -> None:
        """A warning is printed when it appears, not again on every save."""
        new = [w for w in warnings if w not in self.warned]
        for warning in new:
            log.warning(warning)
        if len(new) < len(warnings):
            log.info(f"{len(warnings) - len(new)} warning(s) printed before are still there")
        self.warned = set(warnings)

    # -- its own hooks --------------------------------------------------------------------------------
    @event_priority(-100)  # once every plugin has added its files
    def on_files(self, files: Files, *, config) -> Files:
        """Every file of this build is known: decide which pages MkDocs reads and writes again."""
        if self.memory is not None:
            self.site_files = files
            generated = {file.src_uri for file in files if file.generated_by == "playbook"}
            keys = _page_keys(files, self.build)
            self.memory.choose(files, generated - {"index.md"}, keys)
            self.memory.keep_sitemap(config, files)
        return files

    def on_nav(self, nav, *, config, files):
        if self.memory is not None:
            self.nav = nav
            self.memory.restore_skipped(files, config)
        return nav

    @event_priority(110)  # before Material's tags plugin renders its listings from the mapping
    def on_env(self, env, *, config, files):
        if self.memory is not None:
            self.memory.use_compiled_templates(env)
            self.memory.check_navigation(self.nav)
            if (tags := _plugin_with(config, "mappings")) is not None:
                self.memory.complete_tags(tags, files)
        return env

    @event_priority(-100)  # after the playbook plugin's: the HTML a clean build writes
    def on_page_content(self, html: str, *, page, config, files) -> str:
        if self.memory is not None:
            page.content = html
            self.memory.page_read(page)
        return html

    @event_priority(-100)  # after Material's search plugin indexed the page
    def on_page_context(self, context, *, page, config, nav):
        if self.memory is not None and (search := _plugin_with(config, "search_index")) is not None:
            self.memory.page_indexed(page, search.search_index.entries)
        return context

    def on_post_page(self, output: str, *, page, config) -> str:
        """The page with this build's errors over it, when the pages carry the banner themselves."""
        return with_banner(output, self.problems) if self.problems and self.banner_in_pages else output

    @event_priority(50)  # before Material's search plugin writes its index
    def on_post_build(self, *, config) -> None:
        if self.memory is None:
            return
        if (search := _plugin_with(config, "search_index")) is not None:
            self.memory.complete_search_index(search.search_index, self.site_files)
            search.search_index_prev = None  # its own merge assumes one changed page
        for stale in self.memory.remove_stale(self.site_files, config.site_dir):
            log.info(f"removed {stale}: its page is gone")

    def on_build_error(self, *, error) -> None:
        if self.memory is not None:
            self.memory.forget()  # the site may be half written: the next build writes every page


def live_preview_of(config) -> LivePreview | None:
    """The live preview registered in this config (after its on_config), found by what it is."""
    return next((plugin for plugin in config.plugins.values() if isinstance(plugin, LivePreview)), None)


def _page_keys(files: Files, build: SiteBuild) -> dict[str, str]:
    """For pages the preview's render does not cover (hand-written ones, the generated home page),
    what their built page depends on: the Markdown MkDocs will read and, for hand-written pages,
    which files exist (their links may name any of them)."""
    listing = hashlib.sha256("\n".join(sorted(file.src_uri for file in files)).encode()).hexdigest()
    keys = {}
    for file in files.documentation_pages():
        if file.generated_by == "playbook":
            if file.src_uri == "index.md":
                keys[file.src_uri] = build.home.markdown
        elif file.abs_src_path and not file.generated_by:
            try:
                markdown = file.content_string
            except (OSError, ValueError):
                continue  # MkDocs reports it while building the page
            if "<!-- material/tags" not in markdown:  # a tags listing shows every tagged page
                keys[file.src_uri] = listing + build.hand_written(markdown, file.src_uri)
    return keys


def _plugin_with(config, attribute: str):
    """Material's search or tags plugin, found by the state this room works with."""
    for plugin in config.plugins.values():
        if hasattr(plugin, attribute):
            return plugin
    return None
