"""From a content folder to a resolved ``Playbook``, or to the full list of problems.

One pass reads every file (a broken file never stops the others), checks each against its schema,
then checks references across files; the model is built only when no error is left.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from . import model, objections
from .codeowners import owner_problems
from .filecache import ParseStore
from .formerly import formerly_problems
from .ids import derive_item_id, reserved_id_message
from .layout import PLAYBOOK_FILE, PRINCIPLES_DIR, SCHEMA_COMMENT, SHEETS_DIR
from .mdcheck import bad_links
from .problems import Problem, sort_problems
from .schema import is_blank, schema_problems
from .settings import Settings
from .sheetfit import CARD_SUMMARY_CHARS, SheetLayout, estimate_pages
from .suggest import did_you_mean
from .urls import MENTION, blank_code, principle_mentions
from .yamlfile import FileProblem, YamlFile, not_a_content_file, parse_yaml, read_regular_file, read_yaml

MAX_ITEMS_PER_PAUSE = 9


@dataclass
class LoadResult:
    playbook: model.Playbook | None
    problems: list[Problem]
    files: list[str] = field(default_factory=list)  # every content file read, relative to root

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def load_playbook(
    root: Path, settings: Settings | None = None, cache: ReadCache | None = None, *, resolve: bool = True
) -> LoadResult:
    """Load, validate and resolve the playbook under ``root``; never raises for content.

    With a ``cache`` (the live preview keeps one), files unchanged since the last load are not parsed
    or schema-checked again; the checks across files always run in full. ``resolve=False`` (for
    ``playbook check``) stops after the checks: ``playbook`` is then None.
    """
    settings = settings or Settings()
    loader = _Loader(Path(root), settings, cache or ReadCache())
    return loader.run(resolve)


class ReadCache:
    """Each file's parse and schema check, kept while the file's size and times stay the same.

    Parsing and schema checks are four fifths of a load; in the preview one save changes one file.
    """

    def __init__(self, store: ParseStore | None = None):
        self._entries: dict[str, tuple[tuple, YamlFile | Problem, list[Problem]]] = {}
        self._derived: dict[tuple[str, str], tuple[YamlFile, Any, Any]] = {}
        self.store = store  # parses kept on disk between runs of `playbook check`
        self._stored: dict[str, bytes] = {}  # each file's key in the store, by path

    def derived(self, kind: str, doc: YamlFile, context: Any, make: Callable[[], Any]) -> Any:
        """``make()``, computed again only when the file was read again or ``context`` changed: for
        what depends on one file and playbook.yml alone (its own checks, its model object)."""
        cached = self._derived.get((kind, doc.path))
        if cached is not None and cached[0] is doc and cached[1] == context:
            return cached[2]
        value = make()
        self._derived[(kind, doc.path)] = (doc, context, value)
        return value

    def lasting_checks(self, doc: YamlFile, context: Any, make: Callable[[], tuple]) -> tuple:
        """``make()`` for a file's own checks (problems, mentions, items), kept in the disk store
        under the file's bytes and ``context`` when there is one."""
        key = self._stored.get(doc.path) if self.store is not None else None
        if key is None:
            return make()
        kept = self.store.lookup(key, context)
        if kept is not None:
            problems, mentions, items = kept
            return [Problem(doc.path, *p) for p in problems], [(doc, ptr, m) for ptr, m in mentions], items
        problems, mentions, items = value = make()
        lasting = [(p.line, p.col, p.message, p.severity) for p in problems], [(ptr, m) for _, ptr, m in mentions]
        self.store.keep(key, context, (*lasting, items))
        return value

    def read(self, path: Path, rel: str, schema: str) -> tuple[YamlFile | Problem, list[Problem]]:
        try:
            info = os.stat(path)
            key = (schema, info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
        except OSError:
            key = None  # a dangling link or a vanished file: read_yaml says what is wrong
        cached = self._entries.get(rel)
        if key is not None and cached is not None and cached[0] == key:
            return cached[1], cached[2]
        result, problems = self._parse(path, rel, schema)
        if key is not None:
            self._entries[rel] = (key, result, problems)
        return result, problems

    def _parse(self, path: Path, rel: str, schema: str) -> tuple[YamlFile | Problem, list[Problem]]:
        if self.store is None:
            result = read_yaml(path, rel)
            return result, schema_problems(schema, result) if isinstance(result, YamlFile) else []
        try:
            raw = read_regular_file(path)
        except FileProblem as exc:
            return Problem(rel, 1, 1, not_a_content_file(exc)), []
        key = self._stored[rel] = self.store.key(schema, raw)
        if (stored := self.store.get(key, raw, rel)) is not None:
            return stored
        result = parse_yaml(raw, rel)
        problems = schema_problems(schema, result) if isinstance(result, YamlFile) else []
        self.store.put(key, result, problems)
        return result, problems


class _Loader:
    def __init__(self, root: Path, settings: Settings, cache: ReadCache):
        self.root = root
        self.settings = settings
        self.cache = cache
        self.content = root / settings.content_dir
        self.problems: list[Problem] = []
        self.files: list[str] = []
        self.mentions: list[tuple[YamlFile, tuple, str]] = []  # [[id]] links, checked once all ids are known

    # -- helpers --------------------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def error(self, doc: YamlFile, pointer: tuple, message: str, *, key: bool = False) -> None:
        line, col = doc.marks.key(pointer) if key else doc.marks.value(pointer)
        self.problems.append(Problem(doc.path, line, col, message))

    def warn(self, doc: YamlFile, pointer: tuple, message: str, *, key: bool = False) -> None:
        line, col = doc.marks.key(pointer) if key else doc.marks.value(pointer)
        self.problems.append(Problem(doc.path, line, col, message, "warning"))

    def guarded(self, path: str, step, *args):
        """Run one file's step; a bug of ours becomes one clear line naming that file."""
        try:
            return step(*args)
        except Exception as exc:  # noqa: BLE001 - never a traceback for an editor
            self.problems.append(
                Problem(
                    path,
                    1,
                    1,
                    f"internal error while checking this file ({type(exc).__name__}: {exc}); please report it",
                )
            )
            return None

    def read(self, path: Path, schema: str, rel: str | None = None) -> YamlFile | None:
        rel = rel or self.rel(path)
        return self.guarded(rel, self._read, path, schema, rel)

    def _read(self, path: Path, schema: str, rel: str) -> YamlFile | None:
        self.files.append(rel)
        result, problems = self.cache.read(path, rel, schema)
        if isinstance(result, Problem):
            self.problems.append(result)
            return None
        self.problems.extend(problems)
        if isinstance(result.data, dict) and not result.first_line.startswith(SCHEMA_COMMENT):
            self.problems.append(
                Problem(
                    rel,
                    1,
                    1,
                    f"the first line should be '{SCHEMA_COMMENT}...' so editors check the file as you type",
                    "warning",
                )
            )
        return result if isinstance(result.data, dict) else None

    def folder(self, name: str) -> list[tuple[Path, str]]:
        """The ``.yml`` files of a content folder, sorted, each with its path relative to the root.

        Names are joined as text: a playbook of thousands of files is listed on every preview save."""
        folder = self.content / name
        if not folder.is_dir():
            return []
        prefix = self.rel(folder) + "/"
        files = []
        for file_name in sorted(os.listdir(folder)):
            if file_name.endswith(".yml"):
                files.append((folder / file_name, prefix + file_name))
            elif file_name.endswith(".yaml"):
                self.problems.append(
                    Problem(prefix + file_name, 1, 1, "ignored: content files end in .yml, not .yaml", "warning")
                )
        return files

    # -- the run ---------------------------------------------------------------------------------
    def run(self, resolve: bool = True) -> LoadResult:
        playbook_path = self.content / PLAYBOOK_FILE
        if not self.content.is_dir():
            self.problems.append(Problem(self.rel(self.content), 1, 1, "the content folder does not exist"))
            return LoadResult(None, sort_problems(self.problems), self.files)
        if not playbook_path.exists() and not playbook_path.is_symlink():
            self.problems.append(Problem(self.rel(playbook_path), 1, 1, "missing: every playbook needs a playbook.yml"))
            book = None
        else:
            book = self.read(playbook_path, "playbook")
        principle_files = self.folder(PRINCIPLES_DIR)
        principle_docs = [d for d in (self.read(p, "principle", rel) for p, rel in principle_files) if d]
        sheet_docs = [d for d in (self.read(p, "call-sheet", rel) for p, rel in self.folder(SHEETS_DIR)) if d]

        registry = _Registry.from_book(book, self)
        registry.context = (registry.key, self.settings.today, self.settings.review_age)
        principle_items = {}
        for doc in principle_docs:
            pid, items = self.guarded(doc.path, self.check_principle, doc, registry) or (None, {})
            if pid is not None and pid not in principle_items:
                principle_items[pid] = (doc, items)
        # A principle whose file could not be read is still known by its file name, so references
        # to it do not pile more errors on top of the one that matters.
        known = set(principle_items) | {rel.rsplit("/", 1)[-1][: -len(".yml")] for _, rel in principle_files}
        for doc in principle_docs:
            self.guarded(doc.path, self.check_related, doc, known)
        self.unreadable_principles = known - set(principle_items)
        self.sheet_words = objections.SheetChecks(self, principle_items, self.unreadable_principles)
        sheet_ids: dict[str, YamlFile] = {}
        for doc in sheet_docs:
            self.guarded(doc.path, self.check_sheet, doc, registry, principle_items, sheet_ids)
        self.guarded(
            self.rel(playbook_path), objections.check_card, self, principle_docs, registry.stages, CARD_SUMMARY_CHARS
        )
        for doc, pointer, mentioned in self.mentions:
            if mentioned not in known:
                self.error(doc, pointer, f"[[{mentioned}]] names no principle{did_you_mean(mentioned, sorted(known))}")
        self.check_pages(known)
        # Rules of their own modules: review routing (owners, CODEOWNERS) and former ids.
        self.problems += self.guarded(self.rel(playbook_path), owner_problems, self.root, book, principle_docs) or []
        self.problems += self.guarded(self.rel(playbook_path), formerly_problems, principle_docs, sheet_docs) or []

        problems = sort_problems(self.problems)
        playbook = None
        if resolve and not any(p.is_error for p in problems) and book is not None:
            playbook = _build_model(book, principle_docs, sheet_docs, registry, self)
        return LoadResult(playbook, problems, self.files)

    def check_pages(self, known: set[str]) -> None:
        """Hand-written pages may link principles as [[id]] too; each one must exist."""
        for page in _markdown_pages(self.content):
            rel = self.rel(page)
            try:
                lines = blank_code(read_regular_file(page).decode("utf-8")).split("\n")
            except FileProblem as exc:  # a FIFO or a link to a device would hang MkDocs, or us
                self.problems.append(
                    Problem(rel, 1, 1, f"{exc}: pages are Markdown files" if exc.not_regular else str(exc))
                )
                continue
            except UnicodeDecodeError:
                continue
            for number, line in enumerate(lines, 1):
                for match in MENTION.finditer(line):
                    if match.group(1) not in known:
                        hint = did_you_mean(match.group(1), sorted(known))
                        self.problems.append(
                            Problem(rel, number, match.start() + 1, f"[[{match.group(1)}]] names no principle{hint}")
                        )

    # -- principle checks ------------------------------------------------------------------------
    def check_id(self, doc: YamlFile, seen: dict[str, YamlFile] | None = None) -> str | None:
        value = doc.data.get("id")
        if not isinstance(value, str):
            return None
        if reserved := reserved_id_message(value):
            self.error(doc, ("id",), reserved)
        stem = os.path.splitext(os.path.basename(doc.path))[0]
        if value != stem:
            self.error(doc, ("id",), f"the id '{value}' does not match the file name '{stem}.yml': they must be equal")
        if seen is not None:
            if value in seen:
                self.error(doc, ("id",), f"duplicate id '{value}': {seen[value].path} uses it too")
            else:
                seen[value] = doc
        return value

    def check_ref(self, doc: YamlFile, pointer: tuple, noun: str, value: Any, known, *, key: bool = False) -> bool:
        """Report a reference that names nothing in ``known`` (``None``: nothing to check against)."""
        if known is None or not isinstance(value, str) or value in known:
            return True
        self.error(doc, pointer, f"unknown {noun} '{value}'{did_you_mean(value, sorted(known))}", key=key)
        return False

    def check_markdown(self, doc: YamlFile, pointer: tuple, value: Any) -> None:
        if isinstance(value, str):
            self.mentions.extend((doc, pointer, mentioned) for mentioned in principle_mentions(value))
            for url in bad_links(value):
                self.error(
                    doc, pointer, f"the link '{url}' is not allowed: use http:, https:, mailto: or a relative link"
                )

    def check_principle(self, doc: YamlFile, registry: _Registry) -> tuple[str | None, dict[str, str]]:
        pid = self.check_id(doc, registry.principle_files)
        context = registry.context
        make = partial(self.cache.lasting_checks, doc, context, partial(self._principle_checks, doc, registry))
        problems, mentions, items = self.cache.derived("checks", doc, context, make)
        self.problems.extend(problems)
        self.mentions.extend(mentions)
        return pid, items

    def _principle_checks(self, doc: YamlFile, registry: _Registry) -> tuple[list, list, dict[str, str]]:
        """The checks that read only this file and playbook.yml's ids: problems, mentions and items."""
        outer = self.problems, self.mentions
        self.problems, self.mentions = [], []
        try:
            items = self._check_principle_fields(doc, registry)
            return self.problems, self.mentions, items
        finally:
            self.problems, self.mentions = outer

    def _check_principle_fields(self, doc: YamlFile, registry: _Registry) -> dict[str, str]:
        data = doc.data
        self.check_ref(doc, ("stage",), "stage", data.get("stage"), registry.stages)
        roles = data.get("roles")
        for index, role in enumerate(roles if isinstance(roles, list) else []):
            self.check_ref(doc, ("roles", index), "role", role, registry.roles)
        items: dict[str, str] = {}
        checklist = data.get("checklist")
        if isinstance(checklist, dict):
            for pause, entries in checklist.items():
                self.check_ref(doc, ("checklist", pause), "pause point", pause, registry.pauses, key=True)
                if isinstance(entries, list):
                    for index, entry in enumerate(entries):
                        self.check_item(doc, ("checklist", pause, index), entry, items)
        for name in ("summary", "why"):
            self.check_markdown(doc, (name,), data.get(name))
        for name in ("how", "say", "signals"):
            if isinstance(data.get(name), list):
                for index, value in enumerate(data[name]):
                    self.check_markdown(doc, (name, index), value)
        if isinstance(data.get("avoid"), list):
            for index, value in enumerate(data["avoid"]):
                if isinstance(value, dict):
                    self.check_markdown(doc, ("avoid", index, "instead"), value.get("instead"))
        objections.check_principle(self, doc)
        self.check_reviewed(doc)
        return items

    def check_item(self, doc: YamlFile, pointer: tuple, entry: Any, items: dict[str, str]) -> None:
        if (pair := checklist_entry(entry)) is None:
            return  # the schema check reports what is wrong with it
        item_id, text = pair
        if not item_id and isinstance(entry, str):
            if not is_blank(text):  # blank text is reported by the schema check as empty
                self.error(
                    doc,
                    pointer,
                    "this item has no letters or digits to make an id from: write it as {id: ..., text: ...}",
                )
            return
        if item_id in items:
            self.error(
                doc,
                pointer,
                f"two items have the id '{item_id}': give this one an explicit id, as {{id: ..., text: ...}}",
            )
        else:
            items[item_id] = text

    def check_reviewed(self, doc: YamlFile) -> None:
        value = doc.data.get("reviewed")
        if not isinstance(value, str):
            return
        try:
            reviewed = datetime.date.fromisoformat(value)
        except ValueError:
            if len(value) == 10:
                self.error(doc, ("reviewed",), f"'reviewed' is '{value}', which is not a real date")
            return
        age = (self.settings.today - reviewed).days
        if age > self.settings.review_age:
            self.warn(
                doc,
                ("reviewed",),
                f"last reviewed {age} days ago (more than {self.settings.review_age}): review it and update 'reviewed'",
            )
        elif age < 0:
            self.warn(doc, ("reviewed",), f"'reviewed' is {value}, a date in the future")

    def check_related(self, doc: YamlFile, known: set[str]) -> None:
        related = doc.data.get("related")
        if not isinstance(related, list):
            return
        for index, other in enumerate(related):
            if not isinstance(other, str):
                continue
            if other == doc.data.get("id"):
                self.error(doc, ("related", index), "a principle cannot be related to itself")
            else:
                self.check_ref(doc, ("related", index), "principle", other, known)

    # -- call sheet checks -----------------------------------------------------------------------
    def check_sheet(self, doc: YamlFile, registry: _Registry, principle_items: dict, seen: dict) -> None:
        data = doc.data
        self.check_id(doc, seen)
        self.check_ref(doc, ("stage",), "stage", data.get("stage"), registry.stages)
        self.check_markdown(doc, ("summary",), data.get("summary"))
        counts: dict[str, list[int]] = {}
        per_pause_sources: dict[str, list[str]] = {}
        listed = set()
        for index, entry in enumerate(data.get("principles") or [] if isinstance(data.get("principles"), list) else []):
            pid, wanted = sheet_entry(entry)
            if not isinstance(pid, str):
                continue
            pointer = ("principles", index) if isinstance(entry, str) else ("principles", index, "id")
            if pid in listed:
                self.error(doc, pointer, f"'{pid}' is listed twice")
                continue
            listed.add(pid)
            if pid in self.unreadable_principles:
                continue
            if not self.check_ref(doc, pointer, "principle", pid, principle_items):
                continue
            pdoc, items = principle_items[pid]
            chosen = set(items)
            if isinstance(wanted, list):
                chosen = set()
                for windex, item_id in enumerate(wanted):
                    if not isinstance(item_id, str):
                        continue
                    if item_id not in items:
                        self.error(
                            doc,
                            ("principles", index, "items", windex),
                            f"'{pid}' has no item '{item_id}'{did_you_mean(item_id, items)}",
                        )
                    chosen.add(item_id)
            for pause, entries in _checklist_ids(pdoc):
                for item_id, text in entries:
                    if item_id in chosen:
                        counts.setdefault(pause, []).append(len(text))
                        per_pause_sources.setdefault(pause, []).append(pid)
        extra = data.get("extra")
        if isinstance(extra, dict):
            for pause, entries in extra.items():
                self.check_ref(doc, ("extra", pause), "pause point", pause, registry.pauses, key=True)
                if isinstance(entries, list):
                    for entry in entries:
                        if isinstance(entry, str):
                            counts.setdefault(pause, []).append(len(entry))
                            per_pause_sources.setdefault(pause, []).append("extra")
        for pause, lengths in counts.items():
            if len(lengths) > MAX_ITEMS_PER_PAUSE:
                sources = ", ".join(sorted(set(per_pause_sources[pause])))
                self.error(
                    doc,
                    ("principles",),
                    f"the pause point '{pause}' would hold {len(lengths)} items (from {sources}); "
                    f"at most {MAX_ITEMS_PER_PAUSE}: pick items with {{id: ..., items: [...]}}",
                )
        words = self.sheet_words.check(doc)  # its `say` and `objections` (playbook/objections.py)
        if not any(p.is_error and p.path == doc.path for p in self.problems):
            self.check_sheet_fits(doc, counts, registry, words)

    def check_sheet_fits(
        self, doc: YamlFile, counts: dict[str, list[int]], registry: _Registry, words: objections.SheetWords
    ) -> None:
        data = doc.data
        order = registry.pauses or {}
        sections = [counts[p] for p in sorted(counts, key=lambda p: order.get(p, 0))]
        layout = SheetLayout(
            summary_chars=len(data.get("summary") or ""),
            field_count=len(data.get("fields") or []),
            sections=sections,
            notes=data.get("notes") or 0,
            say=words.say,
            objections=words.objections,
        )
        pages = estimate_pages(layout)
        if pages > 1.0:
            self.error(
                doc,
                ("id",),
                f"this sheet would not fit on one printed page (about {pages:.2f} pages): "
                "remove items, talk tracks, objections or note lines",
            )


def _markdown_pages(folder: Path) -> list[Path]:
    """Every ``*.md`` path under ``folder`` that is not a folder, sorted; linked folders are followed
    as MkDocs follows them, each once, so a link loop ends."""
    pages, seen = [], set()
    for top, dirs, names in os.walk(folder, followlinks=True):
        try:
            info = os.stat(top)
        except OSError:
            dirs[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        pages.extend(Path(top, name) for name in names if name.endswith(".md"))
    return sorted(pages)


def sheet_entry(entry: Any) -> tuple[Any, Any]:
    """A call sheet's entry under ``principles``: ``(principle id, item ids or None for all)``.

    ``- X`` and ``- {id: X}`` take all of X's items; ``- {id: X, items: [...]}`` only those."""
    if isinstance(entry, dict):
        return entry.get("id"), entry.get("items")
    return entry, None


def checklist_entry(entry: Any) -> tuple[str, str] | None:
    """A checklist entry as ``(item id, text)``: text derives its id, ``{id, text}`` gives both;
    None for anything else (the schema check reports it). The one reading of the rule."""
    if isinstance(entry, str):
        return derive_item_id(entry), entry
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and isinstance(entry.get("text"), str):
        return entry["id"], entry["text"]
    return None


def _checklist_ids(doc: YamlFile) -> list[tuple[str, list[tuple[str, str]]]]:
    result = []
    checklist = doc.data.get("checklist")
    if not isinstance(checklist, dict):
        return result
    for pause, entries in checklist.items():
        pairs = [pair for entry in (entries if isinstance(entries, list) else []) if (pair := checklist_entry(entry))]
        result.append((pause, pairs))
    return result


@dataclass
class _Registry:
    """The ids declared in playbook.yml; ``None`` when playbook.yml is unusable (no cascades)."""

    stages: dict[str, int] | None
    roles: dict[str, int] | None
    pauses: dict[str, int] | None
    principle_files: dict[str, YamlFile] = field(default_factory=dict)

    context: tuple = ()  # what a principle's own checks depend on besides the file: see from_book

    @property
    def key(self) -> tuple:
        """The declared ids, for caches of checks that depend on them."""
        return tuple(None if ids is None else tuple(ids.items()) for ids in (self.stages, self.roles, self.pauses))

    @classmethod
    def from_book(cls, book: YamlFile | None, loader: _Loader) -> _Registry:
        if book is None:
            return cls(None, None, None)
        return cls(*(cls._ids(book, name, loader) for name in ("stages", "roles", "pauses")))

    @staticmethod
    def _ids(book: YamlFile, name: str, loader: _Loader) -> dict[str, int] | None:
        entries = book.data.get(name)
        if not isinstance(entries, list):
            return None
        ids: dict[str, int] = {}
        for index, entry in enumerate(entries):
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                if name != "pauses" and (reserved := reserved_id_message(entry["id"])):
                    loader.error(book, (name, index, "id"), reserved)
                if entry["id"] in ids:
                    loader.error(book, (name, index, "id"), f"duplicate {name[:-1]} id '{entry['id']}'")
                else:
                    ids[entry["id"]] = index
        for index, entry in enumerate(entries):
            if isinstance(entry, dict):
                loader.check_markdown(book, (name, index, "summary"), entry.get("summary"))
        loader.check_markdown(book, ("description",), book.data.get("description"))
        return ids


# -- building the model ---------------------------------------------------------------------------
def _markdown_fields(p: dict) -> list[str]:
    texts = [p["summary"], p["why"], *p.get("how", []), *p.get("say", []), *p.get("signals", [])]
    texts += objections.markdown_texts(p)
    return texts + [a["instead"] for a in p.get("avoid", []) if a.get("instead")]


def _items(owner: str, entries: list) -> list[model.Item]:
    return [model.Item(*checklist_entry(entry), owner) for entry in entries]


def _principle(doc: YamlFile, stage_by_id: dict, role_by_id: dict, pause_order: dict) -> model.Principle:
    p = doc.data
    checklist = {
        pause: _items(p["id"], entries)
        for pause, entries in sorted(p["checklist"].items(), key=lambda kv: pause_order[kv[0]])
    }
    return model.Principle(
        id=p["id"],
        title=p["title"],
        summary=p["summary"],
        stage=stage_by_id[p["stage"]],
        why=p["why"],
        checklist=checklist,
        sources=[model.Source(s["title"], s.get("author"), s.get("url")) for s in p["sources"]],
        path=doc.path,
        roles=[role_by_id[r] for r in p.get("roles", [])],
        tags=list(p.get("tags", [])),
        how=list(p.get("how", [])),
        say=list(p.get("say", [])),
        avoid=[model.AntiPattern(a["text"], a.get("instead")) for a in p.get("avoid", [])],
        signals=list(p.get("signals", [])),
        objections=objections.of_principle(p["id"], p),
        related=list(p.get("related", [])),
        mentions=sorted({m for text in _markdown_fields(p) for m in principle_mentions(text)} - {p["id"]}),
        owner=p.get("owner"),
        reviewed=datetime.date.fromisoformat(p["reviewed"]) if p.get("reviewed") else None,
        formerly=list(p.get("formerly", [])),
    )


def _build_model(book: YamlFile, principle_docs, sheet_docs, registry: _Registry, loader: _Loader) -> model.Playbook:
    data = book.data
    stages = [model.Stage(s["id"], s["title"], s["summary"], i) for i, s in enumerate(data["stages"])]
    roles = [model.Role(r["id"], r["title"], r["summary"]) for r in data["roles"]]
    pauses = [model.Pause(p["id"], p["title"], p.get("mode"), i) for i, p in enumerate(data["pauses"])]
    stage_by_id = {s.id: s for s in stages}
    role_by_id = {r.id: r for r in roles}
    pause_order = {p.id: p.index for p in pauses}

    context = (tuple(stages), tuple(roles), tuple(pauses))
    principles = [
        loader.cache.derived("model", doc, context, partial(_principle, doc, stage_by_id, role_by_id, pause_order))
        for doc in principle_docs
    ]
    principles.sort(key=lambda p: (p.stage.index, p.title.lower(), p.id))
    by_id = {p.id: p for p in principles}

    sheets = []
    for doc in sheet_docs:
        s = doc.data
        chosen: dict[str, list[model.Item]] = {}
        listed = []
        for entry in s["principles"]:
            pid, wanted = sheet_entry(entry)
            wanted = None if wanted is None else set(wanted)
            listed.append(pid)
            for pause, items in by_id[pid].checklist.items():
                chosen.setdefault(pause, []).extend(i for i in items if wanted is None or i.id in wanted)
        for pause, entries in (s.get("extra") or {}).items():
            chosen.setdefault(pause, []).extend(_items(f"{SHEETS_DIR}/{s['id']}", entries))
        sections = [model.SheetSection(p, chosen[p.id]) for p in pauses if chosen.get(p.id)]
        sheets.append(
            model.CallSheet(
                id=s["id"],
                title=s["title"],
                summary=s["summary"],
                stage=stage_by_id[s["stage"]],
                principles=listed,
                sections=sections,
                path=doc.path,
                fields=list(s.get("fields", [])),
                notes=s.get("notes", 0),
                say=objections.sheet_say(s, by_id),
                objections=objections.sheet_objections(s, by_id),
                formerly=list(s.get("formerly", [])),
            )
        )
    sheets.sort(key=lambda s: (s.stage.index, s.title.lower(), s.id))
    return model.Playbook(
        title=data["title"],
        description=data.get("description"),
        stages=stages,
        roles=roles,
        pauses=pauses,
        principles=by_id,
        call_sheets={s.id: s for s in sheets},
        path=book.path,
        content_dir=loader.rel(loader.content),
        owners=dict(data.get("owners", {})),
    )
