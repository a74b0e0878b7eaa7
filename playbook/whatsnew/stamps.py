"""When each principle, sheet, item, talk track and objection last changed for a reader, and what a
page carries so the browser can mark what changed since a rep's last visit.

A stamp is a commit's time, made to grow along the first-parent line (a commit dated before its
parent gets its parent's stamp plus one), so "newer than what this page showed last time" is a plain
comparison. The browser remembers, per page, the newest stamp the page carried when it was opened
(``playbook-marks.js``); it never needs the time of day, so a site deployed days after a commit
still marks it. Only edits a reader sees count: editorial edits (review dates, sources...) and
changes of whitespace stamp nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .. import model
from ..diff.changes import PRINCIPLE, SHEET, Change
from ..layout import PRINCIPLES_DIR, SHEETS_DIR
from ..urls import page_url
from .phrases import is_told
from .store import CommitChanges
from .story import Now

# A link in a generated page to a principle or call sheet, as the templates write it (.md or URL).
_LINK = re.compile(r"(?<![\w-])(principles|call-sheets)/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.md|/|\.html)")


@dataclass
class Stamp:
    last: int = 0  # the last change
    added: int = 0  # when it was added, if within the window

    def touch(self, stamp: int, added: bool) -> None:
        self.last = max(self.last, stamp)
        if added:
            self.added = max(self.added, stamp)

    def json(self) -> list[int]:
        return [self.last, self.added] if self.added else [self.last]


@dataclass
class Stamps:
    head: int = 0  # the newest stamp of the window
    principles: dict[str, Stamp] = field(default_factory=dict)  # anything a reader sees in it (for lists)
    own: dict[str, Stamp] = field(default_factory=dict)  # its title, summary, story, steps... (the page's title)
    items: dict[str, Stamp] = field(default_factory=dict)  # by full id
    objections: dict[str, Stamp] = field(default_factory=dict)  # by full id
    talk: dict[tuple[str, int], Stamp] = field(default_factory=dict)  # (principle, position from 1)
    sheets: dict[str, Stamp] = field(default_factory=dict)

    def add(self, stamp: int, entry: CommitChanges, now: Now) -> None:
        self.head = max(self.head, stamp)
        for change in entry.changes:
            if is_told(change, now):
                self._touch(stamp, change, now)

    def _touch(self, stamp: int, change: Change, now: Now) -> None:
        new = change.kind == "added"
        if change.subject == SHEET:
            if (sheet := now.sheet(change.id)) is not None:
                self.sheets.setdefault(sheet.id, Stamp()).touch(stamp, new and change.field == "")
            if change.field.startswith("page.") and change.cause and (p := now.principle(change.cause)):
                self.principles.setdefault(p.id, Stamp()).touch(stamp, False)
            return
        if change.subject != PRINCIPLE or (principle := now.principle(change.id)) is None:
            return
        self.principles.setdefault(principle.id, Stamp()).touch(stamp, new and change.field == "")
        if change.field == "checklist" and (found := now.item(change.id, change.part)):
            self.items.setdefault(f"{found[0].id}/{found[1]}", Stamp()).touch(stamp, new)
        elif change.field.startswith("objections") and change.part:
            owner = change.place if change.kind == "moved" else change.id
            if found := now.objection(owner, change.part):
                self.objections.setdefault(f"{found[0].id}/{found[1]}", Stamp()).touch(stamp, new)
        elif change.field == "say":
            if found := now.talk_track(change.id, change.after):
                self.talk.setdefault((found[0].id, found[1]), Stamp()).touch(stamp, new)
        elif change.kind != "removed" or change.field:
            self.own.setdefault(principle.id, Stamp()).touch(stamp, new and change.field == "")

    # -- what a page carries ---------------------------------------------------------------------
    def page_marks(self, playbook: model.Playbook, src_uri: str, markdown: str, directory_urls: bool) -> str:
        """The script tag that marks what changed on this page (none when nothing on it changed)."""
        parts: list[list] = []
        kind, _, name = src_uri[: -len(".md")].partition("/")
        if kind == PRINCIPLES_DIR and (p := playbook.principles.get(name)) is not None:
            parts += self._principle_parts(p)
        elif kind == SHEETS_DIR and (s := playbook.call_sheets.get(name)) is not None:
            items = [i.full_id for section in s.sections for i in section.items]
            parts += [["i", i, *self.items[i].json()] for i in items if i in self.items]
            objections = [o.full_id for o in s.objections]
            parts += [["o", o, *self.objections[o].json()] for o in objections if o in self.objections]
            if s.id in self.sheets:
                parts.append(["h", "", *self.sheets[s.id].json()])
        elif src_uri == "objections.md":
            parts += [["o", o, *st.json()] for o, st in sorted(self.objections.items())]
        links = {}
        for folder, target in _LINK.findall(markdown):
            stamp = (self.principles if folder == PRINCIPLES_DIR else self.sheets).get(target)
            if stamp is not None:
                links[page_url(f"{folder}/{target}.md", directory_urls)] = stamp.json()
        if not parts and not links:
            return ""
        data = {"k": page_url(src_uri, directory_urls), "h": self.head, "e": parts, "l": links}
        text = json.dumps(data, separators=(",", ":"), sort_keys=True)
        text = text.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;")
        return text

    def _principle_parts(self, p: model.Principle) -> list[list]:
        items = [i.full_id for listed in p.checklist.values() for i in listed]
        parts = [["i", i, *self.items[i].json()] for i in items if i in self.items]
        objections = [o.full_id for o in p.objections]
        parts += [["o", o, *self.objections[o].json()] for o in objections if o in self.objections]
        talk = [(p.id, n) for n in range(1, len(p.say) + 1)]
        parts += [["s", str(n), *self.talk[(pid, n)].json()] for pid, n in talk if (pid, n) in self.talk]
        if p.id in self.own:
            parts.append(["h", "", *self.own[p.id].json()])
        return parts
