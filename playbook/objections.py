"""Objections and the words a call sheet prints: their checks across fields and files, and their model.

A principle's ``objections`` are what customers say, each with the question to ask before answering;
a call sheet's ``say`` and ``objections`` lists print talk tracks and objections from any principle.
The schemas declare the shapes; this module holds every rule the schemas cannot say (derived ids,
blank text, references, what fits on the page), so the loader calls it and never re-implements it.
The load's findings are passed in as ``loader`` (``loader.error``, ``loader.check_ref``,
``loader.check_markdown``: ``playbook/load/findings.py``) rather than imported, so the arrows stay
one way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import model
from .ids import derive_item_id
from .sheetfit import CardLayout, card_pages, card_stage_pages
from .suggest import did_you_mean

MARKDOWN_KEYS = ("means", "ask")


def entries(data: dict) -> Iterator[tuple[int, str, dict]]:
    """Each objection of a principle's data that has the shape to be read: (index, id, entry).

    The id is the explicit ``id``, else derived from the customer's words like a checklist item's."""
    listed = data.get("objections")
    for index, entry in enumerate(listed if isinstance(listed, list) else []):
        if not isinstance(entry, dict) or not isinstance(entry.get("objection"), str):
            continue
        explicit = entry.get("id")
        if explicit is not None and not isinstance(explicit, str):
            continue
        yield index, explicit if explicit is not None else derive_item_id(entry["objection"]), entry


def _blank(value: Any) -> bool:
    """Whitespace only: empty to a reader (the empty string itself is the schema's to report)."""
    return isinstance(value, str) and value != "" and not value.strip()


# -- a principle's objections -------------------------------------------------------------------------
def check_principle_objections(loader, doc) -> None:
    """Links and [[id]] mentions in every objection; ids derived and unique (blank text is the schema's)."""
    listed = doc.data.get("objections")
    for index, entry in enumerate(listed if isinstance(listed, list) else []):
        if not isinstance(entry, dict):
            continue
        for key in MARKDOWN_KEYS:
            loader.check_markdown(doc, ("objections", index, key), entry.get(key))
        say = entry.get("say")
        for line, text in enumerate(say if isinstance(say, list) else []):
            loader.check_markdown(doc, ("objections", index, "say", line), text)
    seen: set[str] = set()
    for index, objection_id, entry in entries(doc.data):
        explicit = "id" in entry
        pointer = ("objections", index, "id" if explicit else "objection")
        if not objection_id:
            if not _blank(entry["objection"]) and entry["objection"]:
                loader.error(
                    doc, pointer, "this objection has no letters or digits to make an id from: give it an 'id'"
                )
        elif objection_id in seen:
            loader.error(
                doc,
                pointer,
                f"two objections have the id '{objection_id}': give this one an explicit 'id'",
            )
        seen.add(objection_id)


def of_principle(principle_id: str, data: dict) -> list[model.Objection]:
    return [
        model.Objection(
            id=objection_id,
            objection=entry["objection"],
            ask=entry["ask"],
            owner=principle_id,
            means=entry.get("means"),
            say=tuple(entry.get("say", ())),
            phrases=tuple(entry.get("phrases", ())),
        )
        for _, objection_id, entry in entries(data)
    ]


def markdown_texts(data: dict) -> list[str]:
    """The Markdown of a principle's objections, for its [[id]] mentions."""
    texts = []
    for _, _, entry in entries(data):
        texts += [entry[key] for key in MARKDOWN_KEYS if isinstance(entry.get(key), str)]
        texts += [t for t in entry.get("say", []) if isinstance(t, str)]
    return texts


# -- a call sheet's `say` and `objections` ------------------------------------------------------------
@dataclass
class SheetWords:
    """What a sheet prints besides its checklists, as lengths for the one-page estimate."""

    say: list[int] = field(default_factory=list)
    objections: list[tuple[int, int]] = field(default_factory=list)


class SheetChecks:
    """Checks the ``say`` and ``objections`` lists of every call sheet against the principles read.

    ``principles`` maps each readable principle id to ``(doc, items)``; ``unreadable`` names the
    principles whose files failed, so references to them add no second error."""

    def __init__(self, loader, principles: dict[str, tuple[Any, dict]], unreadable: set[str]):
        self.loader = loader
        self.principles = principles
        self.unreadable = unreadable
        self._objections: dict[str, dict] | None = None

    @property
    def objections(self) -> dict[str, dict]:
        """Every objection by full id, built when the first sheet names one."""
        if self._objections is None:
            self._objections = {
                f"{pid}/{oid}": entry
                for pid, (pdoc, _) in self.principles.items()
                for _, oid, entry in entries(pdoc.data)
                if oid
            }
        return self._objections

    def check(self, doc) -> SheetWords:
        words = SheetWords()
        self._check_say(doc, words)
        self._check_objections(doc, words)
        return words

    def _check_say(self, doc, words: SheetWords) -> None:
        listed = doc.data.get("say")
        seen: set[str] = set()
        for index, entry in enumerate(listed if isinstance(listed, list) else []):
            pid, first = (entry, None) if isinstance(entry, str) else (None, None)
            pointer = ("say", index)
            if isinstance(entry, dict):
                pid, first, pointer = entry.get("id"), entry.get("first"), ("say", index, "id")
            if not isinstance(pid, str):
                continue
            if pid in seen:
                self.loader.error(doc, pointer, f"'{pid}' is listed twice in 'say'")
                continue
            seen.add(pid)
            if pid in self.unreadable or not self.loader.check_ref(doc, pointer, "principle", pid, self.principles):
                continue
            tracks = self.principles[pid][0].data.get("say")
            tracks = [t for t in tracks if isinstance(t, str)] if isinstance(tracks, list) else []
            if not tracks:
                self.loader.error(doc, pointer, f"'{pid}' has no talk tracks ('say') to print")
                continue
            if isinstance(first, int) and not isinstance(first, bool) and first > len(tracks):
                self.loader.error(
                    doc,
                    ("say", index, "first"),
                    f"'{pid}' has {len(tracks)} talk track{'s' * (len(tracks) > 1)}: 'first: {first}' asks for more",
                )
                continue
            words.say += [len(t) for t in tracks[: first if isinstance(first, int) else None]]

    def _check_objections(self, doc, words: SheetWords) -> None:
        listed = doc.data.get("objections")
        seen: set[str] = set()
        for index, full_id in enumerate(listed if isinstance(listed, list) else []):
            if not isinstance(full_id, str) or not full_id:
                continue  # the schema reports it
            pointer = ("objections", index)
            if full_id in seen:
                self.loader.error(doc, pointer, f"'{full_id}' is listed twice in 'objections'")
                continue
            seen.add(full_id)
            if full_id.split("/", 1)[0] in self.unreadable:
                continue
            entry = self.objections.get(full_id)
            if entry is None:
                self.loader.error(doc, pointer, self._unknown(full_id))
                continue
            if isinstance(entry.get("ask"), str):
                words.objections.append((len(entry["objection"]), len(entry["ask"])))

    def _unknown(self, full_id: str) -> str:
        if "/" not in full_id:
            owners = [known for known in self.objections if known.endswith("/" + full_id)]
            owners += [known for known in self.objections if known.startswith(full_id + "/")]
            hint = f" (did you mean '{owners[0]}'?)" if owners else ""
            return f"unknown objection '{full_id}': name it as <principle-id>/<objection-id>{hint}"
        return f"unknown objection '{full_id}'{did_you_mean(full_id, sorted(self.objections))}"


def sheet_say(data: dict, principles: dict[str, model.Principle]) -> list[model.TalkTrack]:
    tracks = []
    for entry in data.get("say", []):
        pid, first = (entry, None) if isinstance(entry, str) else (entry["id"], entry.get("first"))
        tracks += [model.TalkTrack(text, pid) for text in principles[pid].say[:first]]
    return tracks


def sheet_objections(data: dict, principles: dict[str, model.Principle]) -> list[model.Objection]:
    found = []
    for full_id in data.get("objections", []):
        pid, oid = full_id.split("/", 1)
        found += [o for o in principles[pid].objections if o.id == oid]
    return found


# -- the objection card ---------------------------------------------------------------------------------
def check_card(loader, docs: list, stage_order: dict[str, int] | None, summary_chars: int) -> None:
    """The card prints on one page, or one page per stage; a stage that cannot fit its page is an error,
    reported at its first objection past the page."""
    if stage_order is None:
        return
    by_stage: dict[str, list[tuple[str, str, Any, int, tuple[int, int]]]] = {}
    for doc in docs:
        stage, title = doc.data.get("stage"), doc.data.get("title")
        if stage not in stage_order or not isinstance(title, str):
            continue
        for index, _, entry in entries(doc.data):
            if isinstance(entry.get("ask"), str):
                key = (title.lower(), str(doc.data.get("id")))
                by_stage.setdefault(stage, []).append((*key, doc, index, (len(entry["objection"]), len(entry["ask"]))))
    stages = sorted(by_stage, key=stage_order.__getitem__)
    groups = [sorted(by_stage[s], key=lambda e: (e[0], e[1])) for s in stages]  # stable: file order kept
    card = CardLayout([[e[4] for e in group] for group in groups], summary_chars)
    if card_pages(card) <= 1.0:
        return
    for stage, group, pages in zip(stages, groups, card_stage_pages(card), strict=True):
        if pages <= 1.0:
            continue
        fitting = 0
        while card_stage_pages(CardLayout([[e[4] for e in group[: fitting + 1]]], summary_chars))[0] <= 1.0:
            fitting += 1
        _, _, doc, index, _ = group[fitting]
        loader.error(
            doc,
            ("objections", index, "objection"),
            f"the objection card cannot print the objections of the stage '{stage}' on one page (about "
            f"{pages:.2f} pages; this one is the first past the page): shorten or remove some",
        )
