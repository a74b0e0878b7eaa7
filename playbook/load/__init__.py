"""From a content folder to a resolved ``Playbook``, or to the full list of problems.

One pass reads every file (a broken file never stops the others), checks each against its schema
and its own rules, then checks references across files; the model is built only when no error is
left. Each step has a module of its own: ``reading`` (listing, reading and caching files),
``registry`` (playbook.yml's ids), ``filechecks`` (one file's rules), ``crosschecks`` (the rules
across files) and ``resolve`` (the model); ``findings`` collects what they report. This module
runs them in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import model
from ..codeowners import owner_problems
from ..formerly import formerly_problems
from ..layout import PLAYBOOK_FILE, PRINCIPLES_DIR, SHEETS_DIR
from ..problems import Problem, sort_problems
from ..settings import Settings
from ..sheetfit import CARD_SUMMARY_CHARS
from ..yamlfile import YamlFile
from .crosschecks import check_mentions, check_pages, check_related, check_sheet
from .entries import checklist_entry, sheet_entry
from .filechecks import check_principle, own_principle_checks, principle_context
from .findings import Findings
from .objectionchecks import SheetChecks, check_card
from .placeholders import example_address_problems
from .reading import ContentReader, ReadCache
from .registry import Registry
from .resolve import build_model
from .wordchecks import check_vocabulary

__all__ = ["LoadResult", "ReadCache", "checklist_entry", "load_playbook", "sheet_entry"]


@dataclass
class LoadResult:
    playbook: model.Playbook | None
    problems: list[Problem]
    paths_read: list[str] = field(default_factory=list)  # every content file read, relative to root

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def load_playbook(
    root: Path, settings: Settings | None = None, cache: ReadCache | None = None, *, resolve: bool = True
) -> LoadResult:
    """Load, validate and resolve the playbook under ``root``; never raises for content.

    With a ``cache`` (the live preview keeps one), files unchanged since the last load are not parsed
    or schema-checked again; the checks across files always run in full. ``resolve=False`` (for
    ``playbook check``) stops after the checks: ``playbook`` is then None.
    """
    root = Path(root)
    settings = settings or Settings()
    cache = cache or ReadCache()
    found = Findings(root)
    content = root / settings.content_dir
    reader = ContentReader(found, cache, content)
    playbook_path = content / PLAYBOOK_FILE
    if not content.is_dir():
        found.problems.append(Problem(found.rel(content), 1, 1, "the content folder does not exist"))
        return LoadResult(None, sort_problems(found.problems), reader.paths_read)
    if not playbook_path.exists() and not playbook_path.is_symlink():
        found.problems.append(Problem(found.rel(playbook_path), 1, 1, "missing: every playbook needs a playbook.yml"))
        book = None
    else:
        book = reader.read(playbook_path, "playbook")
    registry = Registry.from_book(book, found)
    principle_files = reader.folder(PRINCIPLES_DIR)
    sheet_files = reader.folder(SHEETS_DIR)
    cache.prefetch(
        [(p, rel, "principle") for p, rel in principle_files] + [(p, rel, "call-sheet") for p, rel in sheet_files],
        own_principle_checks(root, settings, registry),
        principle_context(settings, registry),
    )
    principle_docs = [d for d in (reader.read(p, "principle", rel) for p, rel in principle_files) if d]
    sheet_docs = [d for d in (reader.read(p, "call-sheet", rel) for p, rel in sheet_files) if d]

    principle_items: dict[str, tuple[YamlFile, dict[str, str]]] = {}
    seen: dict[str, YamlFile] = {}
    for doc in principle_docs:
        checked = found.guarded(doc.path, check_principle, found, cache, settings, doc, registry, seen)
        pid, items = checked or (None, {})
        if pid is not None and pid not in principle_items:
            principle_items[pid] = (doc, items)
    # A principle whose file could not be read is still known by its file name, so references
    # to it do not pile more errors on top of the one that matters.
    known = set(principle_items) | {rel.rsplit("/", 1)[-1][: -len(".yml")] for _, rel in principle_files}
    for doc in principle_docs:
        found.guarded(doc.path, check_related, found, doc, known)
    unreadable = known - set(principle_items)
    sheet_words = SheetChecks(found, principle_items, unreadable)
    sheet_ids: dict[str, YamlFile] = {}
    for doc in sheet_docs:
        found.guarded(doc.path, check_sheet, found, doc, registry, principle_items, sheet_ids, unreadable, sheet_words)
    book_rel = found.rel(playbook_path)
    if book is not None:
        found.guarded(book_rel, check_vocabulary, found, book)
    found.guarded(book_rel, check_card, found, principle_docs, registry.stages, CARD_SUMMARY_CHARS)
    check_mentions(found, known)
    check_pages(found, content, known)
    # Rules of their own modules: review routing (owners, CODEOWNERS), former ids, example addresses.
    found.problems += found.guarded(book_rel, owner_problems, root, book, principle_docs) or []
    found.problems += found.guarded(book_rel, formerly_problems, principle_docs, sheet_docs) or []
    found.problems += found.guarded(settings.config_file, example_address_problems, root, settings) or []

    problems = sort_problems(found.problems)
    playbook = None
    if resolve and not any(p.is_error for p in problems) and book is not None:
        playbook = build_model(book, principle_docs, sheet_docs, cache, found.rel(content))
    return LoadResult(playbook, problems, reader.paths_read)
