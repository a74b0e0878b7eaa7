"""A generated page: its records (planned, then rendered), its front matter, and the escaping of
the text placed in its Markdown.

The renderer writes pages, the preview plans which to render again and the MkDocs plugin hands
them over; all three share these records, which know nothing of templates.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml
from markupsafe import Markup

from . import model

_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def md_text(text: str) -> Markup:
    """Plain text placed in Markdown (headings, link text): escaped for HTML and for Markdown."""
    return Markup(_MD_SPECIALS.sub(r"\\\1", html_text(text)))


def html_text(text: str) -> Markup:
    """Plain text placed in raw HTML that Markdown leaves alone: escaped as Markdown escapes text."""
    return Markup(html.escape(str(text), quote=False))


def attr(text: str) -> Markup:
    return Markup(html.escape(str(text), quote=True))


@dataclass(frozen=True)
class PlannedPage:
    """A page before rendering: ``shows`` names the principles ("p:<id>") and call sheets ("s:<id>")
    whose content appears on it, or is None when it may show any of them. The preview renders a page
    again only when an edit changes one of those (``[[id]]`` mentions are recorded while rendering)."""

    src_uri: str
    render: Callable[[], GeneratedPage | None]
    shows: frozenset[str] | None


@dataclass(frozen=True)
class GeneratedPage:
    """A page for MkDocs: where it goes, where it comes from (for the edit link), its Markdown."""

    src_uri: str  # e.g. "principles/active-listening.md"
    source: str | None  # the YAML file it is made from, relative to the content folder
    markdown: str


def paragraph(rendered: str, css_class: str, label: str = "") -> Markup:
    """Rendered Markdown as one ``<p class>`` (a question, a meaning), or a ``<div class>`` when it is
    more than one paragraph, so the hooks tests and search rely on never wrap a block in a paragraph."""
    strong = f"<strong>{html.escape(label)}</strong> " if label else ""
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return Markup(f'<p class="{css_class}">{strong}{rendered[3:-4]}</p>')
    heading = f"<p>{strong.strip()}</p>" if label else ""
    return Markup(f'<div class="{css_class}">{heading}{rendered}</div>')


def front_matter(kind: str, **meta) -> str:
    """Front matter for MkDocs and Material; ``pb`` names the page kind for templates, CSS and JS."""
    meta = {"pb": kind, **meta}
    dumped = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return "---\n" + dumped + "---\n\n"


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C dumper: same text, a tenth of the time


def text_of_html(rendered_html: str) -> str:
    """Text of rendered HTML, for page descriptions (meta tags)."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered_html)).strip()


def content_rel(playbook: model.Playbook, path: str) -> str:
    """A content file's path relative to the content folder (where the edit link points)."""
    prefix = playbook.content_dir.rstrip("/") + "/"
    return path[len(prefix) :] if path.startswith(prefix) else path


def attr_text(text: str) -> str:
    """Front-matter values reach Material's templates unescaped (MkDocs has no autoescape)."""
    return html.escape(text, quote=True)
