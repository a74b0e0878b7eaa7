"""A principle's checklist items and objections between two versions: the entries with ids of their own.

Items match by id across pause points (so an item moved from "during" to "after" is one item);
objections match by id, explicit or derived from the customer's words. Rewording changes a derived
id, so a removed and an added entry with alike words are one entry reworded. Every field of a
matched objection is compared field by field (``fieldwise``), whatever fields the schema declares.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..load.entries import checklist_ids, objection_entries
from ..schema import load_schema
from ..yamlfile import YamlFile
from .changes import Change
from .fieldwise import Where, diff_record
from .matching import match


@dataclass(frozen=True)
class Entry:
    """An item or an objection where it stands: its principle (in the new naming), place and words."""

    owner: str
    id: str
    text: str
    place: str = ""  # an item's pause point
    data: dict | None = None  # an objection's fields, its id filled in
    explicit: bool = True  # its id is written in the file (not derived from its words)


@dataclass
class Successors:
    """Where each renamed thing went, old id -> new id: principles and sheets by id, items and
    objections by full id (``<principle>/<id>``). Dangling references and printed pages read these."""

    principles: dict[str, str] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)
    items: dict[str, str] = field(default_factory=dict)
    objections: dict[str, str] = field(default_factory=dict)

    def of(self, target: str, kind: str) -> str | None:
        """What now stands where ``target`` (a principle id or a full item or objection id) stood."""
        return {"principle": self.principles, "item": self.items, "objection": self.objections}[kind].get(target)


def items_of(doc: YamlFile, owner: str) -> list[Entry]:
    return [Entry(owner, item_id, text, pause) for pause, items in checklist_ids(doc) for item_id, text in items]


def objections_of(doc: YamlFile, owner: str) -> list[Entry]:
    return [
        Entry(owner, oid, entry["objection"], data={**entry, "id": oid}, explicit="id" in entry)
        for _, oid, entry in objection_entries(doc.data)
    ]


def item_changes(where: Where, old: YamlFile, new: YamlFile, old_id: str, successors: Successors) -> list[Change]:
    """Items added, removed, reworded, moved between pause points, and pause points reordered."""
    before, after = items_of(old, old_id), items_of(new, where.id)
    matched = match(before, after, key=lambda e: e.id, text=lambda e: e.text)
    changes = []
    for a, b in matched.sequence:
        at = replace(where, part=b.id)
        if a is None:
            changes.append(at.change("added", "checklist", after=b.text, place=b.place))
            continue
        was = a.id if a.id != b.id else None
        if a.text != b.text or was:
            changes.append(at.change("reworded", "checklist", a.text, b.text, was=was, place=b.place))
        if a.place != b.place:
            changes.append(at.change("moved", "checklist", a.text, b.text, place=b.place, old_place=a.place))
        if was or old_id != where.id:
            successors.items[f"{old_id}/{a.id}"] = f"{where.id}/{b.id}"
    for e in matched.removed:
        changes.append(replace(where, part=e.id).change("removed", "checklist", before=e.text, place=e.place))
    changes += [where.change("reordered", "checklist", place=p) for p in reordered_places(before, matched.pairs)]
    return changes


def reordered_places(before: list, pairs: list[tuple]) -> list[str]:
    """The places (pause points) whose entries, left where they were, now come in another order."""
    index = {id(entry): i for i, entry in enumerate(before)}
    order: dict[str, list[int]] = {}
    for a, b in pairs:
        if a.place == b.place:
            order.setdefault(b.place, []).append(index[id(a)])
    return [place for place, seq in order.items() if seq != sorted(seq)]


def objection_changes(
    where: Where, old: YamlFile, new: YamlFile, old_id: str, successors: Successors
) -> tuple[list[Change], list[Entry], list[Entry]]:
    """The changes of the objections both versions have, and the objections left unmatched on each
    side (removed, added): the caller pairs those across principles, as objections moved."""
    before, after = objections_of(old, old_id), objections_of(new, where.id)
    matched = match(before, after, key=lambda e: e.id, text=lambda e: e.text)
    changes = []
    for a, b in matched.pairs:
        changes += objection_pair(where, a, b)
        if a.id != b.id or old_id != where.id:
            successors.objections[f"{old_id}/{a.id}"] = f"{where.id}/{b.id}"
    if matched.reordered:
        changes.append(where.change("reordered", "objections"))
    return changes, matched.removed, matched.added


def objection_pair(where: Where, a: Entry, b: Entry) -> list[Change]:
    """One objection's fields, old and new. When rewording the words changed a derived id, that is one
    change, "reworded", with the id it had."""
    at = replace(where, part=b.id)
    node = load_schema("principle")["properties"]["objections"]["items"]
    if not (a.explicit and b.explicit) and a.id != b.id and a.text != b.text:
        reworded = at.change("reworded", "objections", a.text, b.text, was=a.id)
        return [reworded, *diff_record(at, a.data, b.data, node, "objections", skip=("id", "objection"))]
    return diff_record(at, a.data, b.data, node, "objections")
