"""The diff as a reviewer reads it: plain text for a terminal, Markdown for a pull-request comment.

The head's errors come first, then the references a rename left behind, then every change, then
the files that could not be compared. ``phrasing`` writes each change as a line.
"""

from __future__ import annotations

import re

from ..layout import PLAYBOOK_FILE
from .changes import STATUSES, Comparison, PlaybookDiff, SubjectDiff
from .dangling import Reference
from .phrasing import Line, Markdown, Plain, change_line, page_line


def _formerly_hint(diff: SubjectDiff, m: Plain) -> list[Line]:
    """A rename breaks every bookmark and CRM note that links the old page, unless the old id is kept."""
    if diff.old_id in diff.formerly:
        return []
    entry = m.code(f"formerly: [{', '.join([*diff.formerly, diff.old_id])}]")
    body = f"add {entry} to {m.code(diff.path)}, so links to the old page lead to the new one"
    return [(1, "?", "Suggestion:", body)]


def _references_hint(diff: SubjectDiff, references: list[Reference], m: Plain) -> list[Line]:
    old = diff.old_id or diff.id
    count = sum(1 for r in references if r.target.partition("/")[0] == old and not r.already)
    if not count:
        return []
    body = f"{count} reference{'s' if count > 1 else ''} to fix: see References to fix"
    return [(1, "?", "Suggestion:", body)]


def _subject_lines(diff: SubjectDiff, comparison: Comparison, m: Plain) -> list[Line]:
    name = f"{m.code(diff.id)}: {m.quote(diff.title)}"
    pause = _pause_namer(comparison.diff, m)
    hints = _references_hint(diff, comparison.references, m)
    if diff.status == "added":
        stage = f" (stage {m.em(diff.stage)})" if diff.stage and diff.subject == "principle" else ""
        lines = [(0, "+", "Added", f"{name}{stage}")]
    elif diff.status == "removed":
        lines = [(0, "-", "Removed", name), *hints]
    elif diff.status == "renamed":
        lines = [(0, ">", "Renamed", f"{m.code(diff.old_id)} {m.arrow} {name}"), *_formerly_hint(diff, m), *hints]
    else:
        lines = [(0, "~", "Changed", name), *hints]
    own = [c for c in diff.changes if not c.field.startswith("page.")]
    if diff.status in ("added", "removed"):
        own = [c for c in own if c.kind == "moved"]  # an objection that moved in or out is worth a line
    for cause in diff.causes:
        if cause is None:
            because = "by edits to the sheet"
        else:
            because = f"because {m.code(cause)} changed"
        lines.append((1, "", "", f"Printed page changed {because}:"))
        lines += [page_line(c, m, 2, pause) for c in diff.changes if c.field.startswith("page.") and c.cause == cause]
    lines += _reprints(diff, comparison.diff, m)
    lines += [change_line(c, m, 1, pause, subject=diff.id) for c in own]
    return lines


def _reprints(diff: SubjectDiff, whole: PlaybookDiff, m: Plain) -> list[Line]:
    """The call sheets a principle's change reaches on paper: each must be printed again."""
    if diff.subject != "principle":
        return []
    sheets = [s.id for s in whole.sheets if any(c.cause == diff.id for c in s.changes)]
    if not sheets:
        return []
    return [(1, "", "", f"Printed on call sheet{'s' if len(sheets) > 1 else ''} {', '.join(map(m.code, sheets))}")]


def _pause_namer(diff: PlaybookDiff, m: Plain):
    def pause(pause_id: str | None) -> str:
        return m.em(diff.pause_titles.get(pause_id or "", pause_id or ""))

    return pause


def _counts(diffs: list[SubjectDiff], noun: str) -> str:
    """'1 principle added, 2 changed': the noun once, with the first count."""
    counted: dict[str, int] = {}
    for d in diffs:
        counted[d.status] = counted.get(d.status, 0) + 1
    parts = [(n, status) for status in STATUSES if (n := counted.get(status))]
    words = [
        f"{n} {noun if n == 1 else noun + 's'} {status}" if i == 0 else f"{n} {status}"
        for i, (n, status) in enumerate(parts)
    ]
    return ", ".join(words)


def summary(diff: PlaybookDiff) -> str:
    parts = [_counts(diff.principles, "principle"), _counts(diff.sheets, "call sheet")]
    if diff.book:
        parts.insert(0, f"{PLAYBOOK_FILE} changed")
    return "no changes" if diff.empty else "; ".join(p for p in parts if p)


def _headline(comparison: Comparison, m: Plain) -> str:
    """The summary, then how many errors the head has: the two things a reviewer decides on."""
    said, head = summary(comparison.diff), comparison.head
    if head.errors:
        n = len(head.errors)
        said += f"; {m.code(head.revision.name)} has {n} content error{'' if n == 1 else 's'}"
    return said


def _reference_line(ref: Reference, base: str, m: Plain) -> Line:
    where = m.code(f"{ref.path}:{ref.line}:{ref.col}")
    if ref.mention:
        what = m.code(f"[[{ref.target}]]")
        now = m.code(f"[[{ref.successor}]]") if ref.successor else None
    else:
        what, now = f"{ref.field}: {m.code(ref.target)}", m.code(ref.successor) if ref.successor else None
    already = f" (already in {m.code(base)})" if ref.already else ""
    if now:
        return (0, "", "", f"{where}: {what} {m.arrow} {now}{already}")
    return (0, "", "", f"{where}: {what} names nothing that exists: remove it or name another{already}")


def _sections(comparison: Comparison, m: Plain) -> list[tuple[str, list[Line]]]:
    sections = []
    for read in (comparison.head, comparison.base):
        if read.errors:
            before = " (before this change)" if read is comparison.base else ""
            title = f"Errors in {m.code(read.revision.name)}{before}"
            sections.append((title, [(0, "", "", str(p)) for p in read.errors]))
    if comparison.references:
        base = comparison.base.revision.name
        sections.append(("References to fix", [_reference_line(r, base, m) for r in comparison.references]))
    diff = comparison.diff
    if diff.book:
        sections.append(("Playbook", [change_line(c, m, 0, _pause_namer(diff, m)) for c in diff.book]))
    for title, subjects in (("Principles", diff.principles), ("Call sheets", diff.sheets)):
        if subjects:
            sections.append((title, [line for d in subjects for line in _subject_lines(d, comparison, m)]))
    aside = [
        (0, "", "", f"{m.code(rel)}: {why} in {m.code(read.revision.name)}")
        for read in (comparison.head, comparison.base)
        for rel, why in sorted(read.left_out.items())
    ]
    aside += [
        (0, "", "", f"printed call sheets: they could not be assembled in {m.code(read.revision.name)}")
        for read in comparison.unprinted
    ]
    if aside:
        sections.append(("Not compared", aside))
    return sections


def report_text(comparison: Comparison) -> str:
    m = Plain()
    base, head = comparison.base.revision, comparison.head.revision
    out = [f"Playbook changes from {m.code(str(base))} to {m.code(str(head))}: {_headline(comparison, m)}"]
    for title, lines in _sections(comparison, m):
        out.append(f"\n{title}")
        for depth, mark, _, body in lines:
            out.append(f"{'  ' * (depth + 1)}{mark + ' ' if mark else ''}{body}")
    return "\n".join(out) + "\n"


def report_markdown(comparison: Comparison) -> str:
    m = Markdown()
    base, head = comparison.base.revision, comparison.head.revision
    said = _headline(comparison, m)
    out = [
        f"### Playbook changes: {m.code(base.name)} {m.arrow} {m.code(head.name)}",
        "",
        f"{_sentence(said)} ({m.code(base.commit[:7])}...{m.code(head.commit[:7])}).",
    ]
    for title, lines in _sections(comparison, m):
        out += ["", f"#### {title}", ""]
        if title.startswith("Errors"):
            out += _code_block([body for _, _, _, body in lines])
            continue
        for depth, _, verb, body in lines:
            out.append(f"{'  ' * depth}- {f'**{verb}** ' if verb else ''}{body}")
    return "\n".join(out) + "\n"


def _sentence(said: str) -> str:
    """The headline as a sentence; a file name keeps its case."""
    return said if said.startswith(PLAYBOOK_FILE) else said[0].upper() + said[1:]


def _code_block(lines: list[str]) -> list[str]:
    """Problems verbatim: inside a fence longer than any run of backticks in them, nothing is markup."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", *lines, fence]


REPORTS = {"text": report_text, "markdown": report_markdown}
