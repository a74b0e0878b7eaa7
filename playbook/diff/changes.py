"""The changes a reviewer is shown: one structured record per change, grouped by what it is about.

A ``Change`` says what happened (``kind``) to which part of which principle, call sheet or
playbook.yml, with the text before and after. The report only formats these records; anything else
that tells people what changed (a "what's new" page for reps) can read the same list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..layout import PLAYBOOK_FILE
from .dangling import Reference
from .partial import ReadRevision

STATUSES = ("added", "removed", "renamed", "changed")
KINDS = ("added", "removed", "renamed", "changed", "reworded", "moved", "reordered")
PRINCIPLE, SHEET, BOOK = "principle", "call-sheet", "playbook"
BOOK_CAUSE = PLAYBOOK_FILE  # the cause of a printed-page change that came from playbook.yml


@dataclass(frozen=True)
class Change:
    """One change. ``before`` is None for an addition, ``after`` None for a removal.

    ``field`` is the path of what changed in the subject's JSON Schema (``title``, ``checklist``,
    ``objections.ask``, ``sources.url``...); a call sheet's printed page is under ``page.checklist``,
    ``page.say``, ``page.objections`` and ``page.pauses``.
    """

    kind: str  # one of KINDS
    subject: str  # PRINCIPLE, SHEET or BOOK
    id: str  # the principle's or sheet's id now ("" for playbook.yml)
    field: str
    part: str = ""  # which entry of the field, by id: an item, objection, stage, owner, pause or talk track's principle
    entry: str | None = None  # which entry, by its words, for entries without an id (a source, an avoid entry)
    before: str | None = None
    after: str | None = None
    was: str | None = None  # the part's former id, when it changed (a reworded item's derived id)
    place: str | None = None  # where it is now: an item's pause point, a moved objection's principle
    old_place: str | None = None  # where it was, for "moved"
    cause: str | None = None  # on a printed page: the principle (or playbook.yml) whose change this is


@dataclass
class SubjectDiff:
    """A principle or call sheet and its changes; ``status`` is one of STATUSES."""

    subject: str
    status: str
    id: str  # the id now (the last id, for "removed")
    title: str
    path: str  # its file now (the last one, for "removed")
    old_id: str | None = None  # for "renamed"
    formerly: list[str] = field(default_factory=list)
    stage: str = ""
    changes: list[Change] = field(default_factory=list)

    @property
    def causes(self) -> list[str | None]:
        """Who changed this sheet's printed page: principles, then playbook.yml, then None (the sheet's own edits)."""
        found = list(dict.fromkeys(c.cause for c in self.changes if c.field.startswith("page.")))
        return sorted(found, key=lambda c: (c is None, c == BOOK_CAUSE, c or ""))


@dataclass
class PlaybookDiff:
    book: list[Change]
    principles: list[SubjectDiff]
    sheets: list[SubjectDiff]
    pause_titles: dict[str, str]  # pause id -> title, from both revisions

    @property
    def empty(self) -> bool:
        return not (self.book or self.principles or self.sheets)

    @property
    def changes(self) -> list[Change]:
        """Every change once, as one list: subjects added, removed or renamed are changes of field ''."""
        found = list(self.book)
        for diff in [*self.principles, *self.sheets]:
            if diff.status != "changed":
                title = {"before" if diff.status == "removed" else "after": diff.title}
                found.append(Change(diff.status, diff.subject, diff.id, "", was=diff.old_id, **title))
            found += diff.changes
        return list(dict.fromkeys(found))  # an objection moved between principles is listed under both


@dataclass
class Comparison:
    """Two revisions as far as they could be read, the changes between them, and the head's references
    that name something gone (with what took its place, when the comparison found it)."""

    base: ReadRevision
    head: ReadRevision
    diff: PlaybookDiff
    references: list[Reference] = field(default_factory=list)
    unprinted: list[ReadRevision] = field(default_factory=list)  # revisions whose sheets could not be assembled
