"""The seed articles and the default content as text, for the originality and sentence-shape tests.

The seeds live outside the repository (``shared/seeds/`` beside the checkout, or wherever
``PLAYBOOK_SEEDS_DIR`` points); a worktree sits one folder deeper, so every ancestor is tried.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
CONTENT_DIR = REPO_ROOT / "content"

# Curly quotes and similar marks fold to their ASCII forms before words are cut out, so
# "don’t" and "don't" are the same word.
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "`": "'"})
_WORD = re.compile(r"[a-z0-9']+")
# A sentence ends at . ! or ? (closing quotes and brackets may follow) before white space.
_SENTENCE = re.compile(r"\S.*?(?:[.!?][\"'\u201d\u2019)\]*_]*(?=\s)|$)")
# Blank lines, list markers and table rules split Markdown into blocks before sentences are cut.
_BLOCK = re.compile(r"\n\s*\n|\n\s*(?:[-*+]|\d+\.)\s+|\n\s*\|")
_LIST_MARKER = re.compile(r"^(?:[-*+]|\d+\.)\s+")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_CODE = re.compile(r"```.*?```", re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def seeds_dir() -> Path | None:
    """Where the seed articles are, or None when this checkout has no copy nearby."""
    if os.environ.get("PLAYBOOK_SEEDS_DIR"):
        return Path(os.environ["PLAYBOOK_SEEDS_DIR"])
    for folder in REPO_ROOT.parents:
        if (folder / "shared" / "seeds").is_dir():
            return folder / "shared" / "seeds"
    return None


def seed_files() -> list[Path]:
    folder = seeds_dir()
    return sorted(folder.glob("*.txt")) if folder and folder.is_dir() else []


def words(text: str) -> list[str]:
    """Lowercase words of ``text``, punctuation dropped, apostrophes kept inside words."""
    # A doubled quote is how YAML escapes an apostrophe inside a single-quoted string.
    found = _WORD.findall(text.translate(_FOLD).replace("''", "'").lower())
    return [w.strip("'") for w in found if w.strip("'")]


def content_files() -> list[Path]:
    return sorted(p for p in CONTENT_DIR.rglob("*") if p.suffix in {".yml", ".yaml", ".md"})


def _strings(node, skip: frozenset[str]) -> list[str]:
    """Every string in a parsed YAML document, except under the keys in ``skip``."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [s for child in node for s in _strings(child, skip)]
    if isinstance(node, dict):
        return [s for key, child in node.items() if key not in skip for s in _strings(child, skip)]
    return []


# Keys whose values are ids, dates or citations, not prose a reader sees as ours.
_NOT_PROSE = frozenset({"id", "sources", "stage", "roles", "tags", "related", "formerly", "owner", "reviewed"})


def prose_of(path: Path) -> list[str]:
    """The prose of one content file: text fields of a YAML file, the body of a Markdown page."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = _LINK_TARGET.sub("]", _CODE.sub("", _FRONT_MATTER.sub("", text)))
        return [text]
    return [s for s in _strings(yaml.safe_load(text), _NOT_PROSE) if " " in s.strip()]


def sentences(text: str) -> list[str]:
    """The sentences of a text: blocks first (paragraphs, list entries), then sentence ends."""
    found = []
    for block in _BLOCK.split("\n" + text.translate(_FOLD)):
        block = _LIST_MARKER.sub("", " ".join(block.split()))
        found += _SENTENCE.findall(block)
    return found
