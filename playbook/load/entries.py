"""The entry rules of the content format, each read in this one place.

A checklist entry is text (its id derived) or ``{id, text}``; a call sheet's entry under
``principles`` is an id or ``{id, items}``; an objection is known by its explicit ``id``, else by
the id derived from the customer's words. The checks and the model both read entries through
these functions, so the rules cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
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


def objection_entries(data: dict) -> Iterator[tuple[int, str, dict]]:
    """Each objection of a principle's data that has the shape to be read: (index, id, entry).

    The id is the explicit ``id``, else derived from the customer's words like a checklist item's."""
    listed = data.get("objections")
    for index, entry in enumerate(listed if isinstance(listed, list) else []):
        if not isinstance(entry, dict) or not isinstance(entry.get("objection"), str):
            continue
        explicit = entry.get("id")
        if explicit is not None and not isinstance(explicit, str):
            continue
        yield index, explicit if explicit is not None else derive_item_id(entry["objection"]), entry
