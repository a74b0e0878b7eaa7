"""The word list the search worker's query pipeline reads (assets/search-query.js), written at build
time next to the worker in ``assets/playbook/words/``:

- ``index.json``: the team's vocabulary as a map from an entry (its terms, space-joined) to the
  entries it also finds (two-way groups both ways, one-way expansions one way), the filler words a
  query need not match, the task words and the page kind each favours, the number of pages and the
  list of shards;
- ``<shard>.json``: ``{word: pages holding it}`` for the words starting with the shard's two letters
  (the worker fetches only the shards of the words typed, so a query's cost stays flat as the
  playbook grows; typo tolerance compares a typed word with its shard's words only).

The words are those of the text Pagefind indexes (each indexed page's HTML without tags), split the
way ``playbook.words.terms`` splits them, plus the vocabulary's own words.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from playbook.model import WordGroup
from playbook.words import normal, terms

FOLDER = "words"
# Words a query need not match when it has others: question and filler words reps type.
FILLER = frozenset(
    """a about after again all also am an and any are as at be been before being but by can cant could
    did do does doing dont for from get gets getting got had has have having he her him his how i if in
    into is it its just me my need needs no not now of on or our out own please said say saying says she
    should so some tell than that the their them then there these they this those to too up us very want
    wants was we were what whats when where which who why will with without wont would you your youre
    yours im ive were weve theyre""".split()
)
# Task words: the page kind (search_rank.KINDS) a query with them favours.
TASK_WORDS = "checklist checklists print printable printout sheet sheets script scripts card cards cheat prep"
TASKS = {word: ("call-sheet",) for word in TASK_WORDS.split()}
TASKS |= {word: ("objections",) for word in ("objection", "objections")}
_TAG = re.compile(r"<[^>]*>")
_IGNORED = re.compile(r"<(ul|ol|p) data-pagefind-ignore>.*?</\1>", re.S)
_ENTITY = re.compile(r"&(#?\w+);")


def _shard(word: str) -> str:
    """The shard a word is in: its first two characters, anything but a-z and 0-9 spelled _<hex>."""
    return "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}" for c in word[:2])


def _entry(text: str) -> str:
    return " ".join(terms(normal(text)))


def expansions(vocabulary: list[WordGroup]) -> dict[str, list[str]]:
    """entry -> the entries it also finds: every member of a two-way group finds the others, a
    one-way ``word`` finds its ``also`` words (not the reverse)."""
    found: dict[str, list[str]] = {}

    def add(source: str, targets: list[str]) -> None:
        listed = found.setdefault(source, [])
        listed += [t for t in targets if t != source and t not in listed]

    for group in vocabulary:
        members = [e for e in (_entry(w) for w in group.words) if e]
        if group.word is not None:
            add(_entry(group.word), members)
        else:
            for member in members:
                add(member, members)
    return {k: v for k, v in found.items() if k and v}


class SearchWords:
    """Collects the indexed pages' words during a build and writes the word list after it."""

    def __init__(self) -> None:
        self.pages: Counter[str] = Counter()
        self.count = 0

    def add_page(self, html: str) -> None:
        text = _ENTITY.sub(" ", _TAG.sub(" ", _IGNORED.sub(" ", html)))
        self.pages.update(set(terms(text)))
        self.count += 1

    def write(self, assets: Path, vocabulary: list[WordGroup], english: bool) -> Path:
        folder = assets / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        words = dict(self.pages)
        groups = expansions(vocabulary)
        for entry in [*groups, *(t for targets in groups.values() for t in targets)]:
            for word in entry.split():
                words.setdefault(word, 0)
        shards: dict[str, dict[str, int]] = {}
        for word in sorted(words):
            shards.setdefault(_shard(word), {})[word] = words[word]
        for name, content in shards.items():
            (folder / f"{name}.json").write_text(_dumps(content), encoding="utf-8")
        index = {
            "pages": self.count,
            "shards": sorted(shards),
            "groups": groups,
            "filler": sorted(FILLER) if english else [],
            "tasks": {word: list(kinds) for word, kinds in TASKS.items()} if english else {},
        }
        (folder / "index.json").write_text(_dumps(index), encoding="utf-8")
        return folder


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
