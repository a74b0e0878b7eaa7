"""Which version of the content a printed sheet came from: the date and commit of the content.

A sheet printed in March and found in a folder in June should say which playbook it belongs to.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from .settings import today


@dataclass(frozen=True)
class Revision:
    date: str  # YYYY-MM-DD
    commit: str | None  # short hash, None outside git

    def __str__(self) -> str:
        return f"{self.date} · {self.commit}" if self.commit else self.date


def content_revision(root: Path, content_dir: str) -> Revision:
    """The last commit that touched the content; today's date when the folder is not in git."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs %h", "--", content_dir],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        out = None
    if out is not None and out.returncode == 0 and out.stdout.strip():
        date, commit = out.stdout.split()
        return Revision(date, commit)
    return Revision(today().isoformat(), None)
