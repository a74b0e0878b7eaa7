"""What each commit changed, kept on disk so a build compares only the commits it has not seen.

A commit's changes depend on the two commits' files (which never change: a hash names them), the
playbook's place in the repository and the code that compares them. An entry is found by those,
in a folder named after a fingerprint of the code (every source and schema of the package, Python's
and PyYAML's versions), so no entry can be stale: new code starts a new folder and the old ones are
removed. It lives beside `playbook check`'s parse cache (``$PLAYBOOK_CACHE_DIR``, else
``$XDG_CACHE_HOME/playbook``, else ``~/.cache/playbook``); ``PLAYBOOK_CACHE=off`` turns both off.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import sys
import tempfile
from functools import cache
from pathlib import Path

import yaml

from ..diff.changes import Change
from ..filecache import cache_folder

_FORMAT = 1  # bump when the layout of an entry changes


@dataclasses.dataclass
class CommitChanges:
    """What one commit changed, as the diff found it, and what the page needs to tell it."""

    changes: list[Change]
    titles: dict[str, str]  # "principle:<id>" / "call-sheet:<id>" -> title at the commit (before, if removed)
    pauses: dict[str, str]  # pause id -> title
    notes: list[str]  # `Reps:` lines
    first: bool = False  # the playbook's first commit: everything in it is new

    def to_json(self) -> dict:
        return {
            "changes": [dataclasses.asdict(c) for c in self.changes],
            "titles": self.titles,
            "pauses": self.pauses,
            "notes": self.notes,
            "first": self.first,
        }

    @classmethod
    def from_json(cls, data: dict) -> CommitChanges:
        return cls([Change(**c) for c in data["changes"]], data["titles"], data["pauses"], data["notes"], data["first"])


@cache
def fingerprint() -> str:
    """The code and versions an entry depends on."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(f"{_FORMAT} {sys.version} {yaml.__version__} {yaml.__with_libyaml__}".encode())
    package = Path(__file__).parents[1]
    for path in sorted([*package.rglob("*.py"), *package.glob("schemas/*.json")]):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class CommitStore:
    """Entries by (playbook folder in the repository, parent, commit); never raises."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._swept = False

    @classmethod
    def default(cls) -> CommitStore:
        base = cache_folder()
        return cls(None if base is None else base / "whatsnew" / fingerprint())

    def _path(self, prefix: str, parent: str | None, sha: str) -> Path:
        name = hashlib.blake2b(f"{prefix}\0{parent}\0{sha}".encode(), digest_size=16).hexdigest()
        return self.folder / f"{name}.json"

    def get(self, prefix: str, parent: str | None, sha: str) -> CommitChanges | None:
        if self.folder is None:
            return None
        try:
            return CommitChanges.from_json(json.loads(self._path(prefix, parent, sha).read_text("utf-8")))
        except (OSError, ValueError, TypeError, KeyError):  # absent, damaged or of another shape
            return None

    def put(self, prefix: str, parent: str | None, sha: str, entry: CommitChanges) -> None:
        if self.folder is None:
            return
        temp = None
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._sweep()
            fd, temp = tempfile.mkstemp(prefix=".entry-", dir=self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(entry.to_json(), out, ensure_ascii=False, sort_keys=True)
            os.replace(temp, self._path(prefix, parent, sha))
            temp = None
        except (OSError, ValueError, TypeError):  # a read-only home, a full disk
            if temp is not None:
                Path(temp).unlink(missing_ok=True)

    def _sweep(self) -> None:
        """Remove the entries of other code (other fingerprints): they can never be found again."""
        if self._swept:
            return
        self._swept = True
        for other in self.folder.parent.iterdir():
            if other != self.folder and other.is_dir() and len(other.name) == len(self.folder.name):
                shutil.rmtree(other, ignore_errors=True)
