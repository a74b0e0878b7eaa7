"""The diff as a reviewer reads it: plain text for a terminal, Markdown for a pull-request comment.

Content text is quoted, never interpreted: in Markdown it is escaped so a comment carries no markup,
HTML or @mention from a content file.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..problems import escape_markdown
from .changes import STATUSES, Change, Comparison, ItemChange, PlaybookDiff, PrincipleDiff, SheetDiff, flat


class _Plain:
    """Inline markup for a terminal."""

    arrow = "->"

    def code(self, text: str) -> str:
        return text

    def quote(self, text: str) -> str:
        return f'"{flat(text)}"'

    def em(self, text: str) -> str:
        return text


class _Markdown(_Plain):
    """Inline markup for a pull-request comment: content text is escaped, never interpreted."""

    arrow = "→"

    def code(self, text: str) -> str:
        fence = "``" if "`" in text else "`"
        return f"{fence}{text}{fence}" if fence == "`" else f"{fence} {text} {fence}"

    def quote(self, text: str) -> str:
        return f'"{escape_markdown(flat(text))}"'

    def em(self, text: str) -> str:
        return f"*{escape_markdown(text)}*"


# (depth, mark, verb, body): the text format prints the mark, Markdown the verb
_Line = tuple[int, str, str, str]


def _change_line(change: Change, m: _Plain, depth: int) -> _Line:
    what = f"{change.what} {m.code(change.key)}" if change.key else change.what
    if change.old is None:
        return (depth, "+", "Added", f"{what}: {m.quote(change.new)}")
    if change.new is None:
        return (depth, "-", "Removed", f"{what}: {m.quote(change.old)}")
    return (depth, "~", "Changed", f"{what}: {m.quote(change.old)} {m.arrow} {m.quote(change.new)}")


def _item_line(
    change: ItemChange, m: _Plain, depth: int, where: Callable[[ItemChange], str], pause: Callable[[str], str]
) -> _Line:
    """One item's change; ``where`` names the item, ``pause`` names a pause point."""
    if change.kind == "added":
        return (depth, "+", "Added", f"{where(change)}: {m.quote(change.text)}")
    if change.kind == "removed":
        return (depth, "-", "Removed", f"{where(change)}: {m.quote(change.text)}")
    if change.kind == "reworded":
        was = f" (id was {m.code(change.old_id)})" if change.old_id else ""
        body = f"{where(change)}{was}: {m.quote(change.old_text)} {m.arrow} {m.quote(change.text)}"
        return (depth, "~", "Reworded", body)
    if change.kind == "moved":
        return (depth, ">", "Moved", f"{where(change)}: from {pause(change.old_pause)} to {pause(change.pause)}")
    return (depth, "~", "", f"Items reordered at {pause(change.pause)}")


def _formerly_hint(diff: PrincipleDiff | SheetDiff, m: _Plain) -> list[_Line]:
    """A rename breaks every bookmark and CRM note that links the old page, unless the old id is kept."""
    thing = diff.principle if isinstance(diff, PrincipleDiff) else diff.sheet
    if diff.old_id in thing.formerly:
        return []
    entry = m.code(f"formerly: [{', '.join([*thing.formerly, diff.old_id])}]")
    body = f"add {entry} to {m.code(thing.path)}, so links to the old page lead to the new one"
    return [(1, "?", "Suggestion:", body)]


def _principle_lines(diff: PrincipleDiff, m: _Plain) -> list[_Line]:
    p = diff.principle
    name = f"{m.code(p.id)}: {m.quote(p.title)}"
    if diff.status == "added":
        return [(0, "+", "Added", f"{name} (stage {m.em(p.stage.id)})")]
    if diff.status == "removed":
        return [(0, "-", "Removed", name)]
    if diff.status == "renamed":
        lines = [(0, ">", "Renamed", f"{m.code(diff.old_id)} {m.arrow} {name}"), *_formerly_hint(diff, m)]
    else:
        lines = [(0, "~", "Changed", name)]
    lines += [_change_line(c, m, 1) for c in diff.fields]
    lines += [_item_line(c, m, 1, lambda c: f"item {m.code(f'{c.pause}/{c.item_id}')}", m.em) for c in diff.items]
    if diff.also:
        lines.append((1, "~", "", f"Also changed: {', '.join(diff.also)}"))
    return lines


def _sheet_lines(diff: SheetDiff, titles: dict[str, str], m: _Plain) -> list[_Line]:
    s = diff.sheet
    name = f"{m.code(s.id)}: {m.quote(s.title)}"
    if diff.status in ("added", "removed"):
        return [(0, "+" if diff.status == "added" else "-", diff.status.capitalize(), name)]
    if diff.status == "renamed":
        lines = [(0, ">", "Renamed", f"{m.code(diff.old_id)} {m.arrow} {name}"), *_formerly_hint(diff, m)]
    else:
        lines = [(0, "~", "Changed", name)]

    def pause(pause_id: str) -> str:
        return m.em(titles.get(pause_id, pause_id))

    def where(change: ItemChange) -> str:
        return m.quote(change.text) if change.kind == "moved" else f"at {pause(change.pause)}"

    for cause in diff.causes:
        because = f"because {m.code(cause)} changed" if cause else "by edits to the sheet"
        lines.append((1, "", "", f"Printed page changed {because}:"))
        lines += [_item_line(c, m, 2, where, pause) for c in diff.page if c.cause == cause]
    lines += [_change_line(c, m, 1) for c in diff.fields]
    return lines


def _counts(diffs: list, noun: str) -> str:
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
        parts.insert(0, "playbook.yml changed")
    return "no changes" if diff.empty else "; ".join(p for p in parts if p)


def _headline(comparison: Comparison, m: _Plain) -> str:
    """The summary, then how many errors the head has: the two things a reviewer decides on."""
    diff, head = comparison.diff, comparison.head
    said = summary(diff) if diff is not None else "nothing could be compared"
    if head.errors:
        n = len(head.errors)
        said += f"; {m.code(head.revision.name)} has {n} content error{'' if n == 1 else 's'}"
    return said


def _sections(comparison: Comparison, m: _Plain) -> list[tuple[str, list[_Line]]]:
    """Errors first (head, then base), then the changes, then the files that could not be compared."""
    sections = []
    for read in (comparison.head, comparison.base):
        if read.errors:
            before = " (before this change)" if read is comparison.base else ""
            title = f"Errors in {m.code(read.revision.name)}{before}"
            sections.append((title, [(0, "", "", str(p)) for p in read.errors]))
    diff = comparison.diff
    if diff is not None and diff.book:
        sections.append(("Playbook", [_change_line(c, m, 0) for c in diff.book]))
    if diff is not None and diff.principles:
        sections.append(("Principles", [line for d in diff.principles for line in _principle_lines(d, m)]))
    if diff is not None and diff.sheets:
        lines = [line for d in diff.sheets for line in _sheet_lines(d, diff.pause_titles, m)]
        sections.append(("Call sheets", lines))
    aside = [
        (0, "", "", f"{m.code(rel)}: {why} in {m.code(read.revision.name)}")
        for read in (comparison.head, comparison.base)
        for rel, why in sorted(read.set_aside.items())
    ]
    if aside:
        sections.append(("Not compared", aside))
    return sections


def report_text(comparison: Comparison) -> str:
    base, head = comparison.base.revision, comparison.head.revision
    out = [f"Playbook changes from {base} to {head}: {_headline(comparison, _Plain())}"]
    for title, lines in _sections(comparison, _Plain()):
        out.append(f"\n{title}")
        for depth, mark, _, body in lines:
            out.append(f"{'  ' * (depth + 1)}{mark + ' ' if mark else ''}{body}")
    return "\n".join(out) + "\n"


def report_markdown(comparison: Comparison) -> str:
    m = _Markdown()
    base, head = comparison.base.revision, comparison.head.revision
    said = _headline(comparison, m)
    out = [
        f"### Playbook changes: {m.code(base.name)} {m.arrow} {m.code(head.name)}",
        "",
        f"{said[0].upper()}{said[1:]} ({m.code(base.commit[:7])}...{m.code(head.commit[:7])}).",
    ]
    for title, lines in _sections(comparison, m):
        out += ["", f"#### {title}", ""]
        if title.startswith("Errors"):
            out += _code_block([body for _, _, _, body in lines])
            continue
        for depth, _, verb, body in lines:
            out.append(f"{'  ' * depth}- {f'**{verb}** ' if verb else ''}{body}")
    return "\n".join(out) + "\n"


def _code_block(lines: list[str]) -> list[str]:
    """Problems verbatim: inside a fence longer than any run of backticks in them, nothing is markup."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", *lines, fence]


REPORTS = {"text": report_text, "markdown": report_markdown}
