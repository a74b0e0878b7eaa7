"""The rules of objections that the schemas cannot say: ids derived and unique, links and mentions,
a call sheet's ``say`` and ``objections`` lists against the principles read, and the objection card
that must print on one page (or one page per stage).

Blank text is the schema's to report (``schema.is_blank``), so an objection of invisible characters
gets one error, not two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..schema import is_blank
from ..sheetfit import CardLayout, card_pages, card_stage_pages
from ..suggest import did_you_mean
from .entries import objection_entries
from .findings import Findings

MARKDOWN_KEYS = ("means", "ask")


# -- a principle's objections -------------------------------------------------------------------------
def check_principle_objections(found: Findings, doc) -> None:
    """Links and [[id]] mentions in every objection; ids derived and unique (blank text is the schema's)."""
    listed = doc.data.get("objections")
    for index, entry in enumerate(listed if isinstance(listed, list) else []):
        if not isinstance(entry, dict):
            continue
        for key in MARKDOWN_KEYS:
            found.check_markdown(doc, ("objections", index, key), entry.get(key))
        say = entry.get("say")
        for line, text in enumerate(say if isinstance(say, list) else []):
            found.check_markdown(doc, ("objections", index, "say", line), text)
    seen: set[str] = set()
    for index, objection_id, entry in objection_entries(doc.data):
        explicit = "id" in entry
        pointer = ("objections", index, "id" if explicit else "objection")
        if not objection_id:
            if not is_blank(entry["objection"]):
                found.error(doc, pointer, "this objection has no letters or digits to make an id from: give it an 'id'")
        elif objection_id in seen:
            found.error(
                doc,
                pointer,
                f"two objections have the id '{objection_id}': give this one an explicit 'id'",
            )
        seen.add(objection_id)


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

    def __init__(self, found: Findings, principles: dict[str, tuple[Any, dict]], unreadable: set[str]):
        self.found = found
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
                for _, oid, entry in objection_entries(pdoc.data)
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
                self.found.error(doc, pointer, f"'{pid}' is listed twice in 'say'")
                continue
            seen.add(pid)
            if pid in self.unreadable or not self.found.check_ref(doc, pointer, "principle", pid, self.principles):
                continue
            tracks = self.principles[pid][0].data.get("say")
            tracks = [t for t in tracks if isinstance(t, str)] if isinstance(tracks, list) else []
            if not tracks:
                self.found.error(doc, pointer, f"'{pid}' has no talk tracks ('say') to print")
                continue
            if isinstance(first, int) and not isinstance(first, bool) and first > len(tracks):
                self.found.error(
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
                self.found.error(doc, pointer, f"'{full_id}' is listed twice in 'objections'")
                continue
            seen.add(full_id)
            if full_id.split("/", 1)[0] in self.unreadable:
                continue
            entry = self.objections.get(full_id)
            if entry is None:
                self.found.error(doc, pointer, self._unknown(full_id))
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


# -- the objection card ---------------------------------------------------------------------------------
def check_card(found: Findings, docs: list, stage_order: dict[str, int] | None, summary_chars: int) -> None:
    """The card prints on one page, or one page per stage; a stage that cannot fit its page is an error,
    reported at its first objection past the page."""
    if stage_order is None:
        return
    by_stage: dict[str, list[tuple[str, str, Any, int, tuple[int, int]]]] = {}
    for doc in docs:
        stage, title = doc.data.get("stage"), doc.data.get("title")
        if stage not in stage_order or not isinstance(title, str):
            continue
        for index, _, entry in objection_entries(doc.data):
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
        found.error(
            doc,
            ("objections", index, "objection"),
            f"the objection card cannot print the objections of the stage '{stage}' on one page (about "
            f"{pages:.2f} pages; this one is the first past the page): shorten or remove some",
        )
