"""The site's navigation: the playbook first (home, our sections titled and ordered, stages in the
order of playbook.yml), then the pages for editors in a section of their own.

A top-level page is an editors' page when its front matter says ``audience: editor`` (a team moves a
hand-written page between the two with that one line); the generated "Needs review" page is one.
Navigation is made before MkDocs reads the pages' front matter, so it is read here from the source.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.nav import Navigation, Section
from mkdocs.utils.meta import get_data

from playbook.layout import ROLES_DIR, SHEETS_DIR, STAGES_DIR

EDITORS = "For editors"
# What a rep reaches for first, in this order, after the home page; other pages keep MkDocs' order.
READER_FIRST = (STAGES_DIR, SHEETS_DIR, "objections.md", ROLES_DIR)


def order_sections(nav: Navigation, playbook, titles: dict[str, str]) -> None:
    """``titles``: our section folders and their titles; a hand-written home page stays first, then
    the sections and pages of READER_FIRST, the site's own after them, the editors' pages last."""
    order = {s.id: s.index for s in playbook.stages}
    for item in nav.items:
        name = _section_dir(item)
        if name in titles:
            item.title = titles[name]
            if name == STAGES_DIR:
                item.children.sort(key=lambda child: order.get(_page_stem(child), -1))
    nav.items.sort(key=_reader_rank)
    editors = [item for item in nav.items if item.is_page and _for_editors(item)]
    if not editors:
        return
    section = Section(EDITORS, editors)
    for page in editors:
        page.parent = section
    nav.items[:] = [item for item in nav.items if item not in editors] + [section]
    nav.pages[:] = [page for page in nav.pages if page not in editors] + editors


def _reader_rank(item) -> int:
    if item.is_page and item.is_index and item.file.src_uri == "index.md":
        return -1
    key = _section_dir(item) or (item.file.src_uri if item.is_page else None)
    return READER_FIRST.index(key) if key in READER_FIRST else len(READER_FIRST)


def _for_editors(page) -> bool:
    """``audience: editor`` in the page's front matter (its source, read once more: cheap, a few
    top-level pages)."""
    try:
        source = page.file.content_string
    except (OSError, UnicodeDecodeError):
        return False  # MkDocs reports an unreadable page when it reads it
    _, meta = get_data(source)
    return meta.get("audience") == "editor"


def _section_dir(item) -> str | None:
    if isinstance(item, Section):
        for child in item.children:
            if child.is_page and child.file.src_uri.count("/") == 1:
                return child.file.src_uri.split("/")[0]
    return None


def _page_stem(item) -> str:
    return Path(item.file.src_uri).stem if item.is_page else ""
