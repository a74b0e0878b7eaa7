"""The "What's new" page, its line on the home page, and the marks every other page carries.

The renderer calls these with itself, so links are relative to the page being rendered and the
templates are found through the same loader chain (a site can override ``whats-new.md.j2``).
"""

from __future__ import annotations

import datetime
import posixpath
from typing import Protocol

from .. import model
from ..page import GeneratedPage, attr, front_matter
from ..urls import page_url
from .site import WhatsNew
from .story import Part


class PageRenderer(Protocol):
    """What these pages need of ``render.PageRenderer`` (not imported: it imports this module)."""

    playbook: model.Playbook
    directory_urls: bool

    def url(self, target_src: str) -> str: ...

    def render_template(self, template: str, here: str, **context) -> str: ...


PAGE = "whats-new.md"
FEED = "whats-new/feed.xml"
MARKS_SCRIPT = "assets/playbook/playbook-marks.js"  # shipped by the plugin with our other assets
SHOWN = 8  # sentences of a commit shown before "N more"
HOME_LINES = 3
MONTHS = "January February March April May June July August September October November December".split()
UNMARKED = {PAGE, "call-sheets/print-all.md"}  # the page of changes itself, and the page to print


def day_title(date: str) -> str:
    day = datetime.date.fromisoformat(date)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def file_url(target: str, here: str, directory_urls: bool) -> str:
    """The href from a page to a file of the site (the feed, a script)."""
    base = page_url(here, directory_urls)
    folder = base.rstrip("/") if base.endswith("/") else posixpath.dirname(base)
    return posixpath.relpath(target, folder or ".")


def href(renderer: PageRenderer, part: Part) -> str:
    """Where a title or quote links, from the page being rendered: the page and the part of it."""
    url = renderer.url(part.page)
    return f"{url}#{part.anchor}" if part.anchor else url


def page(renderer: PageRenderer, whats_new: WhatsNew) -> GeneratedPage:
    body = renderer.render_template(
        "whats-new.md.j2",
        PAGE,
        wn=whats_new,
        shown=SHOWN,
        day_title=day_title,
        href=lambda part: href(renderer, part),
        feed=file_url(FEED, PAGE, renderer.directory_urls),
    )
    meta = front_matter("whats-new", title="What's new", description="What changed in the playbook lately")
    return GeneratedPage(PAGE, None, meta + body)


def home_lines(renderer: PageRenderer, whats_new: WhatsNew) -> str:
    """The newest sentences and a link to the page, for the home page."""
    lines = [line for block in whats_new.blocks for line in block.lines][:HOME_LINES]
    return renderer.render_template(
        "whats-new-home.md.j2", "index.md", lines=lines, href=lambda part: href(renderer, part), wn=whats_new
    )


def with_marks(renderer: PageRenderer, whats_new: WhatsNew, page: GeneratedPage | None) -> GeneratedPage | None:
    """The page with the script that marks what changed on it since the rep's last visit."""
    if page is None or page.src_uri in UNMARKED:
        return page
    added = marks(renderer, whats_new, page.src_uri, page.markdown)
    return GeneratedPage(page.src_uri, page.source, page.markdown + added)


def marks(renderer: PageRenderer, whats_new: WhatsNew, here: str, markdown: str) -> str:
    data = whats_new.stamps.page_marks(renderer.playbook, here, markdown, renderer.directory_urls)
    if not data:
        return ""
    src = attr(file_url(MARKS_SCRIPT, here, renderer.directory_urls))
    return f"\n<script defer src=\"{src}\" data-pb-changes='{data}'></script>\n"
