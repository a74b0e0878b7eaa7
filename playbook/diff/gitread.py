"""Reading a playbook as it was at a git revision, straight from git's object store.

The working tree, the index and export-ignore attributes play no part: the revision is written to a
temporary folder blob by blob, and loaded there like any playbook.
"""

from __future__ import annotations

import posixpath
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..layout import CONFIG_FILE
from ..settings import read_settings


class DiffError(Exception):
    """Nothing can be compared: an unknown revision, no git, or no repository."""


@dataclass(frozen=True)
class GitRevision:
    """A revision as the user named it, and the commit it resolved to."""

    name: str  # as the user wrote it
    commit: str  # full hash

    def __str__(self) -> str:
        return f"{self.name} ({self.commit[:7]})"


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise DiffError("git is not installed") from exc


def _repository(root: Path) -> tuple[Path, str]:
    """The top of the git work tree holding ``root``, and ``root``'s path inside it."""
    done = _git(root, "rev-parse", "--show-toplevel", "--show-prefix")
    if done.returncode != 0:
        raise DiffError(f"{root} is not inside a git repository")
    top, prefix = (done.stdout.decode() + "\n").split("\n")[:2]
    return Path(top), posixpath.normpath(prefix or ".")


def resolve(root: Path, name: str) -> GitRevision:
    top, _ = _repository(root)
    done = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}")
    if done.returncode != 0 or not name or name.startswith("-"):
        hint = ""
        if _git(top, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true":
            hint = " (this clone is shallow: fetch the history, e.g. actions/checkout with fetch-depth: 0)"
        raise DiffError(f"unknown revision '{name}'{hint}")
    return GitRevision(name, done.stdout.decode().strip())


def materialise(root: Path, revision: GitRevision, target: Path) -> Path:
    """Write mkdocs.yml and the content folder as they were at ``revision`` under ``target``.

    Returns the playbook root inside ``target``.
    """
    top, prefix = _repository(root)
    _write_tree(top, revision.commit, [posixpath.normpath(posixpath.join(prefix, CONFIG_FILE))], target)
    rev_root = target / prefix
    content = posixpath.normpath(posixpath.join(prefix, read_settings(rev_root).content_dir))
    if content == ".." or content.startswith("../") or posixpath.isabs(content):
        raise DiffError(f"the content folder '{content}' is outside the git repository")
    _write_tree(top, revision.commit, [content], target)
    return rev_root


def _write_tree(top: Path, commit: str, paths: list[str], target: Path) -> None:
    listed = _git(top, "--literal-pathspecs", "ls-tree", "-r", "-z", commit, "--", *paths)
    if listed.returncode != 0:
        raise DiffError(f"git ls-tree failed: {listed.stderr.decode(errors='replace').strip()}")
    entries = []
    for record in listed.stdout.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, sha = meta.decode().split()
        if kind == "blob":  # submodules ("commit") hold no content of ours
            entries.append((mode, sha, path.decode("utf-8", errors="surrogateescape")))
    if not entries:
        return
    batch = _git(top, "cat-file", "--batch", stdin="".join(f"{sha}\n" for _, sha, _ in entries).encode())
    if batch.returncode != 0:
        raise DiffError(f"git cat-file failed: {batch.stderr.decode(errors='replace').strip()}")
    data, offset = batch.stdout, 0
    for mode, _, path in entries:
        header_end = data.index(b"\n", offset)
        size = int(data[offset:header_end].split()[2])
        blob = data[header_end + 1 : header_end + 1 + size]
        offset = header_end + 1 + size + 1
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":
            destination.symlink_to(blob.decode("utf-8", errors="surrogateescape"))
        else:
            destination.write_bytes(blob)
