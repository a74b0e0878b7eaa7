"""Comparing two revisions as content: what a line-by-line git diff of YAML hides.

That an item was reworded rather than replaced, that a principle was renamed rather than deleted
(even when references to its old id still dangle), that an objection moved to another principle,
that a call sheet nobody touched prints differently because a principle it uses changed. Files are
compared as written (every field, ``fieldwise``); printed sheets as the model assembles them
(``printed``).
"""

from __future__ import annotations

from dataclasses import replace

from ..layout import PRINCIPLES_DIR, SHEETS_DIR
from ..load.entries import sheet_entry
from ..schema import load_schema
from ..yamlfile import YamlFile
from .changes import BOOK, PRINCIPLE, SHEET, STATUSES, Change, Comparison, PlaybookDiff, SubjectDiff
from .checklists import Entry, Successors, item_changes, objection_changes, objection_pair, objections_of
from .dangling import Reference, dangling_references
from .fieldwise import Where, diff_record, diff_values
from .matching import RENAME_SHARE, match, pair, share
from .pagemodel import page_model
from .partial import ReadRevision
from .printed import add_page_changes


def compare(old: ReadRevision, new: ReadRevision) -> Comparison:
    """The changes from ``old`` to ``new``; files left out of either revision are left out of both,
    so a file with errors never shows as added or removed."""
    successors = Successors()
    principles = _diff_principles(old, new, successors)
    sheets = _diff_sheets(old, new, successors)
    book = _diff_book(old, new)
    printed_then, printed_now = page_model(old, new, None), page_model(new, old, successors)
    if printed_then is not None and printed_now is not None:
        add_page_changes(sheets, printed_then, printed_now, successors, principles, book)
    sheets = [d for d in sheets if d.status != "changed" or d.changes]
    titles = {p.id: p.title for m in (printed_then, printed_now) if m is not None for p in m.pauses}
    references = _to_fix(dangling_references(new, {p.path for p in new.errors}), successors)
    if references:
        inherited = {(r.path, r.target) for r in dangling_references(old, {r.path for r in references})}
        references = [replace(r, already=(r.path, r.target) in inherited) for r in references]
    unprinted = [r for r, m in ((old, printed_then), (new, printed_now)) if m is None and r.book is not None]
    return Comparison(old, new, PlaybookDiff(book, principles, sheets, titles), references, unprinted)


def _to_fix(references: list[Reference], successors: Successors) -> list[Reference]:
    """Each dangling reference with what took its place. An item of a principle that is gone needs no
    line of its own (``check`` names only the principle) unless fixing the principle's id will not be
    enough: the item was reworded or removed in the renamed principle."""
    found = []
    for ref in references:
        ref = replace(ref, successor=successors.of(ref.target, ref.kind))
        pid, _, item = ref.target.partition("/")
        renamed = successors.principles.get(pid)
        if ref.owner_gone and (renamed is None or ref.successor == f"{renamed}/{item}"):
            continue
        found.append(ref)
    return found


def _comparable(old: ReadRevision, new: ReadRevision, folder: str) -> tuple[dict, dict]:
    """The principles (or sheets) of each revision that neither revision leaves out, by id."""
    aside = {i for read in (old, new) for i, rel in read.files_in(folder).items() if rel in read.left_out}
    drop = aside | {i for read in (old, new) for i, rel in read.files_in(folder).items() if rel not in read.docs}
    a, b = old.compared(folder), new.compared(folder)
    return {i: d for i, d in a.items() if i not in drop}, {i: d for i, d in b.items() if i not in drop}


def _texts(value) -> list[str]:
    """Every text of a file but its ids: what a renamed file keeps."""
    if isinstance(value, dict):
        return [t for k, v in value.items() if k not in ("id", "formerly") for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return [str(value)]


def _renames(old: dict[str, YamlFile], new: dict[str, YamlFile]) -> dict[str, str]:
    """Ids that are one thing renamed, new id -> old id: the old id in the new one's ``formerly``, the
    same title, or mostly the same words (a rename often comes with an edit)."""
    gone = [k for k in old if k not in new]
    came = [k for k in new if k not in old]
    texts = {("old", k): _texts(old[k].data) for k in gone} | {("new", k): _texts(new[k].data) for k in came}

    def score(o: str, n: str) -> float:
        a, b = old[o].data, new[n].data
        if o in (b.get("formerly") or []):
            return 3.0
        common = share(texts["old", o], texts["new", n])
        if str(a.get("title", "")).casefold() == str(b.get("title", "")).casefold():
            return 1.0 + common
        return common if common >= RENAME_SHARE else 0.0

    return {n: o for o, n in pair(gone, came, score).items()}


def _subject(subject: str, status: str, doc: YamlFile, old_id: str | None = None) -> SubjectDiff:
    data = doc.data
    title, stage = str(data.get("title", "")), str(data.get("stage", ""))
    formerly = [f for f in data.get("formerly") or [] if isinstance(f, str)]
    return SubjectDiff(subject, status, str(data.get("id")), title, doc.path, old_id, formerly, stage)


def _status_order(diff: SubjectDiff) -> int:
    """Added, removed, renamed, then changed; the playbook's order within each (the sort is stable)."""
    return STATUSES.index(diff.status)


def _diff_principles(old: ReadRevision, new: ReadRevision, successors: Successors) -> list[SubjectDiff]:
    a, b = _comparable(old, new, PRINCIPLES_DIR)
    renamed = _renames(a, b)
    successors.principles = {o: n for n, o in renamed.items()}
    diffs, loose_removed, loose_added = {}, [], []
    for pid, doc in b.items():
        old_id = renamed.get(pid, pid)
        if old_id not in a:
            diffs[pid] = _subject(PRINCIPLE, "added", doc)
            loose_added += objections_of(doc, pid)
            continue
        diff = diffs[pid] = _subject(PRINCIPLE, "renamed" if pid in renamed else "changed", doc, renamed.get(pid))
        changes, removed, added = _compare_principle(a[old_id], doc, old_id, successors)
        diff.changes, loose_removed, loose_added = changes, loose_removed + removed, loose_added + added
    gone = [pid for pid in a if pid not in b and pid not in successors.principles]
    for pid in gone:
        diffs[pid] = _subject(PRINCIPLE, "removed", a[pid])
        loose_removed += objections_of(a[pid], pid)
    _objections_moved(diffs, loose_removed, loose_added, successors)
    found = [d for d in diffs.values() if d.status != "changed" or d.changes]
    return sorted(found, key=_status_order)


def _compare_principle(old: YamlFile, new: YamlFile, old_id: str, successors: Successors):
    """Every field of a principle in the schema's order; items and objections matched their own way."""
    where = Where(PRINCIPLE, new.data["id"])
    node = load_schema("principle")
    changes: list[Change] = []
    removed: list[Entry] = []
    added: list[Entry] = []
    for key in dict.fromkeys([*node["properties"], *old.data, *new.data]):
        if key == "id":
            continue
        if key == "checklist":
            changes += item_changes(where, old, new, old_id, successors)
        elif key == "objections":
            found, removed, added = objection_changes(where, old, new, old_id, successors)
            changes += found
        else:
            changes += diff_values(where, key, old.data.get(key), new.data.get(key), node["properties"].get(key))
    return changes, removed, added


def _objections_moved(diffs: dict[str, SubjectDiff], removed: list[Entry], added: list[Entry], successors) -> None:
    """Objections that left one principle and arrived in another (same id, or alike words) are moved;
    the rest were removed or added. A moved objection is listed under both principles."""
    matched = match(removed, added, key=lambda e: e.id, text=lambda e: e.text)
    for a, b in matched.pairs:
        if successors.principles.get(a.owner, a.owner) == b.owner:  # not moved: reworded past recognition
            matched.removed.append(a)
            matched.added.append(b)
            continue
        where = Where(PRINCIPLE, b.owner, b.id)
        moved = where.change("moved", "objections", a.text, b.text, was=a.id if a.id != b.id else None)
        moved = replace(moved, place=b.owner, old_place=successors.principles.get(a.owner, a.owner))
        details = [c for c in objection_pair(Where(PRINCIPLE, b.owner), a, b) if c.field != "objections"]
        successors.objections[f"{a.owner}/{a.id}"] = f"{b.owner}/{b.id}"
        diffs[b.owner].changes += [moved, *details]
        source = diffs.get(successors.principles.get(a.owner, a.owner))
        if source is not None:
            source.changes.append(moved)
    for e in matched.added:
        if diffs[e.owner].status != "added":
            diffs[e.owner].changes.append(Where(PRINCIPLE, e.owner, e.id).change("added", "objections", after=e.text))
    for e in matched.removed:
        owner = successors.principles.get(e.owner, e.owner)
        if owner in diffs and diffs[owner].status != "removed":
            diffs[owner].changes.append(Where(PRINCIPLE, owner, e.id).change("removed", "objections", before=e.text))


def _sheet_data(data: dict) -> dict:
    """A sheet as written, its references in one form each (``- x`` and ``- {id: x}`` are the same);
    its extra items are left to the printed page, which shows them where they print."""
    shown = {k: v for k, v in data.items() if k not in ("id", "extra")}
    if isinstance(data.get("principles"), list):
        entries = [sheet_entry(e) for e in data["principles"]]
        shown["principles"] = [p if w is None else f"{p} (items: {', '.join(map(str, w))})" for p, w in entries]
    if isinstance(data.get("say"), list):
        entries = [(e.get("id"), e.get("first")) if isinstance(e, dict) else (e, None) for e in data["say"]]
        shown["say"] = [p if n is None else f"{p} (first {n})" for p, n in entries]
    return shown


def _diff_sheets(old: ReadRevision, new: ReadRevision, successors: Successors) -> list[SubjectDiff]:
    a, b = _comparable(old, new, SHEETS_DIR)
    renamed = _renames(a, b)
    successors.sheets = {o: n for n, o in renamed.items()}
    node = load_schema("call-sheet")
    diffs = []
    for sid, doc in b.items():
        old_id = renamed.get(sid, sid)
        if old_id not in a:
            diffs.append(_subject(SHEET, "added", doc))
            continue
        diff = _subject(SHEET, "renamed" if sid in renamed else "changed", doc, renamed.get(sid))
        diff.changes = diff_record(Where(SHEET, sid), _sheet_data(a[old_id].data), _sheet_data(doc.data), node)
        diffs.append(diff)
    diffs += [_subject(SHEET, "removed", a[sid]) for sid in a if sid not in b and sid not in successors.sheets]
    return sorted(diffs, key=_status_order)


def _diff_book(old: ReadRevision, new: ReadRevision) -> list[Change]:
    if old.book is None or new.book is None:
        return []
    return diff_record(Where(BOOK, ""), old.book.data, new.book.data, load_schema("playbook"))
