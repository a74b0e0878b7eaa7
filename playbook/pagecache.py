"""The generated pages of the last render, reused where a new load of the content cannot change them.

Every build renders through a ``PageCache``: a clean build starts with an empty one and renders every
page; the live preview keeps one between builds, so an edit renders again only the pages it can change.

Every planned page names the principles and call sheets it shows (``PlannedPage.shows``, plus the
``[[id]]`` mentions recorded while it renders). After a load, the changed entities are the
principles and sheets whose resolved content differs from the last load, including added and
removed ones; a page is rendered again when what it showed before the edit, or what it shows after
it, includes one of them. Whatever reaches every page (playbook.yml, the templates, the renderer's
settings) renders every page again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import model
from .pageplan import plan_pages
from .render import GeneratedPage, PageRenderer


@dataclass
class PageUpdate:
    pages: list[GeneratedPage]  # every generated page, in site order
    changed: set[str]  # src_uris whose Markdown differs from the last update (new pages included)
    rendered: int  # pages rendered for this update (the rest were reused)


@dataclass
class _Last:
    key: tuple
    playbook: model.Playbook
    pages: dict[str, GeneratedPage | None]
    shows: dict[str, frozenset[str] | None]


@dataclass
class PageCache:
    """Keeps the last render; ``update`` renders a new load of the content against it.

    ``make_renderer`` builds a renderer with the current settings; ``update`` calls it when the
    settings, playbook.yml or the templates changed (the settings must then be in ``settings_key``).
    """

    make_renderer: Callable[[model.Playbook], PageRenderer] | None = None
    template_dirs: list[Path] = field(default_factory=list)
    _last: _Last | None = None
    _renderer: PageRenderer | None = None

    @property
    def renderer(self) -> PageRenderer | None:
        """The renderer of the last update (the plugin renders the home map and mentions with it)."""
        return self._renderer

    def update(self, playbook: model.Playbook, settings_key: tuple) -> PageUpdate:
        key = (settings_key, _book_key(playbook), _templates_key(self.template_dirs))
        last = self._last
        everything = last is None or last.key != key
        if everything or self._renderer is None:
            self._renderer = self.make_renderer(playbook)
            changed_entities: set[str] = set()
        else:
            self._renderer.for_playbook(playbook)
            changed_entities = _changed_entities(last.playbook, playbook)
        renderer = self._renderer
        pages: dict[str, GeneratedPage | None] = {}
        shows: dict[str, frozenset[str] | None] = {}
        changed: set[str] = set()
        rendered = 0
        for planned in plan_pages(renderer):
            uri = planned.src_uri
            reuse = (
                not everything
                and uri in last.pages
                and planned.shows is not None
                and last.shows[uri] is not None
                and not (changed_entities & planned.shows)
                and not (changed_entities & last.shows[uri])
            )
            if reuse:
                pages[uri], shows[uri] = last.pages[uri], last.shows[uri]
                continue
            renderer.mentioned.clear()
            page = planned.render()
            rendered += 1
            mentioned = frozenset(f"p:{m}" for m in renderer.mentioned)
            pages[uri] = page
            shows[uri] = None if planned.shows is None else planned.shows | mentioned
            before = None if last is None else last.pages.get(uri)
            if page is not None and page != before:
                changed.add(uri)
        self._last = _Last(key, playbook, pages, shows)
        ordered = [page for page in pages.values() if page is not None]
        return PageUpdate(ordered, changed, rendered)


def _changed_entities(before: model.Playbook, after: model.Playbook) -> set[str]:
    """Principles ("p:<id>") and call sheets ("s:<id>") added, removed or changed in any way."""
    changed = set()
    for prefix, old, new in (("p", before.principles, after.principles), ("s", before.call_sheets, after.call_sheets)):
        for entity_id in old.keys() | new.keys():
            before, after = old.get(entity_id), new.get(entity_id)
            if before is not after and before != after:  # the load reuses unchanged principles
                changed.add(f"{prefix}:{entity_id}")
    return changed


def _book_key(playbook: model.Playbook) -> tuple:
    """What playbook.yml declares: it appears on every page (stage chips, sheet footers, navigation)."""
    return (
        playbook.title,
        playbook.description,
        tuple(playbook.stages),
        tuple(playbook.roles),
        tuple(playbook.pauses),
        playbook.path,
        playbook.content_dir,
    )


def _templates_key(template_dirs: list[Path]) -> tuple:
    """A site's own templates: an edit to one of them renders every page again."""
    entries: list[tuple] = [(str(folder),) for folder in template_dirs]
    for folder in template_dirs:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                info = path.stat()
                entries.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(entries)
