"""The playbook a revision would print, also when it has errors: for comparing printed call sheets.

A revision without errors is the loader's model. With errors, the model is built (by the loader's
``build_model``, the one place that assembles a sheet) from the files that have no errors of their
own. A principle left out stands in as the other revision has it, so the sheets that print it show
no change it cannot vouch for; playbook.yml likewise. A sheet's references to a principle, item or
objection that is gone are read as naming what took its place (a rename), or dropped; the report
lists them as references to fix. Nothing here changes a file: the sheet's data is copied.
"""

from __future__ import annotations

import copy

from .. import model
from ..layout import PRINCIPLES_DIR, SHEETS_DIR
from ..load import ReadCache
from ..load.entries import checklist_ids, objection_entries, sheet_entry
from ..load.resolve import build_model
from ..yamlfile import YamlFile
from .checklists import Successors
from .partial import ReadRevision


def page_model(read: ReadRevision, other: ReadRevision | None, successors: Successors | None) -> model.Playbook | None:
    """``read``'s playbook as it prints; ``successors`` maps names of ``other`` (the base) to ``read``'s."""
    if read.model is not None:
        return read.model
    book = read.book or (other.book if other is not None else None)
    if book is None:
        return None
    ids = {name: {e["id"] for e in book.data.get(name, [])} for name in ("stages", "roles", "pauses")}
    principles = {pid: doc for pid, doc in read.compared(PRINCIPLES_DIR).items() if _fits(doc, ids)}
    if other is not None:
        theirs = other.compared(PRINCIPLES_DIR)
        for pid, rel in read.files_in(PRINCIPLES_DIR).items():
            stand_in = theirs.get(pid)
            if pid not in principles and rel in read.left_out and stand_in is not None and _fits(stand_in, ids):
                principles[pid] = stand_in
    known = _Known(principles, successors or Successors())
    printable = [doc for doc in read.compared(SHEETS_DIR).values() if doc.data.get("stage") in ids["stages"]]
    sheets = [_repaired(doc, known) for doc in printable]
    try:
        return build_model(book, list(principles.values()), sheets, ReadCache(), read.content)
    except Exception:  # noqa: BLE001 - a rule the one-file checks missed: compare no printed page
        return None


def _fits(doc: YamlFile, ids: dict[str, set]) -> bool:
    """Whether a principle names only stages, roles and pause points this playbook.yml has."""
    data = doc.data
    return (
        data.get("stage") in ids["stages"]
        and all(r in ids["roles"] for r in data.get("roles") or [])
        and all(p in ids["pauses"] for p in data.get("checklist") or {})
    )


class _Known:
    """What the sheets of a revision may name: its principles, their items and objections, and where
    the things of the base went (``successors``)."""

    def __init__(self, principles: dict[str, YamlFile], successors: Successors):
        self.principles, self.successors = principles, successors
        self.ids = {
            "item": {pid: {i for _, pairs in checklist_ids(d) for i, _ in pairs} for pid, d in principles.items()},
            "objection": {pid: {oid for _, oid, _ in objection_entries(d.data)} for pid, d in principles.items()},
        }

    def principle(self, pid) -> str | None:
        if pid in self.principles:
            return pid
        renamed = self.successors.of(pid, "principle") if isinstance(pid, str) else None
        return renamed if renamed in self.principles else None

    def full(self, pid: str, rest: str, kind: str) -> str | None:
        """``pid/rest`` (an item or objection), or what took its place, or None."""
        known = self.ids[kind]
        if rest in known.get(pid, ()):
            return f"{pid}/{rest}"
        moved = self.successors.of(f"{pid}/{rest}", kind)
        if moved is not None and moved.partition("/")[2] in known.get(moved.partition("/")[0], ()):
            return moved
        return None


def _repaired(doc: YamlFile, known: _Known) -> YamlFile:
    """The sheet with each reference to something gone replaced by its successor, or left out."""
    principle, full = known.principle, known.full

    data = dict(doc.data)
    listed, seen = [], set()
    for entry in data.get("principles", []):
        pid, wanted = sheet_entry(entry)
        now = principle(pid)
        if now is None or now in seen:
            continue
        seen.add(now)
        if wanted is None:
            listed.append(now)
            continue
        kept = [f for f in (full(pid, i, "item") for i in wanted) if f and f.startswith(now + "/")]
        if kept:
            listed.append({"id": now, "items": list(dict.fromkeys(f.partition("/")[2] for f in kept))})
    data["principles"] = listed
    say = []
    for entry in data.get("say", []):
        pid, first = (entry.get("id"), entry.get("first")) if isinstance(entry, dict) else (entry, None)
        now = principle(pid)
        if now is not None and now not in {s["id"] for s in say}:
            say.append({"id": now, "first": first} if first else {"id": now})
    data["say"] = say
    shown = []
    for full_id in data.get("objections", []):
        pid, _, rest = full_id.partition("/")
        found = full(pid, rest, "objection")
        if found is not None and found not in shown:
            shown.append(found)
    data["objections"] = shown
    repaired = copy.copy(doc)
    repaired.data = data
    return repaired
