"""The history told for reps: days, newest first, each holding the commits of that day and what they
changed, in sentences that link to the exact item, talk track, objection or sheet.

A change names things as they were in its commit; the site shows them as they are now. ``Forward``
follows later renames (a principle's new id, an item's id after a rewording, an objection moved to
another principle) so a link from an old entry still reaches the thing on today's site, and names
nothing that is gone.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import model
from ..diff.changes import PRINCIPLE, SHEET, Change
from .gitlog import Commit
from .store import CommitChanges


@dataclass(frozen=True)
class Part:
    """A piece of a sentence: plain words, a title (a principle, sheet...) or a quote of content."""

    text: str
    style: str = "text"  # "text", "title" or "quote"
    page: str | None = None  # the generated page it links to ("principles/x.md"), when it still exists
    anchor: str = ""  # the part of that page ("item-...", "objection-...", "say-2")


@dataclass(frozen=True)
class Line:
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Block:
    """One commit of the first-parent line (a whole pull request, when it was merged) or the working tree."""

    sha: str  # "" for changes not committed yet
    time: int
    notes: tuple[str, ...]  # the editors' `Reps:` lines
    lines: tuple[Line, ...]
    folded: tuple[Line, ...]  # editorial edits: review dates, sources, search words, tags...

    @property
    def date(self) -> str:
        return datetime.datetime.fromtimestamp(self.time, datetime.timezone.utc).date().isoformat()


@dataclass(frozen=True)
class Day:
    date: str  # YYYY-MM-DD, in UTC
    blocks: tuple[Block, ...]


@dataclass
class Forward:
    """Ids as they are now: principle and sheet renames, item and objection ids that changed."""

    ids: dict[tuple[str, str], str] = field(default_factory=dict)  # (subject, old id) -> new id
    parts: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)  # (kind, pid, part) -> (pid, part)

    def learn(self, changes: list[Change]) -> None:
        for c in changes:
            if c.kind == "renamed" and c.field == "" and c.was:
                self.ids[(c.subject, c.was)] = c.id
            elif c.subject == PRINCIPLE and c.field == "checklist" and c.was and c.part:
                self.parts[("item", c.id, c.was)] = (c.id, c.part)
            elif c.subject == PRINCIPLE and c.field.startswith("objections") and c.part:
                if c.was:
                    self.parts[("objection", c.id, c.was)] = (c.id, c.part)
                if c.kind == "moved" and c.old_place and c.place:
                    self.parts[("objection", c.old_place, c.part)] = (c.place, c.part)

    def subject(self, subject: str, sid: str) -> str:
        seen = set()
        while (subject, sid) in self.ids and sid not in seen:
            seen.add(sid)
            sid = self.ids[(subject, sid)]
        return sid

    def part(self, kind: str, pid: str, part: str) -> tuple[str, str]:
        pid = self.subject(PRINCIPLE, pid)
        seen = set()
        while (kind, pid, part) in self.parts and (pid, part) not in seen:
            seen.add((pid, part))
            pid, part = self.parts[(kind, pid, part)]
            pid = self.subject(PRINCIPLE, pid)
        return pid, part


class Now:
    """Today's playbook: what a link can still reach."""

    def __init__(self, playbook: model.Playbook, forward: Forward, plain: Callable[[str], str]):
        self.playbook = playbook
        self.forward = forward
        self.plain = plain  # Markdown -> the text a reader sees

    def principle(self, pid: str) -> model.Principle | None:
        """The principle now, also when it was renamed or merged into another (its ``formerly``)."""
        pid = self.forward.subject(PRINCIPLE, pid)
        return self.playbook.principles.get(pid) or self._formerly(self.playbook.principles, pid)

    def sheet(self, sid: str) -> model.CallSheet | None:
        sid = self.forward.subject(SHEET, sid)
        return self.playbook.call_sheets.get(sid) or self._formerly(self.playbook.call_sheets, sid)

    @staticmethod
    def _formerly(things: dict, old: str):
        return next((thing for thing in things.values() if old in thing.formerly), None)

    def item(self, pid: str, item_id: str) -> tuple[model.Principle, str] | None:
        pid, item_id = self.forward.part("item", pid, item_id)
        p = self.playbook.principles.get(pid)
        if p is None or not any(i.id == item_id for items in p.checklist.values() for i in items):
            return None
        return p, item_id

    def objection(self, pid: str, oid: str) -> tuple[model.Principle, str] | None:
        pid, oid = self.forward.part("objection", pid, oid)
        p = self.playbook.principles.get(pid)
        if p is None or not any(o.id == oid for o in p.objections):
            return None
        return p, oid

    def talk_track(self, pid: str, text: str | None) -> tuple[model.Principle, int] | None:
        p = self.principle(pid)
        if p is None or text is None or text not in p.say:
            return None
        return p, p.say.index(text) + 1


def tell(
    commits: list[Commit],
    found: dict[str, CommitChanges],
    now_of: Callable[[Forward], Now],
    lines_of: Callable[[CommitChanges, Now], tuple[list[Line], list[Line]]],
) -> tuple[list[Day], Forward]:
    """The days of the window, newest first; ``lines_of`` tells one commit (``phrases.py``)."""
    forward = Forward()
    for commit in reversed(commits):  # oldest first: a later rename applies to every earlier entry
        if commit.sha in found:
            forward.learn(found[commit.sha].changes)
    now = now_of(forward)
    days: dict[str, list[Block]] = {}
    for commit in commits:
        entry = found.get(commit.sha)
        if entry is None:
            continue
        block = make_block(commit.sha, commit.time, entry, now, lines_of)
        if block is not None:
            days.setdefault(block.date, []).append(block)
    return [Day(date, tuple(blocks)) for date, blocks in days.items()], forward


def make_block(sha: str, time: int, entry: CommitChanges, now: Now, lines_of) -> Block | None:
    lines, folded = lines_of(entry, now)
    notes = tuple(clean(n) for n in entry.notes if clean(n))
    if not (lines or folded or notes):
        return None  # a commit that changed nothing a rep or an editor reads (a hand-written page's file)
    return Block(sha, time, notes, tuple(lines), tuple(folded))


def clean(text: str | None, limit: int = 0) -> str:
    """Text for a reader: control characters out, whitespace folded, cut at ``limit`` characters."""
    text = "".join(ch if ch.isprintable() or ch in "\t\n" else " " for ch in (text or ""))
    text = " ".join(text.split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text
