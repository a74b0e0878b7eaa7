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
from ..layout import PLAYBOOK_FILE, PRINCIPLES_DIR, SHEETS_DIR
from ..load import load_playbook
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


def read_revision(rev_root: Path, revision: GitRevision, other_root: Path | None) -> ReadRevision:
    """Load the revision written under ``rev_root``; with errors, load what the errors leave.

    A file with errors is set aside: the other revision's version of it (from ``other_root``, an
    untouched copy) stands in, so that what uses it (a sheet using a principle, everything using
    playbook.yml) can still be compared, and it is dropped when it has errors here too. Set-aside
    files are left out of the comparison. ``rev_root`` is a scratch copy: files are replaced in it.
    """
    settings = read_settings(rev_root)
    first = load_playbook(rev_root, settings)
    read = ReadRevision(revision, first.playbook, first.problems)
    content = Path(os.path.normpath(rev_root / settings.content_dir))
    book = _rel(rev_root, content / PLAYBOOK_FILE)
    result, reason, standing_in = first, _first_reason, set()
    while result.playbook is None and content.is_dir():
        progress = False
        for rel in sorted({p.path for p in result.errors}):
            path = rev_root / rel
            if not _inside(path, content):
                continue
            if rel in read.set_aside:
                if rel in standing_in and rel != book:  # the stand-in has errors here too
                    standing_in.discard(rel)
                    _remove(path)
                    progress = True
                continue
            exists, listed = os.path.lexists(path), True
            if rel == book:
                stand_in = book_bytes(other_root) if other_root else None
                if stand_in is None:
                    continue  # nothing can be compared without a playbook.yml
            elif not exists:
                continue
            elif rel.endswith(".yml") and path.parent.name in (PRINCIPLES_DIR, SHEETS_DIR):
                stand_in = _file_bytes(other_root / rel) if other_root else None
            else:
                stand_in, listed = None, False  # a hand-written page's [[id]] errors say nothing of the model
            if listed:
                read.set_aside[rel] = reason(path, rel) if exists else MISSING
            if exists:
                _remove(path)
            if stand_in is not None:
                path.write_bytes(stand_in)
                standing_in.add(rel)
            progress = True
        if not progress:
            break
        result, reason = load_playbook(rev_root, settings), _later_reason
        read.playbook = result.playbook
    return read


def _file_bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


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
