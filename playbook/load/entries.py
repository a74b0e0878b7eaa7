"""The two entry rules of the content format, each read in this one place.

A checklist entry is text (its id derived) or ``{id, text}``; a call sheet's entry under
``principles`` is an id or ``{id, items}``. The checks and the model both read entries through
these functions, so the rules cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from ..ids import derive_item_id
from ..yamlfile import YamlFile


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


def checklist_ids(doc: YamlFile) -> list[tuple[str, list[tuple[str, str]]]]:
    """A principle file's checklist as ``(pause, [(item id, text), ...])``, skipping broken entries."""
    result = []
    checklist = doc.data.get("checklist")
    if not isinstance(checklist, dict):
        return result
    for pause, entries in checklist.items():
        pairs = [pair for entry in (entries if isinstance(entries, list) else []) if (pair := checklist_entry(entry))]
        result.append((pause, pairs))
    return result
