"""The changes a reviewer is shown, and how items are matched between two versions of a checklist.

Items match by id; a removed and an added item with similar text are one reworded item (rewording
changes a derived id), and the order of the items left at each pause point is compared on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .. import model
from .partial import ReadRevision

REWORD_RATIO = 0.6  # similarity of texts that makes a removed and an added item one reworded item
STATUSES = ("added", "removed", "renamed", "changed")


@dataclass(frozen=True)
class Change:
    """One field: ``old`` is None when it was added, ``new`` is None when it was removed."""

    what: str
    old: str | None
    new: str | None
    key: str | None = None  # the id of the stage, role or pause it is about


@dataclass(frozen=True)
class ItemChange:
    kind: str  # "added", "removed", "reworded", "moved" or "reordered"
    item_id: str  # the id now (the last id, for "removed")
    pause: str  # the pause id now (the last one, for "removed")
    text: str = ""  # the text now (the last text, for "removed")
    old_text: str | None = None
    old_id: str | None = None  # set when rewording changed a derived id
    old_pause: str | None = None
    owner: str = ""  # whose item: a principle id, or "call-sheets/<id>" for a sheet's extras
    cause: str | None = None  # on a sheet: the principle whose change this is; None: the sheet's own


@dataclass
class PrincipleDiff:
    status: str  # "added", "removed", "renamed" or "changed"
    principle: model.Principle  # the new one (the old one, for "removed")
    old_id: str | None = None  # for "renamed"
    fields: list[Change] = field(default_factory=list)
    items: list[ItemChange] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # other fields that changed, by name


@dataclass
class SheetDiff:
    status: str  # "added", "removed", "renamed" or "changed"
    sheet: model.CallSheet
    old_id: str | None = None
    fields: list[Change] = field(default_factory=list)
    page: list[ItemChange] = field(default_factory=list)  # changes of the printed checklist

    @property
    def causes(self) -> list[str | None]:
        """Principles whose changes reached this sheet, then None if the sheet's own edits did."""
        found = list(dict.fromkeys(c.cause for c in self.page))
        return sorted(found, key=lambda c: (c is None, c or ""))


@dataclass
class PlaybookDiff:
    book: list[Change]
    principles: list[PrincipleDiff]
    sheets: list[SheetDiff]
    pause_titles: dict[str, str]  # pause id -> title, from both revisions

    @property
    def empty(self) -> bool:
        return not (self.book or self.principles or self.sheets)


def pair(old: Iterable[str], new: Iterable[str], score: Callable[[str, str], float]) -> dict[str, str]:
    """Greedy best-first matching of removed to added ids; a score of 0 never pairs."""
    scored = sorted(((score(o, n), o, n) for o in old for n in new), key=lambda t: (-t[0], t[1], t[2]))
    pairs: dict[str, str] = {}
    taken: set[str] = set()
    for value, o, n in scored:
        if value > 0 and o not in pairs and n not in taken:
            pairs[o] = n
            taken.add(n)
    return pairs


def share(old: list[str], new: list[str]) -> float:
    """The share of texts two lists have in common, relative to the longer list."""
    if not old or not new:
        return 0.0
    return len(set(old) & set(new)) / max(len(set(old)), len(set(new)))


def flat(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def field_changes(pairs: list[tuple[str, object, object]]) -> list[Change]:
    return [Change(what, flat(a), flat(b)) for what, a, b in pairs if a != b]


def item_changes(
    before: list[tuple[str, model.Item]],
    after: list[tuple[str, model.Item]],
    owner: str,
    key: Callable[[model.Item], str] = lambda item: item.id,
    old_key: Callable[[model.Item], str] = lambda item: item.id,
) -> list[ItemChange]:
    """Added, removed, reworded, moved and reordered items between two ordered (pause, item) lists.

    Items match by ``key`` (``old_key`` maps an old item into the new naming); a removed and an added
    item with similar text are one item whose rewording changed its derived id.
    """
    old = {old_key(item): (pause, item) for pause, item in before}
    new = {key(item): (pause, item) for pause, item in after}
    gone = [k for k in old if k not in new]
    came = [k for k in new if k not in old]

    def similarity(o: str, n: str) -> float:
        if o.rpartition("/")[0] != n.rpartition("/")[0]:  # never across owners on a sheet
            return 0.0
        ratio = SequenceMatcher(None, old[o][1].text.casefold(), new[n][1].text.casefold()).ratio()
        return ratio if ratio >= REWORD_RATIO else 0.0

    reworded = {n: o for o, n in pair(gone, came, similarity).items()}
    changes = []
    for k, (pause, item) in new.items():
        if k not in old and k not in reworded:
            changes.append(ItemChange("added", item.id, pause, item.text, owner=item.owner))
            continue
        old_pause, old_item = old[reworded.get(k, k)]
        old_id = old_item.id if old_item.id != item.id else None
        if old_item.text != item.text or old_id:
            changes.append(ItemChange("reworded", item.id, pause, item.text, old_item.text, old_id, owner=item.owner))
        if old_pause != pause:
            changes.append(ItemChange("moved", item.id, pause, item.text, old_pause=old_pause, owner=item.owner))
    matched = set(reworded.values())
    for k in gone:
        if k not in matched:
            pause, item = old[k]
            changes.append(ItemChange("removed", item.id, pause, item.text, owner=item.owner))
    changes += _reorders(before, after, key, old_key, reworded, owner)
    return changes


def _reorders(before, after, key, old_key, reworded: dict[str, str], owner: str) -> list[ItemChange]:
    """Pauses whose surviving items now come in another order."""
    renamed_back = {o: n for n, o in reworded.items()}
    new_keys = {key(item) for _, item in after}
    old_pause_of = {renamed_back.get(old_key(item), old_key(item)): pause for pause, item in before}
    changes = []
    for pause in dict.fromkeys(p for p, _ in after):
        then = [renamed_back.get(old_key(i), old_key(i)) for p, i in before if p == pause]
        now = [key(i) for p, i in after if p == pause and old_pause_of.get(key(i)) == pause]
        if [k for k in then if k in new_keys and k in now] != now:
            changes.append(ItemChange("reordered", "", pause, owner=owner))
    return changes


@dataclass
class Comparison:
    """Two revisions as far as they could be read, and the changes between them."""

    base: ReadRevision
    head: ReadRevision
    diff: PlaybookDiff | None  # None when either revision has no usable playbook.yml
