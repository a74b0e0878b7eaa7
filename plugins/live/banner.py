"""The red banner that lists content errors over the last good pages of the preview."""

from __future__ import annotations

import html
import re

BODY_TAG = re.compile(r"<body[^>]*>")


def with_banner(page_html: str, problems: list[str]) -> str:
    """The page with the red problems banner at the top of its body."""
    return BODY_TAG.sub(lambda m: m.group(0) + banner_html(problems), page_html, count=1)


# Styled in place: only the preview shows it, so the published site's stylesheet does not carry it.
STYLE = "position:sticky;top:0;z-index:10;padding:.4rem 1rem;background:#b00020;color:#fff;font-size:.7rem"
CODE_STYLE = "color:#fff;background:none"


def banner_html(problems: list[str]) -> str:
    lines = "".join(f'<li><code style="{CODE_STYLE}">{html.escape(p)}</code></li>' for p in problems)
    return (
        f'<div class="pb-banner" role="alert" style="{STYLE}"><strong>This preview shows the last good version: '
        f"fix these content errors and save.</strong><ul>{lines}</ul></div>"
    )
