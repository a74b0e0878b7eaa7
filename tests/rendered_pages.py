"""Every generated page of a playbook, rendered at once: what the tests compare, page by page.

The plugin and the preview render pages one at a time from ``plan_pages(renderer)``; only tests want
them all in a list.
"""

from __future__ import annotations

from playbook.page import GeneratedPage
from playbook.pageplan import plan_pages
from playbook.render import PageRenderer


def all_pages(renderer: PageRenderer) -> list[GeneratedPage]:
    return [page for planned in plan_pages(renderer) if (page := planned.render()) is not None]
