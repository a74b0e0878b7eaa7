"""What changed inside a long text: the words taken out and put in, with a few words around them.

A reworded "why" paragraph quoted twice in full hides the one word that changed; short texts are
still quoted before and after.
"""

from __future__ import annotations

from difflib import SequenceMatcher

LONG = 120  # characters: a text this long (before or after) is shown as its changed words
CONTEXT = 5  # words kept on each side of a change
SKIP = 3  # fewer words than this are never left out

# (op, words): op "=" kept, "-" taken out, "+" put in; "…" stands for the words left out between changes
Segment = tuple[str, str]


def is_long(before: str | None, after: str | None) -> bool:
    return before is not None and after is not None and max(len(before), len(after)) > LONG


def word_changes(before: str, after: str) -> list[Segment]:
    """The changed words of ``before`` -> ``after`` with up to CONTEXT words of context each side."""
    old, new = before.split(), after.split()
    segments: list[Segment] = []
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            words = old[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            kept = CONTEXT * (1 if first or last else 2)
            if len(words) >= kept + SKIP:
                head = [] if first else words[:CONTEXT]
                tail = [] if last else words[-CONTEXT:]
                kept = (("=", " ".join(head)), ("…", ""), ("=", " ".join(tail)))
                segments += [s for s in kept if s[1] or s[0] == "…"]
            else:
                segments.append(("=", " ".join(words)))
            continue
        if i2 > i1:
            segments.append(("-", " ".join(old[i1:i2])))
        if j2 > j1:
            segments.append(("+", " ".join(new[j1:j2])))
    return segments
