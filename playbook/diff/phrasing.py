"""One change as one line of the report, in a reviewer's words, for a terminal or a pull request.

Content text is quoted, never interpreted: in Markdown it is escaped, so a comment carries no markup,
HTML or @mention from a content file; in a terminal, control characters are shown as escapes.
"""

from __future__ import annotations

from ..problems import escape_markdown, printable
from .changes import Change
from .matching import flat
from .wording import is_long, word_changes

# (depth, mark, verb, body): the text format prints the mark, Markdown the verb
Line = tuple[int, str, str, str]
MARKS = {"added": "+", "removed": "-", "changed": "~", "reworded": "~", "moved": ">", "reordered": "~"}
VERBS = {"added": "Added", "removed": "Removed", "changed": "Changed", "reworded": "Reworded", "moved": "Moved"}
NOUNS = {  # a field's name for one of its entries
    "objections": "objection",
    "sources": "source",
    "stages": "stage",
    "roles": "role",
    "pauses": "pause",
    "owners": "owner",
    "checklist": "item",
}


class Plain:
    """Inline markup for a terminal."""

    arrow = "->"

    def code(self, text: str) -> str:
        return printable(text)

    def quote(self, text: str | None) -> str:
        return f'"{printable(flat(text))}"'

    def em(self, text: str) -> str:
        return printable(text)

    def words(self, segments) -> str:
        marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}", "…": "…"}
        return '"' + " ".join(marks[op].format(printable(text)) for op, text in segments) + '"'


class Markdown(Plain):
    """Inline markup for a pull-request comment: content text is escaped, never interpreted."""

    arrow = "→"

    def code(self, text: str) -> str:
        fence = "``" if "`" in text else "`"
        return f"{fence}{text}{fence}" if fence == "`" else f"{fence} {text} {fence}"

    def quote(self, text: str | None) -> str:
        return f'"{escape_markdown(flat(text))}"'

    def em(self, text: str) -> str:
        return f"*{escape_markdown(text)}*"

    def words(self, segments) -> str:
        marks = {"=": "{}", "-": "~~{}~~", "+": "**{}**", "…": "…"}
        return '"' + " ".join(marks[op].format(escape_markdown(text)) for op, text in segments) + '"'


def label(change: Change, m: Plain, pause=None) -> str:
    """What the change is about, inside its principle, sheet or playbook.yml: ``title``,
    ``item during/ask-why``, ``objection too-expensive, ask``, ``source "Title", url``."""
    head, _, sub = change.field.partition(".")
    if head == "checklist":
        return f"item {m.code(f'{change.place}/{change.part}')}"
    noun = NOUNS.get(head, head)
    if change.part:
        name = f"{noun} {m.code(change.part)}"
    elif change.entry and sub:
        name = f"{noun} {m.quote(change.entry)}"
    else:
        name = head if not sub else noun
    sub = "words" if change.field == "objections.objection" else sub  # the customer's words
    return f"{name}, {sub}" if sub else name


def values(change: Change, m: Plain) -> str:
    """``"old" -> "new"``, or only the changed words of a long text."""
    if is_long(change.before, change.after):
        return m.words(word_changes(change.before, change.after))
    return f"{m.quote(change.before)} {m.arrow} {m.quote(change.after)}"


def change_line(change: Change, m: Plain, depth: int, pause=None, subject: str | None = None) -> Line:
    """A change of a field of a principle, a call sheet or playbook.yml (printed pages: ``page_line``)."""
    pause = pause or m.em
    what = label(change, m)
    mark, verb = MARKS[change.kind], VERBS.get(change.kind, "")
    if change.kind == "reordered":
        if change.field == "checklist":
            return (depth, mark, "", f"Items reordered at {pause(change.place)}")
        return (depth, mark, "", f"New order: {what}")
    if change.kind == "moved" and change.field == "objections":
        if subject is not None and subject != change.id:
            return (depth, mark, verb, f"{what}: to {m.code(change.place)}")
        return (depth, mark, verb, f"{what}: from {m.code(change.old_place)}")
    if change.kind == "moved":
        return (depth, mark, verb, f"{what}: from {pause(change.old_place)} to {pause(change.place)}")
    if change.before is None:
        return (depth, mark, verb, f"{what}: {m.quote(change.after)}")
    if change.after is None:
        return (depth, mark, verb, f"{what}: {m.quote(change.before)}")
    was = f" (id was {m.code(change.was)})" if change.was else ""
    return (depth, mark, verb, f"{what}{was}: {values(change, m)}")


def page_line(change: Change, m: Plain, depth: int, pause) -> Line:
    """A change of a printed call sheet: where it prints, and what."""
    mark, verb = MARKS[change.kind], VERBS.get(change.kind, "")
    kind, field = change.kind, change.field
    if field == "page.checklist":
        where = m.quote(change.after) if kind == "moved" else f"at {pause(change.place)}"
        if kind == "reordered":
            return (depth, mark, "", f"Items reordered at {pause(change.place)}")
        if kind == "moved":
            return (depth, mark, verb, f"{where}: from {pause(change.old_place)} to {pause(change.place)}")
        was = f" (id was {m.code(change.was)})" if change.was else ""
        return _texts(depth, mark, verb, f"{where}{was}", change, m)
    if field.startswith("page.pauses."):
        return _texts(depth, mark, verb, f"pause {m.code(change.part)}, {field.rpartition('.')[2]}", change, m)
    noun = "talk track" if field == "page.say" else "objection"
    if kind == "reordered":
        return (depth, mark, "", f"{noun.capitalize()}s reordered")
    if field.startswith("page.objections."):
        name = field.rpartition(".")[2]
        what = "objection" if name == "objection" else f"objection {m.code(change.part)}, {name}"
        return _texts(depth, mark, verb, what, change, m)
    return _texts(depth, mark, verb, noun, change, m)


def _texts(depth: int, mark: str, verb: str, what: str, change: Change, m: Plain) -> Line:
    if change.before is None:
        return (depth, mark, verb, f"{what}: {m.quote(change.after)}")
    if change.after is None:
        return (depth, mark, verb, f"{what}: {m.quote(change.before)}")
    return (depth, mark, verb, f"{what}: {values(change, m)}")
