"""Scripted git repositories for the `playbook diff` tests: a fixture playbook, then one commit per edit.

Identity and dates are fixed, so a history (and its commit hashes) never depends on the machine.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from conftest import BASIC, copy_playbook, playbook, run_env

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.com",
    "GIT_COMMITTER_NAME": "Test Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.com",
    "GIT_AUTHOR_DATE": "2026-11-18T12:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-11-18T12:00:00+00:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
PRINCIPLES = "content/principles"
SHEETS = "content/call-sheets"
SHEET = f"{SHEETS}/discovery-call.yml"


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env={**run_env(), **GIT_ENV},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def commit(repo: Path, tag: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", tag)
    git(repo, "tag", tag)


def start_repo(target: Path, source: Path = BASIC) -> Path:
    """A git repository holding a copy of the fixture playbook ``source``, committed and tagged "base"."""
    repo = copy_playbook(source, target)
    git(repo, "init", "-q")
    commit(repo, "base")
    return repo


def rename(repo: Path, folder: str, old: str, new: str) -> Path:
    """``git mv`` a principle or sheet file and change its id, as an editor renames one."""
    git(repo, "mv", f"{folder}/{old}.yml", f"{folder}/{new}.yml")
    path = repo / folder / f"{new}.yml"
    edit(path, f"id: {old}\n", f"id: {new}\n")
    return path


def diff(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return playbook("diff", *args, cwd=repo)


def without_hashes(text: str) -> str:
    return re.sub(r"\b[0-9a-f]{7}\b", "HASH", text)


def section(report: str, title: str) -> list[str]:
    """The lines of one section of a text report (without its title)."""
    lines = report.splitlines()
    start = lines.index(title) + 1
    end = next((i for i in range(start, len(lines)) if lines[i] == ""), len(lines))
    return lines[start:end]
