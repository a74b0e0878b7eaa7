"""A call sheet's printed page between two revisions, and why it changed.

A sheet prints the checklist items, talk tracks and objections of the principles it names, under
the pause points of playbook.yml: a reworded item in a principle reprints every sheet that uses it,
though nobody edited the sheet. Each change of a printed page names its cause: the principle whose
own edit it repeats, playbook.yml, or (``None``) the sheet's own edits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import model
from ..layout import SHEETS_DIR
from .changes import BOOK_CAUSE, SHEET, Change, SubjectDiff
from .checklists import Successors, reordered_places
from .fieldwise import Where
from .matching import flat, match


@dataclass(frozen=True)
class _Line:
    """Something a sheet prints, named in the new revision's terms (``key``) and by its own ``id``."""

    owner: str  # its principle (or "call-sheets/<id>" for a sheet's extra items), new naming
    key: str
    id: str
    text: str
    place: str = ""  # an item's pause point
    ask: str = ""  # an objection's question


def add_page_changes(
    sheets: list[SubjectDiff],
    before: model.Playbook,
    after: model.Playbook,
    successors: Successors,
    principles: list[SubjectDiff],
    book: list[Change],
) -> None:
    """Put the printed-page changes of each sheet both revisions print first in its list of changes."""
    edits = {d.id: d.changes for d in principles}
    for diff in sheets:
        old = before.call_sheets.get(diff.old_id or diff.id)
        new = after.call_sheets.get(diff.id)
        if diff.status in ("changed", "renamed") and old is not None and new is not None:
            page = Page(old, new, successors, edits)
            diff.changes = [*page.items(), *page.say(), *page.objections(), *page.pauses(book), *diff.changes]


class Page:
    def __init__(self, old: model.CallSheet, new: model.CallSheet, successors: Successors, edits: dict):
        self.old, self.new, self.successors, self.edits = old, new, successors, edits
        self.where = Where(SHEET, new.id)

    def _owner(self, owner: str) -> str:
        extras = f"{SHEETS_DIR}/{self.old.id}"
        return f"{SHEETS_DIR}/{self.new.id}" if owner == extras else self.successors.principles.get(owner, owner)

    def _cause(self, owner: str, field: str, test) -> str | None:
        """The principle whose own change of ``field`` this is, if it made one that ``test`` accepts."""
        return owner if any(c.field == field and test(c) for c in self.edits.get(owner, [])) else None

    def items(self) -> list[Change]:
        def line(pause: str, item: model.Item, old: bool) -> _Line:
            owner = self._owner(item.owner) if old else item.owner
            key = f"{owner}/{item.id}"
            if old and not item.owner.startswith(f"{SHEETS_DIR}/"):
                key = self.successors.items.get(item.full_id, key)
            return _Line(owner, key, item.id, item.text, pause)

        before = [line(s.pause.id, i, True) for s in self.old.sections for i in s.items]
        after = [line(s.pause.id, i, False) for s in self.new.sections for i in s.items]
        matched = match(before, after, key=lambda e: e.key, text=lambda e: e.text, apart=lambda e: e.owner)
        changes = []
        for a, b in matched.sequence:
            if a is None:
                changes.append(self._item("added", b, None, b.text))
                continue
            was = a.id if a.id != b.id else None
            if a.text != b.text or was:
                changes.append(self._item("reworded", b, a.text, b.text, was=was))
            if a.place != b.place:
                changes.append(self._item("moved", b, a.text, b.text, old_place=a.place))
        changes += [self._item("removed", e, e.text, None) for e in matched.removed]
        for pause in reordered_places(before, matched.pairs):
            owners = sorted({e.owner for e in after if e.place == pause})
            cause = next(
                (c for o in owners if (c := self._cause(o, "checklist", lambda x, p=pause: _is(x, "reordered", p)))),
                None,
            )
            changes.append(self.where.change("reordered", "page.checklist", place=pause, cause=cause))
        return changes

    def _item(self, kind: str, line: _Line, before, after, **more) -> Change:
        def same(c: Change) -> bool:
            return c.kind == kind and c.part == line.id and c.place == line.place

        cause = self._cause(line.owner, "checklist", same)
        at = replace(self.where, part=line.key)
        return at.change(kind, "page.checklist", before, after, place=line.place, cause=cause, **more)

    def say(self) -> list[Change]:
        def line(track: model.TalkTrack, old: bool) -> _Line:
            owner = self._owner(track.principle) if old else track.principle
            return _Line(owner, f"{owner}\x00{track.text}", "", track.text)

        before = [line(t, True) for t in self.old.say]
        after = [line(t, False) for t in self.new.say]
        matched = match(before, after, key=lambda e: e.key, text=lambda e: e.text, apart=lambda e: e.owner)
        changes = []
        for a, b in matched.pairs:
            if a.text != b.text:
                texts = (flat(a.text), flat(b.text))
                cause = self._cause(b.owner, "say", lambda c, texts=texts: (c.before, c.after) == texts)
                changes.append(self._track("reworded", b.owner, a.text, b.text, cause))
        for e in matched.added:
            changes.append(self._track("added", e.owner, None, e.text, self._cause(e.owner, "say", _adds(e.text))))
        for e in matched.removed:
            changes.append(self._track("removed", e.owner, e.text, None, self._cause(e.owner, "say", _drops(e.text))))
        if matched.reordered:
            owners = [o for o in dict.fromkeys(e.owner for e in after)]
            cause = next((o for o in owners if self._cause(o, "say", lambda c: c.kind == "reordered")), None)
            changes.append(self.where.change("reordered", "page.say", cause=cause))
        return changes

    def _track(self, kind: str, owner: str, before, after, cause) -> Change:
        return replace(self.where, part=owner).change(kind, "page.say", before, after, cause=cause)

    def objections(self) -> list[Change]:
        def line(o: model.Objection, old: bool) -> _Line:
            owner = self._owner(o.owner) if old else o.owner
            key = self.successors.objections.get(o.full_id, f"{owner}/{o.id}") if old else o.full_id
            return _Line(owner, key, o.id, o.objection, ask=o.ask)

        before = [line(o, True) for o in self.old.objections]
        after = [line(o, False) for o in self.new.objections]
        matched = match(before, after, key=lambda e: e.key, text=lambda e: e.text)
        changes = []
        for a, b in matched.pairs:
            at = replace(self.where, part=b.key)
            for name, then, now in (("objection", a.text, b.text), ("ask", a.ask, b.ask)):
                if then != now:
                    changes.append(at.change("changed", f"page.objections.{name}", then, now, cause=b.owner))
        for kind, lines in (("added", matched.added), ("removed", matched.removed)):
            for e in lines:
                cause = self._cause(e.owner, "objections", lambda c, e=e, k=kind: c.part == e.id and c.kind == k)
                at = replace(self.where, part=e.key)
                texts = (None, e.text) if kind == "added" else (e.text, None)
                changes.append(at.change(kind, "page.objections", *texts, cause=cause))
        if matched.reordered:
            changes.append(self.where.change("reordered", "page.objections"))
        return changes

    def pauses(self, book: list[Change]) -> list[Change]:
        """Pause points retitled (or their mode changed) in playbook.yml, as this sheet prints them."""
        printed = {s.pause.id for s in self.new.sections}
        return [
            replace(self.where, part=c.part).change(c.kind, f"page.{c.field}", c.before, c.after, cause=BOOK_CAUSE)
            for c in book
            if c.field in ("pauses.title", "pauses.mode") and c.part in printed
        ]


def _is(change: Change, kind: str, place: str) -> bool:
    return change.kind == kind and change.place == place


def _adds(text: str):
    return lambda c: c.kind in ("added", "reworded") and c.after == flat(text)


def _drops(text: str):
    return lambda c: c.kind in ("removed", "reworded") and c.before == flat(text)
