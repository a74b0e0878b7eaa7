"""Safe reading of one content file: plain YAML only, with the line and column of every value.

PyYAML's parser emits events; building values from them ourselves lets us refuse what the
content format forbids (anchors, aliases, tags, duplicate keys, oversized files) before anything is
constructed, and remember where each key and value sits so every later error can point at it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem
from .safefile import FileProblem, read_regular_file

MAX_DEPTH = 64

try:  # The C parser is about ten times faster; the pure-Python one gives the same events.
    _FastSafeLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _FastSafeLoader = yaml.SafeLoader

Pointer = tuple  # the path of a value inside a document: keys and list indexes


@dataclass
class Marks:
    """Where each value (and each mapping key) of a document starts, as 1-based (line, col)."""

    values: dict[Pointer, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Pointer, tuple[int, int]] = field(default_factory=dict)

    def value(self, pointer: Pointer) -> tuple[int, int]:
        """The closest known position: the value itself, else its nearest parent."""
        pointer = tuple(pointer)
        while pointer not in self.values and pointer:
            pointer = pointer[:-1]
        return self.values.get(pointer, (1, 1))

    def key(self, pointer: Pointer) -> tuple[int, int]:
        pointer = tuple(pointer)
        return self.keys.get(pointer) or self.value(pointer)


class YamlFile:
    """A parsed content file: its data, the marks of its values, and the first line of text.

    A file taken from the check cache comes without marks: they are found again from its text the
    first time a problem needs one, which a file without problems never does.
    """

    __slots__ = ("path", "data", "first_line", "_marks", "_text")

    def __init__(self, path: str, data: Any, marks: Marks | None, first_line: str, text: str | None = None):
        self.path, self.data, self.first_line = path, data, first_line
        self._marks, self._text = marks, text

    @property
    def marks(self) -> Marks:
        if self._marks is None:
            self._marks = _build(self._text)[1]
        return self._marks


class YamlProblem(Exception):
    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


def _scalar(event: yaml.ScalarEvent) -> Any:
    """Resolve a plain scalar the YAML 1.1 way, so `No` is a boolean the validator can flag.

    Dates are the exception: they stay text, exactly as written (YAML 1.2 and editors agree).
    """
    if event.style or not event.implicit[0]:  # quoted, block or explicitly tagged: text
        return event.value
    tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == "tag:yaml.org,2002:str" or tag == "tag:yaml.org,2002:timestamp":
        return event.value
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        value = _constructor.construct_object(node, deep=True)
    except (ValueError, OverflowError, yaml.YAMLError):
        return event.value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return event.value
    return value


def _build(text: str) -> tuple[Any, Marks]:
    marks = Marks()
    stack: list[tuple[Any, Pointer, list]] = []  # (container, pointer, [pending key, key mark])
    root: Any = None
    seen_document = False

    def place(value: Any, start) -> tuple[Any, Pointer]:
        nonlocal root
        if not stack:
            root = value
            marks.values[()] = _pos(start)
            return value, ()
        container, pointer, pending = stack[-1]
        if isinstance(container, list):
            child = pointer + (len(container),)
            container.append(value)
            marks.values[child] = _pos(start)
            return value, child
        if pending[0] is None:  # this value is a key
            if isinstance(value, (dict, list)):
                raise YamlProblem(*_pos(start), "a mapping key must be plain text")
            key = value if isinstance(value, str) else str(value)
            if key in container:
                first = marks.keys[pointer + (key,)]
                raise YamlProblem(
                    *_pos(start),
                    f"duplicate key '{key}' (first defined at line {first[0]})",
                )
            pending[0], pending[1] = key, _pos(start)
            return value, pointer
        key = pending[0]
        child = pointer + (key,)
        container[key] = value
        marks.values[child] = _pos(start)
        marks.keys[child] = pending[1]
        pending[0] = None
        return value, child

    for event in yaml.parse(text, Loader=_FastSafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(*_pos(event.start_mark), "aliases (*name) are not allowed: write the value out")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlProblem(*_pos(event.start_mark), f"anchors (&{anchor}) are not allowed: write the value out")
        tag = getattr(event, "tag", None)
        if tag is not None and isinstance(event, yaml.ScalarEvent) and event.implicit == (False, False):
            raise YamlProblem(*_pos(event.start_mark), f"tags ({tag}) are not allowed: use plain values")
        if (
            tag is not None
            and isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
            and not event.implicit
        ):
            raise YamlProblem(*_pos(event.start_mark), f"tags ({tag}) are not allowed: use plain values")
        if isinstance(event, yaml.DocumentStartEvent):
            if seen_document:
                raise YamlProblem(*_pos(event.start_mark), "only one YAML document per file (remove the '---')")
            seen_document = True
        elif isinstance(event, yaml.ScalarEvent):
            place(_scalar(event), event.start_mark)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(*_pos(event.start_mark), f"nested more than {MAX_DEPTH} levels deep")
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            _, pointer = place(container, event.start_mark)
            stack.append((container, pointer, [None, None]))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
    return root, marks


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(line, col, f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}): save it as UTF-8") from None
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise YamlProblem(line, nul - (text.rfind("\n", 0, nul) + 1) + 1, "the file contains a NUL byte")
    return text


def read_yaml(abs_path: Path, rel_path: str) -> YamlFile | Problem:
    """Read one file; return its data with marks, or the one problem that stops reading it."""
    try:
        raw = read_regular_file(abs_path)
    except FileProblem as exc:
        return Problem(rel_path, 1, 1, not_a_content_file(exc))
    return parse_yaml(raw, rel_path)


def not_a_content_file(exc: FileProblem) -> str:
    return f"{exc}: content files are YAML files" if exc.not_regular else str(exc)


def decode(raw: bytes) -> str:
    """The text of a content file; ``YamlProblem`` when it is not UTF-8 or holds a NUL byte."""
    return _decode(raw)


def parse_yaml(raw: bytes, rel_path: str) -> YamlFile | Problem:
    """The bytes of one file as data with marks, or the one problem that stops reading them."""
    text = ""
    try:
        text = _decode(raw)
        data, marks = _build(text)
    except YamlProblem as exc:
        return Problem(rel_path, exc.line, exc.col, exc.message)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        message = f"the file contains the control character {code}, which YAML does not allow"
        return Problem(rel_path, line, col, message)
    except yaml.MarkedYAMLError as exc:
        return _syntax_problem(rel_path, text, exc)
    except yaml.YAMLError as exc:
        return Problem(rel_path, 1, 1, f"YAML error: {exc}")
    first_line = text.split("\n", 1)[0]
    return YamlFile(rel_path, data, marks, first_line)


def _syntax_problem(rel_path: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """Point at the place an editor must fix, in words an editor understands."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    if exc.context_mark is not None and "quoted scalar" in context:
        mark = exc.context_mark
        return Problem(rel_path, *_pos(mark), "YAML syntax error: this quoted text is never closed")
    line, col = _pos(mark) if mark else (1, 1)
    lines = text.split("\n")
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here[: max(col, 1)] or "\t" in problem:
        col = here.find("\t") + 1 if "\t" in here else col
        return Problem(
            rel_path, line, col, "YAML syntax error: a tab character is not allowed for indentation: use spaces"
        )
    message = f"{problem} ({context})" if context and context not in problem else problem
    if "expected key" in problem or "mapping values are not allowed" in problem:
        message += ": check the indentation of this line and the one above, and quote text that holds ': '"
    return Problem(rel_path, line, col, f"YAML syntax error: {message}")
