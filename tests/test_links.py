"""No broken internal link: every href and src of the default site resolves to a built file, and every
#anchor to an id in that file.

External links (any scheme, or //host) are not followed, except those under the site's own site_url
(canonical links), which are checked as the site pages they name; edit links open the code host.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT

LINK_ATTRIBUTES = {"href", "src", "poster", "data", "action", "formaction", "xlink:href"}
SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.MULTILINE).group(1).rstrip("/") + "/"


@dataclass
class Page:
    links: list[tuple[str, str]] = field(default_factory=list)  # (element, url)
    ids: set[str] = field(default_factory=set)


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                self.page.ids.add(attrs[name])
        if tag == "a" and attrs.get("title") == "Edit this page":
            return
        for name, value in attrs.items():
            if name in LINK_ATTRIBUTES and value is not None:
                self.page.links.append((f"<{tag} {name}>", value))

    handle_startendtag = handle_starttag


@cache
def parse_page(path: Path) -> Page:
    parser = LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def target_of(site: Path, page: str, url: str) -> tuple[str, str] | None:
    """The site file a link points at (relative to the site) and its fragment; None for external links."""
    if url.startswith(SITE_URL):
        url = "/" + url[len(SITE_URL) :]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        resolved = page
    else:
        base = "" if path.startswith("/") else posixpath.dirname(page)
        resolved = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
        if resolved == ".":
            resolved = ""
        if path.endswith("/") or (site / resolved).is_dir():
            resolved = posixpath.join(resolved, "index.html")
    return resolved, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    broken = []
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        for element, url in parse_page(path).links:
            target = target_of(site, page, url)
            if target is None:
                continue
            name, fragment = target
            file = site / name
            if name.startswith("../") or not file.is_file():
                broken.append(f"{page}: {element}={url!r} -> {name} does not exist")
            elif fragment and file.suffix == ".html" and fragment not in parse_page(file).ids:
                broken.append(f"{page}: {element}={url!r} -> no id {fragment!r} in {name}")
    return broken


def test_every_internal_link_and_anchor_resolves(default_site):
    broken = broken_links(default_site)
    assert not broken, f"{len(broken)} broken internal link(s):\n" + "\n".join(broken)


def test_the_checker_sees_pages_links_and_anchors(default_site):
    """Guard against a checker that passes because it follows nothing."""
    pages = list(default_site.rglob("*.html"))
    links = [(p, url) for p in pages for _, url in parse_page(p).links]
    internal = [(p, u) for p, u in links if target_of(default_site, p.relative_to(default_site).as_posix(), u)]
    assert len(pages) > 30
    assert len(internal) > 10 * len(pages)
    assert any("#" in u and not u.startswith("#") for _, u in internal), "no link to an anchor in another page"
    assert any(u.startswith("#") and len(u) > 1 for _, u in internal), "no link to an anchor in the same page"


@pytest.mark.parametrize(
    ("page", "url", "expected"),
    [
        ("principles/x/index.html", "../y/", ("principles/y/index.html", "")),
        ("principles/x/index.html", "../../#map", ("index.html", "map")),
        ("principles/x/index.html", "#why", ("principles/x/index.html", "why")),
        ("index.html", "assets/a%20b.css", ("assets/a b.css", "")),
        ("404.html", "/stages/", ("stages/index.html", "")),
        ("index.html", SITE_URL + "roles/", ("roles/index.html", "")),
        ("index.html", "https://github.com/example/", None),
        ("index.html", "mailto:a@example.com", None),
        ("index.html", "//cdn.example/x.js", None),
    ],
)
def test_links_resolve_like_a_browser(tmp_path, page, url, expected):
    assert target_of(tmp_path, page, url) == expected
