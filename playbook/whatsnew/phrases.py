"""One commit's changes in a rep's words: "New objection on *Ask, don't counter*: “We're going to
tender”", "2 items reworded in *Treat the gatekeeper as an ally*: ...", "The *Closing meeting* sheet
now prints “Ask for the decision”".

Changes of one kind to one principle or sheet make one sentence. Editorial edits (review dates,
sources, owners, search words, tags, related principles, new addresses, orders nothing prints) are
folded into a line per principle; edits that change no word a reader sees (whitespace, Markdown
written another way) are left out. A sheet that prints a principle's edit says so on the principle's
line ("Printed on ..."), not twice.
"""

from __future__ import annotations

from ..diff.changes import BOOK, BOOK_CAUSE, PRINCIPLE, SHEET, Change
from .sentences import SENTENCES
from .store import CommitChanges
from .story import Line, Now, Part, clean

QUOTE = 160  # characters of a quote before it is cut
QUOTES = 3  # quotes in one sentence before "and N more"
# Fields whose text is Markdown: compared and quoted as the reader sees them.
MARKDOWN = {"summary", "why", "how", "say", "signals", "description", "avoid.instead", "objections.ask"}
MARKDOWN |= {"objections.means", "objections.say", "stages.summary", "roles.summary"}
EDITORIAL = {  # field -> what the folded line calls it
    "reviewed": "review date",
    "sources": "sources",
    "owner": "owner",
    "formerly": "former addresses",
    "phrases": "search words",
    "objections.phrases": "search words",
    "tags": "tags",
    "related": "related principles",
    "notes": "note lines",
    "owners": "owners",
    "vocabulary": "search words",
    "pauses.mode": "pause modes",
    "": "new address",
}
TOLD_BY_THE_PAGE = {"principles", "say", "objections", "extra"}  # a sheet's lists: its printed page tells them


def _sentence(subject: str, field: str, kind: str) -> tuple[str, str] | None:
    table = SENTENCES[subject]
    for key in ((field, kind), (field, "*"), (field.split(".")[0], kind), (field.split(".")[0], "*")):
        if key in table:
            return table[key]
    return None


def commit_lines(entry: CommitChanges, now: Now) -> tuple[list[Line], list[Line]]:
    """The sentences of one commit, and its folded editorial lines."""
    if entry.first:
        return [Line((Part("The first version of the playbook."),))], []
    groups: dict[tuple, list[Change]] = {}
    editorial: dict[tuple[str, str], list[str]] = {}
    printed: dict[str, list[str]] = {}  # principle -> the sheets that print its edit
    for change in entry.changes:
        how = classify(change, now)
        if how == DROPPED:
            continue
        if how == PRINTED:
            if change.cause != BOOK_CAUSE:  # a pause retitled in playbook.yml is told as the book's change
                printed.setdefault(change.cause, []).append(change.id)
            continue
        if how != TOLD:
            editorial.setdefault((change.subject, change.id), []).append(how)
            continue
        head = change.field.split(".")[0]
        field = head if head == "avoid" else change.field
        one_objection = change.part if change.subject == PRINCIPLE and field.startswith("objections.") else ""
        one_objection = change.part if change.subject == BOOK else one_objection
        groups.setdefault((change.subject, change.id, field, change.kind, one_objection), []).append(change)
    ordered = sorted(groups.items(), key=lambda group: _rank(group[0][2], group[0][3]))
    lines = [_line(key, changes, entry, now) for key, changes in ordered]
    told = {key[1] for key in groups if key[0] == PRINCIPLE}
    for pid, sheets in printed.items():
        if pid in told:
            lines.append(_printed(pid, sheets, entry, now))
    folded = [
        Line((_title(subject, sid, entry, now), Part(": " + ", ".join(dict.fromkeys(names)))))
        for (subject, sid), names in editorial.items()
    ]
    return lines, folded


DROPPED, PRINTED, TOLD = "", "printed", "told"


def classify(change: Change, now: Now) -> str:
    """TOLD in a sentence of its own; PRINTED (a sheet printing a principle's edit, told on the
    principle's line); DROPPED (no word a reader sees changed, or the sheet's page tells it); else
    the name of the editorial edit it is, for the folded line."""
    head = change.field.split(".")[0]
    if _unchanged_words(change, now):
        return DROPPED
    if change.subject == SHEET and change.field.startswith("page.") and change.cause:
        return PRINTED
    if change.subject == SHEET and (head in TOLD_BY_THE_PAGE or change.field.startswith("page.pauses")):
        return DROPPED
    if change.field == "" and change.kind in ("added", "removed"):
        return TOLD
    name = EDITORIAL.get(change.field if change.field in EDITORIAL else head)
    if name is not None:
        return name
    if change.kind == "reordered" and _sentence(change.subject, change.field, "reordered") is None:
        return "order"
    return TOLD if _sentence(change.subject, change.field, change.kind) is not None else "other edits"


def is_told(change: Change, now: Now) -> bool:
    """Whether a reader sees this change: it stamps what it touches, for the marks."""
    if change.subject == SHEET and change.field.startswith("page.pauses"):
        return not _unchanged_words(change, now)  # told as playbook.yml's change, seen on the sheet
    return classify(change, now) in (TOLD, PRINTED)


def _rank(field: str, kind: str) -> int:
    """What a rep should read first: new things, then what is gone, then new words, then the rest."""
    if field == "" and kind == "added":
        return 0
    if kind == "added":
        return 1
    if kind == "removed":
        return 2
    if field in ("title", "summary") or field.startswith(("objections", "page.", "fields")):
        return 3
    if field in ("checklist", "say"):
        return 4
    return 5


def _unchanged_words(change: Change, now: Now) -> bool:
    """A change of whitespace or of Markdown written another way: nothing a reader sees."""
    if change.before is None or change.after is None or change.kind in ("moved", "reordered", "renamed"):
        return False
    show = now.plain if change.field in MARKDOWN else (lambda text: text)
    return clean(show(change.before)) == clean(show(change.after))


def _title(subject: str, sid: str, entry: CommitChanges, now: Now, change: Change | None = None) -> Part:
    if subject == BOOK:
        folder = change.field.split(".")[0] if change is not None else ""
        if folder in ("stages", "roles", "pauses") and change.part:
            named = _named(change, now, folder, change.part)
            page = f"{folder}/{change.part}.md" if named and folder != "pauses" else None
            return Part(clean(named or change.part), "title", page)
        return Part("The playbook")
    current = now.principle(sid) if subject == PRINCIPLE else now.sheet(sid)
    if current is not None:
        folder = "principles" if subject == PRINCIPLE else "call-sheets"
        return Part(clean(current.title), "title", f"{folder}/{current.id}.md")
    return Part(clean(entry.titles.get(f"{subject}:{sid}", sid)), "title")


def _line(key: tuple, changes: list[Change], entry: CommitChanges, now: Now) -> Line:
    subject, sid, field, kind, objection = key
    one, many = _sentence(subject, field, kind)
    pattern = many if len(changes) > 1 and many else one
    first = changes[0]
    title = _title(subject, sid, entry, now, first)
    if field == "" and kind == "removed":  # named as it was; a principle merged into another says where
        title = Part(clean(entry.titles.get(f"{subject}:{sid}", sid)), "title")
        successor = now.principle(sid) if subject == PRINCIPLE else now.sheet(sid)
        if successor is not None:
            folder = "principles" if subject == PRINCIPLE else "call-sheets"
            tail = (Part(", now part of "), Part(clean(successor.title), "title", f"{folder}/{successor.id}.md"))
            return Line((Part(one.split("{T}")[0]), title, *tail))
    before = Part(clean(first.before, QUOTE), "quote")
    parts: list[Part] = []
    for piece in _split(pattern.replace("{n}", str(len(changes)))):
        parts.append(title if piece == "{T}" else before if piece == "{B}" else Part(piece))
    quotes = [q for q in (_quote(c, now) for c in changes) if q is not None]
    if field == "" or field in ("title", "why", "description") or kind == "reordered" or subject == BOOK:
        quotes = []
    if objection and (words := _objection_words(first, now)) is not None:
        parts += [Part(", for "), words]
    if quotes:
        parts.append(Part(": "))
        for i, quote in enumerate(quotes[:QUOTES]):
            parts += [Part(", ")] if i else []
            parts.append(quote)
        if len(quotes) > QUOTES:
            parts.append(Part(f" and {len(quotes) - QUOTES} more"))
    return Line(tuple(parts))


def _split(pattern: str) -> list[str]:
    pieces, rest = [], pattern
    while rest:
        starts = [i for i in (rest.find("{T}"), rest.find("{B}")) if i >= 0]
        if not starts:
            pieces.append(rest)
            break
        at = min(starts)
        pieces += [p for p in (rest[:at], rest[at : at + 3]) if p]
        rest = rest[at + 3 :]
    return pieces


def _quote(change: Change, now: Now) -> Part | None:
    """The words a change is about, linked to where they are now (when they still are)."""
    text = change.after if change.after is not None else change.before
    if change.field in ("avoid", "sources") or change.field.startswith("avoid."):
        text = change.entry or text
    if change.subject == BOOK and change.field in ("stages", "roles", "pauses") and change.kind != "changed":
        text = _named(change, now, change.field, change.part) or change.part
    if change.subject != BOOK and change.field in ("stage", "roles"):
        folder = "stages" if change.field == "stage" else "roles"
        text = _named(change, now, folder) or text
    if text is None:
        return None
    shown = clean(now.plain(text) if change.field in MARKDOWN else text, QUOTE)
    page, anchor = _where(change, now)
    if change.subject != BOOK and not anchor:
        page = None  # a step, a pitfall or a sheet's words have no place of their own: the title links the page
    return Part(shown, "quote", page, anchor)


def _objection_words(change: Change, now: Now) -> Part | None:
    found = now.objection(change.id, change.part) if change.part else None
    if found is None:
        return None
    principle, oid = found
    words = next(o.objection for o in principle.objections if o.id == oid)
    return Part(clean(words, QUOTE), "quote", f"principles/{principle.id}.md", f"objection-{oid}")


def _named(change: Change, now: Now, folder: str, name: str | None = None) -> str | None:
    """The title of a stage, role or pause point by id (the change's value, unless ``name``)."""
    name = name if name is not None else (change.after or change.before)
    items = {"stages": now.playbook.stages, "roles": now.playbook.roles, "pauses": now.playbook.pauses}
    return next((x.title for x in items[folder] if x.id == name), None)


def _where(change: Change, now: Now) -> tuple[str | None, str]:
    """The page and anchor of the thing a change is about, as the site has it now."""
    field = change.field
    if field in ("stage", "roles") and change.subject != BOOK and change.after:
        folder = "stages" if field == "stage" else "roles"
        return (f"{folder}/{change.after}.md", "") if _named(change, now, folder) else (None, "")
    if change.subject == PRINCIPLE and change.kind != "removed":
        found = None
        if field == "checklist":
            found = now.item(change.id, change.part)
            anchor = found and f"item-{found[1]}"
        elif field.startswith("objections"):
            found = now.objection(change.place if change.kind == "moved" else change.id, change.part)
            anchor = found and f"objection-{found[1]}"
        elif field == "say":
            found = now.talk_track(change.id, change.after)
            anchor = found and f"say-{found[1]}"
        if found:
            return f"principles/{found[0].id}.md", anchor
        principle = now.principle(change.id)
        return (f"principles/{principle.id}.md", "") if principle else (None, "")
    if change.subject == SHEET and change.kind != "removed":
        sheet = now.sheet(change.id)
        return (f"call-sheets/{sheet.id}.md", "") if sheet else (None, "")
    if change.subject == BOOK and field in ("stages", "roles") and change.kind != "removed":
        if any(x.id == change.part for x in getattr(now.playbook, field)):
            return f"{field}/{change.part}.md", ""
    return None, ""


def _printed(pid: str, sheets: list[str], entry: CommitChanges, now: Now) -> Line:
    sheets = list(dict.fromkeys(sheets))
    parts = [Part("Also on the printed sheet " if len(sheets) == 1 else "Also on the printed sheets ")]
    for i, sid in enumerate(sheets):
        parts += [Part(", ")] if i else []
        parts.append(_title(SHEET, sid, entry, now))
    parts += [Part(": the edits to "), _title(PRINCIPLE, pid, entry, now)]
    return Line(tuple(parts))
