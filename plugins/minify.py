"""Conservative minification of our own CSS and JS, so they stay within the 10 KiB page budget
while the sources keep their comments and indentation."""

from __future__ import annotations

import re

import rjsmin

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_SPACE = re.compile(r"\s*([{};,>])\s*")


def minify_css(text: str) -> str:
    text = _CSS_COMMENT.sub("", text)
    text = _CSS_SPACE.sub(r"\1", text)
    return re.sub(r"\s+", " ", text).replace(";}", "}").strip() + "\n"


def minify_js(text: str) -> str:
    """rjsmin: comments and spaces out, names and line breaks that matter kept (no renaming, so a
    stack trace still reads)."""
    return rjsmin.jsmin(text).strip() + "\n"
