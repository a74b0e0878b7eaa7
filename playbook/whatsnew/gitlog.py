"""Which commits changed the content lately, read from git: the first-parent history of HEAD.

Each commit on the first-parent line is one change as the team merged it (a merge brings a whole
pull request), compared later against its first parent. The window ends at ``SOURCE_DATE_EPOCH``
when it is set, else at the date of HEAD, so two builds of one commit read the same commits on any
day. Whatever cannot be read (no git, no repository, a shallow clone, a window cut short) becomes a
sentence for the page, never an error: the site builds without its history.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..layout import CONFIG_FILE

DAY = 24 * 3600
TRAILER = "Reps"  # `Reps: ...` in a commit message: a line for reps, shown with the commit's changes
_FIELD, _RECORD = "\x1f", "\x1e"
FETCH_HINT = "fetch the whole history (with actions/checkout, `fetch-depth: 0`)"


@dataclass(frozen=True)
class Commit:
    """A commit of the first-parent line that touched the content (or mkdocs.yml)."""

    sha: str
    parent: str | None  # the first parent; None for the first commit, or a shallow clone's edge
    time: int  # committer time, seconds since the epoch
    notes: tuple[str, ...] = ()  # its `Reps:` lines, and those of the commits a merge brought
    merge: bool = False


@dataclass
class Log:
    """The commits of the window, newest first, and what could not be read, in a reader's words."""

    commits: list[Commit] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    head: str | None = None  # HEAD's commit, when there is one
    top: Path | None = None  # the top of the work tree
    prefix: str = "."  # the playbook's root inside the repository
    end: int = 0  # the window's end (seconds)
    shallow: bool = False


def git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess | None:
    """Run git; None when git itself cannot run."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False, env=env)
    except OSError:
        return None


def read_log(root: Path, content_dir: str, *, days: int, limit: int, epoch: int | None) -> Log:
    """The first-parent commits of HEAD that touched ``content_dir`` or mkdocs.yml in the window."""
    log = Log()
    where = git(root, "rev-parse", "--show-toplevel", "--show-prefix")
    if where is None:
        log.problems.append("git is not installed here, so the history of the content could not be read.")
        return log
    if where.returncode != 0:
        log.problems.append("The content is not in a git repository, so its history could not be read.")
        return log
    top, prefix = (where.stdout.decode() + "\n").split("\n")[:2]
    log.top, log.prefix = Path(top), posixpath.normpath(prefix or ".")
    head = git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    if head is None or head.returncode != 0:
        log.problems.append("The repository has no commits yet.")
        return log
    log.head = head.stdout.decode().strip()
    shallow = git(root, "rev-parse", "--is-shallow-repository")
    log.shallow = shallow is not None and shallow.stdout.strip() == b"true"
    head_time = git(root, "show", "-s", "--format=%ct", log.head)
    log.end = epoch if epoch is not None else int(head_time.stdout.decode().strip() or 0)
    start = log.end - days * DAY
    listed = git(
        root,
        "log",
        "--first-parent",
        f"--max-count={limit + 1}",
        f"--format=%H{_FIELD}%P{_FIELD}%ct{_FIELD}%(trailers:key={TRAILER},valueonly,separator=%x1f){_RECORD}",
        log.head,
        "--",
        content_dir,
        CONFIG_FILE,
    )
    if listed is None or listed.returncode != 0:
        log.problems.append("git could not list the history of the content.")
        return log
    for record in listed.stdout.decode("utf-8", errors="replace").split(_RECORD):
        fields = record.strip("\n").split(_FIELD)
        if len(fields) < 3:
            continue
        sha, parents, time = fields[0], fields[1].split(), int(fields[2])
        if time < start:
            break
        notes = tuple(n.strip() for n in fields[3:] if n.strip())
        log.commits.append(Commit(sha, parents[0] if parents else None, time, notes, len(parents) > 1))
    if len(log.commits) > limit:
        log.commits = log.commits[:limit]
        log.problems.append(
            f"Only the last {limit} changes are listed: more were made in the last {days} days"
            " (the `whats_new: commits:` setting in mkdocs.yml)."
        )
    edge = next((c for c in log.commits if c.parent is None), None)
    if log.shallow and edge is not None:
        log.problems.append(
            "This copy of the repository is a shallow clone: changes older than the commits it holds"
            f" could not be read; {FETCH_HINT}."
        )
    return log


def merged_notes(top: Path, commit: Commit) -> tuple[str, ...]:
    """A merge's own `Reps:` lines, then those of the commits it brought in, each once, oldest first."""
    if not commit.merge or commit.parent is None:
        return commit.notes
    listed = git(
        top,
        "log",
        "--reverse",
        f"--format=%(trailers:key={TRAILER},valueonly,separator=%x1f){_RECORD}",
        f"{commit.sha}^@",
        f"^{commit.parent}",
    )
    found = list(commit.notes)
    if listed is not None and listed.returncode == 0:
        for record in listed.stdout.decode("utf-8", errors="replace").split(_RECORD):
            found += [n.strip() for n in record.split(_FIELD) if n.strip()]
    return tuple(dict.fromkeys(found))
