"""A playbook repository with a scripted history, for the "What's new" tests: the basic fixture, then
one commit per kind of edit (added, reworded, moved and removed items, talk tracks and objections; a
sheet's words; a rename with `formerly:`; editorial edits; whitespace), each on a day of its own."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import BASIC, copy_playbook

DAY = 86400
START = 1792454400  # 2026-10-20 00:00 UTC; the tests' SOURCE_DATE_EPOCH is 2026-11-18
AL = "content/principles/active-listening.yml"
TGW = "content/principles/treat-gatekeepers-well.yml"
SHEET = "content/call-sheets/discovery-call.yml"


def git(root: Path, *args: str, when: int | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.com"}
    env |= {"GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.com"}
    if when is not None:
        env |= {"GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000"}
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def commit(root: Path, day: int, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, when=START + day * DAY + 3600)
    return git(root, "rev-parse", "HEAD")


STEPS = {}


def step(day: int, message: str):
    def register(fn):
        STEPS[fn.__name__] = (day, message, fn)
        return fn

    return register


@step(
    5,
    "Tender objection, a question to ask back, a talk track\n\n"
    "Reps: Customers who mention a tender: ask who writes it.",
)
def added(root):
    edit(
        root,
        AL,
        "    - Ask what makes them think so\n",
        "    - Ask what makes them think so\n    - Ask what they tried before\n",
    )
    talk = '  - "What makes you think so?"\n'
    edit(root, AL, talk, talk + '  - "Tell me more about that."\n')
    tender = "  - objection: We're going to tender\n    ask: Who writes the tender, and when?\n    id: tender\n"
    edit(root, TGW, "objections:\n", "objections:\n" + tender)


@step(8, "Sharper words")
def reworded(root):
    edit(root, AL, "Repeat their last words as a question", "Repeat their last words back as a question")
    edit(root, AL, '"What makes you think so?"', '"What makes you say so?"')
    edit(root, TGW, "We're happy with our current supplier", "We're happy with the supplier we have")


@step(13, "Notes during the call; the information objection belongs to listening")
def moved(root):
    edit(root, AL, "  after:\n    - Write down three details they mentioned\n", "")
    edit(
        root,
        AL,
        "    - Ask what they tried before\n",
        "    - Ask what they tried before\n    - Write down three details they mentioned\n",
    )
    text = (root / TGW).read_text("utf-8")
    start = text.index("  - objection: Send me some information")
    end = text.index("  - objection: We're happy")
    (root / TGW).write_text(text[:start] + text[end:], "utf-8")
    (root / AL).write_text((root / AL).read_text("utf-8") + "objections:\n" + text[start:end], "utf-8")


@step(16, "Less to carry")
def removed(root):
    edit(root, AL, "    - Ask what makes them think so\n", "")
    edit(root, AL, '  - "Tell me more about that."\n', "")
    text = (root / TGW).read_text("utf-8")
    start = text.index("  - objection: We're going to tender")
    end = text.index("  - objection: We're happy")
    (root / TGW).write_text(text[:start] + text[end:], "utf-8")


@step(19, "Discovery sheet asks for the budget")
def sheet_words(root):
    edit(root, SHEET, "title: Discovery call", "title: First discovery call")
    edit(root, SHEET, "Goal of this call]", "Goal of this call, Budget]")
    edit(
        root,
        SHEET,
        "  before: [Read their last three news items]",
        "  before: [Read their last three news items, Check their website for news]",
    )


@step(21, "Rename side-by-side")
def renamed(root):
    git(root, "mv", "content/principles/side-by-side.yml", "content/principles/sit-side-by-side.yml")
    edit(
        root,
        "content/principles/sit-side-by-side.yml",
        "id: side-by-side",
        "id: sit-side-by-side\nformerly: [side-by-side]",
    )
    edit(root, SHEET, "{id: side-by-side,", "{id: sit-side-by-side,")


@step(23, "Reviewed")
def editorial(root):
    edit(root, TGW, "reviewed: 2026-11-01", "reviewed: 2026-11-12")
    edit(root, TGW, "author: Joshua Chua", "author: J. Chua")


@step(25, "Reflow")
def whitespace(root):
    edit(
        root,
        AL,
        "why: People buy from people who understand them.",
        "why: People buy from  people who understand them.",
    )


@step(26, "Readme only")
def outside(root):
    (root / "README.md").write_text("Our playbook.\n", "utf-8")


def scripted_repo(root: Path, until: str | None = None) -> dict[str, str]:
    """The repository at ``root``, every step committed (up to ``until``); returns sha by step."""
    copy_playbook(BASIC, root)
    git(root, "init", "-q", "-b", "main")
    shas = {"start": commit(root, 0, "The basic playbook")}
    for name, (day, message, change) in STEPS.items():
        change(root)
        shas[name] = commit(root, day, message)
        if name == until:
            break
    return shas


def next_step(root: Path, name: str) -> str:
    day, message, change = STEPS[name]
    change(root)
    return commit(root, day, message)
