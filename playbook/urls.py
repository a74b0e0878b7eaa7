"""Where a page lands in the built site, and relative links between pages.

Links inside raw HTML blocks are not rewritten by MkDocs, so the renderer computes them the way
MkDocs would, for both settings of ``use_directory_urls``.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

MENTION = re.compile(r"\[\[([a-z0-9]+(?:-[a-z0-9]+)*)\]\]")


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """ "principles/x.md" -> "principles/x/" (or "principles/x.html"); index pages -> their folder."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if posixpath.basename(stem) in ("index", "README"):
        folder = posixpath.dirname(stem)
        if directory_urls:
            return folder + "/" if folder else ""
        return stem + ".html"
    return stem + "/" if directory_urls else stem + ".html"


def relative_url(target_src: str, from_src: str, directory_urls: bool = True) -> str:
    """The href from one page to another, as MkDocs writes it for ``.md`` links."""
    target = page_url(target_src, directory_urls)
    here = page_url(from_src, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    rel = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    if target.endswith("/") or not target:
        rel = rel.rstrip("/") + "/" if rel != "." else "./"
    return rel


_CODE = re.compile(r"^(```|~~~).*?^\1|`[^`\n]*`", re.DOTALL | re.MULTILINE)


@lru_cache(maxsize=1 << 16)  # the live preview reads the same texts on every save
def principle_mentions(text: str) -> tuple[str, ...]:
    """Principle ids written as ``[[id]]`` in Markdown text."""
    return tuple(MENTION.findall(text))


def blank_code(text: str) -> str:
    """The text with code spans and fenced blocks blanked out (same length, same lines), so an
    example such as `[[principle-id]]` in a code span is neither checked nor linked."""
    return _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def sub_outside_code(pattern: re.Pattern, replace, text: str) -> str:
    """``pattern.sub`` applied to the text outside code spans and fenced blocks."""
    parts, last = [], 0
    for match in _CODE.finditer(text):
        parts.append(pattern.sub(replace, text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(pattern.sub(replace, text[last:]))
    return "".join(parts)
