"""Which entry of a list became which: the one way the diff matches items, objections, talk tracks,
list entries, principles and call sheets between two revisions.

Entries match by key (an id, or the text itself). A removed and an added entry whose words are
alike are one entry reworded (rewording changes a derived id), best pairs first; what is left was
added or removed. The order of the matched entries is compared on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Generic, TypeVar

T = TypeVar("T")

REWORD_RATIO = 0.6  # similarity of two texts that makes a removed and an added entry one reworded entry
RENAME_SHARE = 0.6  # share of equal texts that makes a removed and an added id one renamed thing


def flat(value: object) -> str:
    """Text on one line: runs of white space (line breaks of block scalars too) as one space."""
    return " ".join(str(value).split()) if value is not None else ""


def similarity(a: str, b: str) -> float:
    """How alike two texts read, 0 to 1, ignoring case; cheap bounds first (lists can be long)."""
    matcher = SequenceMatcher(None, a.casefold(), b.casefold(), autojunk=False)
    if matcher.real_quick_ratio() < REWORD_RATIO or matcher.quick_ratio() < REWORD_RATIO:
        return 0.0
    return matcher.ratio()


def share(old: Iterable[str], new: Iterable[str]) -> float:
    """The share of texts two collections have in common, relative to the larger one."""
    a, b = set(old), set(new)
    if not a or not b:
        return 0.0
    return len(a & b) / max(len(a), len(b))


def pair(old: Iterable[str], new: Iterable[str], score: Callable[[str, str], float]) -> dict[str, str]:
    """Greedy best-first matching of removed to added keys; a score of 0 never pairs."""
    scored = sorted(((score(o, n), o, n) for o in old for n in new), key=lambda t: (-t[0], t[1], t[2]))
    pairs: dict[str, str] = {}
    taken: set[str] = set()
    for value, o, n in scored:
        if value > 0 and o not in pairs and n not in taken:
            pairs[o] = n
            taken.add(n)
    return pairs


@dataclass
class Matched(Generic[T]):
    """Two versions of a list matched: pairs in the new list's order, then what is left on each side."""

    pairs: list[tuple[T, T]] = field(default_factory=list)  # (old, new), same key or reworded
    added: list[T] = field(default_factory=list)
    removed: list[T] = field(default_factory=list)
    reordered: bool = False  # the matched entries come in another order
    sequence: list[tuple[T | None, T]] = field(default_factory=list)  # the new list: (old or None if added, new)


def match(
    old: Sequence[T],
    new: Sequence[T],
    key: Callable[[T], str],
    text: Callable[[T], str],
    old_key: Callable[[T], str] | None = None,
    apart: Callable[[T], str] | None = None,
) -> Matched[T]:
    """Match two lists by key (``old_key`` puts an old entry into the new naming), then pair what is left
    by similar ``text``. Entries whose ``apart`` differs never pair by text (items of two principles)."""
    old_keys = _unique([(old_key or key)(e) for e in old])
    new_keys = _unique([key(e) for e in new])
    by_old = dict(zip(old_keys, range(len(old)), strict=True))
    by_new = dict(zip(new_keys, range(len(new)), strict=True))
    gone = [k for k in old_keys if k not in by_new]
    came = [k for k in new_keys if k not in by_old]

    def score(o: str, n: str) -> float:
        a, b = old[by_old[o]], new[by_new[n]]
        if apart is not None and apart(a) != apart(b):
            return 0.0
        ratio = similarity(text(a), text(b))
        return ratio if ratio >= REWORD_RATIO else 0.0

    reworded = {n: o for o, n in pair(gone, came, score).items()}
    result: Matched[T] = Matched()
    positions = []
    for k, index in by_new.items():
        o = k if k in by_old else reworded.get(k)
        if o is None:
            result.added.append(new[index])
            result.sequence.append((None, new[index]))
        else:
            result.pairs.append((old[by_old[o]], new[index]))
            result.sequence.append((old[by_old[o]], new[index]))
            positions.append(by_old[o])
    matched_old = set(reworded.values())
    result.removed = [old[by_old[k]] for k in gone if k not in matched_old]
    result.reordered = positions != sorted(positions)
    return result


def _unique(keys: list[str]) -> list[str]:
    """Keys made unique by their occurrence (two equal talk tracks are two entries)."""
    seen: dict[str, int] = {}
    unique = []
    for k in keys:
        n = seen[k] = seen.get(k, 0) + 1
        unique.append(k if n == 1 else f"{k}\x00{n}")
    return unique
