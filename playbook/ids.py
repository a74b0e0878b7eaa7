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


# Pages the site makes beside the pages of ids: `principles/index.md` and `call-sheets/print-all.md`
# sit in the folders of ids, the others at the top. A principle, call sheet, stage or role whose id
# is one of these would lose its page or take the generated page's address, so they are refused.
RESERVED_IDS = frozenset({"index", "print-all", "needs-review", "tags", "objections", "whats-new"})


def reserved_id_message(value: str) -> str | None:
    """The error for an id that a generated page owns; None for any other id."""
    if value not in RESERVED_IDS:
        return None
    return (
        f"the id '{value}' is taken by a page the site makes itself ({', '.join(sorted(RESERVED_IDS))}): choose another"
    )
