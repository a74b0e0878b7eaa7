"""Each commit of the window compared with its first parent, through ``playbook diff``'s comparison.

Comparing means loading both revisions whole (the diff needs every file to see renames, moved
objections and printed sheets). A run of commits is read through two scratch folders: a revision is
written over the one the next comparison does not need, only the files git says changed are
rewritten, and each folder keeps its parse cache, so a revision costs what changed in it plus the
checks across files. Commits already compared come from the store (``store.py``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..diff import GitRevision, compare, materialise, read_revision
from ..diff.changes import Comparison
from ..diff.partial import ReadRevision
from ..layout import CONFIG_FILE
from ..load import ReadCache
from ..settings import read_settings
from .gitlog import Commit, Log, git, merged_notes
from .store import CommitChanges, CommitStore

WORKING_TREE = GitRevision("the working tree", "")


class ReplayError(Exception):
    """A commit that could not be compared (the page names it; the build goes on)."""


class _Slot:
    """A scratch folder holding one revision, its parse cache and what was read of it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.commit: str | None = None
        self.key: tuple | None = None  # the revision's mkdocs.yml and content folder, as git names them
        self.cache = ReadCache()
        self.read: ReadRevision | None = None
        self.stamp = 0  # file times written here: each write gets a new one, so the cache sees it


class Replay:
    """Compares commits of one repository; keep one between builds (``playbook serve``) to reuse its
    scratch folders and parse caches. Call ``close`` when done."""

    def __init__(self, store: CommitStore | None = None):
        self.store = store if store is not None else CommitStore.default()
        self._tmp: Path | None = None
        self._slots: list[_Slot] = []
        self.compared = 0  # commits compared (not found in the store), for the benchmark
        self._working = ReadCache()

    def close(self) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp, self._slots = None, []

    # -- commits -----------------------------------------------------------------------------------
    def changes(self, log: Log, content_dir: str) -> tuple[dict[str, CommitChanges], list[str]]:
        """Each commit's changes by sha, and a sentence for each commit that could not be compared."""
        found: dict[str, CommitChanges] = {}
        problems: list[str] = []
        missing = []
        for commit in log.commits:
            if commit.parent is None:
                if not log.shallow:
                    found[commit.sha] = CommitChanges([], {}, {}, list(commit.notes), first=True)
                continue
            entry = self.store.get(log.prefix, commit.parent, commit.sha)
            if entry is not None:
                found[commit.sha] = entry
            else:
                missing.append(commit)
        for commit in reversed(missing):  # oldest first: each revision is the next one's base
            try:
                entry = self._compare(log, commit, content_dir)
            except Exception as exc:  # noqa: BLE001 - one commit the diff cannot read must not stop a build
                problems.append(f"The change of commit {commit.sha[:7]} could not be read ({exc}).")
                continue
            self.store.put(log.prefix, commit.parent, commit.sha, entry)
            found[commit.sha] = entry
        return found, problems

    def _compare(self, log: Log, commit: Commit, content_dir: str) -> CommitChanges:
        base_slot, base = self._revision(log, commit.parent, content_dir, keep=None)
        _, head = self._revision(log, commit.sha, content_dir, keep=base_slot)
        self.compared += 1
        return _record(compare(base, head), merged_notes(log.top, commit))

    def working_tree(self, log: Log, root: Path, content_dir: str) -> CommitChanges | None:
        """What the working tree changes against HEAD (for ``playbook serve``); None when nothing."""
        if log.head is None:
            return None
        _, head = self._revision(log, log.head, content_dir, keep=None)
        now = read_revision(root, WORKING_TREE, self._working)
        return _record(compare(head, now), [])

    # -- scratch folders ---------------------------------------------------------------------------
    def _revision(self, log: Log, sha: str, content_dir: str, keep: _Slot | None) -> tuple[_Slot, ReadRevision]:
        if not self._slots:
            self._tmp = Path(tempfile.mkdtemp(prefix="playbook-whatsnew-"))
            self._slots = [_Slot(self._tmp / "a"), _Slot(self._tmp / "b")]
        key = _tree_key(log, sha, content_dir)
        for slot in self._slots:
            if slot.key == key and slot.read is not None:
                slot.commit = sha
                return slot, slot.read
        slot = next(s for s in self._slots if s is not keep)
        _write(log, slot, sha, key, content_dir)
        slot.read = read_revision(slot.folder / log.prefix, GitRevision(sha[:7], sha), slot.cache)
        return slot, slot.read


def _record(comparison: Comparison, notes: list[str] | tuple[str, ...]) -> CommitChanges:
    diff = comparison.diff
    titles = {f"{d.subject}:{d.id}": d.title for d in [*diff.principles, *diff.sheets]}
    return CommitChanges(list(diff.changes), titles, dict(diff.pause_titles), list(notes))


def _paths(log: Log, content_dir: str) -> list[str]:
    return [os.path.normpath(os.path.join(log.prefix, p)) for p in (CONFIG_FILE, content_dir)]


def _tree_key(log: Log, sha: str, content_dir: str) -> tuple:
    listed = git(log.top, "--literal-pathspecs", "ls-tree", "-z", sha, "--", *_paths(log, content_dir))
    if listed is None or listed.returncode != 0:
        raise ReplayError(f"git ls-tree failed for {sha[:7]}")
    return tuple(sorted(listed.stdout.split(b"\0")))


def _write(log: Log, slot: _Slot, sha: str, key: tuple, content_dir: str) -> None:
    """Write revision ``sha`` into ``slot``: only what changed since the slot's revision, when the
    two read the same content folder; else the whole revision."""
    same_config = slot.key is not None and _config_entry(slot.key) == _config_entry(key)
    if not same_config:
        shutil.rmtree(slot.folder, ignore_errors=True)
        slot.cache = ReadCache()
        materialise(log.top / log.prefix, GitRevision(sha[:7], sha), slot.folder)
        slot.commit, slot.key = sha, key
        return
    folder = read_settings(slot.folder / log.prefix).content_dir
    listed = git(
        log.top, "--literal-pathspecs", "diff-tree", "-r", "-z", "--no-renames", slot.commit, sha, "--",
        *_paths(log, folder),
    )  # fmt: skip
    if listed is None or listed.returncode != 0:
        raise ReplayError(f"git diff-tree failed for {sha[:7]}")
    parts = listed.stdout.split(b"\0")
    writes, deletes = [], []
    for meta, path in zip(parts[0::2], parts[1::2], strict=False):
        if not meta.startswith(b":"):
            continue
        _, mode, _, blob, status = meta[1:].decode().split()
        name = path.decode("utf-8", errors="surrogateescape")
        (deletes if status == "D" else writes).append((mode, blob, name))
    for _, _, name in deletes:
        (slot.folder / name).unlink(missing_ok=True)
    _write_blobs(log.top, slot, writes)
    slot.commit, slot.key = sha, key


def _config_entry(key: tuple) -> bytes:
    return next((entry for entry in key if entry.endswith(b"\t" + CONFIG_FILE.encode())), b"")


def _write_blobs(top: Path, slot: _Slot, entries: list[tuple[str, str, str]]) -> None:
    if not entries:
        return
    batch = git(top, "cat-file", "--batch", stdin="".join(f"{blob}\n" for _, blob, _ in entries).encode())
    if batch is None or batch.returncode != 0:
        raise ReplayError("git cat-file failed")
    data, offset = batch.stdout, 0
    for mode, _, name in entries:
        header_end = data.index(b"\n", offset)
        size = int(data[offset:header_end].split()[2])
        blob = data[header_end + 1 : header_end + 1 + size]
        offset = header_end + 1 + size + 1
        target = slot.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink() or (mode == "120000" and target.exists()):
            target.unlink()
        if mode == "120000":
            target.symlink_to(blob.decode("utf-8", errors="surrogateescape"))
            continue
        target.write_bytes(blob)
        slot.stamp += 1
        os.utime(target, ns=(slot.stamp, slot.stamp))  # a new time for every write: the cache reads it again
