"""Every field the JSON Schemas declare is compared by `playbook diff`.

The fields are read from the schemas (principle, call sheet and playbook.yml, nested objects
included), never listed here: each one is changed in a copy of a fixture that uses every field,
and the diff must report a change of that field. A field the schemas gain later is changed the same
way, so it fails here until the diff compares it (a plain text or a list of text needs nothing: the
comparison follows the schema). Only values the schema cannot make valid by itself (a reference to
another file's id) are written out below.
"""

from __future__ import annotations

import copy
import importlib
import shutil
from collections.abc import Callable, Iterator

import pytest
import yaml

from conftest import FIXTURES
from playbook.diff import REPORTS, GitRevision, compare, read_revision
from playbook.schema import load_schema

FIXTURE = FIXTURES / "every-field"
FILES = {
    "playbook": "content/playbook.yml",
    "principle": "content/principles/ask-first.yml",
    "call-sheet": "content/call-sheets/first-call.yml",
}
KEBAB = "^[a-z0-9]+(-[a-z0-9]+)*$"


def fields(node: dict, path: tuple = ()) -> Iterator[tuple]:
    """Every field a schema declares, nested ones too: ``("objections", "[]", "ask")``; ``[]`` stands
    for an entry of a list, ``*`` for the value of a mapping whose keys are ids."""
    for branch in node.get("anyOf", [node]):
        for key, child in branch.get("properties", {}).items():
            yield (*path, key)
            yield from fields(child, (*path, key))
        if isinstance(branch.get("additionalProperties"), dict):
            yield from fields(branch["additionalProperties"], (*path, "*"))
        if branch.get("type") == "array":
            yield from fields(branch["items"], (*path, "[]"))


def cases() -> list[tuple[str, tuple]]:
    return [(kind, path) for kind in FILES for path in dict.fromkeys(fields(load_schema(kind)))]


def _append(value) -> Callable:
    return lambda old, entry: [*(old or []), value]


def _set(value) -> Callable:
    return lambda old, entry: value


def _another_principle(old, entry: dict) -> str:
    """A sheet's ``{id, items}`` naming another principle: its items go with it."""
    entry.pop("items", None)
    return "close-kindly"


# References to other files' ids, and keys that are ids: values the schema alone cannot make valid.
# Each takes the old value and the record holding it, and returns the new value.
VALID: dict[tuple[str, str], Callable] = {
    ("principle", "stage"): _set("closing"),
    ("principle", "roles"): _append("user"),
    ("principle", "related"): _append("close-kindly"),
    ("principle", "owner"): _set("field-sales"),
    ("principle", "checklist"): lambda old, entry: {**old, "during": [*old["during"], "Ask one more question"]},
    ("call-sheet", "stage"): _set("closing"),
    ("call-sheet", "principles"): _append("close-kindly"),
    ("call-sheet", "principles.id"): _another_principle,
    ("call-sheet", "principles.items"): _set(["repeat-back"]),
    ("call-sheet", "extra"): lambda old, entry: {**old, "after": ["Log the call"]},
    ("call-sheet", "say"): _append("close-kindly"),
    ("call-sheet", "say.id"): _set("close-kindly"),
    ("call-sheet", "objections"): _append("listen-well/you-are-not-listening"),
    ("playbook", "owners"): lambda old, entry: {**old, "new-team": "@example/new-team"},
}
# Fields a sheet does not repeat as written: its printed page shows them.
PRINTED_AS = {("call-sheet", "extra"): "page.checklist"}


def example(node: dict, nth: int = 0):
    """A valid value of a schema node, made from the schema: for fields nobody wrote a value for
    (``nth`` tells the entries of a new list apart, for lists whose entries must differ)."""
    node = node.get("anyOf", [node])[0]
    kind = node.get("type")
    if "enum" in node:
        return node["enum"][0]
    if kind == "object":
        props = node.get("properties", {})
        return {k: example(props[k], nth) for k in node.get("required", props)}
    if kind == "array":
        return [example(node["items"], i) for i in range(max(1, node.get("minItems", 1)))]
    if kind == "integer":
        return node.get("minimum", 0) + 1
    if node.get("pattern") == KEBAB:
        return f"edited-entry-{nth + 1}"
    if node.get("format") == "date":
        return "2026-09-01"
    if str(node.get("pattern", "")).startswith("^https?"):
        return "https://example.com/edited"
    return f"Edited text {nth + 1}"


def changed(old, node: dict):
    """A value of ``node`` different from ``old``."""
    node = node.get("anyOf", [node])[0]
    if old is None:
        return example(node)
    if "enum" in node:
        return next(v for v in node["enum"] if v != old)
    if node.get("type") == "integer":
        return old + 1 if old < node.get("maximum", old + 1) else old - 1
    if node.get("type") == "array":
        return [*old, changed(None, node["items"])]
    if node.get("type") == "object":
        return {**old, "new-key": example(node["additionalProperties"])}
    if node.get("pattern") or node.get("format"):
        return changed(None, node) if old != changed(None, node) else "other-entry"
    return f"{old} (edited)"[: node.get("maxLength", 1000)]


def mutate(kind: str, data: dict, path: tuple) -> dict:
    """``data`` with the field at ``path`` changed, in the first entry that has it (else the first entry)."""
    data = copy.deepcopy(data)
    node, container = load_schema(kind), data
    for index, step in enumerate(path[:-1]):
        node = next(b for b in node.get("anyOf", [node]) if _holds(b, step))
        rest = path[index + 1 :]
        if step in ("[]", "*"):
            entries = container if step == "[]" else list(container.values())
            node = node["items"] if step == "[]" else node["additionalProperties"]
            container = next((e for e in entries if _present(e, rest)), None) or next(
                e for e in entries if isinstance(e, (dict, list))
            )
        else:
            node, container = node["properties"][step], container[step]
    key = path[-1]
    node = next(b for b in node.get("anyOf", [node]) if key in b.get("properties", {}))["properties"][key]
    name = ".".join(p for p in path if p not in ("[]", "*"))
    make = VALID.get((kind, name)) or (lambda old, entry: changed(old, node))
    container[key] = make(container.get(key), container)
    return data


def _holds(node: dict, step: str) -> bool:
    if step == "[]":
        return "items" in node
    if step == "*":
        return isinstance(node.get("additionalProperties"), dict)
    return step in node.get("properties", {})


@pytest.fixture(scope="module")
def base() -> object:
    return read_revision(FIXTURE, GitRevision("base", "0" * 40))


def test_the_fields_are_read_from_the_schemas_nested_ones_included():
    found = {(kind, ".".join(path)) for kind, path in cases()}
    assert {("principle", "objections.[].ask"), ("principle", "checklist.*.[].text")} <= found
    assert {("call-sheet", "say.[].first"), ("call-sheet", "objections"), ("playbook", "pauses.[].mode")} <= found


@pytest.mark.parametrize(("kind", "path"), cases(), ids=[f"{k}:{'.'.join(p)}" for k, p in cases()])
def test_a_change_of_every_field_in_the_schemas_is_reported(base, tmp_path, kind, path):
    root = shutil.copytree(FIXTURE, tmp_path / "pb")
    target = root / FILES[kind]
    text = target.read_text("utf-8")
    first_line, data = text.split("\n", 1)[0], yaml.safe_load(text)
    if path == ("id",):  # a new id is a rename: the file is renamed with it
        data["id"] = f"{data['id']}-renamed"
        target.unlink()
        target = target.with_name(f"{data['id']}.yml")
    else:
        data = mutate(kind, data, path)
    target.write_text(f"{first_line}\n{yaml.safe_dump(data, sort_keys=False, allow_unicode=True)}", "utf-8")
    comparison = compare(base, read_revision(root, GitRevision("edited", "1" * 40)))

    # The edit is valid for the file itself (others may break: a new stage id leaves principles without one).
    assert target.relative_to(root).as_posix() not in comparison.head.left_out, [str(p) for p in comparison.head.errors]
    subject = {"playbook": "playbook", "principle": "principle", "call-sheet": "call-sheet"}[kind]
    changes = [c for c in comparison.diff.changes if c.subject == subject]
    name = ".".join(p for p in path if p not in ("[]", "*"))
    if path == ("id",):
        assert [c.kind for c in changes] == ["renamed"], changes
    else:
        field = PRINTED_AS.get((kind, name), name)
        assert any(c.field and (field == c.field or field.startswith(c.field + ".")) for c in changes), changes
    for report in REPORTS.values():
        assert "no changes" not in report(comparison).lower()


def test_the_test_fails_for_a_field_the_diff_would_not_compare(base, tmp_path, monkeypatch):
    """The check above can fail: hide one field from the comparison and its case reports nothing."""
    comparing = importlib.import_module("playbook.diff.compare")
    original = comparing.diff_values
    monkeypatch.setattr(
        comparing,
        "diff_values",
        lambda where, field, *rest: [] if field == "signals" else original(where, field, *rest),
    )
    root = shutil.copytree(FIXTURE, tmp_path / "pb")
    target = root / FILES["principle"]
    text = target.read_text("utf-8")
    data = mutate("principle", yaml.safe_load(text), ("signals",))
    target.write_text(text.split("\n", 1)[0] + "\n" + yaml.safe_dump(data, sort_keys=False), "utf-8")
    comparison = compare(base, read_revision(root, GitRevision("edited", "1" * 40)))
    assert comparison.diff.changes == []


def _present(value, path: tuple) -> bool:
    if not path:
        return True
    step, rest = path[0], path[1:]
    if step == "[]":
        return isinstance(value, list) and any(_present(v, rest) for v in value)
    if step == "*":
        return isinstance(value, dict) and any(_present(v, rest) for v in value.values())
    return isinstance(value, dict) and step in value and _present(value[step], rest)
