"""References that name something a revision no longer has: what a reviewer must ask to be fixed.

A principle is named by ``related``, by a call sheet's ``principles`` and ``say``, and as ``[[id]]``
in any Markdown text (hand-written pages too); an item by a sheet's ``{id, items}``; an objection by a
sheet's ``objections``. ``playbook check`` reports each dangling one as an error at the same line;
here each is kept with what it names, so the comparison can say what took its place.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from ..layout import PRINCIPLES_DIR, SHEETS_DIR
from ..load.entries import checklist_ids, objection_entries, sheet_entry
from ..safefile import FileProblem, read_regular_file
from ..urls import MENTION, blank_code, principle_mentions
from ..yamlfile import YamlFile


@dataclass(frozen=True)
class Reference:
    path: str
    line: int
    col: int
    field: str  # where it is written: "related", "principles", "say", "objections", or a text field
    target: str  # what it names: "<principle>", "<principle>/<item>" or "<principle>/<objection>"
    kind: str  # "principle", "item" or "objection"
    successor: str | None = None  # what now stands where the target stood (a renamed principle...)
    owner_gone: bool = False  # an item whose principle is gone too
    already: bool = False  # the base revision has the same reference, as dangling

    @property
    def mention(self) -> bool:
        """Written as ``[[id]]`` in Markdown text, rather than as an id in a list."""
        return self.field.startswith("[[")


def dangling_references(read, only: set[str]) -> list[Reference]:
    """Every reference in the files ``only`` of the revision ``read`` (a ``ReadRevision``) to a
    principle, item or objection it does not have, in file and line order. (``check`` reports each at
    its file, so the files with errors are the ones to read.)"""
    principles = read.files_in(PRINCIPLES_DIR)
    docs = {pid: read.docs.get(rel) for pid, rel in principles.items()}
    found = []
    for rel, doc in sorted(read.docs.items()):
        if rel not in only:
            continue
        slots = _sheet_slots(doc) if f"/{SHEETS_DIR}/" in f"/{rel}" else _principle_slots(doc)
        for ref in (*slots, *_mention_slots(doc)):
            if not _exists(ref, principles, docs):
                gone = ref.kind == "item" and ref.target.partition("/")[0] not in principles
                found.append(replace(ref, owner_gone=gone))
    for page in (p for p in read.pages if p in only):
        found += [ref for ref in _page_mentions(read.root, page) if ref.target not in principles]
    return sorted(found, key=lambda r: (r.path, r.line, r.col))


def _exists(ref: Reference, principles: dict[str, str], docs: dict[str, YamlFile | None]) -> bool:
    pid, _, rest = ref.target.partition("/")
    if pid not in principles:
        return False
    doc = docs.get(pid)
    if not rest or doc is None:  # a principle that cannot be read is not judged on its items
        return True
    if ref.kind == "item":
        return any(rest == item_id for _, items in checklist_ids(doc) for item_id, _ in items)
    return any(rest == oid for _, oid, _ in objection_entries(doc.data))


def _ref(doc: YamlFile, pointer: tuple, field: str, target: Any, kind: str) -> Iterator[Reference]:
    if isinstance(target, str) and target:
        line, col = doc.marks.value(pointer)
        yield Reference(doc.path, line, col, field, target, kind)


def _principle_slots(doc: YamlFile) -> Iterator[Reference]:
    related = doc.data.get("related")
    for index, other in enumerate(related if isinstance(related, list) else []):
        yield from _ref(doc, ("related", index), "related", other, "principle")


def _sheet_slots(doc: YamlFile) -> Iterator[Reference]:
    data = doc.data
    listed = data.get("principles")
    for index, entry in enumerate(listed if isinstance(listed, list) else []):
        pid, wanted = sheet_entry(entry)
        pointer = ("principles", index, "id") if isinstance(entry, dict) else ("principles", index)
        yield from _ref(doc, pointer, "principles", pid, "principle")
        if isinstance(pid, str) and isinstance(wanted, list):
            for windex, item_id in enumerate(wanted):
                if isinstance(item_id, str):
                    yield from _ref(doc, ("principles", index, "items", windex), "items", f"{pid}/{item_id}", "item")
    say = data.get("say")
    for index, entry in enumerate(say if isinstance(say, list) else []):
        pointer = ("say", index, "id") if isinstance(entry, dict) else ("say", index)
        yield from _ref(doc, pointer, "say", entry.get("id") if isinstance(entry, dict) else entry, "principle")
    words = data.get("objections")
    for index, full_id in enumerate(words if isinstance(words, list) else []):
        if isinstance(full_id, str) and "/" in full_id:
            yield from _ref(doc, ("objections", index), "objections", full_id, "objection")


def _mention_slots(doc: YamlFile) -> Iterator[Reference]:
    """``[[id]]`` in any text of the file, at the text's position (where ``check`` reports it)."""
    for pointer, text in _texts(doc.data, ()):
        for mentioned in principle_mentions(text):
            yield from _ref(doc, pointer, f"[[{mentioned}]]", mentioned, "principle")


def _texts(value: Any, pointer: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield pointer, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _texts(child, (*pointer, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _texts(child, (*pointer, index))


def _page_mentions(root, rel: str) -> list[Reference]:
    try:
        text = read_regular_file(root / rel).decode("utf-8")
    except (FileProblem, UnicodeDecodeError):
        return []
    found = []
    for number, line in enumerate(blank_code(text).split("\n"), 1):
        for match in MENTION.finditer(line):
            target = match.group(1)
            found.append(Reference(rel, number, match.start() + 1, f"[[{target}]]", target, "principle"))
    return found
