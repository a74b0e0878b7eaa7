"""The resolved playbook: typed, cross-referenced objects that renderers and exporters read.

Everything here has passed validation, so renderers never need to guard against bad content.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Stage:
    id: str
    title: str
    summary: str
    index: int


@dataclass(frozen=True)
class Role:
    id: str
    title: str
    summary: str


@dataclass(frozen=True)
class Pause:
    id: str
    title: str
    mode: str | None  # "read-do", "do-confirm" or None
    index: int

    @property
    def mode_label(self) -> str:
        return (self.mode or "").upper()


@dataclass(frozen=True)
class Item:
    """One checklist item; ``full_id`` is its key in the browser and in tests."""

    id: str
    text: str
    owner: str  # a principle id, or "call-sheets/<sheet id>" for a sheet's extra items

    @property
    def full_id(self) -> str:
        return f"{self.owner}/{self.id}"


@dataclass(frozen=True)
class Source:
    title: str
    author: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class AntiPattern:
    text: str
    instead: str | None = None


@dataclass(frozen=True)
class Objection:
    """What a customer says, and the question to ask before answering; ``full_id`` is its hook."""

    id: str
    objection: str  # plain text: the customer's words
    ask: str  # Markdown: the question to ask first
    owner: str  # the principle id
    means: str | None = None  # Markdown: what it usually means
    say: tuple[str, ...] = ()  # Markdown talk tracks
    phrases: tuple[str, ...] = ()  # plain text: other ways customers say it (search, small print)

    @property
    def full_id(self) -> str:
        return f"{self.owner}/{self.id}"


@dataclass(frozen=True)
class WordGroup:
    """Words a team treats as one in search: with ``word``, a one-way expansion (``word`` also finds
    ``words``, not the reverse); without, a two-way group (any of ``words`` finds the others)."""

    words: tuple[str, ...]
    word: str | None = None


@dataclass(frozen=True)
class TalkTrack:
    """A talk track printed on a call sheet, with the principle it comes from."""

    text: str
    principle: str


@dataclass
class Principle:
    id: str
    title: str
    summary: str
    stage: Stage
    why: str
    checklist: dict[str, list[Item]]  # pause id -> items, in the playbook's pause order
    sources: list[Source]
    path: str  # the source file, relative to the root
    roles: list[Role] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)  # plain text: what reps also call it (search, small print)
    how: list[str] = field(default_factory=list)
    say: list[str] = field(default_factory=list)
    avoid: list[AntiPattern] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)
    objections: list[Objection] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)  # principles linked as [[id]] in its text
    owner: str | None = None
    reviewed: datetime.date | None = None
    formerly: list[str] = field(default_factory=list)  # former ids; each old page redirects here

    @property
    def items(self) -> list[Item]:
        return [item for items in self.checklist.values() for item in items]


@dataclass(frozen=True)
class SheetSection:
    pause: Pause
    items: list[Item]


@dataclass
class CallSheet:
    id: str
    title: str
    summary: str
    stage: Stage
    principles: list[str]  # principle ids, in the order the sheet lists them
    sections: list[SheetSection]
    path: str
    fields: list[str] = field(default_factory=list)
    notes: int = 0
    phrases: list[str] = field(default_factory=list)  # plain text: what reps also call it (search, small print)
    say: list[TalkTrack] = field(default_factory=list)  # the words to use, in the sheet's order
    objections: list[Objection] = field(default_factory=list)
    formerly: list[str] = field(default_factory=list)  # former ids; each old page redirects here

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    @property
    def shown_principles(self) -> list[str]:
        """Every principle whose items, talk tracks or objections the sheet prints, once each."""
        words = [t.principle for t in self.say] + [o.owner for o in self.objections]
        return list(dict.fromkeys([*self.principles, *words]))


@dataclass
class Playbook:
    title: str
    description: str | None
    stages: list[Stage]
    roles: list[Role]
    pauses: list[Pause]
    principles: dict[str, Principle]  # in the order of the cycle: by stage, then by title
    call_sheets: dict[str, CallSheet]  # by stage, then by title
    path: str  # playbook.yml, relative to the root
    content_dir: str  # relative to the root
    owners: dict[str, str] = field(default_factory=dict)  # owner id -> code-host handle
    vocabulary: list[WordGroup] = field(default_factory=list)  # the team's words, for search

    def principles_of_stage(self, stage_id: str) -> list[Principle]:
        return self._by_stage.get(stage_id, [])

    def principles_of_role(self, role_id: str) -> list[Principle]:
        return self._by_role.get(role_id, [])

    @cached_property
    def _by_stage(self) -> dict[str, list[Principle]]:
        return _index(self.principles.values(), lambda p: [p.stage.id])

    @cached_property
    def _by_role(self) -> dict[str, list[Principle]]:
        return _index(self.principles.values(), lambda p: [r.id for r in p.roles])

    def referenced_by(self, principle_id: str) -> list[Principle]:
        """Principles that list this one as related or link it as [[id]]: "what links here"."""
        return self._links_to.get(principle_id, [])

    def neighbours(self, principle_id: str) -> list[tuple[Principle, str]]:
        """The principles this one lists as related and those that link to it, each once, with how
        they are related ("see also", "links here" or both): one list where a page had two."""
        named = {r: self.principles[r] for r in self.principles[principle_id].related}
        naming = {q.id: q for q in self.referenced_by(principle_id)}
        how = {(1, 1): "see also · links here", (1, 0): "see also", (0, 1): "links here"}
        return [(q, how[(i in named, i in naming)]) for i, q in {**named, **naming}.items()]

    @cached_property
    def _links_to(self) -> dict[str, list[Principle]]:
        return _index(self.principles.values(), lambda p: [*p.related, *p.mentions])

    def needs_review(self, today: datetime.date, max_age_days: int) -> list[tuple[Principle, int | None]]:
        """Principles never reviewed or reviewed more than ``max_age_days`` ago, with their age in days,
        oldest first (never reviewed counts as oldest)."""
        stale = []
        for p in self.principles.values():
            age = (today - p.reviewed).days if p.reviewed else None
            if age is None or age > max_age_days:
                stale.append((p, age))
        return sorted(stale, key=lambda pair: (-(pair[1] if pair[1] is not None else 10**9), pair[0].title.lower()))

    def sheets_using(self, principle_id: str) -> list[CallSheet]:
        return self._sheets_by_principle.get(principle_id, [])

    @cached_property
    def _sheets_by_principle(self) -> dict[str, list[CallSheet]]:
        return _index(self.call_sheets.values(), lambda sheet: sheet.shown_principles)

    def objections_by_stage(self) -> list[tuple[Stage, list[tuple[Principle, Objection]]]]:
        """Every objection with its principle, grouped by stage in the cycle's order (stages without
        objections left out): the objections page and its printed card."""
        groups = []
        for stage in self.stages:
            entries = [(p, o) for p in self.principles_of_stage(stage.id) for o in p.objections]
            if entries:
                groups.append((stage, entries))
        return groups


def _index(entries: Iterable[T], keys_of: Callable[[T], list[str]]) -> dict[str, list[T]]:
    """Each key to the entries that have it, in entry order, each entry once per key: built in one
    pass, so that lookups by stage, role, backlink or sheet cost nothing per page at any size."""
    index: dict[str, list[T]] = {}
    for entry in entries:
        for key in dict.fromkeys(keys_of(entry)):
            index.setdefault(key, []).append(entry)
    return index
