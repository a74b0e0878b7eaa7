"""What a plain YAML scalar means: text, a yes/no value, a number or empty, the YAML 1.1 way.

Editors' YAML tooling and PyYAML read `No` as a boolean and `1:30` as a (base 60) number, so the
schema can say "put it in quotes" instead of silently keeping a different value. Dates stay text,
exactly as written, and so do `<<` and `=` (YAML 1.1's merge and value types). Values are built
here from the text alone, with no constructor object: nothing is kept from one file to the next.
Numbers are bounded, so a value of thousands of digits is an error at its place instead of a
failure wherever it is later printed.
"""

from __future__ import annotations

import math
import re

import yaml

STR = "tag:yaml.org,2002:str"
_resolver = yaml.resolver.Resolver()  # resolve() reads only the class's tables: no state is kept

MAX_DIGITS = 18  # whole numbers in content are counts and orders; this is far beyond any of them
_TOO_LONG = 40  # longer number text is refused before it is converted at all

# The words PyYAML's YAML 1.1 resolver reads as booleans and as null, exactly as it spells them.
_WORDS: dict[str, object] = {"": None, "~": None, "null": None, "Null": None, "NULL": None}
for _word, _value in (("yes", True), ("true", True), ("on", True), ("no", False), ("false", False), ("off", False)):
    _WORDS.update({_word: _value, _word.capitalize(): _value, _word.upper(): _value})
NUMBER_START = "-+.0123456789"  # the first characters of every int, float and date the resolver knows
MAYBE_NOT_TEXT = frozenset("yYnNtTfFoO~?:" + NUMBER_START)  # first characters worth a closer look


class ScalarProblem(Exception):
    """A plain value that cannot be kept; the reader adds the place."""


def resolve_tag(value: str) -> str:
    return _resolver.resolve(yaml.ScalarNode, value, (True, False))


def plain_value(value: str) -> object:
    """The value of a plain (unquoted, untagged) scalar."""
    if value in _WORDS:
        return _WORDS[value]
    if value[0] not in NUMBER_START:
        return value
    kind = resolve_tag(value).rsplit(":", 1)[-1]
    if kind == "int":
        return _integer(value)
    if kind == "float":
        return _float(value)
    return value  # text and dates (timestamp)


def _too_large(value: str) -> ScalarProblem:
    shown = value if len(value) <= 24 else value[:20] + "..."
    return ScalarProblem(
        f"the number {shown} is too large (at most {MAX_DIGITS} digits): put it in quotes if it is text"
    )


def _integer(text: str) -> int:
    if len(text) > _TOO_LONG:
        raise _too_large(text)
    value = text.replace("_", "")
    sign = -1 if value[:1] == "-" else 1
    value = value.lstrip("+-")
    if value == "0":
        number = 0
    elif value.startswith("0b"):
        number = int(value[2:], 2)
    elif value.startswith("0x"):
        number = int(value[2:], 16)
    elif value.startswith("0"):
        number = int(value, 8)
    elif ":" in value:  # base 60: 1:30 is 90
        number = 0
        for part in value.split(":"):
            number = number * 60 + int(part)
    else:
        number = int(value)
    if number >= 10**MAX_DIGITS:
        raise _too_large(text)
    return sign * number


def _float(text: str) -> float:
    if len(text) > _TOO_LONG:
        raise _too_large(text)
    value = text.replace("_", "").lower()
    sign = -1.0 if value[:1] == "-" else 1.0
    value = value.lstrip("+-")
    if value == ".inf":
        return sign * math.inf
    if value == ".nan":
        return math.nan
    if ":" in value:
        number = 0.0
        for part in value.split(":"):
            number = number * 60 + float(part)
    else:
        number = float(value)
    if not math.isfinite(number) or number >= 10.0**MAX_DIGITS:
        raise _too_large(text)
    return sign * number


_KINDS = {bool: "a yes/no value", int: "a number", float: "a number", type(None): "empty (null)"}
_QUOTABLE = re.compile(r"[^'\n]*")


def key_problem(raw: str, value: object) -> str | None:
    """Why a plain key that YAML reads as ``value`` is refused; None for text."""
    if isinstance(value, str):
        return None
    if raw == "":
        return "a key is empty: write a name before the ':'"
    quoted = f"'{raw}'" if _QUOTABLE.fullmatch(raw) else f'"{raw}"'
    return f"YAML reads the key {raw} as {_KINDS[type(value)]}, but keys must be text: put it in quotes ({quoted}:)"
