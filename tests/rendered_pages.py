"""Every generated page of a playbook, rendered at once: what the tests compare, page by page.

The plugin and the preview render pages one at a time from ``PageRenderer.plan()``; only tests want
them all in a list.
"""

from __future__ import annotations

from playbook.page import GeneratedPage
from playbook.render import PageRenderer


def all_pages(renderer: PageRenderer) -> list[GeneratedPage]:
    return [page for planned in renderer.plan() if (page := planned.render()) is not None]
