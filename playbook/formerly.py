"""Former ids (``formerly:``): a renamed principle or call sheet keeps its old address working.

Reps bookmark pages and paste them into CRM notes; a rename must not break those links. Each former
id gets a small page at its old URL that sends the reader on: a meta refresh (no script, which the
hosting example's Content-Security-Policy forbids inline anyway), a canonical link, a plain link for
anyone whose browser ignores the refresh, and ``noindex, nofollow`` (as every page of a private
playbook says; a redirect has nothing of its own to index or follow). Search leaves it out.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from dataclasses import dataclass

from . import model
from .layout import PRINCIPLES_DIR, SHEETS_DIR
from .problems import Problem
from .yamlfile import YamlFile

# Ids whose page would replace a generated one (`principles/index/` would be the index of principles).
RESERVED = frozenset({"index"})


def formerly_problems(principle_docs: Iterable[YamlFile], sheet_docs: Iterable[YamlFile]) -> list[Problem]:
    """A former id that is some file's current id, or that two files claim, is an error: an old
    address can lead to one page only, and never away from a page that exists."""
    problems = []
    for noun, docs in (("principle", list(principle_docs)), ("call sheet", list(sheet_docs))):
        if not any("formerly" in doc.data for doc in docs):
            continue  # the common case, on every check and every preview save
        current = {_stem(doc.path): doc for doc in docs}
        current |= {doc.data["id"]: doc for doc in docs if isinstance(doc.data.get("id"), str)}
        claimed: dict[str, YamlFile] = {}
        for doc in docs:
            entries = doc.data.get("formerly")
            for index, old in enumerate(entries if isinstance(entries, list) else []):
                if not isinstance(old, str):
                    continue
                line, col = doc.marks.value(("formerly", index))
                if old in RESERVED:
                    message = f"'{old}' cannot be a former id: its address belongs to a generated page"
                elif old in current:
                    where = "this file" if current[old] is doc else current[old].path
                    message = f"'{old}' is the id of a current {noun} ({where}): a former id must be free"
                elif old in claimed and claimed[old] is not doc:
                    other = claimed[old].path
                    message = f"'{old}' is claimed as a former id by {other} too: an old address leads to one page"
                else:
                    claimed.setdefault(old, doc)
                    continue
                problems.append(Problem(doc.path, line, col, message))
    return problems


@dataclass(frozen=True)
class Redirect:
    path: str  # the file to write, relative to the site's root
    html: str


def redirects(playbook: model.Playbook, *, directory_urls: bool = True, site_url: str | None = None) -> list[Redirect]:
    """One page per former id of every principle and call sheet, at the URL the old id had."""
    pages = []
    for folder, things in ((PRINCIPLES_DIR, playbook.principles), (SHEETS_DIR, playbook.call_sheets)):
        for thing in things.values():
            for old in thing.formerly:
                if directory_urls:
                    path, target = f"{folder}/{old}/index.html", f"{folder}/{thing.id}/"
                else:
                    path, target = f"{folder}/{old}.html", f"{folder}/{thing.id}.html"
                relative = os.path.relpath(target, os.path.dirname(path))
                if target.endswith("/"):
                    relative += "/"
                canonical = (site_url.rstrip("/") + "/" + target) if site_url else relative
                pages.append(Redirect(path, redirect_html(thing.title, relative, canonical)))
    return pages


def redirect_html(title: str, href: str, canonical: str) -> str:
    title, href, canonical = html.escape(title), html.escape(href), html.escape(canonical)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f"<title>Moved: {title}</title>\n"
        '<meta name="robots" content="noindex, nofollow">\n'
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'<link rel="canonical" href="{canonical}">\n'
        "</head>\n"
        '<body data-pagefind-ignore="all">\n'
        f'<p>This page has moved: <a href="{href}">{title}</a>.</p>\n'
        "</body>\n"
        "</html>\n"
    )


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
