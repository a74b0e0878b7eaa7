"""A cold `playbook check` parses on every core.

A fresh checkout (CI) has no parse cache, and parsing and schema checks are most of a check. When
the cache is empty and there are many files, they are split among one process per core (forked, so
nothing is imported again); each returns, marshalled, the same entries the cache keeps (plain data,
no marks: a file with a problem is parsed again when a message needs its marks). The checks across
files then run once, in this process, on what the cache holds, exactly as on a warm run.
"""

from __future__ import annotations

import marshal
import multiprocessing
import os
from pathlib import Path

from ..filecache import ParseStore
from ..problems import Problem
from ..safefile import FileProblem, read_regular_file
from ..schema import schema_problems
from ..yamlfile import YamlFile, parse_yaml
from .placeholders import content_placeholders

MIN_FILES = 300  # below this a second process costs more than it saves


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def parse_in_parallel(files: list[tuple[Path, str, str]]) -> dict[bytes, tuple]:
    """Store entries by key for ``files`` ((path, rel, schema)); {} when it is not worth it here."""
    workers = min(cores(), 8)
    if workers < 2 or len(files) < MIN_FILES or "fork" not in multiprocessing.get_all_start_methods():
        return {}
    chunks = [files[i::workers] for i in range(workers)]
    entries: dict[bytes, tuple] = {}
    try:
        with multiprocessing.get_context("fork").Pool(workers - 1) as pool:
            others = pool.map_async(_parse_chunk, chunks[1:])
            entries.update(marshal.loads(_parse_chunk(chunks[0])))
            for part in others.get():
                entries.update(marshal.loads(part))
    except Exception:  # noqa: BLE001 - a pool that cannot start (no /dev/shm, limits): parse here instead
        return {}
    return entries


def parse_and_check(raw: bytes, rel: str, schema: str) -> tuple[YamlFile | Problem, list[Problem]]:
    """One file's parse, schema problems and placeholders: what the cache keeps of it (the pool and
    a read in this process both call this)."""
    result = parse_yaml(raw, rel)
    problems = []
    if isinstance(result, YamlFile):
        problems = schema_problems(schema, result) + content_placeholders(rel, raw)
    return result, problems


def _parse_chunk(files: list[tuple[Path, str, str]]) -> bytes:
    entries = {}
    for path, rel, schema in files:
        try:
            raw = read_regular_file(path)
        except FileProblem:
            continue  # the read in the main process reports it
        entries[ParseStore.key(schema, raw)] = ParseStore.entry(*parse_and_check(raw, rel, schema))
    return marshal.dumps(entries)
