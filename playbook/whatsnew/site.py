"""One build's "what's new": the told history, the stamps for the marks, and what could not be read.

``read_whats_new`` is the one door: the MkDocs plugin calls it once per build and hands the result
to the renderer, which writes the page, the feed and the marks of every page from it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import model
from ..markdown import MarkdownRenderer
from ..page import text_of_html
from .gitlog import Log, read_log
from .phrases import commit_lines
from .replay import Replay
from .stamps import Stamps
from .story import Block, Day, Forward, Now, make_block, tell

DEFAULT_DAYS = 90
DEFAULT_COMMITS = 300


@dataclass(eq=False)
class WhatsNew:
    """What the page, the feed and the marks show. Equal when they would show the same (``key``),
    so the live preview renders pages again only when the history moved."""

    days: list[Day]
    problems: list[str]
    stamps: Stamps
    window: int  # days
    end: int  # the window's end (seconds)
    uncommitted: Block | None = None  # `playbook serve`: what the working tree changes
    serving: bool = False
    key: str = field(default="", repr=False)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WhatsNew) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __lt__(self, other: object) -> bool:  # render options are sorted by name; never by this
        return NotImplemented

    @property
    def blocks(self) -> list[Block]:
        return [block for day in self.days for block in day.blocks]


def _epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def plain_text(playbook: model.Playbook) -> Callable[[str], str]:
    """Markdown as the text a reader sees (for quotes, and to tell a real edit from a rewrite);
    a ``[[id]]`` mention reads as the principle's title."""

    def mention(pid: str) -> tuple[str, str] | None:
        principle = playbook.principles.get(pid)
        return None if principle is None else ("#", principle.title)

    renderer = MarkdownRenderer(mention)
    return lambda text: text_of_html(renderer.inline(text))


def read_whats_new(
    root: Path,
    content_dir: str,
    playbook: model.Playbook,
    *,
    days: int = DEFAULT_DAYS,
    commits: int = DEFAULT_COMMITS,
    replay: Replay | None = None,
    serving: bool = False,
) -> WhatsNew:
    """The history of the content at ``root`` within the window, told against today's ``playbook``."""
    own = replay is None
    replay = replay or Replay()
    try:
        log = read_log(root, content_dir, days=days, limit=commits, epoch=_epoch())
        found, problems = replay.changes(log, content_dir) if log.commits else ({}, [])
        plain = plain_text(playbook)
        now_holder: list[Now] = []

        def now_of(forward: Forward) -> Now:
            now_holder.append(Now(playbook, forward, plain))
            return now_holder[0]

        days_told, _ = tell(log.commits, found, now_of, commit_lines)
        now = now_holder[0] if now_holder else Now(playbook, Forward(), plain)
        stamps = Stamps()
        stamp = 0
        for commit in reversed(log.commits):
            stamp = max(commit.time, stamp + 1)
            if commit.sha in found:
                stamps.add(stamp, found[commit.sha], now)
        uncommitted = _uncommitted(replay, log, root, content_dir, now) if serving else None
        result = WhatsNew(days_told, [*log.problems, *problems], stamps, days, log.end, uncommitted, serving)
    finally:
        if own:
            replay.close()
    result.key = hashlib.blake2b(pickle.dumps(_state(result)), digest_size=16).hexdigest()
    return result


def _uncommitted(replay: Replay, log: Log, root: Path, content_dir: str, now: Now) -> Block | None:
    try:
        entry = replay.working_tree(log, root, content_dir)
    except Exception:  # noqa: BLE001 - the preview shows the committed history all the same
        return None
    return None if entry is None else make_block("", log.end, entry, now, commit_lines)


def _state(result: WhatsNew) -> tuple:
    stamps = result.stamps
    return (
        result.days,
        result.problems,
        result.window,
        result.end,
        result.uncommitted,
        result.serving,
        stamps.head,
        sorted((k, v.last, v.added) for k, v in stamps.principles.items()),
        sorted((k, v.last, v.added) for k, v in stamps.own.items()),
        sorted((k, v.last, v.added) for k, v in stamps.items.items()),
        sorted((k, v.last, v.added) for k, v in stamps.objections.items()),
        sorted((k, v.last, v.added) for k, v in stamps.talk.items()),
        sorted((k, v.last, v.added) for k, v in stamps.sheets.items()),
    )
