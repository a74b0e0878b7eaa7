"""The default playbook is written in its own words, and makes up no proof a rep would repeat as fact.

The content in ``content/`` is based on the seed articles in ``shared/seeds/``. Facts, stories and
ideas may carry over; sentences may not. The first test folds case and punctuation and fails when any
run of eight consecutive words of a seed article appears in a content file (the sentence-shape test
beside it catches paraphrases that keep a seed sentence's order).

A figure in a talk track is something a rep says to a customer as fact. The playbook has no real
customers to quote, so every example result is a visible placeholder ("[customer] cut overtime by
[x] percent") that the team fills with an approved, sourced figure (see the Rules of the road page).
"""

from __future__ import annotations

import re

import pytest
import yaml
from seed_text import CONTENT_DIR, REPO_ROOT, content_files, seed_files, words

SHINGLE = 8


def shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def test_no_eight_word_run_of_a_seed_appears_in_content():
    seeds = seed_files()
    if not seeds:
        pytest.skip("seed articles not found (set PLAYBOOK_SEEDS_DIR)")
    seed_shingles: dict[tuple[str, ...], str] = {}
    for seed in seeds:
        for shingle in shingles(words(seed.read_text(encoding="utf-8"))):
            seed_shingles.setdefault(shingle, seed.name)

    files = content_files()
    assert files, f"no content files found in {CONTENT_DIR}"
    copied = []
    for path in files:
        tokens = words(path.read_text(encoding="utf-8"))
        for i in range(len(tokens) - SHINGLE + 1):
            shingle = tuple(tokens[i : i + SHINGLE])
            if shingle in seed_shingles:
                rel = path.relative_to(REPO_ROOT)
                copied.append(f"{rel}: '{' '.join(shingle)}' (from {seed_shingles[shingle]})")
    assert not copied, "text copied from a seed article:\n" + "\n".join(copied)


# A result: a share ("12 percent", "12%", "a third", "half"), or a count of customers or results
# ("ten retailers", "40 hours of rework"). Times, dates and meeting lengths ("15 minutes",
# "90 days", "Thursday at ten") are not results and stay as written.
_RESULT = re.compile(
    r"\b(\d+(?:[.,]\d+)?\s*(?:%|percent|per cent)|by (?:a (?:third|quarter|half)|half|\d+)"
    r"|\d+\s+(?:retailers|clients|customers|companies|firms|hours of)"
    r"|(?:ten|twenty|hundred)\s+(?:retailers|clients|customers|companies|firms))",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"\[[^\]]*\]")


def talk_tracks(data) -> list[str]:
    """The words a rep says: a principle's `say` and its objections' `say`."""
    lines = list(data.get("say") or []) if isinstance(data, dict) else []
    for objection in (data.get("objections") or []) if isinstance(data, dict) else []:
        if isinstance(objection, dict):
            lines += objection.get("say") or []
    return [line for line in lines if isinstance(line, str)]


def test_every_result_figure_a_rep_would_say_is_a_placeholder():
    made_up = []
    for path in sorted((CONTENT_DIR / "principles").glob("*.yml")):
        for line in talk_tracks(yaml.safe_load(path.read_text(encoding="utf-8"))):
            found = _RESULT.search(_PLACEHOLDER.sub("[x]", line))
            if found:
                made_up.append(f"{path.relative_to(REPO_ROOT)}: {found.group(0)!r} in {line!r}")
    assert not made_up, "figures a rep would quote as fact; use a placeholder such as [x] percent:\n" + "\n".join(
        made_up
    )


def test_the_placeholder_rule_catches_a_made_up_result_and_spares_a_date():
    assert _RESULT.search("At Coastline it cut overtime by 12 percent.")
    assert _RESULT.search("Picking errors fell by a third in six months.")
    assert _RESULT.search("Across the ten retailers we work with, returns spike.")
    assert not _RESULT.search(_PLACEHOLDER.sub("[x]", "[Customer] cut overtime by [x] percent."))
    assert not _RESULT.search("Shall we speak Thursday at ten, for 15 minutes, and again in 90 days?")
