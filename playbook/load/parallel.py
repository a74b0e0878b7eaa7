"""A cold `playbook check` parses on every core.

A fresh checkout (CI) has no parse cache, and parsing, schema checks and each principle's own
checks are most of a check. When the cache is empty and there are many files, they are split among
one process per core (forked, so nothing is imported again); each returns, marshalled, the same
entries the cache keeps (plain data, no marks: a file with a problem is parsed again when a message
needs its marks). The checks across files then run once, in this process, on what the cache holds,
exactly as on a warm run.
"""

from __future__ import annotations

import marshal
import multiprocessing
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


_job: tuple = ()  # (chunks, own checks, context) of the pool being started: forked, never pickled


def parse_in_parallel(
    files: list[tuple[Path, str, str]], own_checks: Callable | None = None, context: Any = None
) -> dict[bytes, tuple]:
    """Store entries by key for ``files`` ((path, rel, schema)), with each principle's
    ``own_checks(doc)`` kept under ``context``; {} when it is not worth it here."""
    global _job
    workers = min(cores(), 8)
    if workers < 2 or len(files) < MIN_FILES or "fork" not in multiprocessing.get_all_start_methods():
        return {}
    _job = ([files[i::workers] for i in range(workers)], own_checks, repr(context).encode())
    entries: dict[bytes, tuple] = {}
    try:
        with multiprocessing.get_context("fork").Pool(workers - 1) as pool:
            others = pool.map_async(_parse_chunk, range(1, workers))
            entries.update(marshal.loads(_parse_chunk(0)))
            for part in others.get():
                entries.update(marshal.loads(part))
    except Exception:  # noqa: BLE001 - a pool that cannot start (no /dev/shm, limits): parse here instead
        return {}
    finally:
        _job = ()
    return entries


def parse_and_check(raw: bytes, rel: str, schema: str) -> tuple[YamlFile | Problem, list[Problem]]:
    """One file's parse, schema problems and placeholders: what the cache keeps of it (the pool and
    a read in this process both call this)."""
    result = parse_yaml(raw, rel)
    problems = []
    if isinstance(result, YamlFile):
        problems = schema_problems(schema, result) + content_placeholders(rel, raw)
    return result, problems


def lasting(value: tuple) -> tuple:
    """A file's own checks (problems, mentions, items) as the store keeps them: plain data."""
    problems, mentions, items = value
    return [(p.line, p.col, p.message, p.severity) for p in problems], [(ptr, m) for _, ptr, m in mentions], items


def _parse_chunk(index: int) -> bytes:
    chunks, own_checks, context = _job
    entries = {}
    for path, rel, schema in chunks[index]:
        try:
            raw = read_regular_file(path)
        except FileProblem:
            continue  # the read in the main process reports it
        key = ParseStore.key(schema, raw)
        result, problems = parse_and_check(raw, rel, schema)
        entries[key] = ParseStore.entry(result, problems)
        if own_checks is not None and schema == "principle" and isinstance(result, YamlFile):
            if isinstance(result.data, dict):
                try:
                    entries[ParseStore.derived_key(key, context)] = lasting(own_checks(result))
                except Exception:  # noqa: BLE001 - the main process checks it again and words the failure
                    pass
    return marshal.dumps(entries)
