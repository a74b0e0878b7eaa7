"""Safe reading of one content file: plain YAML only, with the line and column of every value.

PyYAML's parser emits events; building values from them ourselves lets us refuse what the
content format forbids (anchors, aliases, tags, duplicate keys, oversized files) before anything is
constructed, and remember where each key and value sits so every later error can point at it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .problems import Problem
from .safefile import FileProblem, read_regular_file
from .yamlbuild import Marks, Pointer, build
from .yamlstrict import Lines, YamlProblem

__all__ = ["Marks", "Pointer", "YamlFile", "YamlProblem", "decode", "parse_yaml", "read_yaml"]


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
            self._marks = build(self._text)[1]
        return self._marks


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = Lines(raw[: exc.start].decode("utf-8")).pos(len(raw[: exc.start].decode("utf-8")))
        raise YamlProblem(line, col, f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}): save it as UTF-8") from None
    nul = text.find("\0")
    if nul >= 0:
        raise YamlProblem(*Lines(text).pos(nul), "the file contains a NUL byte")
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


def parse_yaml(raw: bytes, rel_path: str, fast: bool | None = None) -> YamlFile | Problem:
    """The bytes of one file as data with marks, or the one problem that stops reading them.

    ``fast`` forces the parser (see ``yamlbuild.build``); the answer is the same either way."""
    text = ""
    try:
        text = _decode(raw)
        data, marks = build(text, fast)
    except YamlProblem as exc:
        return Problem(rel_path, exc.line, exc.col, exc.message)
    except yaml.reader.ReaderError as exc:
        line, col = Lines(text).pos(exc.position)
        code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        message = f"the file contains the control character {code}, which YAML does not allow"
        return Problem(rel_path, line, col, message)
    except yaml.MarkedYAMLError as exc:
        return _syntax_problem(rel_path, text, exc)
    except yaml.YAMLError as exc:  # pragma: no cover - every error of the parsers has a mark
        return Problem(rel_path, 1, 1, f"YAML error: {exc}")
    first_line = text.split("\n", 1)[0]
    return YamlFile(rel_path, data, marks, first_line)


def _syntax_problem(rel_path: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """Point at the place an editor must fix, in words an editor understands."""
    lines = Lines(text)
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    if exc.context_mark is not None and "quoted scalar" in context:
        where = lines.pos(exc.context_mark.index)
        return Problem(rel_path, *where, "YAML syntax error: this quoted text is never closed")
    line, col = lines.pos(mark.index) if mark else (1, 1)
    here = text[lines.starts[line - 1] : lines.end_of_line(lines.starts[line - 1])] if mark else ""
    if "\t" in here[: max(col, 1)] or "\t" in problem:
        col = here.find("\t") + 1 if "\t" in here else col
        return Problem(
            rel_path, line, col, "YAML syntax error: a tab character is not allowed for indentation: use spaces"
        )
    message = f"{problem} ({context})" if context and context not in problem else problem
    if "expected key" in problem or "mapping values are not allowed" in problem:
        message += ": check the indentation of this line and the one above, and quote text that holds ': '"
    return Problem(rel_path, line, col, f"YAML syntax error: {message}")
