"""The ids playbook.yml declares (stages, roles, pause points), which every other file refers to.

Read once per load, before any principle or call sheet is checked; ``None`` for a list playbook.yml
cannot provide, so a broken playbook.yml does not pile an error on every reference to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ids import reserved_id_message
from ..yamlfile import YamlFile
from .findings import Findings


@dataclass
class Registry:
    """The ids declared in playbook.yml; ``None`` when playbook.yml is unusable (no cascades)."""

    stages: dict[str, int] | None
    roles: dict[str, int] | None
    pauses: dict[str, int] | None

    @property
    def key(self) -> tuple:
        """The declared ids, for caches of checks that depend on them."""
        return tuple(None if ids is None else tuple(ids.items()) for ids in (self.stages, self.roles, self.pauses))

    @classmethod
    def from_book(cls, book: YamlFile | None, found: Findings) -> Registry:
        if book is None:
            return cls(None, None, None)
        return cls(*(cls._ids(book, name, found) for name in ("stages", "roles", "pauses")))

    @staticmethod
    def _ids(book: YamlFile, name: str, found: Findings) -> dict[str, int] | None:
        entries = book.data.get(name)
        if not isinstance(entries, list):
            return None
        ids: dict[str, int] = {}
        for index, entry in enumerate(entries):
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                if name != "pauses" and (reserved := reserved_id_message(entry["id"])):
                    found.error(book, (name, index, "id"), reserved)
                if entry["id"] in ids:
                    found.error(book, (name, index, "id"), f"duplicate {name[:-1]} id '{entry['id']}'")
                else:
                    ids[entry["id"]] = index
        for index, entry in enumerate(entries):
            if isinstance(entry, dict):
                found.check_markdown(book, (name, index, "summary"), entry.get("summary"))
        found.check_markdown(book, ("description",), book.data.get("description"))
        return ids
