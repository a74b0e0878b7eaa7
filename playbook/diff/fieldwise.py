"""Two versions of a content file compared field by field, following its JSON Schema.

Nothing here names a field: a record's keys become fields (``sources.url``), a map's keys become
parts (an owner id), a list's entries are matched (``matching.match``) by id when they have one,
else by their words. So a field the schemas gain later (a list of phrases, a vocabulary) is compared
the day it is declared; only fields whose entries are matched in a way of their own (checklist
items, objections, a sheet's references) are handled in ``compare``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from .changes import Change
from .matching import flat, match

LABEL_CHARS = 60  # an entry without an id is named by its first words, this long at most


@dataclass(frozen=True)
class Where:
    """The subject a comparison is about, and the entry inside it, if any."""

    subject: str
    id: str
    part: str = ""
    entry: str | None = None

    def change(self, kind: str, field: str, before: str | None = None, after: str | None = None, **more) -> Change:
        return Change(kind, self.subject, self.id, field, self.part, self.entry, before, after, **more)


def as_text(value: Any) -> str:
    """A value as the report quotes it: a record as ``key: value; ...``, a list comma-separated."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {as_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(as_text(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return flat(value)


def diff_record(where: Where, old: dict, new: dict, node: dict, field: str = "", skip: tuple = ()) -> list[Change]:
    """Every field of a record (a mapping with declared properties), in the schema's order, then any
    key the schema does not declare."""
    declared = list((node or {}).get("properties", {}))
    keys = [k for k in dict.fromkeys([*declared, *old, *new]) if k not in skip and (k in old or k in new)]
    changes = []
    for key in keys:
        path = f"{field}.{key}" if field else key
        changes += diff_values(where, path, old.get(key), new.get(key), _child(node, key))
    return changes


def diff_values(where: Where, field: str, old: Any, new: Any, node: dict | None) -> list[Change]:
    if old == new:
        return []
    if old is None:
        return [where.change("added", field, after=as_text(new))]
    if new is None:
        return [where.change("removed", field, before=as_text(old))]
    node = _variant(node, new)
    if isinstance(old, dict) and isinstance(new, dict):
        if _is_map(node):
            return _diff_map(where, field, old, new, node)
        return diff_record(where, old, new, node, field)
    if isinstance(old, list) and isinstance(new, list):
        return diff_list(where, field, old, new, (node or {}).get("items"))
    return [where.change("changed", field, as_text(old), as_text(new))]


def diff_list(where: Where, field: str, old: list, new: list, item_node: dict | None) -> list[Change]:
    """Entries added, removed, reworded (alike words) or changed field by field, and a new order."""
    matched = match(old, new, key=_key, text=as_text)
    changes = []
    for a, b in matched.pairs:
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            changes += diff_record(_inside(where, b), a, b, _variant(item_node, b), field)
        else:
            changes.append(where.change("reworded", field, as_text(a), as_text(b)))
    for entry in matched.added:
        inside = _inside(where, entry)
        changes.append(inside.change("added", field, after=as_text(_without_id(entry))))
    for entry in matched.removed:
        inside = _inside(where, entry)
        changes.append(inside.change("removed", field, before=as_text(_without_id(entry))))
    if matched.reordered:
        changes.append(where.change("reordered", field))
    return changes


def _diff_map(where: Where, field: str, old: dict, new: dict, node: dict) -> list[Change]:
    """A mapping whose keys are ids (``owners``): each key is a part of the field."""
    changes = []
    for key in dict.fromkeys([*old, *new]):
        inside = replace(where, part=str(key))
        changes += diff_values(inside, field, old.get(key), new.get(key), _child(node, key))
    return changes


def _key(entry: Any) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        return "id:" + entry["id"]
    if isinstance(entry, str):
        return "text:" + entry
    return "value:" + json.dumps(entry, sort_keys=True, default=str)


def _inside(where: Where, entry: Any) -> Where:
    """The entry a change is inside: named by its id, else (a record) by its first words."""
    if not isinstance(entry, dict):
        return where
    if isinstance(entry.get("id"), str):
        return replace(where, part=entry["id"])
    words = next((flat(v) for v in entry.values() if isinstance(v, str)), as_text(entry))
    return replace(where, entry=words if len(words) <= LABEL_CHARS else words[: LABEL_CHARS - 1] + "…")


def _without_id(entry: Any) -> Any:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        return {k: v for k, v in entry.items() if k != "id"}
    return entry


def _is_map(node: dict | None) -> bool:
    return bool(node) and "properties" not in node and isinstance(node.get("additionalProperties"), dict)


def _child(node: dict | None, key: str) -> dict | None:
    if not node:
        return None
    if key in node.get("properties", {}):
        return node["properties"][key]
    extra = node.get("additionalProperties")
    return extra if isinstance(extra, dict) else None


def _variant(node: dict | None, value: Any) -> dict | None:
    """The branch of an ``anyOf`` that describes ``value`` (a checklist entry is text or a record)."""
    if not node or "anyOf" not in node:
        return node
    wanted = "object" if isinstance(value, dict) else "array" if isinstance(value, list) else None
    for branch in node["anyOf"]:
        if branch.get("type") == wanted or (wanted is None and branch.get("type") not in ("object", "array")):
            return branch
    return None
