"""The default playbook is written in its own words.

The content in ``content/`` is based on the seed articles in ``../shared/seeds/``. Facts, stories and
ideas may carry over; sentences may not. This test folds case and punctuation and fails when any run
of eight consecutive words of a seed article appears in a content file.
"""

import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
CONTENT_DIR = REPO_ROOT / "content"
SEEDS_DIR = REPO_ROOT.parent / "shared" / "seeds"
SHINGLE = 8

# Curly quotes and similar marks fold to their ASCII forms before words are cut out, so
# "don’t" and "don't" are the same word.
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "`": "'"})
_WORD = re.compile(r"[a-z0-9']+")


def words(text: str) -> list[str]:
    """Lowercase words of ``text``, punctuation dropped, apostrophes kept inside words."""
    # A doubled quote is how YAML escapes an apostrophe inside a single-quoted string.
    found = _WORD.findall(text.translate(_FOLD).replace("''", "'").lower())
    return [w.strip("'") for w in found if w.strip("'")]


def shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def content_files() -> list[Path]:
    return sorted(p for p in CONTENT_DIR.rglob("*") if p.suffix in {".yml", ".yaml", ".md"})


def test_no_eight_word_run_of_a_seed_appears_in_content():
    seeds = sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []
    if not seeds:
        pytest.skip(f"seed articles not found in {SEEDS_DIR}")
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
