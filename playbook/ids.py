"""Ids derived from text, as the content format defines them."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_RUN = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1 << 16)  # every load derives the same ids again; the preview loads on every save
def derive_item_id(text: str) -> str:
    """Lowercase, fold accents to ASCII, join the first six runs of a-z0-9 with '-'.

    "Learn the assistant's name and use it" -> "learn-the-assistant-s-name-and".
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(_RUN.findall(folded)[:6])
