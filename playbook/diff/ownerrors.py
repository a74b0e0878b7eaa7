"""The errors a content file has on its own: those the rules of that one file find.

``playbook check`` reports every error at the file that must change, and some of them are there
only because of another file: a reference to a principle that was renamed, a sheet that no longer
fits because a principle it prints grew. The diff compares such a file anyway, and sets aside only
files the one-file rules refuse (syntax, schema, ids, references to playbook.yml's ids, items,
Markdown links). Those rules are the loader's own functions, run here on one file at a time; a sheet's
references to principles are taken as known, so only what the sheet says by itself is judged.
"""

from __future__ import annotations

from pathlib import Path

from ..load import ReadCache
from ..load.crosschecks import check_related, check_sheet
from ..load.entries import sheet_entry
from ..load.filechecks import check_principle
from ..load.findings import Findings
from ..load.objectionchecks import SheetChecks
from ..load.registry import Registry
from ..schema import schema_problems
from ..settings import Settings
from ..yamlfile import YamlFile


def own_errors(root: Path, settings: Settings, schema: str, doc: YamlFile, book: YamlFile | None) -> bool:
    """True when ``doc`` has an error of its own (a bug of ours while checking counts as one)."""
    try:
        return any(p.is_error and p.path == doc.path for p in _problems(root, settings, schema, doc, book))
    except Exception:  # noqa: BLE001 - the file cannot be judged alone: leave it out rather than guess
        return True


def _problems(root: Path, settings: Settings, schema: str, doc: YamlFile, book: YamlFile | None) -> list:
    found = Findings(root)
    found.problems += schema_problems(schema, doc)
    if schema == "playbook":
        Registry.from_book(doc, found)
        return found.problems
    registry = Registry.from_book(book, Findings(root)) if book is not None else Registry(None, None, None)
    registry.context = (registry.key, settings.today, settings.review_age)
    if schema == "principle":
        check_principle(found, ReadCache(), settings, doc, registry)
        check_related(found, doc, None)  # only "related to itself": other principles are not judged here
    else:
        named = _principles_named(doc.data)
        words = SheetChecks(found, {}, named)
        check_sheet(found, doc, registry, {}, {}, named, words)
    return found.problems


def _principles_named(data: dict) -> set[str]:
    """Every principle id a call sheet names, so the sheet's references count as known."""
    named = set()
    for entry in data.get("principles") or [] if isinstance(data.get("principles"), list) else []:
        pid, _ = sheet_entry(entry)
        named.add(pid)
    for entry in data.get("say") or [] if isinstance(data.get("say"), list) else []:
        named.add(entry.get("id") if isinstance(entry, dict) else entry)
    for full_id in data.get("objections") or [] if isinstance(data.get("objections"), list) else []:
        named.add(full_id.split("/", 1)[0] if isinstance(full_id, str) else full_id)
    return {n for n in named if isinstance(n, str)}
