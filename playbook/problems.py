"""Problems found in content, and how they are printed.

Every mistake an editor can make becomes one ``Problem`` pointing at a file, line and column, so
the CLI, the MkDocs plugin and CI annotations all say the same thing in the same words.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal
from urllib.parse import quote

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    message: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        return f"{printable(self.path)}:{self.line}:{self.col}: {self.severity}: {printable(self.message)}"


# Characters from content that must not reach a terminal or a CI log as they are: line breaks would
# split one problem over two lines (the second could read as a `::error` workflow command), escape
# sequences drive terminals, bidirectional controls reorder what the reader sees.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group(0)
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def printable(text: str, *, keep: str = "") -> str:
    """``text`` on one line, with control, line-breaking and bidirectional characters as escapes
    (but those in ``keep``, which the caller's format encodes its own way)."""
    return _UNSAFE.sub(lambda m: m.group(0) if m.group(0) in keep else _escape(m), text)


def _sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line, problem.col, problem.message)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Stable order (file, line, column) so output and tests do not depend on load order."""
    return sorted(set(problems), key=_sort_key)


def format_text(problems: list[Problem]) -> str:
    return "".join(f"{p}\n" for p in problems)


def _github_escape(value: str, *, property_value: bool = False) -> str:
    """GitHub's own encoding: %0A is a line break inside the annotation, never a new command."""
    value = printable(value, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands: each problem lands as an annotation on its file and line."""
    lines = []
    for p in problems:
        props = ",".join(
            [
                f"file={_github_escape(p.path, property_value=True)}",
                f"line={p.line}",
                f"col={p.col}",
                f"title={_github_escape('playbook check', property_value=True)}",
            ]
        )
        lines.append(f"::{p.severity} {props}::{_github_escape(p.message)}\n")
    return "".join(lines)


def format_json(problems: list[Problem]) -> str:
    """Stable machine-readable output: {"errors": n, "warnings": n, "problems": [...]}."""
    payload = {
        "errors": sum(p.is_error for p in problems),
        "warnings": sum(not p.is_error for p in problems),
        "problems": [{**asdict(p), "path": printable(p.path), "message": printable(p.message)} for p in problems],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


SUMMARY_LIMIT = 900_000  # characters; GitHub refuses a job summary over 1 MiB per step


def escape_markdown(text: str) -> str:
    """Backslash-escape what GitHub would read as markup, HTML, an entity or an @mention."""
    return "".join(f"\\{ch}" if ch in "\\`*_[]<>|~&@#" else ch for ch in text)


def _blob_url() -> str | None:
    """Where a file of the checked commit is shown on GitHub, from the variables every job has."""
    server, repo, sha = (os.environ.get(name) for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    return f"{server}/{repo}/blob/{sha}/" if server and repo and sha else None


def format_summary(problems: list[Problem]) -> str:
    """Markdown for the job summary (``$GITHUB_STEP_SUMMARY``): every problem, grouped by file, each
    linked to its line. GitHub shows only 10 error and 10 warning annotations per step; this shows all."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "### Playbook check: no problems\n"
    counts = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in ((errors, "error"), (warnings, "warning")) if n]
    out = [f"### Playbook check: {', '.join(counts)}"]
    base = _blob_url()
    size = len(out[0])
    by_file: dict[str, list[Problem]] = {}
    for p in problems:
        by_file.setdefault(p.path, []).append(p)
    shown = 0
    for path, found in by_file.items():
        url = base + quote(path) if base else None
        name = f"`{path}`" if "`" not in path else escape_markdown(path)
        lines = ["", f"#### [{name}]({url})" if url else f"#### {name}", ""]
        for p in found:
            where = f"line {p.line}, column {p.col}"
            where = f"[{where}]({url}#L{p.line})" if url else where
            lines.append(f"- **{p.severity}** {where}: {escape_markdown(p.message)}")
        if size + sum(len(line) + 1 for line in lines) > SUMMARY_LIMIT:
            break
        out += lines
        size += sum(len(line) + 1 for line in lines)
        shown += len(found)
    if shown < len(problems):
        out += ["", f"... and {len(problems) - shown} more: run `playbook check` to see them all."]
    return "\n".join(out) + "\n"


FORMATTERS = {"text": format_text, "github": format_github, "json": format_json, "summary": format_summary}
