"""The default playbook tells the seeds' ideas in its own sentences, not in the seeds' sentence shapes.

The eight-word test (test_content_originality.py) catches copied text; a paraphrase that keeps a
seed sentence's order and swaps the small words slips through it. This test drops the small words
(stop words), folds simple word endings ("remembering", "remembered" -> "remember"), and fails when
a sentence of the content shares a run of five such content words, in the same order, with one
sentence of a seed article. An exception must be listed in ALLOWED with the reason it is fine.
"""

from __future__ import annotations

import pytest
from seed_text import REPO_ROOT, content_files, prose_of, seed_files, sentences, words

RUN = 5

# Function words and the commonest verbs of English: skipping them leaves the words that carry a
# sentence's meaning, so a shared run of five of them is the seed's sentence, not chance.
STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are aren as at be because been before
    being below between both but by can cannot could couldn did didn do does doesn doing don down during
    each even every few for from further get gets got had hadn has hasn have haven having he her here hers
    herself him himself his how i if in into is isn it its itself just let ll me might more most much must
    mustn my myself no nor not now of off often on once one only or other our ours ourselves out over own
    re same shall she should shouldn so some such than that the their theirs them themselves then there
    these they this those through to too under until up us ve very was wasn we were weren what when where
    which while who whom why will with won would wouldn you your yours yourself yourselves s t d m o y
    make makes made say says said go goes going went way ways thing things""".split()
)

# (content sentence's run, seed file) -> why the shared run is fine. Keep it short and honest.
ALLOWED: dict[tuple[tuple[str, ...], str], str] = {}


def stem(word: str) -> str:
    """A crude stem: enough to make "listens", "listened" and "listening" one word."""
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def content_words(sentence: str) -> list[str]:
    found = (w.removesuffix("'s").rstrip("'") for w in words(sentence))
    return [stem(w) for w in found if w and w not in STOP_WORDS]


def runs(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + RUN]) for i in range(len(tokens) - RUN + 1)}


def seed_runs() -> dict[tuple[str, ...], tuple[str, str]]:
    """Every run of five content words of a seed sentence -> (seed file, the sentence)."""
    found: dict[tuple[str, ...], tuple[str, str]] = {}
    for seed in seed_files():
        for sentence in sentences(seed.read_text(encoding="utf-8")):
            for run in runs(content_words(sentence)):
                found.setdefault(run, (seed.name, sentence))
    return found


def test_stems_and_stop_words_leave_the_words_that_carry_meaning():
    assert content_words("They are listening, and we listened to the clients' needs.") == [
        "listen",
        "listen",
        "client",
        "need",
    ]
    assert runs(["a", "b", "c", "d", "e", "f"]) == {("a", "b", "c", "d", "e"), ("b", "c", "d", "e", "f")}


def test_sentences_split_paragraphs_list_entries_and_sentence_ends():
    text = "First one. Second “quoted.” Third?\n\n- An entry\n- Another entry"
    assert sentences(text) == ["First one.", "Second “quoted.”", "Third?", "An entry", "Another entry"]


def test_no_content_sentence_keeps_a_seed_sentence_shape():
    seeds = seed_runs()
    if not seeds:
        pytest.skip("seed articles not found (set PLAYBOOK_SEEDS_DIR)")
    shaped, used = [], set()
    for path in content_files():
        for text in prose_of(path):
            for sentence in sentences(text):
                for run in sorted(runs(content_words(sentence))):
                    if run not in seeds:
                        continue
                    seed, seed_sentence = seeds[run]
                    if (run, seed) in ALLOWED:
                        used.add((run, seed))
                        continue
                    rel = path.relative_to(REPO_ROOT)
                    shaped.append(f"{rel}: {sentence!r}\n    shares {' '.join(run)!r} with {seed}: {seed_sentence!r}")
    assert not shaped, "sentences shaped like a seed sentence:\n" + "\n".join(shaped)
    assert used == set(ALLOWED), f"exceptions no longer needed: {sorted(set(ALLOWED) - used)}"
