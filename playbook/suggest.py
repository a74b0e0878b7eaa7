"""'Did you mean' hints for unknown keys and references."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A short hint naming the closest choice, or an empty string when nothing is close."""
    choices = list(choices)
    for choice in choices:
        if choice.lower() == str(word).lower():
            return f" (did you mean '{choice}'?)"
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
