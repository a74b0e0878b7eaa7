"""The invalid YAML that PyYAML's parsers accept, refused; and where a character index is.

Both parsers take a comment glued to a quoted value or a closing bracket, lines of a [...] or a
quoted value that are not indented under their key, and empty lines deeper than the text at the
start of a block value; YAML does not (see the invalid cases of the YAML test suite).
``StrictChecks`` is the part of the reader's walk over the events that refuses them.
"""

from __future__ import annotations

import bisect
import re


class YamlProblem(Exception):
    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


class Differs(Exception):
    """The fast parser met something the reference reads differently: read the file again."""


_LINE_BREAK = re.compile(r"\r\n?|\n")
_BLOCK_HEADER = re.compile(r"[-+1-9]{0,2}(?:[ \t][^\r\n]*)?(?:\r?\n|\r|$)")
GLUED_COMMENT = re.compile(r"[\"'\]},]#")
SPACE = " \t\r\n"
OTHER_BREAKS = "\r\x85\u2028\u2029"  # line breaks to the parsers besides \n


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


class StrictChecks:
    """Checks over the text, for a walk that has ``text``, ``fast``, ``own_lines``, ``lines``,
    ``gap_from``, ``glued`` and ``_block_column()``."""

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
            if hash_at == begin or self.text[hash_at - 1] not in SPACE:
                line, col = self.lines.pos(hash_at)
                raise YamlProblem(line, col, "a comment needs a space before its '#' (or put the text in quotes)")
            hash_at = self.text.find("#", hash_at + 1, end)

    def _check_flow_indent(self, event, start: int, column: int | None = None) -> None:
        """A line inside [...] or {...} under a key must be indented more than that key."""
        column = self._block_column() if column is None else column
        if column < 0 or (not self.own_lines and event.start_mark.column > column):
            return  # a flow at the top, or a line indented enough (the parsers' column is ours)
        line, col = self.lines.pos(start)
        if col - 1 <= column and not self.text[self.lines.starts[line - 1] : start].strip(" "):
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

    def _end_of_line(self, index: int) -> int:
        """Where the line after ``index`` starts (the end of the text for the last line)."""
        if self.own_lines:
            return self.lines.end_of_line(index)
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def _check_block_scalar(self, event, start: int) -> None:
        """A block header (| or >) takes no glued comment; leading empty lines no deeper than the text."""
        text, header_end = self.text, self._end_of_line(start)
        header = text[start + 1 : header_end]
        if not _BLOCK_HEADER.fullmatch(header):
            if self.fast:
                raise Differs
            return
        if any(ch.isdigit() for ch in header.split("#")[0]):
            return  # the indentation is given, not detected
        column, blank, line_start = self._block_column(), [], header_end
        while line_start < len(text):
            line_end = self._end_of_line(line_start)
            line = text[line_start:line_end].rstrip("\r\n")
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
            line_start = line_end
