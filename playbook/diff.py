"""What changed in a playbook between two git revisions, told the way a reviewer reads a pull request.

A line-by-line git diff of YAML hides what matters: that an item was reworded rather than replaced,
that a principle was renamed rather than deleted, that a call sheet nobody touched prints differently
because a principle it uses changed. Both revisions are loaded into models and compared as models.
"""

from __future__ import annotations

import posixpath
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path

from . import model
from .load import load_playbook
from .settings import read_settings

RENAME_SHARE = 0.6  # share of equal item texts that makes a removed and an added id one renamed thing
REWORD_RATIO = 0.6  # similarity of texts that makes a removed and an added item one reworded item


class DiffError(Exception):
    """A revision that cannot be compared: unknown, outside git, or with content errors."""


# -- revisions -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Revision:
    name: str  # as the user wrote it
    commit: str  # full hash

    def __str__(self) -> str:
        return f"{self.name} ({self.commit[:7]})"


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise DiffError("git is not installed") from exc


def _repository(root: Path) -> tuple[Path, str]:
    """The top of the git work tree holding ``root``, and ``root``'s path inside it."""
    done = _git(root, "rev-parse", "--show-toplevel", "--show-prefix")
    if done.returncode != 0:
        raise DiffError(f"{root} is not inside a git repository")
    top, prefix = (done.stdout.decode() + "\n").split("\n")[:2]
    return Path(top), posixpath.normpath(prefix or ".")


def resolve(root: Path, name: str) -> Revision:
    top, _ = _repository(root)
    done = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}")
    if done.returncode != 0 or not name or name.startswith("-"):
        hint = ""
        if _git(top, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true":
            hint = " (this clone is shallow: fetch the history, e.g. actions/checkout with fetch-depth: 0)"
        raise DiffError(f"unknown revision '{name}'{hint}")
    return Revision(name, done.stdout.decode().strip())


def materialise(root: Path, revision: Revision, target: Path) -> Path:
    """Write mkdocs.yml and the content folder as they were at ``revision`` under ``target``.

    Returns the playbook root inside ``target``. Blobs are read from git's object store, so the
    working tree, the index and export-ignore attributes play no part.
    """
    top, prefix = _repository(root)
    _write_tree(top, revision.commit, [posixpath.normpath(posixpath.join(prefix, "mkdocs.yml"))], target)
    rev_root = target / prefix
    content = posixpath.normpath(posixpath.join(prefix, read_settings(rev_root).content_dir))
    if content == ".." or content.startswith("../") or posixpath.isabs(content):
        raise DiffError(f"the content folder '{content}' is outside the git repository")
    _write_tree(top, revision.commit, [content], target)
    return rev_root


def _write_tree(top: Path, commit: str, paths: list[str], target: Path) -> None:
    listed = _git(top, "--literal-pathspecs", "ls-tree", "-r", "-z", commit, "--", *paths)
    if listed.returncode != 0:
        raise DiffError(f"git ls-tree failed: {listed.stderr.decode(errors='replace').strip()}")
    entries = []
    for record in listed.stdout.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, sha = meta.decode().split()
        if kind == "blob":  # submodules ("commit") hold no content of ours
            entries.append((mode, sha, path.decode("utf-8", errors="surrogateescape")))
    if not entries:
        return
    batch = _git(top, "cat-file", "--batch", stdin="".join(f"{sha}\n" for _, sha, _ in entries).encode())
    if batch.returncode != 0:
        raise DiffError(f"git cat-file failed: {batch.stderr.decode(errors='replace').strip()}")
    data, offset = batch.stdout, 0
    for mode, _, path in entries:
        header_end = data.index(b"\n", offset)
        size = int(data[offset:header_end].split()[2])
        blob = data[header_end + 1 : header_end + 1 + size]
        offset = header_end + 1 + size + 1
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":
            destination.symlink_to(blob.decode("utf-8", errors="surrogateescape"))
        else:
            destination.write_bytes(blob)


def load_revision(root: Path, revision: Revision, target: Path) -> model.Playbook:
    rev_root = materialise(root, revision, target)
    result = load_playbook(rev_root, read_settings(rev_root))
    if result.playbook is None:
        lines = "".join(f"\n{problem}" for problem in result.errors)
        raise DiffError(f"{revision} has content errors; fix them first (playbook check):{lines}")
    return result.playbook


# -- the changes -----------------------------------------------------------------------------------
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


def diff_playbooks(old: model.Playbook, new: model.Playbook) -> PlaybookDiff:
    principles = _diff_principles(old, new)
    item_keys = _item_key_map(principles)
    sheets = _diff_sheets(old, new, principles, item_keys)
    titles = {p.id: p.title for p in old.pauses} | {p.id: p.title for p in new.pauses}
    return PlaybookDiff(_diff_book(old, new), principles, sheets, titles)


def _pair(old: Iterable[str], new: Iterable[str], score: Callable[[str, str], float]) -> dict[str, str]:
    """Greedy best-first matching of removed to added ids; a score of 0 never pairs."""
    scored = sorted(((score(o, n), o, n) for o in old for n in new), key=lambda t: (-t[0], t[1], t[2]))
    pairs: dict[str, str] = {}
    taken: set[str] = set()
    for value, o, n in scored:
        if value > 0 and o not in pairs and n not in taken:
            pairs[o] = n
            taken.add(n)
    return pairs


def _share(old: list[str], new: list[str]) -> float:
    """The share of texts two lists have in common, relative to the longer list."""
    if not old or not new:
        return 0.0
    return len(set(old) & set(new)) / max(len(set(old)), len(set(new)))


def _rename_score(old_title: str, new_title: str, old_texts: list[str], new_texts: list[str]) -> float:
    """Above 0 when a removed and an added id are one thing renamed: same title, or mostly the same items."""
    share = _share(old_texts, new_texts)
    if old_title.casefold() == new_title.casefold():
        return 1.0 + share
    return share if share >= RENAME_SHARE else 0.0


_STATUSES = ("added", "removed", "renamed", "changed")


def _status_order(diff: PrincipleDiff | SheetDiff) -> int:
    """Added, removed, renamed, then changed; the playbook's order within each (the sort is stable)."""
    return _STATUSES.index(diff.status)


def _flat(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _field_changes(pairs: list[tuple[str, object, object]]) -> list[Change]:
    return [Change(what, _flat(a), _flat(b)) for what, a, b in pairs if a != b]


def _renames(old: dict, new: dict) -> tuple[dict[str, str], list[str]]:
    """Principles or call sheets by id, before and after: the ids that are one thing renamed (new id
    -> old id, paired by title and items) and the ids that are really gone."""
    gone = [key for key in old if key not in new]
    came = [key for key in new if key not in old]

    def score(o: str, n: str) -> float:
        a, b = old[o], new[n]
        return _rename_score(a.title, b.title, [i.text for i in a.items], [i.text for i in b.items])

    renamed = _pair(gone, came, score)
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
}


def _compare_principle(a: model.Principle, b: model.Principle) -> PrincipleDiff:
    fields = _field_changes(
        [("title", a.title, b.title), ("summary", a.summary, b.summary), ("stage", a.stage.id, b.stage.id)]
    )
    also = [name for name, value in _OTHER_FIELDS.items() if value(a) != value(b)]
    before = [(pause, item) for pause, items in a.checklist.items() for item in items]
    after = [(pause, item) for pause, items in b.checklist.items() for item in items]
    return PrincipleDiff("changed", b, fields=fields, items=_item_changes(before, after, b.id), also=also)


def _item_changes(
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

    reworded = {n: o for o, n in _pair(gone, came, similarity).items()}
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
    fields = _field_changes(
        [
            ("title", a.title, b.title),
            ("summary", a.summary, b.summary),
            ("stage", a.stage.id, b.stage.id),
            ("fields", ", ".join(a.fields), ", ".join(b.fields)),
            ("principles", ", ".join(a.principles), ", ".join(b.principles)),
            ("notes", a.notes, b.notes),
        ]
    )
    extras_then, extras_now = f"call-sheets/{a.id}/", f"call-sheets/{b.id}/"

    def old_key(item: model.Item) -> str:
        full = item.full_id
        return extras_now + full[len(extras_then) :] if full.startswith(extras_then) else keys.get(full, full)

    before = [(s.pause.id, item) for s in a.sections for item in s.items]
    after = [(s.pause.id, item) for s in b.sections for item in s.items]
    page = _item_changes(before, after, b.id, key=lambda item: item.full_id, old_key=old_key)
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
    changes = _field_changes([("title", old.title, new.title), ("description", old.description, new.description)])
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
            changes.append(Change(kind, None if a is None else _flat(a), None if b is None else _flat(b), key))
    return changes


# -- output ----------------------------------------------------------------------------------------
class _Plain:
    """Inline markup for a terminal."""

    arrow = "->"

    def code(self, text: str) -> str:
        return text

    def quote(self, text: str) -> str:
        return f'"{_flat(text)}"'

    def em(self, text: str) -> str:
        return text


class _Markdown(_Plain):
    """Inline markup for a pull-request comment: content text is escaped, never interpreted."""

    arrow = "→"

    def code(self, text: str) -> str:
        fence = "``" if "`" in text else "`"
        return f"{fence}{text}{fence}" if fence == "`" else f"{fence} {text} {fence}"

    def quote(self, text: str) -> str:
        return f'"{_escape(_flat(text))}"'

    def em(self, text: str) -> str:
        return f"*{_escape(text)}*"


def _escape(text: str) -> str:
    """Backslash-escape what GitHub would read as markup, HTML, an entity or an @mention."""
    return "".join(f"\\{ch}" if ch in "\\`*_[]<>|~&@" else ch for ch in text)


# (depth, mark, verb, body): the text format prints the mark, Markdown the verb
_Line = tuple[int, str, str, str]


def _change_line(change: Change, m: _Plain, depth: int) -> _Line:
    what = f"{change.what} {m.code(change.key)}" if change.key else change.what
    if change.old is None:
        return (depth, "+", "Added", f"{what}: {m.quote(change.new)}")
    if change.new is None:
        return (depth, "-", "Removed", f"{what}: {m.quote(change.old)}")
    return (depth, "~", "Changed", f"{what}: {m.quote(change.old)} {m.arrow} {m.quote(change.new)}")


def _item_line(
    change: ItemChange, m: _Plain, depth: int, where: Callable[[ItemChange], str], pause: Callable[[str], str]
) -> _Line:
    """One item's change; ``where`` names the item, ``pause`` names a pause point."""
    if change.kind == "added":
        return (depth, "+", "Added", f"{where(change)}: {m.quote(change.text)}")
    if change.kind == "removed":
        return (depth, "-", "Removed", f"{where(change)}: {m.quote(change.text)}")
    if change.kind == "reworded":
        was = f" (id was {m.code(change.old_id)})" if change.old_id else ""
        body = f"{where(change)}{was}: {m.quote(change.old_text)} {m.arrow} {m.quote(change.text)}"
        return (depth, "~", "Reworded", body)
    if change.kind == "moved":
        return (depth, ">", "Moved", f"{where(change)}: from {pause(change.old_pause)} to {pause(change.pause)}")
    return (depth, "~", "", f"Items reordered at {pause(change.pause)}")


def _principle_lines(diff: PrincipleDiff, m: _Plain) -> list[_Line]:
    p = diff.principle
    name = f"{m.code(p.id)}: {m.quote(p.title)}"
    if diff.status == "added":
        return [(0, "+", "Added", f"{name} (stage {m.em(p.stage.id)})")]
    if diff.status == "removed":
        return [(0, "-", "Removed", name)]
    if diff.status == "renamed":
        lines = [(0, ">", "Renamed", f"{m.code(diff.old_id)} {m.arrow} {name}")]
    else:
        lines = [(0, "~", "Changed", name)]
    lines += [_change_line(c, m, 1) for c in diff.fields]
    lines += [_item_line(c, m, 1, lambda c: f"item {m.code(f'{c.pause}/{c.item_id}')}", m.em) for c in diff.items]
    if diff.also:
        lines.append((1, "~", "", f"Also changed: {', '.join(diff.also)}"))
    return lines


def _sheet_lines(diff: SheetDiff, titles: dict[str, str], m: _Plain) -> list[_Line]:
    s = diff.sheet
    name = f"{m.code(s.id)}: {m.quote(s.title)}"
    if diff.status in ("added", "removed"):
        return [(0, "+" if diff.status == "added" else "-", diff.status.capitalize(), name)]
    if diff.status == "renamed":
        lines = [(0, ">", "Renamed", f"{m.code(diff.old_id)} {m.arrow} {name}")]
    else:
        lines = [(0, "~", "Changed", name)]

    def pause(pause_id: str) -> str:
        return m.em(titles.get(pause_id, pause_id))

    def where(change: ItemChange) -> str:
        return m.quote(change.text) if change.kind == "moved" else f"at {pause(change.pause)}"

    for cause in diff.causes:
        because = f"because {m.code(cause)} changed" if cause else "by edits to the sheet"
        lines.append((1, "", "", f"Printed page changed {because}:"))
        lines += [_item_line(c, m, 2, where, pause) for c in diff.page if c.cause == cause]
    lines += [_change_line(c, m, 1) for c in diff.fields]
    return lines


def _counts(diffs: list, noun: str) -> str:
    """'1 principle added, 2 changed': the noun once, with the first count."""
    counted: dict[str, int] = {}
    for d in diffs:
        counted[d.status] = counted.get(d.status, 0) + 1
    parts = [(n, status) for status in _STATUSES if (n := counted.get(status))]
    words = [
        f"{n} {noun if n == 1 else noun + 's'} {status}" if i == 0 else f"{n} {status}"
        for i, (n, status) in enumerate(parts)
    ]
    return ", ".join(words)


def summary(diff: PlaybookDiff) -> str:
    parts = [_counts(diff.principles, "principle"), _counts(diff.sheets, "call sheet")]
    if diff.book:
        parts.insert(0, "playbook.yml changed")
    return "no changes" if diff.empty else "; ".join(p for p in parts if p)


def _sections(diff: PlaybookDiff, m: _Plain) -> list[tuple[str, list[_Line]]]:
    sections = []
    if diff.book:
        sections.append(("Playbook", [_change_line(c, m, 0) for c in diff.book]))
    if diff.principles:
        sections.append(("Principles", [line for d in diff.principles for line in _principle_lines(d, m)]))
    if diff.sheets:
        lines = [line for d in diff.sheets for line in _sheet_lines(d, diff.pause_titles, m)]
        sections.append(("Call sheets", lines))
    return sections


def format_text(diff: PlaybookDiff, base: Revision, head: Revision) -> str:
    out = [f"Playbook changes from {base} to {head}: {summary(diff)}"]
    for title, lines in _sections(diff, _Plain()):
        out.append(f"\n{title}")
        for depth, mark, _, body in lines:
            out.append(f"{'  ' * (depth + 1)}{mark + ' ' if mark else ''}{body}")
    return "\n".join(out) + "\n"


def format_markdown(diff: PlaybookDiff, base: Revision, head: Revision) -> str:
    m = _Markdown()
    out = [
        f"### Playbook changes: {m.code(base.name)} {m.arrow} {m.code(head.name)}",
        "",
        f"{summary(diff)[0].upper()}{summary(diff)[1:]} ({m.code(base.commit[:7])}...{m.code(head.commit[:7])}).",
    ]
    for title, lines in _sections(diff, m):
        out += ["", f"#### {title}", ""]
        for depth, _, verb, body in lines:
            out.append(f"{'  ' * depth}- {f'**{verb}** ' if verb else ''}{body}")
    return "\n".join(out) + "\n"


FORMATTERS = {"text": format_text, "markdown": format_markdown}


def diff_revisions(root: Path, base: str, head: str = "HEAD", fmt: str = "text") -> str:
    """The report for ``playbook diff``; raises ``DiffError`` for what the user must fix."""
    before, after = resolve(root, base), resolve(root, head)
    with tempfile.TemporaryDirectory(prefix="playbook-diff-") as tmp:
        old = load_revision(root, before, Path(tmp) / "base")
        new = load_revision(root, after, Path(tmp) / "head")
        return FORMATTERS[fmt](diff_playbooks(old, new), before, after)
