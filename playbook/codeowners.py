"""Review routing: a change to a principle asks its owner for review, through the code host's CODEOWNERS.

``owners:`` in playbook.yml maps owner ids to handles ("@example/sales-enablement"); each principle's
``owner`` names one of them. ``playbook codeowners`` writes one line per owned principle file into a
marked section of CODEOWNERS (lines outside it are the team's own and are kept); ``playbook check``
warns when that section no longer says what the owners say.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from . import model
from .problems import Problem
from .suggest import did_you_mean
from .yamlfile import YamlFile

# Where GitHub looks for the file, in its order; a new file goes in the first place.
PLACES = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
BEGIN = "# playbook codeowners: begin (written by `playbook codeowners` from playbook.yml; do not edit)"
END = "# playbook codeowners: end"


def owners_map(book: YamlFile | None) -> dict[str, str] | None:
    """The ``owners`` map of playbook.yml, or None when it has none (then any owner text is allowed)."""
    owners = book.data.get("owners") if book is not None else None
    if not isinstance(owners, dict):
        return None
    return {key: value for key, value in owners.items() if isinstance(key, str) and isinstance(value, str)}


def owner_problems(root: Path, book: YamlFile | None, principle_docs: Iterable[YamlFile]) -> list[Problem]:
    """Owners that are not keys of ``owners`` (errors), and a CODEOWNERS file that drifted (a warning)."""
    owners = owners_map(book)
    if owners is None:
        return []
    problems = []
    entries = []
    for doc in principle_docs:
        owner = doc.data.get("owner")
        if not isinstance(owner, str):
            continue
        if owner in owners:
            entries.append((doc.path, owners[owner]))
            continue
        line, col = doc.marks.value(("owner",))
        hint = did_you_mean(owner, sorted(owners))
        message = f"unknown owner '{owner}'{hint}: owners are listed in {book.path}"
        problems.append(Problem(doc.path, line, col, message))
    drift = drift_problem(root, section(entries))
    return problems + ([drift] if drift else [])


def section(entries: Iterable[tuple[str, str]]) -> list[str]:
    """The generated lines: each principle file (relative to the repository root) and its owner."""
    lines = [f"/{_escape(path)} {handle}" for path, handle in sorted(entries)]
    return [BEGIN, *lines, END]


def playbook_section(playbook: model.Playbook) -> list[str]:
    """The generated lines for a loaded playbook (its owners and each principle's ``owner``)."""
    owned = [p for p in playbook.principles.values() if p.owner in playbook.owners]
    return section((p.path, playbook.owners[p.owner]) for p in owned)


def find(root: Path) -> Path | None:
    """The repository's CODEOWNERS file, where GitHub would read it."""
    for place in PLACES:
        if (root / place).is_file():
            return root / place
    return None


def updated(text: str, lines: list[str]) -> str:
    """``text`` with its generated section replaced by ``lines`` (added at the end when missing)."""
    old = text.splitlines()
    if BEGIN in old and END in old[old.index(BEGIN) :]:
        start = old.index(BEGIN)
        end = old.index(END, start)
        new = old[:start] + lines + old[end + 1 :]
    else:
        new = [*old, *([""] if old and old[-1].strip() else []), *lines]
    return "\n".join(new) + "\n"


def drift_problem(root: Path, lines: list[str]) -> Problem | None:
    """A warning when the CODEOWNERS file exists and its generated section is not ``lines``."""
    path = find(root)
    if path is None:
        return None
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if updated(text, lines) == text:
        return None
    current = text.splitlines()
    line = current.index(BEGIN) + 1 if BEGIN in current else 1
    rel = path.relative_to(root).as_posix()
    return Problem(
        rel,
        line,
        1,
        "out of date with the owners in playbook.yml and the principles' `owner`: run `playbook codeowners`",
        "warning",
    )


def _escape(path: str) -> str:
    """CODEOWNERS patterns end at whitespace and treat # as a comment."""
    return path.replace("\\", "\\\\").replace(" ", "\\ ").replace("#", "\\#")
