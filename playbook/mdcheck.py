"""Link checks for Markdown text fields: only http:, https:, mailto: or relative links.

The safe renderer (``markdown.py``) drops any other link as well; this check tells the editor
where the link is, so the mistake is fixed in the pull request rather than silently lost.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

ALLOWED_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# The whole text between "](" and its ")": browsers drop whitespace inside a scheme, so a target
# such as "java<TAB>script:..." must be judged as a whole, not up to its first space.
_INLINE = re.compile(r"\]\(((?:[^()]|\([^()]*\))*)\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]*:[^>\s]*)>")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see, after entities, whitespace and control characters."""
    cleaned = html.unescape(url)
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", cleaned)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def is_allowed_url(url: str) -> bool:
    scheme = url_scheme(url)
    return scheme is None or scheme in ALLOWED_SCHEMES


def bad_links(text: str) -> list[str]:
    """Link targets in Markdown text that use a forbidden scheme (javascript:, data:, ...)."""
    return list(_bad_links(text))


@lru_cache(maxsize=1 << 16)  # the live preview checks the same texts on every save
def _bad_links(text: str) -> tuple[str, ...]:
    inline = [target.strip().lstrip("<") for target in _INLINE.findall(text)]
    found = inline + _REFERENCE.findall(text) + _AUTOLINK.findall(text)
    return tuple(url for url in found if url and not is_allowed_url(url))
