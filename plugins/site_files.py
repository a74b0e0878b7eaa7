"""The files a build adds to MkDocs' (``on_files``) and what it writes once MkDocs is done (``on_post_build``).

Generated pages, redirects from former ids, the generated home page, our assets and robots.txt are
files made in memory; a hand-written file at the same path always wins. After the build, the site
gets its Pagefind index, its service worker and loses the compressed sitemap of a private site.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files, InclusionLevel

from playbook.formerly import redirects
from playbook.layout import PRINCIPLES_DIR, SHEETS_DIR
from playbook.whatsnew.pages import FEED

from .privacy import ROBOTS_TXT, drop_compressed_sitemap
from .site_build import SiteBuild
from .sitemap import shorten_sitemap
from .sources import edit_uri
from .theme import ASSET_DIR, CALL_TOOLS, asset, asset_source
from .worker import write_worker

# Principles and call sheets are reached through stage, role and index pages: listing thousands of
# them in the sidebar would put the whole list into every page and make builds quadratic.
NOT_IN_NAV_DIRS = (f"{PRINCIPLES_DIR}/", f"{SHEETS_DIR}/")


def add_generated_files(files: Files, build: SiteBuild, config, *, private: bool) -> Files:
    paths = build.paths
    present = files.src_uris  # kept up to date by append; our paths are already POSIX (no PurePath per page)
    for page in build.pages:
        if page.src_uri in present:
            continue  # a hand-written page at the same path wins
        inclusion = InclusionLevel.INCLUDED
        if page.src_uri.startswith(NOT_IN_NAV_DIRS) and not page.src_uri.endswith("index.md"):
            inclusion = InclusionLevel.NOT_IN_NAV
            if (file := build.reusable_file(page.src_uri)) is not None:
                files.append(file)
                continue
        file = File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)
        if page.source:
            file.edit_uri = edit_uri(paths.content_dir, paths.docs_dir, page.source)
        files.append(file)
    for moved in redirects(build.playbook, directory_urls=config.use_directory_urls, site_url=config.site_url):
        if files.get_file_from_path(moved.path) is None:  # a page of the old id's own, hand-written, wins
            files.append(File.generated(config, moved.path, content=moved.html))
    if files.get_file_from_path("index.md") is None:
        file = File.generated(config, build.home.src_uri, content=build.home.markdown)
        file.edit_uri = edit_uri(paths.content_dir, paths.docs_dir, build.home.source)
        files.append(file)
    if build.feed is not None and files.get_file_from_path(FEED) is None:
        files.append(File.generated(config, FEED, content=build.feed))
    for name in build.assets:
        files.append(File.generated(config, f"{ASSET_DIR}/{name}", content=asset(name, build.worker)))
    if private and files.get_file_from_path("robots.txt") is None:
        files.append(File.generated(config, "robots.txt", content=ROBOTS_TXT))
    return files


def finish_site(build: SiteBuild, site_dir: str, *, private: bool, site_url: str | None = None) -> None:
    """What the written site still needs: its search index, its service worker, its privacy."""
    build.search.index_site(site_dir)
    if build.search.pagefind:
        shorten_sitemap(site_dir, build.playbook, site_url)
    if build.worker:
        keep = [f"{ASSET_DIR}/{name}" for name in CALL_TOOLS]
        write_worker(Path(site_dir), asset_source("sw.js"), keep)
    if private:
        drop_compressed_sitemap(site_dir)
