"""The site's navigation: our sections titled and ordered, stages in the order of playbook.yml."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.nav import Navigation, Section

from playbook.model import Playbook


def order_sections(nav: Navigation, playbook: Playbook, titles: dict[str, str]) -> None:
    """``titles``: our section folders and their titles, in the order they appear; a hand-written
    home page stays first, the site's own sections after ours."""
    order = {s.id: s.index for s in playbook.stages}
    ours, theirs = [], []
    for item in nav.items:
        name = _section_dir(item)
        if name in titles:
            item.title = titles[name]
            if name == "stages":
                item.children.sort(key=lambda child: order.get(_page_stem(child), -1))
            ours.append(item)
        else:
            theirs.append(item)
    ours.sort(key=lambda item: list(titles).index(_section_dir(item)))
    nav.items[:] = (
        theirs[:1] + ours + theirs[1:] if theirs and theirs[0].is_page and theirs[0].is_index else theirs + ours
    )


def _section_dir(item) -> str | None:
    if isinstance(item, Section):
        for child in item.children:
            if child.is_page and child.file.src_uri.count("/") == 1:
                return child.file.src_uri.split("/")[0]
    return None


def _page_stem(item) -> str:
    return Path(item.file.src_uri).stem if item.is_page else ""
