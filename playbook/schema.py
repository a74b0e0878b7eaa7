"""Validation of one file against its JSON Schema, with messages an editor can act on.

The schemas in ``playbook/schemas/`` are the single declaration of the content's structure: editors'
YAML tooling reads them through the ``yaml-language-server`` line, and this module turns
``jsonschema``'s errors into ``path:line:col`` problems.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import fastjsonschema

from .problems import Problem
from .suggest import did_you_mean
from .yamlfile import YamlFile

SCHEMA_NAMES = ("playbook", "principle", "call-sheet")


@cache
def load_schema(name: str) -> dict:
    text = resources.files("playbook").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


# Required text that is only whitespace or invisible characters counts as empty (a blank title is a
# link with no text). Any text with a minLength is such a field: the check adds this pattern to it.
VISIBLE = (
    "[^\\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff]"
)
_VISIBLE = re.compile(VISIBLE)


def is_blank(text: str) -> bool:
    """True for text an editor cannot see: spaces, tabs, line breaks, zero-width and other invisibles."""
    return _VISIBLE.search(text) is None


def _with_visible_text(node: Any) -> Any:
    if isinstance(node, list):
        return [_with_visible_text(child) for child in node]
    if not isinstance(node, dict):
        return node
    node = {key: _with_visible_text(value) for key, value in node.items()}
    if node.get("type") == "string" and node.get("minLength", 0) >= 1 and "pattern" not in node:
        node["pattern"] = VISIBLE
    return node


@cache
def checked_schema(name: str) -> dict:
    """The schema as ``check`` applies it: the file's, with required text that must be visible."""
    return _with_visible_text(load_schema(name))


@cache
def _validator(name: str):
    """jsonschema, imported only for a file with problems: it is a tenth of ``check``'s start-up."""
    import jsonschema

    schema = checked_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


@cache
def _fast_check(name: str):
    """The same schema compiled to Python: about 15 times faster on the common case, a valid file."""
    return fastjsonschema.compile(checked_schema(name), use_formats=False)


def schema_problems(name: str, doc: YamlFile) -> list[Problem]:
    """All structural problems of one document, one per offending key or value."""
    if doc.data is None:
        return [Problem(doc.path, 1, 1, "the file is empty")]
    try:
        _fast_check(name)(doc.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass  # jsonschema walks the file again for every error, with the paths our messages need
    problems: list[Problem] = []
    for error in _validator(name).iter_errors(doc.data):
        problems.extend(_translate(error, doc))
    return problems


def _label(path) -> str:
    label = ""
    for part in path:
        label += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if label else str(part))
    return label or "the file"


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a yes/no value"
    if value is None:
        return "empty"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping (key: value lines)",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}
_JSON_TYPES = {str: "string", list: "array", dict: "object", bool: "boolean", int: "integer", float: "number"}


def _type_message(field: str, expected, value: Any) -> str:
    expected = expected if isinstance(expected, list) else [expected]
    want = " or ".join(_TYPE_WORDS.get(t, t) for t in expected)
    if value is None:
        return f"'{field}' is empty: it must be {want}"
    message = f"'{field}' must be {want}, not {_kind(value)}"
    if "string" in expected and isinstance(value, (bool, int, float)):
        message += f" (YAML reads {_yaml_spelling(value)} that way): put the text in quotes"
    return message


def _yaml_spelling(value: Any) -> str:
    if isinstance(value, bool):
        return "yes, no, on, off, true and false"
    return "unquoted digits"


def _translate(error, doc: YamlFile) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    field = _label(path)
    value = error.instance
    schema = error.schema
    kind = error.validator

    def at_value(message: str) -> Problem:
        return Problem(doc.path, *doc.marks.value(path), message)

    if kind == "required":
        missing = [key for key in schema["required"] if key not in value]
        for key in missing:
            where = "the file" if not path else f"'{field}'"
            yield at_value(f"missing required field '{key}' in {where}")
    elif kind == "additionalProperties":
        allowed = schema.get("properties", {})
        for key in value:
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                if not hint:
                    hint = f" (allowed: {', '.join(allowed)})"
                yield Problem(doc.path, *doc.marks.key(path + (key,)), f"unknown key '{key}'{hint}")
    elif kind == "type":
        yield at_value(_type_message(field, error.validator_value, value))
    elif kind in ("anyOf", "oneOf"):
        yield from _translate_choice(error, doc, field)
    elif kind == "minLength":
        yield at_value(f"'{field}' is empty")
    elif kind == "maxLength":
        yield at_value(f"'{field}' is {len(value)} characters long; at most {error.validator_value}")
    elif kind in ("minItems", "minProperties"):
        if len(value) == 0 and path[:1] == ("principles",) and path[-1:] == ("items",):
            yield at_value(f"'{field}' is empty: leave 'items' out to take all of the principle's items")
        elif len(value) == 0:
            yield at_value(f"'{field}' is empty")
        elif path[:1] == ("vocabulary",) and len(path) == 2:
            yield at_value(f"'{field}' has one word: a group needs two or more (or write {{word: ..., also: [...]}})")
        else:
            yield at_value(f"'{field}' needs at least {error.validator_value} entries")
    elif kind == "maxItems":
        noun = "items at one pause point" if "checklist" in path or "extra" in path else "entries"
        yield at_value(f"'{field}' has {len(value)} {noun}; at most {error.validator_value}")
    elif kind == "pattern" and error.validator_value == VISIBLE:
        if value:  # an empty text is reported by minLength
            yield at_value(f"'{field}' is empty: it holds only {_invisible_words(value)}")
    elif kind == "pattern":
        yield at_value(_pattern_message(field, value, error.validator_value))
    elif kind == "propertyNames":
        yield Problem(
            doc.path,
            *doc.marks.key(path + (value,)),
            f"'{value}' in '{field}' is not a valid id: use lowercase letters, digits and hyphens",
        )
    elif kind == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        yield at_value(
            f"'{field}' is '{value}'; it must be one of: {options}{did_you_mean(str(value), error.validator_value)}"
        )
    elif kind == "uniqueItems":
        seen, dupes = set(), []
        for entry in value:
            key = json.dumps(entry, sort_keys=True)
            if key in seen:
                dupes.append(entry)
            seen.add(key)
        yield at_value(f"'{field}' lists {', '.join(repr(d) for d in dupes)} more than once")
    elif kind in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        yield at_value(f"'{field}' is {value}; it must be between {low} and {high}")
    else:
        yield at_value(f"'{field}': {error.message}")


def _invisible_words(text: str) -> str:
    if text.isspace():
        return "whitespace" if set(text) <= set(" \t\r\n") else "Unicode whitespace (such as non-breaking spaces)"
    return "invisible characters (such as zero-width spaces)"


def _branch_words(branch: dict) -> str:
    if branch.get("type") == "object" and branch.get("required"):
        return f"a mapping with {' and '.join(branch['required'])}"
    return _TYPE_WORDS.get(branch.get("type"), str(branch.get("type")))


def _pattern_message(field: str, value: str, pattern: str) -> str:
    if "\\d{4}" in pattern:
        return f"'{field}' is '{value}'; write a date as YYYY-MM-DD"
    if pattern.startswith("^https?"):
        return f"'{field}' must be an http:// or https:// address"
    if pattern.startswith("^(@"):  # a handle in `owners`
        return f"'{field}' is '{value}', not a code-host handle: write @user, @org/team or an e-mail address"
    suggestion = "-".join(re.findall(r"[a-z0-9]+", value.lower()))
    hint = f" (e.g. '{suggestion}')" if suggestion and suggestion != value else ""
    return f"'{field}' is '{value}', not a valid id: use lowercase letters, digits and hyphens{hint}"


def _translate_choice(error, doc: YamlFile, field: str) -> Iterator[Problem]:
    """Report the errors of the alternative the editor evidently meant (the one of matching type)."""
    branches = error.validator_value
    json_type = _JSON_TYPES.get(type(error.instance))
    for index, branch in enumerate(branches):
        if branch.get("type") == json_type:
            for sub in error.context or []:
                if sub.relative_schema_path and sub.relative_schema_path[0] == index:
                    yield from _translate(sub, doc)
            return
    wants = " or ".join(_branch_words(branch) for branch in branches)
    yield Problem(
        doc.path,
        *doc.marks.value(tuple(error.absolute_path)),
        f"'{field}' must be {wants}, not {_kind(error.instance)}",
    )
