"""The rules one principle file must keep by itself: its id, its references to playbook.yml's ids,
its checklist items, its Markdown fields and its review date.

They read nothing but the file and playbook.yml's ids, so their result is kept per file (in memory
for the preview, on disk for ``playbook check``) and computed again only when one of those changes.
"""

from __future__ import annotations

import datetime
import os
from functools import partial
from typing import Any

from ..ids import reserved_id_message
from ..schema import is_blank
from ..settings import Settings
from ..yamlfile import YamlFile
from .entries import checklist_entry
from .findings import Findings
from .objectionchecks import check_principle_objections
from .reading import ReadCache
from .registry import Registry
from .wordchecks import check_objection_phrases, check_phrases


def check_id(found: Findings, doc: YamlFile, seen: dict[str, YamlFile] | None = None) -> str | None:
    value = doc.data.get("id")
    if not isinstance(value, str):
        return None
    if reserved := reserved_id_message(value):
        found.error(doc, ("id",), reserved)
    stem = os.path.splitext(os.path.basename(doc.path))[0]
    if value != stem:
        found.error(doc, ("id",), f"the id '{value}' does not match the file name '{stem}.yml': they must be equal")
    if seen is not None:
        if value in seen:
            found.error(doc, ("id",), f"duplicate id '{value}': {seen[value].path} uses it too")
        else:
            seen[value] = doc
    return value


def check_principle(
    found: Findings, cache: ReadCache, settings: Settings, doc: YamlFile, registry: Registry, seen: dict
) -> tuple[str | None, dict[str, str]]:
    """The principle's id (``seen``: the principles' ids so far), and its items by id; its problems
    and mentions go to ``found``. Its own checks are cached with what they depend on besides the file."""
    pid = check_id(found, doc, seen)
    context = principle_context(settings, registry)
    own = partial(_principle_checks, found, settings, doc, registry)
    problems, mentions, items = cache.derived("checks", doc, context, partial(cache.lasting_checks, doc, context, own))
    found.problems.extend(problems)
    found.mentions.extend(mentions)
    return pid, items


def principle_context(settings: Settings, registry: Registry) -> tuple:
    """What a principle's own checks depend on besides the file."""
    return (registry.key, settings.today, settings.review_age)


def own_principle_checks(root, settings: Settings, registry: Registry):
    """A principle's own checks as ``check_principle`` makes them, for the cold check's other
    processes (load/parallel.py)."""
    return lambda doc: _principle_checks(Findings(root), settings, doc, registry)


def _principle_checks(
    found: Findings, settings: Settings, doc: YamlFile, registry: Registry
) -> tuple[list, list, dict[str, str]]:
    """The checks that read only this file and playbook.yml's ids: problems, mentions and items."""
    own = Findings(found.root)
    items = _check_principle_fields(own, settings, doc, registry)
    return own.problems, own.mentions, items


def _check_principle_fields(found: Findings, settings: Settings, doc: YamlFile, registry: Registry) -> dict[str, str]:
    data = doc.data
    found.check_ref(doc, ("stage",), "stage", data.get("stage"), registry.stages)
    roles = data.get("roles")
    for index, role in enumerate(roles if isinstance(roles, list) else []):
        found.check_ref(doc, ("roles", index), "role", role, registry.roles)
    items: dict[str, str] = {}
    checklist = data.get("checklist")
    if isinstance(checklist, dict):
        for pause, entries in checklist.items():
            found.check_ref(doc, ("checklist", pause), "pause point", pause, registry.pauses, key=True)
            if isinstance(entries, list):
                for index, entry in enumerate(entries):
                    check_item(found, doc, ("checklist", pause, index), entry, items)
    for name in ("summary", "why"):
        found.check_markdown(doc, (name,), data.get(name))
    for name in ("how", "say", "signals"):
        if isinstance(data.get(name), list):
            for index, value in enumerate(data[name]):
                found.check_markdown(doc, (name, index), value)
    if isinstance(data.get("avoid"), list):
        for index, value in enumerate(data["avoid"]):
            if isinstance(value, dict):
                found.check_markdown(doc, ("avoid", index, "instead"), value.get("instead"))
    check_principle_objections(found, doc)
    check_phrases(found, doc, ())
    check_objection_phrases(found, doc)
    check_reviewed(found, settings, doc)
    return items


def check_item(found: Findings, doc: YamlFile, pointer: tuple, entry: Any, items: dict[str, str]) -> None:
    if (pair := checklist_entry(entry)) is None:
        return  # the schema check reports what is wrong with it
    item_id, text = pair
    if not item_id and isinstance(entry, str):
        if not is_blank(text):  # blank text is reported by the schema check as empty
            found.error(
                doc,
                pointer,
                "this item has no letters or digits to make an id from: write it as {id: ..., text: ...}",
            )
        return
    if item_id in items:
        found.error(
            doc,
            pointer,
            f"two items have the id '{item_id}': give this one an explicit id, as {{id: ..., text: ...}}",
        )
    else:
        items[item_id] = text


def check_reviewed(found: Findings, settings: Settings, doc: YamlFile) -> None:
    value = doc.data.get("reviewed")
    if not isinstance(value, str):
        return
    try:
        reviewed = datetime.date.fromisoformat(value)
    except ValueError:
        if len(value) == 10:
            found.error(doc, ("reviewed",), f"'reviewed' is '{value}', which is not a real date")
        return
    age = (settings.today - reviewed).days
    if age > settings.review_age:
        found.warn(
            doc,
            ("reviewed",),
            f"last reviewed {age} days ago (more than {settings.review_age}): review it and update 'reviewed'",
        )
    elif age < 0:
        found.warn(doc, ("reviewed",), f"'reviewed' is {value}, a date in the future")
