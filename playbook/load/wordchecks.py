"""The rules of the search words the schemas cannot say: the team's ``vocabulary`` in playbook.yml
and the ``phrases`` of principles, call sheets and objections.

Two entries are the same when their normal forms are (``playbook/words.py``: case, accents and
spacing aside), so "Renewal" and "renewal " cannot both be listed; an entry must hold a letter or a
digit, or search would have nothing to find it by. Empty text, exact duplicates inside one list and
unknown keys are the schema's to report.
"""

from __future__ import annotations

from typing import Any

from ..schema import is_blank
from ..words import normal, terms
from ..yamlfile import YamlFile
from .findings import Findings


def check_vocabulary(found: Findings, book: YamlFile) -> None:
    """Each word in at most one two-way group, each one-way word once, nothing expanding to itself."""
    entries = book.data.get("vocabulary")
    if not isinstance(entries, list):
        return
    grouped: dict[str, int] = {}  # normal form -> the entry (1-based) of the two-way group holding it
    heads: dict[str, int] = {}  # normal form -> the entry of the one-way expansion of that word
    for index, entry in enumerate(entries):
        where = ("vocabulary", index)
        if isinstance(entry, list):
            for position, word in enumerate(_words(found, book, where, entry)):
                if word is None:
                    continue
                if (other := grouped.get(word)) is not None and other != index:
                    found.error(
                        book,
                        (*where, position),
                        f"'{entry[position]}' is already in vocabulary[{other + 1}]: "
                        "a word belongs to one group (merge the two groups)",
                    )
                else:
                    grouped.setdefault(word, index)
        elif isinstance(entry, dict):
            head = entry.get("word")
            also = entry.get("also")
            head_form = normal(head) if isinstance(head, str) else None
            if head_form is not None and _has_term(found, book, (*where, "word"), head):
                if head_form in heads:
                    found.error(
                        book,
                        (*where, "word"),
                        f"'{head}' already has a one-way entry, vocabulary[{heads[head_form] + 1}]: "
                        "list everything it also finds there",
                    )
                else:
                    heads[head_form] = index
            if isinstance(also, list):
                for position, word in enumerate(_words(found, book, (*where, "also"), also)):
                    if word is not None and word == head_form:
                        found.error(
                            book,
                            (*where, "also", position),
                            f"'{also[position]}' is the word itself: 'also' lists the other words it finds",
                        )


def check_phrases(found: Findings, doc: YamlFile, where: tuple) -> None:
    """A ``phrases`` list (of a principle, a call sheet or an objection at ``where``)."""
    value = doc.data
    for part in where:
        value = value.get(part) if isinstance(value, dict) else (value[part] if isinstance(value, list) else None)
    if isinstance(value, dict):
        _words(found, doc, (*where, "phrases"), value.get("phrases"))


def check_objection_phrases(found: Findings, doc: YamlFile) -> None:
    listed = doc.data.get("objections")
    for index, entry in enumerate(listed if isinstance(listed, list) else []):
        if isinstance(entry, dict):
            check_phrases(found, doc, ("objections", index))


def _words(found: Findings, doc: YamlFile, where: tuple, entries: Any) -> list[str | None]:
    """The normal form of each entry of a list (None where it is not text or has no term); two
    entries with the same normal form are reported at the second (exact repeats are the schema's)."""
    forms: list[str | None] = []
    seen: dict[str, str] = {}
    for position, text in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(text, str) or not _has_term(found, doc, (*where, position), text):
            forms.append(None)
            continue
        form = normal(text)
        if form in seen and seen[form] != text:
            found.error(doc, (*where, position), f"'{text}' repeats '{seen[form]}' (case and spacing aside)")
            forms.append(None)
            continue
        seen.setdefault(form, text)
        forms.append(form)
    return forms


def _has_term(found: Findings, doc: YamlFile, pointer: tuple, text: str) -> bool:
    """Text with a letter or a digit; an error for any other non-blank text (blank is the schema's)."""
    if terms(text):
        return True
    if not is_blank(text):
        found.error(doc, pointer, f"'{text}' has no letters or digits for search to find")
    return False
