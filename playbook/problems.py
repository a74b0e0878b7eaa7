"""Problems found in content, and how they are printed.

Every mistake an editor can make becomes one ``Problem`` pointing at a file, line and column, so
the CLI, the MkDocs plugin and CI annotations all say the same thing in the same words.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

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
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"


class ContentError(Exception):
    """Raised by the core when content cannot be turned into a playbook; holds every problem."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


def _sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line, problem.col, problem.message)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Stable order (file, line, column) so output and tests do not depend on load order."""
    return sorted(set(problems), key=_sort_key)


def format_text(problems: list[Problem]) -> str:
    return "".join(f"{p}\n" for p in problems)


def _github_escape(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
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
        "problems": [asdict(p) for p in problems],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


FORMATTERS = {"text": format_text, "github": format_github, "json": format_json}
