"""A content file's data built from YAML events: one answer whatever PyYAML was built with.

The reference is PyYAML's pure-Python parser (``yamlreference``: with YAML 1.2's '?' in flow
values), with the checks below for the invalid YAML it still accepts. libyaml's parser (about ten
times faster) is used when PyYAML has it, for text where the two are known to agree: no tabs, no
directives. Whatever it refuses, whatever we refuse after it, and the two things it reads
differently (a comment glued to a block header, an empty value in a flow collection) are read again
by the reference, so values, positions and errors are the same on both paths
(tests/test_yaml_suite.py runs both on the public YAML test suite).

Positions are 1-based lines and columns in characters (code points), lines ending at \\n, \\r\\n or
\\r as in editors. Nothing is kept from one file to the next: each parse has its own parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .yamlreference import ReferenceLoader
from .yamlscalar import MAYBE_NOT_TEXT, ScalarProblem, key_problem, plain_value
from .yamlstrict import GLUED_COMMENT, OTHER_BREAKS, SPACE, Differs, Lines, StrictChecks, YamlProblem

MAX_DEPTH = 64
try:
    from yaml.cyaml import CParser as FAST_PARSER
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    FAST_PARSER = None

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


def build(text: str, fast: bool | None = None) -> tuple[Any, Marks]:
    """The data and marks of one document; ``YamlProblem`` or a ``yaml.YAMLError`` when refused.

    ``fast`` forces a path (tests run both); by default the fast one is taken when there is one."""
    if fast is None:
        fast = FAST_PARSER is not None
    if fast and "\t" not in text and not text.startswith("%") and "\n%" not in text and "\r%" not in text:
        try:
            return _Walk(text, True).run(FAST_PARSER(text))
        except (Differs, YamlProblem, yaml.YAMLError):
            pass  # the reference decides, and words the error
    return _Walk(text, False).run(ReferenceLoader(text))


class _Walk(StrictChecks):
    """One pass over the events of one text: values placed, marks kept, what YAML forbids refused."""

    def __init__(self, text: str, fast: bool):
        self.text, self.fast, self._lines = text, fast, None
        # With \n as the only line break, the parsers' own line and column are ours (both count code points).
        self.own_lines = any(ch in text for ch in OTHER_BREAKS)
        self.marks = Marks()
        self.stack: list[list] = []  # [container, pointer, pending key, key mark, flow, block column]
        self.root: Any = None
        self.glued = GLUED_COMMENT.search(text) is not None
        self.gap_from: int | None = None  # where a comment glued to the previous token could start

    @property
    def lines(self) -> Lines:
        if self._lines is None:
            self._lines = Lines(self.text)
        return self._lines

    def run(self, parser) -> tuple[Any, Marks]:
        documents = 0
        stack, values, keys, own_lines = self.stack, self.marks.values, self.marks.keys, self.own_lines
        get_event = parser.get_event
        try:
            while (event := get_event()) is not None:
                kind = event.__class__
                if kind is yaml.ScalarEvent:
                    if event.anchor is not None or event.tag is not None:
                        self._refuse_decorations(event)
                    mark = event.start_mark
                    if self.gap_from is not None:
                        self._check_gap(mark.index)
                    top = stack[-1] if stack else None
                    text, style = event.value, event.style
                    if (style == '"' or style == "'") and top is not None and not top[4]:
                        value = text  # quoted, in a block collection
                        if event.end_mark.line != mark.line:
                            self._check_continuation(event, mark.index, event.end_mark.index)
                        if self.glued:
                            self.gap_from = event.end_mark.index
                    elif style or top is None or not text or text[0] in MAYBE_NOT_TEXT:
                        value = self._scalar(event, text, top)
                    else:
                        value = text  # plain text: most values of a content file
                        if top[4]:  # in [...] or {...}
                            if own_lines or mark.column <= top[5]:
                                self._check_flow_indent(event, mark.index)
                            if self.glued:
                                self.gap_from = event.end_mark.index
                    position = self.lines.pos(mark.index) if own_lines else (mark.line + 1, mark.column + 1)
                    if top is None:
                        self.root = value
                        values[()] = position
                    elif top[0].__class__ is list:
                        child = top[1] + (len(top[0]),)
                        top[0].append(value)
                        values[child] = position
                    elif top[2] is None:
                        self._key(top, value, position, event)
                    else:
                        child = top[1] + (top[2],)
                        top[0][top[2]] = value
                        values[child] = position
                        keys[child] = top[3]
                        top[2] = None
                elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    if event.anchor is not None or event.tag is not None:
                        self._refuse_decorations(event)
                    self._open(event, kind is yaml.MappingStartEvent)
                elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    if stack.pop()[4]:
                        self._close_flow(event)
                elif kind is yaml.AliasEvent:
                    raise self._problem(event, "aliases (*name) are not allowed: write the value out")
                elif kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise self._problem(event, "only one YAML document per file (remove the '---')")
                elif kind is yaml.StreamEndEvent:
                    break
            self._check_gap(len(self.text))
        finally:
            parser.dispose()
        return self.root, self.marks

    def _problem(self, event, message: str) -> YamlProblem:
        return YamlProblem(*self.lines.pos(event.start_mark.index), message)

    def _refuse_decorations(self, event) -> None:
        if event.anchor is not None:
            raise self._problem(event, f"anchors (&{event.anchor}) are not allowed: write the value out")
        raise self._problem(event, f"tags ({event.tag}) are not allowed: use plain values")

    def _block_column(self) -> int:
        return self.stack[-1][5] if self.stack else -1

    def _scalar(self, event, text: str, top: list | None) -> Any:
        """The value of a scalar that may not be plain text, checked as YAML requires."""
        start, style = event.start_mark.index, event.style
        in_flow = top is not None and top[4]
        if in_flow:
            self._check_flow_indent(event, start)
        if style in ("|", ">"):
            self._check_block_scalar(event, start)
            return text
        if style:  # quoted
            end = event.end_mark.index
            if event.end_mark.line != event.start_mark.line:  # the parsers' line breaks include ours
                self._check_continuation(event, start, end)
            self.gap_from = end
            return text
        if in_flow and self.fast and not text:
            raise Differs  # libyaml places an empty flow value elsewhere
        after = self.text[start + 1 : start + 2]  # a plain value starts with - ? : only glued to text
        if text[:1] in ("-", "?", ":") and (not after or after in SPACE or (in_flow and after in ",[]{}")):
            raise self._problem(event, f"a value cannot start with a lone '{text[0]}': put the text in quotes")
        try:
            value = plain_value(text)
        except ScalarProblem as exc:
            raise self._problem(event, str(exc)) from None
        if top is not None and top[2] is None and top[0].__class__ is dict and (why := key_problem(text, value)):
            raise self._problem(event, why)
        if in_flow:
            self.gap_from = event.end_mark.index
        return value

    def _key(self, top: list, value: Any, position: tuple[int, int], event) -> None:
        if isinstance(value, (dict, list)):
            raise self._problem(event, "a mapping key must be plain text")
        if value in top[0]:
            first = self.marks.keys[top[1] + (value,)]
            raise self._problem(event, f"duplicate key '{value}' (first defined at line {first[0]})")
        top[2], top[3] = value, position

    def _open(self, event, mapping: bool) -> None:
        stack = self.stack
        if len(stack) >= MAX_DEPTH:
            raise self._problem(event, f"nested more than {MAX_DEPTH} levels deep")
        mark = event.start_mark
        if self.gap_from is not None:
            self._check_gap(mark.index)
        flow = bool(event.flow_style)
        if stack and stack[-1][4]:
            self._check_flow_indent(event, mark.index)
        container: Any = {} if mapping else []
        position = self.lines.pos(mark.index) if self.own_lines else (mark.line + 1, mark.column + 1)
        if not stack:
            self.root, pointer = container, ()
            self.marks.values[()] = position
        else:
            top = stack[-1]
            if top[0].__class__ is list:
                pointer = top[1] + (len(top[0]),)
                top[0].append(container)
            elif top[2] is None:
                self._key(top, container, position, event)
            else:
                pointer = top[1] + (top[2],)
                top[0][top[2]] = container
                self.marks.keys[pointer] = top[3]
                top[2] = None
            self.marks.values[pointer] = position
        column = self._block_column() if flow else position[1] - 1
        stack.append([container, pointer, None, None, flow, column])

    def _close_flow(self, event) -> None:
        """The end of a flow collection: its bracket is where the text says."""
        start = event.start_mark.index
        self._check_gap(start)
        self._check_flow_indent(event, start, self._block_column())
        self.gap_from = event.end_mark.index
