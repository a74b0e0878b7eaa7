"""The ``playbook`` MkDocs plugin: validates content, then hands the generated pages to MkDocs.

The build adapter: config, load, pages, and MkDocs' event hooks. The work happens in the
``playbook`` core and in the modules beside this one (theme, navigation, sources, search, worker);
what only the live preview needs is in ``live/``, in the ``LivePreview`` made when serving.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from playbook.formerly import redirects
from playbook.layout import PRINCIPLES_DIR, SECTION_TITLES, SHEETS_DIR
from playbook.load import load_playbook
from playbook.model import Playbook
from playbook.preview import PreviewPages
from playbook.render import PageRenderer
from playbook.revision import content_revision
from playbook.settings import settings_for

from .config import PlaybookConfig
from .content_errors import ContentErrors
from .handoff import with_crm
from .live import LivePreview
from .navigation import order_sections
from .privacy import ROBOTS_TXT, drop_compressed_sitemap, without_generator
from .search import SiteSearch
from .sources import drop_content_yaml, edit_uri
from .theme import ASSET_DIR, CALL_TOOLS, adapt_theme, asset, asset_source
from .worker import write_worker

log = get_plugin_logger(__name__)

# Principles and call sheets are reached through stage, role and index pages: listing thousands of
# them in the sidebar would put the whole list into every page and make builds quadratic.
NOT_IN_NAV_DIRS = (f"{PRINCIPLES_DIR}/", f"{SHEETS_DIR}/")


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.on_startup(command="build", dirty=False)

    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"
        # What only the live preview needs (`playbook serve` asks for dirty builds: only what an edit
        # changes is rendered and written).
        self.live = LivePreview(dirty=dirty) if self.serving else None
        self.search = SiteSearch()

    def on_config(self, config):
        # Per-build state is rebuilt here: under `serve` the plugin object survives rebuilds.
        self.playbook: Playbook | None = None
        self.renderer: PageRenderer | None = None
        self.changed: set[str] = set()
        self.search.engine = "lunr"  # until _with_theme chooses
        self.worker = False  # whether this build writes sw.js (decided with the theme, below)
        root = Path(config.config_file_path).parent
        # The content folder is found by the same rule as `playbook check` (playbook/settings.py).
        settings = settings_for(
            root,
            content_dir=self.config.content_dir,
            docs_dir=config.docs_dir,
            review_age=self.config.review_age,
            config=config,
            config_file=Path(config.config_file_path).name,
        )
        self.root, self.content_dir, self.docs_dir = (
            root,
            (root / settings.content_dir).resolve(),
            Path(config.docs_dir).resolve(),
        )
        if not self.config.enabled:
            return config
        if self.live is not None:
            self.live.start_build()
        result = load_playbook(root, settings, self.live.read_cache if self.live else None)
        # Fail here, before MkDocs cleans site_dir, so a failed build leaves the old site. In strict
        # mode content warnings fail too, as with `playbook check --strict`.
        if result.errors or (config.strict and result.warnings):
            if self.live is not None and self.live.keep_last_good(self, config, result.errors):
                return _with_theme(self, config)
            raise ContentErrors(result.problems)
        warnings = [str(problem) for problem in result.warnings]
        if self.live is not None:
            self.live.log_warnings(warnings)
        else:
            for warning in warnings:
                log.warning(warning)
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
        preview = self.live.pages if self.live else PreviewPages()  # the preview reuses its last render
        preview.make_renderer = lambda playbook: PageRenderer(playbook, template_dirs, **options)
        preview.template_dirs = template_dirs
        # Render every page now, before MkDocs cleans site_dir: a failure here leaves the old site.
        try:
            update = preview.update(self.playbook, tuple(sorted(options.items())))
            self.renderer = preview.renderer
            self.pages = update.pages
            self.home_map = self.renderer.home_map()
            self.home = self.renderer.home()
        except Exception as exc:  # a bug of ours: one clear line, not a traceback
            if self.live is not None:
                self.live.render_failed()
            raise PluginError(f"{self.playbook.path}: internal error while rendering pages: {exc!r}") from exc
        self.changed = update.changed
        if self.live is not None:
            self.live.good_build(self, config, update)
        return _with_theme(self, config)

    def on_files(self, files: Files, *, config) -> Files:
        self.search.quiet_material(config)
        # Even when disabled: the sources are never site files.
        files = drop_content_yaml(files, self.content_dir, self.root / (self.config.content_dir or self.docs_dir))
        if not self.config.enabled or self.playbook is None:
            return files
        for page in self.pages:
            if files.get_file_from_path(page.src_uri) is not None:
                continue  # a hand-written page at the same path wins
            inclusion = InclusionLevel.INCLUDED
            if page.src_uri.startswith(NOT_IN_NAV_DIRS) and not page.src_uri.endswith("index.md"):
                inclusion = InclusionLevel.NOT_IN_NAV
                if self.live is not None and (file := self.live.reusable_file(page.src_uri)) is not None:
                    files.append(file)
                    continue
            file = File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)
            if page.source:
                file.edit_uri = edit_uri(self.content_dir, self.docs_dir, page.source)
            files.append(file)
        for moved in redirects(self.playbook, directory_urls=config.use_directory_urls, site_url=config.site_url):
            if files.get_file_from_path(moved.path) is None:  # a page of the old id's own, hand-written, wins
                files.append(File.generated(config, moved.path, content=moved.html))
        if files.get_file_from_path("index.md") is None:
            file = File.generated(config, self.home.src_uri, content=self.home.markdown)
            file.edit_uri = edit_uri(self.content_dir, self.docs_dir, self.home.source)
            files.append(file)
        for name in self.shipped_assets:
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=asset(name, self.worker)))
        if self.config.private and files.get_file_from_path("robots.txt") is None:
            files.append(File.generated(config, "robots.txt", content=ROBOTS_TXT))
        if self.live is not None:
            self.live.files_ready(files, self.home.markdown, partial(_hand_written, self))
        return files

    def on_nav(self, nav: Navigation, *, config, files) -> Navigation:
        if not self.config.enabled or self.playbook is None:
            return nav
        order_sections(nav, self.playbook, SECTION_TITLES)
        if self.live is not None:
            self.live.nav_ready(nav, files, config)
        return nav

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if not self.config.enabled or self.playbook is None:
            return markdown
        if page.file.generated_by:
            return markdown
        return _hand_written(self, markdown, page.file.src_uri)

    @event_priority(-100)  # after every other plugin changed the HTML: what a clean build would keep
    def on_page_content(self, html: str, *, page, config, files) -> str:
        html = self.search.page_content(html, page)
        if self.live is not None:
            self.live.page_content(page, html)
        return html

    @event_priority(110)  # before Material's tags plugin renders its listings from the mapping
    def on_env(self, env, *, config, files):
        if self.live is not None:
            self.live.env_ready(env, config, files)
        return env

    @event_priority(-100)  # after Material's search plugin indexed the page
    def on_page_context(self, context, *, page, config, nav):
        context["pb_search"] = self.search.page_context(page)
        if self.live is not None:
            self.live.page_context(page, config)
        return context

    def on_post_page(self, output: str, *, page, config) -> str:
        if not self.config.enabled:
            return output
        if self.config.private:
            output = without_generator(output)
        if self.live is not None:
            output = self.live.with_banner(output)
        return with_crm(output, self.config.crm)

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        if self.config.enabled and self.config.private and template_name.endswith(".html"):
            return without_generator(output_content)  # the 404 page
        return output_content

    @event_priority(50)  # before Material's search plugin writes its index
    def on_post_build(self, *, config) -> None:
        self.search.index_site(config.site_dir)
        if self.live is not None:
            self.live.post_build(config)
        if self.config.enabled and self.worker and self.playbook is not None:
            keep = [f"{ASSET_DIR}/{name}" for name in CALL_TOOLS]
            write_worker(Path(config.site_dir), asset_source("sw.js"), keep)
        if self.config.enabled and self.config.private:
            drop_compressed_sitemap(config.site_dir)

    def on_build_error(self, *, error) -> None:
        if self.live is not None:
            self.live.build_failed()

    def on_serve(self, server, *, config, builder):
        if self.config.enabled and self.content_dir != self.docs_dir:
            server.watch(str(self.content_dir))
        if self.config.enabled and self.config.templates_dir and (self.root / self.config.templates_dir).is_dir():
            server.watch(str(self.root / self.config.templates_dir))  # a template edit re-renders every page
        return server


def _with_theme(plugin: PlaybookPlugin, config):
    """The theme with our overrides and assets, and the search engine and worker this build uses."""
    plugin.shipped_assets, plugin.worker = adapt_theme(
        config, plugin.config, serving=plugin.serving, search=plugin.search, playbook=plugin.playbook
    )
    return config


def _hand_written(plugin: PlaybookPlugin, markdown: str, src_uri: str) -> str:
    """A hand-written page's Markdown with its ``[[id]]`` links made, and the map on the home page."""
    markdown = plugin.renderer.link_mentions(markdown, src_uri)
    if src_uri == "index.md":
        marker = "<!-- playbook:map -->"
        return markdown.replace(marker, plugin.home_map) if marker in markdown else markdown + plugin.home_map
    return markdown
