"""Comparing two playbooks as models: what a line-by-line git diff of YAML hides.

That an item was reworded rather than replaced, that a principle was renamed rather than deleted,
that a call sheet nobody touched prints differently because a principle it uses changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .. import model
from ..layout import SHEETS_DIR
from .changes import (
    STATUSES,
    Change,
    ItemChange,
    PlaybookDiff,
    PrincipleDiff,
    SheetDiff,
    field_changes,
    flat,
    item_changes,
    pair,
    share,
)

RENAME_SHARE = 0.6  # share of equal item texts that makes a removed and an added id one renamed thing


def diff_playbooks(old: model.Playbook, new: model.Playbook) -> PlaybookDiff:
    principles = _diff_principles(old, new)
    item_keys = _item_key_map(principles)
    sheets = _diff_sheets(old, new, principles, item_keys)
    titles = {p.id: p.title for p in old.pauses} | {p.id: p.title for p in new.pauses}
    return PlaybookDiff(_diff_book(old, new), principles, sheets, titles)


def _rename_score(old_title: str, new_title: str, old_texts: list[str], new_texts: list[str]) -> float:
    """Above 0 when a removed and an added id are one thing renamed: same title, or mostly the same items."""
    common = share(old_texts, new_texts)
    if old_title.casefold() == new_title.casefold():
        return 1.0 + common
    return common if common >= RENAME_SHARE else 0.0


def _status_order(diff: PrincipleDiff | SheetDiff) -> int:
    """Added, removed, renamed, then changed; the playbook's order within each (the sort is stable)."""
    return STATUSES.index(diff.status)


def _renames(old: dict, new: dict) -> tuple[dict[str, str], list[str]]:
    """Principles or call sheets by id, before and after: the ids that are one thing renamed (new id
    -> old id, paired by title and items) and the ids that are really gone."""
    gone = [key for key in old if key not in new]
    came = [key for key in new if key not in old]

    def score(o: str, n: str) -> float:
        a, b = old[o], new[n]
        return _rename_score(a.title, b.title, [i.text for i in a.items], [i.text for i in b.items])

    renamed = pair(gone, came, score)
    return {n: o for o, n in renamed.items()}, [key for key in gone if key not in renamed]


def _diff_principles(old: model.Playbook, new: model.Playbook) -> list[PrincipleDiff]:
    renamed_to, removed = _renames(old.principles, new.principles)
    diffs = []
    for pid, principle in new.principles.items():
        if pid in renamed_to:
            diff = _compare_principle(old.principles[renamed_to[pid]], principle)
            diff.status, diff.old_id = "renamed", renamed_to[pid]
            diffs.append(diff)
        elif pid not in old.principles:
            diffs.append(PrincipleDiff("added", principle))
        else:
            diff = _compare_principle(old.principles[pid], principle)
            if diff.fields or diff.items or diff.also:
                diffs.append(diff)
    diffs += [PrincipleDiff("removed", old.principles[pid]) for pid in removed]
    return sorted(diffs, key=_status_order)


_OTHER_FIELDS: dict[str, Callable[[model.Principle], object]] = {
    "roles": lambda p: [r.id for r in p.roles],
    "tags": lambda p: p.tags,
    "why": lambda p: p.why,
    "how": lambda p: p.how,
    "say": lambda p: p.say,
    "avoid": lambda p: p.avoid,
    "signals": lambda p: p.signals,
    "related": lambda p: p.related,
    "sources": lambda p: p.sources,
    "owner": lambda p: p.owner,
    "reviewed": lambda p: p.reviewed,
    "formerly": lambda p: p.formerly,
}


def _compare_principle(a: model.Principle, b: model.Principle) -> PrincipleDiff:
    fields = field_changes(
        [("title", a.title, b.title), ("summary", a.summary, b.summary), ("stage", a.stage.id, b.stage.id)]
    )
    also = [name for name, value in _OTHER_FIELDS.items() if value(a) != value(b)]
    before = [(pause, item) for pause, items in a.checklist.items() for item in items]
    after = [(pause, item) for pause, items in b.checklist.items() for item in items]
    return PrincipleDiff("changed", b, fields=fields, items=item_changes(before, after, b.id), also=also)


def _item_key_map(principles: list[PrincipleDiff]) -> dict[str, str]:
    """Old full item ids in the new naming, across principle renames and reworded derived ids."""
    keys = {}
    for diff in principles:
        if diff.status not in ("renamed", "changed"):
            continue
        owner_then = diff.old_id or diff.principle.id
        for pause_items in diff.principle.checklist.values():
            for item in pause_items:
                keys[f"{owner_then}/{item.id}"] = item.full_id
        for change in diff.items:
            if change.old_id:
                keys[f"{owner_then}/{change.old_id}"] = f"{diff.principle.id}/{change.item_id}"
    return keys


def _diff_sheets(
    old: model.Playbook, new: model.Playbook, principles: list[PrincipleDiff], keys: dict[str, str]
) -> list[SheetDiff]:
    renamed_to, removed = _renames(old.call_sheets, new.call_sheets)
    by_principle = {}
    for d in principles:
        if d.status in ("renamed", "changed"):
            by_principle[d.principle.id] = by_principle[d.old_id or d.principle.id] = d
    diffs = []
    for sid, sheet in new.call_sheets.items():
        if sid not in old.call_sheets and sid not in renamed_to:
            diffs.append(SheetDiff("added", sheet))
            continue
        old_sheet = old.call_sheets[renamed_to.get(sid, sid)]
        diff = _compare_sheet(old_sheet, sheet, by_principle, keys)
        if sid in renamed_to:
            diff.status, diff.old_id = "renamed", old_sheet.id
        if diff.status == "renamed" or diff.fields or diff.page:
            diffs.append(diff)
    diffs += [SheetDiff("removed", old.call_sheets[sid]) for sid in removed]
    return sorted(diffs, key=_status_order)


def _compare_sheet(
    a: model.CallSheet, b: model.CallSheet, by_principle: dict[str, PrincipleDiff], keys: dict[str, str]
) -> SheetDiff:
    fields = field_changes(
        [
            ("title", a.title, b.title),
            ("summary", a.summary, b.summary),
            ("stage", a.stage.id, b.stage.id),
            ("fields", ", ".join(a.fields), ", ".join(b.fields)),
            ("principles", ", ".join(a.principles), ", ".join(b.principles)),
            ("notes", a.notes, b.notes),
            ("formerly", ", ".join(a.formerly), ", ".join(b.formerly)),
        ]
    )
    extras_then, extras_now = f"{SHEETS_DIR}/{a.id}/", f"{SHEETS_DIR}/{b.id}/"

    def old_key(item: model.Item) -> str:
        full = item.full_id
        return extras_now + full[len(extras_then) :] if full.startswith(extras_then) else keys.get(full, full)

    before = [(s.pause.id, item) for s in a.sections for item in s.items]
    after = [(s.pause.id, item) for s in b.sections for item in s.items]
    page = item_changes(before, after, b.id, key=lambda item: item.full_id, old_key=old_key)
    return SheetDiff("changed", b, fields=fields, page=[_with_cause(c, b, by_principle) for c in page])


def _with_cause(change: ItemChange, sheet: model.CallSheet, by_principle: dict[str, PrincipleDiff]) -> ItemChange:
    """Name the principle whose own edit shows on the sheet; edits of the sheet file have no cause."""
    if change.kind == "reordered":
        owners = {item.owner for s in sheet.sections if s.pause.id == change.pause for item in s.items}
        causes = [
            pid
            for pid in sorted(owners)
            if pid in by_principle and any(c.kind == "reordered" for c in by_principle[pid].items)
        ]
        return replace(change, cause=causes[0] if causes else None)
    diff = by_principle.get(change.owner)
    if diff is not None and any(
        c.item_id == change.item_id and c.kind == change.kind and c.pause == change.pause for c in diff.items
    ):
        return replace(change, cause=diff.principle.id)
    return change


def _diff_book(old: model.Playbook, new: model.Playbook) -> list[Change]:
    changes = field_changes([("title", old.title, new.title), ("description", old.description, new.description)])
    for kind, a, b in (("stage", old.stages, new.stages), ("role", old.roles, new.roles)):
        changes += _entries(kind, {s.id: s.title for s in a}, {s.id: s.title for s in b})
        changes += _entries(f"{kind} summary", {s.id: s.summary for s in a}, {s.id: s.summary for s in b}, False)
    pauses = ({p.id: f"{p.title} ({p.mode})" if p.mode else p.title for p in ps} for ps in (old.pauses, new.pauses))
    changes += _entries("pause", *pauses)
    for kind, a, b in (("stages", old.stages, new.stages), ("pauses", old.pauses, new.pauses)):
        then, now = [x.id for x in a if x.id in {y.id for y in b}], [y.id for y in b if y.id in {x.id for x in a}]
        if then != now:
            changes.append(Change(f"order of {kind}", ", ".join(then), ", ".join(now)))
    return changes


def _entries(kind: str, old: dict[str, str], new: dict[str, str], presence: bool = True) -> list[Change]:
    """Stages, roles or pauses added, removed or retitled; ``presence=False`` reports changes only."""
    changes = []
    for key in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(key), new.get(key)
        if a != b and (presence or (a is not None and b is not None)):
            changes.append(Change(kind, None if a is None else flat(a), None if b is None else flat(b), key))
    return changes
