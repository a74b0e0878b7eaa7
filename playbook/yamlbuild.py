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

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .yamlreference import ReferenceLoader
from .yamlscalar import ScalarProblem, key_problem, plain_value

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


class YamlProblem(Exception):
    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


class _Differs(Exception):
    """The fast parser met something the reference reads differently: read the file again."""


_LINE_BREAK = re.compile(r"\r\n?|\n")
_BLOCK_HEADER = re.compile(r"[-+1-9]{0,2}(?:[ \t][^\r\n]*)?(?:\r?\n|\r|$)")
_GLUED_COMMENT = re.compile(r"[\"'\]},]#")
_SPACE = " \t\r\n"


class Lines:
    """Line and column of a character index."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def pos(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1

    def end_of_line(self, index: int) -> int:
        line = bisect.bisect_right(self.starts, index)
        return self.starts[line] if line < len(self.starts) else len(self.text)


def build(text: str, fast: bool | None = None) -> tuple[Any, Marks]:
    """The data and marks of one document; ``YamlProblem`` or a ``yaml.YAMLError`` when refused.

    ``fast`` forces a path (tests run both); by default the fast one is taken when there is one."""
    if fast is None:
        fast = FAST_PARSER is not None
    if fast and "\t" not in text and not text.startswith("%") and "\n%" not in text and "\r%" not in text:
        try:
            return _Walk(text, True).run(FAST_PARSER(text))
        except (_Differs, YamlProblem, yaml.YAMLError):
            pass  # the reference decides, and words the error
    return _Walk(text, False).run(ReferenceLoader(text))


class _Walk:
    """One pass over the events of one text: values placed, marks kept, what YAML forbids refused."""

    def __init__(self, text: str, fast: bool):
        self.text, self.fast, self.lines = text, fast, Lines(text)
        self.marks = Marks()
        self.stack: list[list] = []  # [container, pointer, pending key, key mark, flow, block column]
        self.root: Any = None
        self.glued = _GLUED_COMMENT.search(text) is not None
        self.gap_from: int | None = None  # where a comment glued to the previous token could start

    def run(self, parser) -> tuple[Any, Marks]:
        documents = 0
        try:
            while parser.check_event():
                event = parser.get_event()
                kind = event.__class__
                if kind is yaml.ScalarEvent:
                    self._refuse_decorations(event)
                    self._scalar(event)
                elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    self._refuse_decorations(event)
                    self._open(event, kind is yaml.MappingStartEvent)
                elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    self._close(event)
                elif kind is yaml.AliasEvent:
                    raise self._problem(event, "aliases (*name) are not allowed: write the value out")
                elif kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise self._problem(event, "only one YAML document per file (remove the '---')")
            self._check_gap(len(self.text))
        finally:
            parser.dispose()
        return self.root, self.marks

    def _problem(self, event, message: str, index: int | None = None) -> YamlProblem:
        return YamlProblem(*self.lines.pos(event.start_mark.index if index is None else index), message)

    def _refuse_decorations(self, event) -> None:
        if event.anchor is not None:
            raise self._problem(event, f"anchors (&{event.anchor}) are not allowed: write the value out")
        if event.tag is not None:
            raise self._problem(event, f"tags ({event.tag}) are not allowed: use plain values")

    def _block_column(self) -> int:
        return self.stack[-1][5] if self.stack else -1

    def _scalar(self, event) -> None:
        start, style, text = event.start_mark.index, event.style, event.value
        self._check_gap(start)
        top = self.stack[-1] if self.stack else None
        in_flow = top is not None and top[4]
        if in_flow:
            self._check_flow_indent(event, start)
        if style in ("|", ">"):
            self._check_block_scalar(event, start)
            value: Any = text
        elif style:  # quoted
            end = event.end_mark.index
            if self.text.find("\n", start, end) >= 0 or self.text.find("\r", start, end) >= 0:
                self._check_continuation(event, start, end)
            value = text
            self.gap_from = end
        else:
            if in_flow and self.fast and not text:
                raise _Differs  # libyaml places an empty flow value elsewhere
            after = self.text[start + 1 : start + 2]  # a plain value starts with - ? : only glued to text
            if text[:1] in ("-", "?", ":") and (not after or after in _SPACE or (in_flow and after in ",[]{}")):
                raise self._problem(event, f"a value cannot start with a lone '{text[0]}': put the text in quotes")
            try:
                value = plain_value(text, event.implicit)
            except ScalarProblem as exc:
                raise self._problem(event, str(exc)) from None
            if top is not None and top[2] is None and top[0].__class__ is dict and (why := key_problem(text, value)):
                raise self._problem(event, why)
            if in_flow:
                self.gap_from = event.end_mark.index
        self._place(value, start, event)

    def _open(self, event, mapping: bool) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise self._problem(event, f"nested more than {MAX_DEPTH} levels deep")
        start = event.start_mark.index
        self._check_gap(start)
        flow = bool(event.flow_style)
        if self.stack and self.stack[-1][4]:
            self._check_flow_indent(event, start)
        container: Any = {} if mapping else []
        pointer = self._place(container, start, event)
        column = self._block_column() if flow else self.lines.pos(start)[1] - 1
        self.stack.append([container, pointer, None, None, flow, column])

    def _close(self, event) -> None:
        entry = self.stack.pop()
        if entry[4]:  # a flow collection: its bracket is where the text says
            start = event.start_mark.index
            self._check_gap(start)
            self._check_flow_indent(event, start, self._block_column())
            self.gap_from = event.end_mark.index

    def _place(self, value: Any, start: int, event) -> Pointer:
        position = self.lines.pos(start)
        if not self.stack:
            self.root = value
            self.marks.values[()] = position
            return ()
        top = self.stack[-1]
        container, pointer = top[0], top[1]
        if container.__class__ is list:
            child = pointer + (len(container),)
            container.append(value)
            self.marks.values[child] = position
            return child
        if top[2] is None:  # this value is a key
            if isinstance(value, (dict, list)):
                raise self._problem(event, "a mapping key must be plain text")
            if value in container:
                first = self.marks.keys[pointer + (value,)]
                raise self._problem(event, f"duplicate key '{value}' (first defined at line {first[0]})")
            top[2], top[3] = value, position
            return pointer
        child = pointer + (top[2],)
        container[top[2]] = value
        self.marks.values[child] = position
        self.marks.keys[child] = top[3]
        top[2] = None
        return child

    # The invalid YAML both parsers accept ------------------------------------------------------

    def _check_gap(self, until: int) -> None:
        """A '#' right after a quoted value, a flow value or a closing bracket is not a comment."""
        if self.gap_from is None:
            return
        begin, self.gap_from = self.gap_from, None
        if not self.glued:
            return
        end = min(until, self.lines.end_of_line(begin))
        hash_at = self.text.find("#", begin, end)
        while hash_at >= 0:
            if hash_at == begin or self.text[hash_at - 1] not in _SPACE:
                line, col = self.lines.pos(hash_at)
                raise YamlProblem(line, col, "a comment needs a space before its '#' (or put the text in quotes)")
            hash_at = self.text.find("#", hash_at + 1, end)

    def _check_flow_indent(self, event, start: int, column: int | None = None) -> None:
        """A line inside [...] or {...} under a key must be indented more than that key."""
        column = self._block_column() if column is None else column
        line, col = self.lines.pos(start)
        if column >= 0 and col - 1 <= column and not self.text[self.lines.starts[line - 1] : start].strip(" "):
            raise YamlProblem(line, col, "this line of a [...] or {...} value must be indented more than its key")

    def _check_continuation(self, event, start: int, end: int) -> None:
        """Each further line of a quoted value under a key must be indented more than that key."""
        column = self._block_column()
        if column < 0:
            return
        first = bisect.bisect_right(self.lines.starts, start)
        for line_start in self.lines.starts[first:]:
            if line_start >= end:
                break
            line = self.text[line_start : min(self.lines.end_of_line(line_start), end)]
            if line.strip() and len(line) - len(line.lstrip(" ")) <= column:
                line_no, col = self.lines.pos(line_start)
                raise YamlProblem(line_no, col, "this line of a quoted value must be indented more than its key")

    def _check_block_scalar(self, event, start: int) -> None:
        """A block header (| or >) takes no glued comment; leading empty lines no deeper than the text."""
        header_end = self.lines.end_of_line(start)
        header = self.text[start + 1 : header_end]
        if not _BLOCK_HEADER.fullmatch(header):
            if self.fast:
                raise _Differs
            return
        if any(ch.isdigit() for ch in header.split("#")[0]):
            return  # the indentation is given, not detected
        column, blank = self._block_column(), []
        for line_start in self.lines.starts[bisect.bisect_right(self.lines.starts, start) :]:
            line = self.text[line_start : self.lines.end_of_line(line_start)].rstrip("\r\n")
            if line.strip(" "):
                depth = len(line) - len(line.lstrip(" "))
                for where, width in blank:
                    if depth > column and width > depth:
                        line_no, col = self.lines.pos(where)
                        raise YamlProblem(
                            line_no, col, "an empty line at the start of this block text has more spaces than its text"
                        )
                return
            blank.append((line_start, len(line)))
