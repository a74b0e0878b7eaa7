"""Markdown for content text fields, rendered so that no content can inject markup or script.

Content text is Markdown, but raw HTML in it is shown as text and links may only be http:, https:,
mailto: or relative. A Python-Markdown instance without its raw-HTML handlers does the first; a tree
processor that drops forbidden links and external images does the second.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .mdcheck import is_allowed_url, url_scheme
from .urls import MENTION

# Resolves a mentioned principle id to (href, title) for the page being rendered, or None.
MentionResolver = Callable[[str], "tuple[str, str] | None"]


class _Mention(InlineProcessor):
    """``[[principle-id]]`` becomes a link to that principle, titled with its title."""

    def __init__(self, renderer: MarkdownRenderer):
        super().__init__(MENTION.pattern)
        self.renderer = renderer

    def handleMatch(self, m, data):
        resolved = self.renderer.resolve_mention(m.group(1)) if self.renderer.resolve_mention else None
        if resolved is None:
            return None, None, None
        link = etree.Element("a", {"href": resolved[0], "class": "pb-mention"})
        link.text = resolved[1]
        return link, m.start(0), m.end(0)


class _SafeLinks(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            if element.tag == "a":
                href = element.get("href", "")
                if not is_allowed_url(href):
                    element.attrib.pop("href", None)
                elif url_scheme(href) in ("http", "https"):
                    element.set("rel", "noopener noreferrer")
            elif element.tag == "img":
                src = element.get("src", "")
                if url_scheme(src) is not None:  # external images would leak readers' visits
                    element.tag = "span"
                    element.text = element.get("alt", "")
                    element.attrib.clear()


class SafeMarkdown(Extension):
    """Raw HTML becomes text; forbidden links lose their target; ``[[id]]`` links a principle."""

    def __init__(self, renderer: MarkdownRenderer):
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.register(_Mention(self.renderer), "playbook_mention", 175)
        md.treeprocessors.register(_SafeLinks(md), "playbook_safe_links", 0)


class MarkdownRenderer:
    """One reusable converter: creating a Markdown instance per field would dominate build time."""

    def __init__(self, resolve_mention: MentionResolver | None = None):
        self.resolve_mention = resolve_mention  # set per page by the page renderer
        self._cache: dict[str, str] = {}  # summaries repeat on every page that lists them
        self._md = markdown.Markdown(extensions=[SafeMarkdown(self), "sane_lists"], output_format="html")

    def block(self, text: str) -> str:
        """Markdown text to HTML paragraphs and lists."""
        if _is_plain(text):  # most talk tracks and steps: the same output, without the parser
            return f"<p>{html.escape(text, quote=False)}</p>"
        if "[[" in text:  # mentions link relative to the page being rendered: never cached
            self._md.reset()
            return self._md.convert(text)
        if text not in self._cache:
            self._md.reset()
            self._cache[text] = self._md.convert(text)
        return self._cache[text]

    def inline(self, text: str) -> str:
        """Markdown text to HTML without the surrounding paragraph, for list entries and summaries."""
        rendered = self.block(text)
        match = re.fullmatch(r"<p>(.*)</p>", rendered, flags=re.DOTALL)
        return match.group(1) if match else rendered


# Text with none of these can only become one paragraph of escaped text.
_MARKUP = re.compile(r"[\\`*_\[\]!<>&#{}~=|\n\t]|^\s|\s$|^[-+]|^\d+[.)]|  ")


def _is_plain(text: str) -> bool:
    return bool(text) and _MARKUP.search(text) is None
