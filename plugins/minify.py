"""Conservative minification of our own CSS and JS, so they stay within the 10 KiB page budget
while the sources keep their comments and indentation."""

from __future__ import annotations

import re

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_SPACE = re.compile(r"\s*([{};,>])\s*")


def minify_css(text: str) -> str:
    text = _CSS_COMMENT.sub("", text)
    text = _CSS_SPACE.sub(r"\1", text)
    return re.sub(r"\s+", " ", text).replace(";}", "}").strip() + "\n"


def minify_js(text: str) -> str:
    """Drops comment-only lines and indentation; code, strings and line breaks are kept as written."""
    text = _CSS_COMMENT.sub("", text)  # block comments: our JS has them only at the top
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"
