"""How search reads a word: one normal form for the team's vocabulary, phrases and the typo index.

The checks (``load/wordchecks.py``) call two entries the same when their normal forms are equal, and
the search index writer (``searchindex.py``) splits text into the same terms the search worker
splits a query into (``plugins/assets/search-worker.js``, function ``terms``): lowercase, accents
folded, runs of letters and digits, an apostrophe inside a word dropped ("don't" -> "dont").
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_TERM = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lowercase, compatibility-normalised, accents removed: the form words are compared in."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normal(text: str) -> str:
    """An entry's normal form: folded, spaces collapsed ("Repeat  Order" -> "repeat order")."""
    return _SPACES.sub(" ", fold(text)).strip()


def terms(text: str) -> list[str]:
    """The search terms of a text: folded runs of letters and digits, apostrophes inside words
    dropped, so "Don't" and "dont" are one term."""
    return _TERM.findall(re.sub(r"(?<=\w)['\u2019](?=\w)", "", fold(text)))
