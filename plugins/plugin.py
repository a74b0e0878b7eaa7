"""The ``playbook`` MkDocs plugin: validates content, then hands the generated pages to MkDocs.

All the work happens in the ``playbook`` core; this module only maps MkDocs events onto it.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section

from playbook.formerly import redirects
from playbook.load import ReadCache, load_playbook
from playbook.model import Playbook
from playbook.preview import PreviewPages
from playbook.problems import format_text
from playbook.render import PageRenderer
from playbook.revision import content_revision
from playbook.settings import settings_for

from .config import PlaybookConfig
from .handoff import with_crm
from .live.banner import with_banner
from .live.memory import SiteMemory
from .minify import minify_css, minify_js
from .search import PAGE_ASSETS, SiteSearch
from .worker import OFFLINE_PAGE, offline_build, without_registration, write_worker

log = get_plugin_logger(__name__)

HERE = Path(__file__).parent
ASSETS = ("playbook.css", "playbook.js")  # on every page
CALL_TOOLS = ("playbook-call.css", "playbook-call.js")  # loaded by playbook.js on the first tap that needs them
ASSET_DIR = "assets/playbook"
# Material's offline plugin loads this Web Worker shim for search from a CDN; we ship a copy (MIT)
# so an offline site needs nothing from the network.
IFRAME_WORKER = "vendor/iframe-worker-1.0.4.js"
# Principles and call sheets are reached through stage, role and index pages: listing thousands of
# them in the sidebar would put the whole list into every page and make builds quadratic.
NOT_IN_NAV_DIRS = ("principles/", "call-sheets/")
ROBOTS_TXT = "# An internal sales playbook: not for search engines.\nUser-agent: *\nDisallow: /\n"
GENERATOR_TAG = re.compile(r'<meta name="generator"[^>]*>\s*')
_GOOD_STATE = ("playbook", "renderer", "pages", "home_map", "home")
SECTION_TITLES = {"stages": "Sales cycle", "roles": "Roles", "call-sheets": "Call sheets"}


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.on_startup(command="build", dirty=False)

    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"
        # `playbook serve` asks for dirty builds: only what an edit changes is rendered and written.
        self.incremental = self.serving and dirty
        self.last_good: dict | None = None  # under `serve`: the last build's state that had no errors
        self.read_cache = ReadCache() if self.serving else None
        self.preview: PreviewPages | None = None
        self.memory = SiteMemory() if self.incremental else None
        self.banner: list[str] = []
        # `playbook serve` adds the banner as it sends each page (plugins/serve.py), so that breaking
        # and fixing a file rebuilds nothing; `mkdocs serve` gets it written into the pages.
        self.banner_in_pages = True
        self.warned: set[str] = set()  # under `serve`: warnings printed by an earlier build
        self.search = SiteSearch()

    def on_config(self, config):
        # Per-build state is rebuilt here: under `serve` the plugin object survives rebuilds.
        self.playbook: Playbook | None = None
        self.renderer: PageRenderer | None = None
        self.banner = []
        self.changed: set[str] = set()
        self.search.engine = "lunr"  # until _adapt_theme chooses
        self.worker = False  # whether this build writes sw.js (decided with the theme, below)
        root = Path(config.config_file_path).parent
        # The content folder is found by the same rule as `playbook check` (playbook/settings.py).
        settings = settings_for(
            root, content_dir=self.config.content_dir, docs_dir=config.docs_dir, review_age=self.config.review_age
        )
        self.root, self.content_dir, self.docs_dir = (
            root,
            (root / settings.content_dir).resolve(),
            Path(config.docs_dir).resolve(),
        )
        if not self.config.enabled:
            return config
        result = load_playbook(root, settings, self.read_cache)
        # Fail here, before MkDocs cleans site_dir, so a failed build leaves the old site. In strict
        # mode content warnings fail too, as with `playbook check --strict`.
        if result.errors or (config.strict and result.warnings):
            if self.serving and self.last_good is not None:
                return self._serve_last_good(config, result)
            raise PluginError("content errors:\n" + format_text(result.problems).rstrip())
        self._log_warnings([str(problem) for problem in result.warnings])
        self.playbook = result.playbook
        template_dirs = [root / self.config.templates_dir] if self.config.templates_dir else []
        revision = str(content_revision(root, settings.content_dir))
        options = dict(
            site_url=config.site_url,
            revision=revision,
            directory_urls=config.use_directory_urls,
            today=settings.today,
            review_age=settings.review_age,
        )
        if self.preview is None:
            self.preview = PreviewPages()
        self.preview.make_renderer = lambda playbook: PageRenderer(playbook, template_dirs, **options)
        self.preview.template_dirs = template_dirs
        # Render every page now, before MkDocs cleans site_dir: a failure here leaves the old site.
        try:
            update = self.preview.update(self.playbook, tuple(sorted(options.items())))
            self.renderer = self.preview.renderer
            self.pages = update.pages
            self.home_map = self.renderer.home_map()
            self.home = self.renderer.home()
        except Exception as exc:  # a bug of ours: one clear line, not a traceback
            self.preview = None
            raise PluginError(f"{self.playbook.path}: internal error while rendering pages: {exc!r}") from exc
        self.changed = update.changed
        if self.incremental:
            log.info(f"{update.rendered} of {len(self.pages)} generated pages rendered, {len(update.changed)} changed")
        self.last_good = {name: getattr(self, name) for name in _GOOD_STATE}
        if self.memory is not None:
            self.memory.begin(config, self.changed)
        return self._adapt_theme(config)

    def _log_warnings(self, warnings: list[str]) -> None:
        """Under `serve`, a warning is printed when it appears, not again on every save."""
        new = [w for w in warnings if w not in self.warned]
        for warning in new:
            log.warning(warning)
        if len(new) < len(warnings):
            log.info(f"{len(warnings) - len(new)} warning(s) printed before are still there")
        if self.serving:
            self.warned = set(warnings)

    def _serve_last_good(self, config, result):
        """Under `serve`, a broken file keeps the last good pages, with the errors in a banner."""
        for problem in result.errors:
            log.error(str(problem))
        for name, value in self.last_good.items():
            setattr(self, name, value)
        self.banner = [str(p) for p in result.errors]
        if self.memory is not None:
            self.memory.begin(config, set())  # nothing changed: the last good pages stay as they are
        return self._adapt_theme(config)

    def _adapt_theme(self, config):
        polyfills = config.extra.get("polyfills") or []
        if any("iframe-worker" in url for url in polyfills):
            config.extra["polyfills"] = [
                f"{ASSET_DIR}/{IFRAME_WORKER}" if "iframe-worker" in url else url for url in polyfills
            ]
            self.shipped_assets = [*ASSETS, *CALL_TOOLS, IFRAME_WORKER]
        else:
            self.shipped_assets = [*ASSETS, *CALL_TOOLS]
        self.worker = not self.serving and not offline_build(config)
        if self.worker:
            config.theme.static_templates.add(OFFLINE_PAGE)
        searching = self.search.configure(config, self.config.search, serving=self.serving, playbook=self.playbook)
        self.shipped_assets += searching
        if self.config.private:
            config.extra["generator"] = False  # Material's "Made with" footer line
            config.extra["playbook_private"] = True  # read by overrides/main.html
        theme = config.theme
        theme.dirs.insert(1 if theme.custom_dir else 0, str(HERE / "overrides"))
        for name in [*ASSETS, *(name for name in searching if name in PAGE_ASSETS)]:
            target = config.extra_css if name.endswith(".css") else config.extra_javascript
            uri = f"{ASSET_DIR}/{name}"
            if uri not in target:
                target.append(uri)
        return config

    def on_files(self, files: Files, *, config) -> Files:
        self.search.quiet_material(config)
        files = self._drop_content_yaml(files)  # even when disabled: the sources are never site files
        if not self.config.enabled or self.playbook is None:
            return files
        for page in self.pages:
            if files.get_file_from_path(page.src_uri) is not None:
                continue  # a hand-written page at the same path wins
            inclusion = InclusionLevel.INCLUDED
            if page.src_uri.startswith(NOT_IN_NAV_DIRS) and not page.src_uri.endswith("index.md"):
                inclusion = InclusionLevel.NOT_IN_NAV
                if self.memory is not None and (file := self.memory.unchanged_file(page.src_uri)) is not None:
                    files.append(file)
                    continue
            file = File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)
            if page.source:
                file.edit_uri = self._edit_uri(page.source)
            files.append(file)
        for moved in redirects(self.playbook, directory_urls=config.use_directory_urls, site_url=config.site_url):
            if files.get_file_from_path(moved.path) is None:  # a page of the old id's own, hand-written, wins
                files.append(File.generated(config, moved.path, content=moved.html))
        if files.get_file_from_path("index.md") is None:
            file = File.generated(config, self.home.src_uri, content=self.home.markdown)
            file.edit_uri = self._edit_uri(self.home.source)
            files.append(file)
        for name in self.shipped_assets:
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=_asset(name, self.worker)))
        if self.config.private and files.get_file_from_path("robots.txt") is None:
            files.append(File.generated(config, "robots.txt", content=ROBOTS_TXT))
        if self.memory is not None:
            self.files = files
            generated = {file.src_uri for file in files if file.generated_by == "playbook"}
            self.memory.choose(files, generated - {"index.md"}, self._page_keys(files))
        return files

    def on_nav(self, nav: Navigation, *, config, files) -> Navigation:
        if not self.config.enabled or self.playbook is None:
            return nav
        order = {s.id: s.index for s in self.playbook.stages}
        ours, theirs = [], []
        for item in nav.items:
            name = _section_dir(item)
            if name in SECTION_TITLES:
                item.title = SECTION_TITLES[name]
                if name == "stages":
                    item.children.sort(key=lambda child: order.get(_page_stem(child), -1))
                ours.append(item)
            else:
                theirs.append(item)
        ours.sort(key=lambda item: list(SECTION_TITLES).index(_section_dir(item)))
        nav.items[:] = (
            theirs[:1] + ours + theirs[1:] if theirs and theirs[0].is_page and theirs[0].is_index else theirs + ours
        )
        if self.memory is not None:
            self.nav = nav
            self.memory.restore_skipped(files, config)
        return nav

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if not self.config.enabled or self.playbook is None:
            return markdown
        if page.file.generated_by:
            return markdown
        return self._hand_written(markdown, page.file.src_uri)

    def _hand_written(self, markdown: str, src_uri: str) -> str:
        """A hand-written page's Markdown with its ``[[id]]`` links made, and the map on the home page."""
        markdown = self.renderer.link_mentions(markdown, src_uri)
        if src_uri == "index.md":
            marker = "<!-- playbook:map -->"
            return markdown.replace(marker, self.home_map) if marker in markdown else markdown + self.home_map
        return markdown

    def _page_keys(self, files: Files) -> dict[str, str]:
        """For pages the preview's render does not cover (hand-written ones, the generated home page),
        what their built page depends on: the Markdown MkDocs will read and, for hand-written pages,
        which files exist (their links may name any of them)."""
        listing = hashlib.sha256("\n".join(sorted(file.src_uri for file in files)).encode()).hexdigest()
        keys = {}
        for file in files.documentation_pages():
            if file.generated_by == "playbook":
                if file.src_uri == "index.md":
                    keys[file.src_uri] = self.home.markdown
            elif file.abs_src_path and not file.generated_by:
                try:
                    markdown = file.content_string
                except (OSError, ValueError):
                    continue  # MkDocs reports it while building the page
                if "<!-- material/tags" not in markdown:  # a tags listing shows every tagged page
                    keys[file.src_uri] = listing + self._hand_written(markdown, file.src_uri)
        return keys

    @event_priority(-100)  # after every other plugin changed the HTML: what a clean build would keep
    def on_page_content(self, html: str, *, page, config, files) -> str:
        html = self.search.page_content(html, page)
        if self.memory is not None:
            page.content = html
            self.memory.page_read(page)
        return html

    @event_priority(110)  # before Material's tags plugin renders its listings from the mapping
    def on_env(self, env, *, config, files):
        if self.memory is not None:
            self.memory.use_compiled_templates(env)
            self.memory.check_navigation(self.nav)
            if (tags := _plugin_with(config, "mappings")) is not None:
                self.memory.complete_tags(tags, files)
        return env

    @event_priority(-100)  # after Material's search plugin indexed the page
    def on_page_context(self, context, *, page, config, nav):
        context["pb_search"] = self.search.page_context(page)
        if self.memory is not None and (search := _plugin_with(config, "search_index")) is not None:
            self.memory.page_indexed(page, search.search_index.entries)
        return context

    def on_post_page(self, output: str, *, page, config) -> str:
        if not self.config.enabled:
            return output
        if self.config.private:
            output = GENERATOR_TAG.sub("", output, count=1)  # no version banner that helps an attacker
        if self.banner and self.banner_in_pages:
            output = with_banner(output, self.banner)
        return with_crm(output, self.config.crm)

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        if self.config.enabled and self.config.private and template_name.endswith(".html"):
            return GENERATOR_TAG.sub("", output_content, count=1)  # the 404 page
        return output_content

    @event_priority(50)  # before Material's search plugin writes its index
    def on_post_build(self, *, config) -> None:
        self.search.index_site(config.site_dir)
        if self.memory is not None:
            if (search := _plugin_with(config, "search_index")) is not None:
                self.memory.complete_search_index(search.search_index, self.files)
                search.search_index_prev = None  # its own merge assumes one changed page
            for stale in self.memory.remove_stale(self.files, config.site_dir):
                log.info(f"removed {stale}: its page is gone")
        if self.config.enabled and self.worker and self.playbook is not None:
            keep = [f"{ASSET_DIR}/{name}" for name in CALL_TOOLS]
            write_worker(Path(config.site_dir), (HERE / "assets" / "sw.js").read_text("utf-8"), keep)
        if self.config.enabled and self.config.private:
            # sitemap.xml stays: Material's instant navigation reads it to know which links it may
            # load in place. The compressed copy only exists for search engines.
            (Path(config.site_dir) / "sitemap.xml.gz").unlink(missing_ok=True)

    def on_build_error(self, *, error) -> None:
        if self.memory is not None:
            self.memory.forget()  # the site may be half written: the next build writes every page

    def on_serve(self, server, *, config, builder):
        if self.config.enabled and self.content_dir != self.docs_dir:
            server.watch(str(self.content_dir))
        if self.config.enabled and self.config.templates_dir and (self.root / self.config.templates_dir).is_dir():
            server.watch(str(self.root / self.config.templates_dir))  # a template edit re-renders every page
        return server

    # -- helpers ------------------------------------------------------------------------------------
    def _drop_content_yaml(self, files: Files) -> Files:
        """The YAML sources are input, not site files: keep them out of the published site."""
        # String prefixes, not Path.resolve() per file: thousands of files, on every preview rebuild.
        folders = {str(self.content_dir), os.path.abspath(self.root / (self.config.content_dir or self.docs_dir))}
        prefixes = tuple(folder.rstrip(os.sep) + os.sep for folder in folders)

        def is_content_yaml(file: File) -> bool:
            path = file.abs_src_path
            if not path or not path.lower().endswith((".yml", ".yaml")):  # any case: .YML, .Yaml
                return False
            return os.path.abspath(path).startswith(prefixes) or Path(path).resolve().is_relative_to(self.content_dir)

        return Files([file for file in files if not is_content_yaml(file)])

    def _edit_uri(self, source: str) -> str:
        """The source file relative to docs_dir, which MkDocs joins to the site's edit_uri."""
        path = self.content_dir / source
        try:
            return path.relative_to(self.docs_dir).as_posix()
        except ValueError:
            return Path(os.path.relpath(path, self.docs_dir)).as_posix()


def _plugin_with(config, attribute: str):
    """Material's search or tags plugin, found by the state this module works with."""
    for plugin in config.plugins.values():
        if hasattr(plugin, attribute):
            return plugin
    return None


def _asset(name: str, worker: bool = True) -> str:
    text = (HERE / "assets" / name).read_text("utf-8")
    if name == "playbook.js" and not worker:
        text = without_registration(text)
    if name.endswith(".css"):
        return minify_css(text)
    return text if name.startswith("vendor/") else minify_js(text)


def _section_dir(item) -> str | None:
    if isinstance(item, Section):
        for child in item.children:
            if child.is_page and child.file.src_uri.count("/") == 1:
                return child.file.src_uri.split("/")[0]
    return None


def _page_stem(item) -> str:
    return Path(item.file.src_uri).stem if item.is_page else ""
