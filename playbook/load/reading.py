"""Reading the content files of a load: the folders listed, each file read once, parses kept.

Reading is where a load spends its time (parsing and schema checks are four fifths of it), and where
the disk can surprise us (a FIFO, a link loop, a file that vanished): both are handled here, so the
checks after it see only parsed files and problems.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..filecache import ParseStore
from ..layout import SCHEMA_COMMENT
from ..problems import Problem
from ..safefile import FileProblem, read_regular_file
from ..yamlfile import YamlFile, not_a_content_file
from .findings import Findings
from .parallel import lasting, parse_and_check, parse_in_parallel


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
        value = make()
        self.store.keep(key, context, lasting(value))
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
        try:
            raw = read_regular_file(path)
        except FileProblem as exc:
            return Problem(rel, 1, 1, not_a_content_file(exc)), []
        key = None
        if self.store is not None:
            key = self._stored[rel] = self.store.key(schema, raw)
            if (stored := self.store.get(key, raw, rel)) is not None:
                return stored
        result, problems = parse_and_check(raw, rel, schema)
        if key is not None:
            self.store.put(key, result, problems)
        return result, problems

    def prefetch(self, files: list[tuple[Path, str, str]], own_checks: Callable | None = None, context=None) -> None:
        """On a cold ``playbook check`` of many files, parse ``files`` ((path, rel, schema)) on every
        core first, with each principle's ``own_checks(doc)`` (kept under ``context``, as
        ``lasting_checks`` keeps them); the reads and checks that follow find them in the store."""
        if self.store is not None and self.store.is_empty():
            self.store.preload(parse_in_parallel(files, own_checks, context))


class ContentReader:
    """The files of one load, read through the cache: their problems go to ``found``, and every
    path read is noted (``paths_read``) for the summary of ``playbook check``."""

    def __init__(self, found: Findings, cache: ReadCache, content: Path):
        self.found = found
        self.cache = cache
        self.content = content
        self.paths_read: list[str] = []

    def read(self, path: Path, schema: str, rel: str | None = None) -> YamlFile | None:
        rel = rel or self.found.rel(path)
        return self.found.guarded(rel, self._read, path, schema, rel)

    def _read(self, path: Path, schema: str, rel: str) -> YamlFile | None:
        self.paths_read.append(rel)
        result, problems = self.cache.read(path, rel, schema)
        if isinstance(result, Problem):
            self.found.problems.append(result)
            return None
        self.found.problems.extend(problems)
        if isinstance(result.data, dict) and not result.first_line.startswith(SCHEMA_COMMENT):
            self.found.problems.append(
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
        prefix = self.found.rel(folder) + "/"
        files = []
        for file_name in sorted(os.listdir(folder)):
            if file_name.endswith(".yml"):
                files.append((folder / file_name, prefix + file_name))
            elif file_name.endswith(".yaml"):
                self.found.problems.append(
                    Problem(prefix + file_name, 1, 1, "ignored: content files end in .yml, not .yaml", "warning")
                )
        return files


def markdown_pages(folder: Path) -> list[Path]:
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
