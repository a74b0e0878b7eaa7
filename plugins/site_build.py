"""One build of the site: what ``on_config`` works out, held in one object for every later hook.

``make_build`` loads and checks the content, applies the strict and warning policy, renders every
generated page (before MkDocs cleans the site folder, so a failure leaves the old site) and tells
the theme about the build. A clean build (``CleanBuilds``) starts from nothing each time; the live
preview (``live/``) keeps its caches and its last good build between builds and makes each build
through the same function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from playbook.load import ReadCache, load_playbook
from playbook.model import Playbook
from playbook.page import GeneratedPage
from playbook.pagecache import PageCache
from playbook.render import PageRenderer
from playbook.revision import content_revision
from playbook.settings import Settings, settings_for
from playbook.whatsnew.feed import atom_feed
from playbook.whatsnew.replay import Replay
from playbook.whatsnew.site import read_whats_new

from .failures import ContentErrors
from .search import SiteSearch
from .theme import adapt_theme

log = get_plugin_logger(__name__)
HOME_MAP_MARKER = "<!-- playbook:map -->"


@dataclass(frozen=True)
class SitePaths:
    """Where the content is: found by the same rule as `playbook check` (playbook/settings.py)."""

    root: Path
    settings: Settings
    content_dir: Path  # resolved
    docs_dir: Path  # resolved
    configured_content: Path  # the content folder as mkdocs.yml names it, under root

    @classmethod
    def of(cls, config, options) -> SitePaths:
        root = Path(config.config_file_path).parent
        settings = settings_for(
            root,
            content_dir=options.content_dir,
            docs_dir=config.docs_dir,
            review_age=options.review_age,
            config=config,  # its repository addresses, which `playbook check` warns about while examples
            config_file=Path(config.config_file_path).name,
        )
        return cls(
            root,
            settings,
            (root / settings.content_dir).resolve(),
            Path(config.docs_dir).resolve(),
            root / (options.content_dir or config.docs_dir),
        )

    def watched(self, options) -> list[Path]:
        """What `serve` watches besides docs_dir: the content folder and the site's own templates."""
        folders = [self.content_dir] if self.content_dir != self.docs_dir else []
        if options.templates_dir and (self.root / options.templates_dir).is_dir():
            folders.append(self.root / options.templates_dir)  # a template edit re-renders every page
        return folders


def _no_file(src_uri: str) -> File | None:
    return None


@dataclass
class SiteBuild:
    """Everything one build knows about the playbook, from ``on_config`` to ``on_post_build``."""

    paths: SitePaths
    playbook: Playbook
    renderer: PageRenderer
    pages: list[GeneratedPage]  # the generated pages, in site order
    home: GeneratedPage  # the generated home page (a hand-written index.md wins over it)
    home_map: str  # the cycle map, for a hand-written home page
    next_call: str  # the call sheets and objections, first on a hand-written home page
    changed: set[str]  # generated pages whose Markdown differs from the last render
    rendered: int  # generated pages rendered for this build (the rest were reused)
    search: SiteSearch
    assets: list[str] = field(default_factory=list)  # our files under assets/playbook/
    worker: bool = False  # whether this build writes sw.js
    feed: str | None = None  # the Atom feed of the "What's new" page, when the site has the page
    # The File of an unchanged page outside the navigation, kept by the live preview, or None.
    reusable_file: Callable[[str], File | None] = _no_file

    def hand_written(self, markdown: str, src_uri: str) -> str:
        """A hand-written page's Markdown with its ``[[id]]`` links made; on the home page, the call
        sheets and objections under its title and the map at its marker or end."""
        markdown = self.renderer.link_mentions(markdown, src_uri)
        if src_uri != "index.md":
            return markdown
        # The next call first: under the page's title (its first line, when that is a heading).
        title, rest = markdown.split("\n", 1) if markdown.startswith("# ") and "\n" in markdown else ("", markdown)
        markdown = f"{title}\n\n{self.next_call}{rest}" if title else self.next_call + rest
        if HOME_MAP_MARKER in markdown:
            return markdown.replace(HOME_MAP_MARKER, self.home_map)
        return markdown + self.home_map

    def with_theme(self, config, options, *, serving: bool) -> SiteBuild:
        """The theme told about this build: our overrides and assets, the search engine, the worker."""
        self.assets, self.worker = adapt_theme(
            config, options, serving=serving, search=self.search, playbook=self.playbook
        )
        return self


def log_each(warnings: list[str]) -> None:
    for warning in warnings:
        log.warning(warning)


def make_build(
    config,
    options,
    paths: SitePaths,
    *,
    serving: bool = False,
    read_cache: ReadCache | None = None,
    pages: PageCache | None = None,
    warn: Callable[[list[str]], None] = log_each,
    history: Replay | None = None,
) -> SiteBuild:
    """Load, check and render the content for this build; raises ContentErrors before MkDocs
    touches the site (in strict mode content warnings fail too, as with `playbook check --strict`)."""
    settings = paths.settings
    result = load_playbook(paths.root, settings, read_cache)
    if result.errors or (config.strict and result.warnings):
        raise ContentErrors(result.problems)
    warn([str(problem) for problem in result.warnings])
    playbook = result.playbook
    template_dirs = [paths.root / options.templates_dir] if options.templates_dir else []
    render_options = dict(
        site_url=config.site_url,
        revision=str(content_revision(paths.root, settings.content_dir)),
        directory_urls=config.use_directory_urls,
        today=settings.today,
        review_age=settings.review_age,
    )
    whats_new = options.whats_new
    if whats_new.enabled:
        render_options["whats_new"] = read_whats_new(
            paths.root, settings.content_dir, playbook, days=whats_new.days, commits=whats_new.commits,
            replay=history, serving=serving,
        )  # fmt: skip
    pages = pages if pages is not None else PageCache()
    pages.make_renderer = lambda book: PageRenderer(book, template_dirs, **render_options)
    pages.template_dirs = template_dirs
    try:
        update = pages.update(playbook, tuple(sorted(render_options.items())))
        renderer = pages.renderer
        build = SiteBuild(
            paths,
            playbook,
            renderer,
            update.pages,
            renderer.home(),
            renderer.home_map(),
            renderer.home_map("next"),
            update.changed,
            update.rendered,
            SiteSearch(),
        )
        if whats_new.enabled:
            build.feed = atom_feed(render_options["whats_new"], playbook, config.site_url, config.use_directory_urls)
    except Exception as exc:  # a bug of ours: one clear line, not a traceback
        raise RenderFailed(f"{playbook.path}: internal error while rendering pages: {exc!r}") from exc
    return build.with_theme(config, options, serving=serving)


class RenderFailed(PluginError):
    """Rendering the pages raised: a bug of ours, reported as one line naming the content."""


class CleanBuilds:
    """`mkdocs build` and `playbook build`: each build starts from nothing."""

    def make(self, config, options, paths: SitePaths) -> SiteBuild:
        return make_build(config, options, paths)
