"""What changed in a playbook between two git revisions, told the way a reviewer reads a pull request.

One module per step: ``gitread`` writes a revision out of git; ``partial`` loads what it can of it
(``ownerrors`` decides which files a revision with errors leaves out); ``compare`` compares two
revisions file by file (``fieldwise`` for any field, ``checklists`` for items and objections),
``pagemodel`` and ``printed`` compare the printed call sheets, ``dangling`` finds the references a
rename left behind; the result is a list of structured changes (``changes``) that ``report`` writes
as text or Markdown (``wording`` shows what changed inside long texts).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .changes import Change, Comparison, PlaybookDiff, SubjectDiff
from .compare import compare
from .gitread import DiffError, GitRevision, materialise, resolve
from .partial import ReadRevision, read_revision
from .report import REPORTS

__all__ = [
    "REPORTS",
    "Change",
    "Comparison",
    "DiffError",
    "GitRevision",
    "PlaybookDiff",
    "ReadRevision",
    "SubjectDiff",
    "compare",
    "compare_revisions",
    "diff_revisions",
    "read_revision",
]


def compare_revisions(root: Path, base: str, head: str = "HEAD") -> Comparison:
    """The changes from ``base`` to ``head`` of the playbook at ``root``, as structured records.

    Raises ``DiffError`` when nothing can be compared (an unknown revision, no repository).
    """
    before, after = resolve(root, base), resolve(root, head)
    with tempfile.TemporaryDirectory(prefix="playbook-diff-") as tmp:
        old = read_revision(materialise(root, before, Path(tmp) / "base"), before)
        new = read_revision(materialise(root, after, Path(tmp) / "head"), after)
        try:
            return compare(old, new)
        except Exception as exc:  # noqa: BLE001 - never a traceback for an editor
            raise DiffError(f"internal error while comparing ({type(exc).__name__}: {exc}); please report it") from exc


def diff_revisions(root: Path, base: str, head: str = "HEAD", fmt: str = "text") -> tuple[str, bool]:
    """The report for ``playbook diff`` and whether the head revision has content errors."""
    comparison = compare_revisions(root, base, head)
    return REPORTS[fmt](comparison), bool(comparison.head.errors)
