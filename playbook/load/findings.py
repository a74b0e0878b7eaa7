"""What one load has found: problems, and ``[[id]]`` mentions to check once every id is known.

Every rule of the loader reports through one of these, at the
file, line and column of the value it judges, so a rule never needs to know whether it runs on a
fresh file, for the read cache, or inside a guarded step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..mdcheck import bad_links
from ..problems import Problem
from ..suggest import did_you_mean
from ..urls import principle_mentions
from ..yamlfile import YamlFile


class Findings:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.mentions: list[tuple[YamlFile, tuple, str]] = []  # [[id]] links, checked once all ids are known

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def error(self, doc: YamlFile, pointer: tuple, message: str, *, key: bool = False) -> None:
        line, col = doc.marks.key(pointer) if key else doc.marks.value(pointer)
        self.problems.append(Problem(doc.path, line, col, message))

    def warn(self, doc: YamlFile, pointer: tuple, message: str, *, key: bool = False) -> None:
        line, col = doc.marks.key(pointer) if key else doc.marks.value(pointer)
        self.problems.append(Problem(doc.path, line, col, message, "warning"))

    def guarded(self, path: str, step, *args):
        """Run one file's step; a bug of ours becomes one clear line naming that file."""
        try:
            return step(*args)
        except Exception as exc:  # noqa: BLE001 - never a traceback for an editor
            self.problems.append(
                Problem(
                    path,
                    1,
                    1,
                    f"internal error while checking this file ({type(exc).__name__}: {exc}); please report it",
                )
            )
            return None

    def check_ref(self, doc: YamlFile, pointer: tuple, noun: str, value: Any, known, *, key: bool = False) -> bool:
        """Report a reference that names nothing in ``known`` (``None``: nothing to check against)."""
        if known is None or not isinstance(value, str) or value in known:
            return True
        self.error(doc, pointer, f"unknown {noun} '{value}'{did_you_mean(value, sorted(known))}", key=key)
        return False

    def check_markdown(self, doc: YamlFile, pointer: tuple, value: Any) -> None:
        if isinstance(value, str):
            self.mentions.extend((doc, pointer, mentioned) for mentioned in principle_mentions(value))
            for url in bad_links(value):
                self.error(
                    doc, pointer, f"the link '{url}' is not allowed: use http:, https:, mailto: or a relative link"
                )
