"""What can be read of a playbook revision that has content errors.

A reviewer needs to see a change and what it broke side by side: a rename that left one dangling
reference is still a rename. ``load_playbook`` stays the only judge of content: the files it finds
errors in are set aside, one round at a time, until the rest loads into a model. The errors are
those of the first load, exactly what ``playbook check`` reports at that revision.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import model
from ..load import PLAYBOOK_FILE, PRINCIPLES_DIR, SHEETS_DIR, load_playbook
from ..problems import Problem
from ..settings import read_settings
from ..yamlfile import YamlFile, read_yaml
from .gitread import GitRevision

DOES_NOT_PARSE = "does not parse"
HAS_ERRORS = "has errors"
USES_SET_ASIDE = "uses a file that could not be read"
MISSING = "is missing"


@dataclass
class ReadRevision:
    """One revision as far as it can be read."""

    revision: GitRevision
    playbook: model.Playbook | None  # None when not even playbook.yml could be used
    problems: list[Problem]  # as `playbook check` reports them at this revision
    set_aside: dict[str, str] = field(default_factory=dict)  # content file -> why it was not compared

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def ids_set_aside(self, folder: str) -> set[str]:
        """Principles (``folder="principles"``) or call sheets that could not be compared, by file name."""
        found = set()
        for rel in self.set_aside:
            parent, _, name = rel.rpartition("/")
            if parent.endswith(folder) and name.endswith(".yml"):
                found.add(name[: -len(".yml")])
        return found


def book_bytes(rev_root: Path) -> bytes | None:
    """playbook.yml as committed: what stands in for the other revision's when that one has errors."""
    path = rev_root / read_settings(rev_root).content_dir / PLAYBOOK_FILE
    try:
        return path.read_bytes()
    except OSError:
        return None


def read_revision(rev_root: Path, revision: GitRevision, fallback_book: bytes | None) -> ReadRevision:
    """Load the revision written under ``rev_root``; with errors, load what the errors leave.

    ``fallback_book`` (the other revision's playbook.yml) stands in for a playbook.yml with errors,
    so the principles and sheets can still be compared. Files are removed from ``rev_root``, which
    is a scratch copy.
    """
    settings = read_settings(rev_root)
    first = load_playbook(rev_root, settings)
    read = ReadRevision(revision, first.playbook, first.problems)
    content = Path(os.path.normpath(rev_root / settings.content_dir))
    book = _rel(rev_root, content / PLAYBOOK_FILE)
    result, reason = first, _first_reason
    while result.playbook is None:
        progress = False
        for rel in sorted({p.path for p in result.errors}):
            path = rev_root / rel
            if rel in read.set_aside or not _inside(path, content):
                continue
            if rel == book:
                if fallback_book is None or not content.is_dir():
                    continue
                read.set_aside[rel] = reason(path, rel) if os.path.lexists(path) else MISSING
                if os.path.lexists(path):
                    _remove(path)
                path.write_bytes(fallback_book)
            elif os.path.lexists(path):
                if rel.endswith(".yml") and path.parent.name in (PRINCIPLES_DIR, SHEETS_DIR):
                    read.set_aside[rel] = reason(path, rel)
                _remove(path)  # a hand-written page's [[id]] errors say nothing about the model
            else:
                continue
            progress = True
        if not progress:
            break
        result, reason = load_playbook(rev_root, settings), _later_reason
        read.playbook = result.playbook
    return read


def _first_reason(path: Path, rel: str) -> str:
    doc = read_yaml(path, rel)
    return HAS_ERRORS if isinstance(doc, YamlFile) and isinstance(doc.data, dict) else DOES_NOT_PARSE


def _later_reason(path: Path, rel: str) -> str:
    """Errors that appear only once other files are set aside: references to those files."""
    return USES_SET_ASIDE


def _remove(path: Path) -> None:
    """A file, a link, or a folder where a file should be (one of the mistakes `check` reports)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _rel(root: Path, path: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


def _inside(path: Path, folder: Path) -> bool:
    return Path(os.path.normpath(path)).is_relative_to(folder)
