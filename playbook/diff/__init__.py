"""What changed in a playbook between two git revisions, told the way a reviewer reads a pull request.

One module per step: ``gitread`` writes a revision out of git, ``partial`` loads what it can of it
(a revision with content errors still shows its changes), ``compare`` and ``changes`` compare two
models, ``report`` writes text or Markdown.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from .. import model
from ..layout import PRINCIPLES_DIR, SHEETS_DIR
from .changes import Comparison, PlaybookDiff
from .compare import diff_playbooks
from .gitread import DiffError, materialise, resolve
from .partial import ReadRevision, read_revision
from .report import REPORTS

__all__ = ["DiffError", "REPORTS", "diff_revisions"]


def diff_revisions(root: Path, base: str, head: str = "HEAD", fmt: str = "text") -> tuple[str, bool]:
    """The report for ``playbook diff`` and whether the head revision has content errors.

    Raises ``DiffError`` when nothing can be compared (an unknown revision, no repository).
    """
    before, after = resolve(root, base), resolve(root, head)
    with tempfile.TemporaryDirectory(prefix="playbook-diff-") as tmp:
        # Each revision twice: one copy to load (files with errors get replaced), one untouched, to
        # stand in for the other revision's files with errors.
        roots = {name: materialise(root, rev, Path(tmp) / name) for name, rev in (("base", before), ("head", after))}
        pristine = {
            name: materialise(root, rev, Path(tmp) / f"{name}-as-committed")
            for name, rev in (("base", before), ("head", after))
        }
        old = read_revision(roots["base"], before, pristine["head"])
        new = read_revision(roots["head"], after, pristine["base"])
        comparison = Comparison(old, new, _compare(old, new))
        return REPORTS[fmt](comparison), bool(new.errors)


def _compare(old: ReadRevision, new: ReadRevision) -> PlaybookDiff | None:
    """The changes between the parts both revisions could read; a file set aside in either revision is
    left out of both, so it never shows as added or removed."""
    if old.playbook is None or new.playbook is None:
        return None
    return diff_playbooks(_without(old.playbook, old, new), _without(new.playbook, old, new))


def _without(book: model.Playbook, *reads: ReadRevision) -> model.Playbook:
    principles = set().union(*(read.ids_set_aside(PRINCIPLES_DIR) for read in reads))
    sheets = set().union(*(read.ids_set_aside(SHEETS_DIR) for read in reads))
    if not principles and not sheets:
        return book
    return replace(
        book,
        principles={k: v for k, v in book.principles.items() if k not in principles},
        call_sheets={k: v for k, v in book.call_sheets.items() if k not in sheets},
    )
