"""The ``playbook`` MkDocs plugin: validates content, then hands the generated pages to MkDocs.

Only MkDocs' event hooks live here. ``on_config`` makes the build's one object (``SiteBuild``,
``site_build.py``) through ``self.builds``: clean builds, or the live preview when serving, which
registers itself as a plugin of its own for the hooks only it needs (``live/``). Every later hook
hands that object to a one-job function (``site_files.py``, ``navigation.py``, ``search.py``...).
"""

from __future__ import annotations

from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from playbook.layout import SECTION_TITLES

from .config import PlaybookConfig
from .handoff import with_crm
from .live import LivePreview
from .navigation import order_sections
from .privacy import without_generator
from .site_build import CleanBuilds, SiteBuild, SitePaths
from .site_files import add_generated_files, finish_site
from .sources import drop_content_yaml


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.builds: CleanBuilds | LivePreview = CleanBuilds()  # how on_config makes a build
        self.paths: SitePaths | None = None  # where the content is (known even when disabled)
        self.build: SiteBuild | None = None  # this build's state: None before on_config and when disabled

    def on_startup(self, *, command, dirty) -> None:
        # `playbook serve` asks for dirty builds: only what an edit changes is rendered and written.
        self.builds = LivePreview(dirty=dirty) if command == "serve" else CleanBuilds()

    def on_config(self, config):
        self.build = None  # under `serve` the plugin object survives rebuilds: nothing of the last one stays
        self.paths = SitePaths.of(config, self.config)
        if self.config.enabled:
            self.build = self.builds.make(config, self.config, self.paths)
        return config

    def on_files(self, files: Files, *, config) -> Files:
        files = drop_content_yaml(files, self.paths)  # even when disabled: the sources are never site files
        if self.build is None:
            return files
        self.build.search.quiet_material(config)
        return add_generated_files(files, self.build, config, private=self.config.private)

    def on_nav(self, nav: Navigation, *, config, files) -> Navigation:
        if self.build is not None:
            order_sections(nav, self.build.playbook, SECTION_TITLES)
        return nav

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if self.build is None or page.file.generated_by:
            return markdown
        return self.build.hand_written(markdown, page.file.src_uri)

    @event_priority(-100)  # after every other plugin changed the HTML: what a clean build would keep
    def on_page_content(self, html: str, *, page, config, files) -> str:
        return html if self.build is None else self.build.search.page_content(html, page)

    @event_priority(-100)  # after Material's search plugin indexed the page
    def on_page_context(self, context, *, page, config, nav):
        context["pb_search"] = None if self.build is None else self.build.search.page_context(page)
        return context

    def on_post_page(self, output: str, *, page, config) -> str:
        if self.build is None:
            return output
        if self.config.private:
            output = without_generator(output)
        return with_crm(output, self.config.crm)

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        if self.build is not None and self.config.private and template_name.endswith(".html"):
            return without_generator(output_content)  # the 404 page
        return output_content

    @event_priority(50)  # before Material's search plugin writes its index
    def on_post_build(self, *, config) -> None:
        if self.build is not None:
            finish_site(self.build, config.site_dir, private=self.config.private, site_url=config.site_url)

    def on_serve(self, server, *, config, builder):
        if self.build is not None:
            for folder in self.paths.watched(self.config):
                server.watch(str(folder))
        return server
