"""Built HTML as a tree, and the detector of markup, scripts and URLs a clean build does not have.

A page's elements are compared by signature (tag and attribute names) with a clean build of the same
configuration: anything else came from content (``test_hostile_markup.py``, ``test_hostile_browser.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# --------------------------------------------------------------------------------
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "math", "xmp", "plaintext"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "xlink:href", "background", "ping"}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
# Elements the safe Markdown renderer makes from content, with the attributes it may give them.
CONTENT_SIGNATURES = {
    (tag, frozenset())
    for tag in ("p", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "hr", "br", "span", "a")
} | {
    ("h1", frozenset()),
    ("h2", frozenset()),
    ("h3", frozenset()),
    ("h4", frozenset()),
    ("a", frozenset({"href"})),
    ("a", frozenset({"title"})),
    ("a", frozenset({"href", "rel"})),
    ("a", frozenset({"href", "rel", "title"})),
    ("img", frozenset({"alt", "src"})),
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list = field(default_factory=list)  # Nodes and strings

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class TreeBuilder(HTMLParser):
    """A forgiving DOM from the standard library's tokenizer: enough to find elements and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def url_scheme(url: str) -> str | None:
    """The scheme a browser would use: it ignores ASCII whitespace and control characters."""
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", url)
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", cleaned)
    return match.group(1).lower() if match else None


def signature(node: Node) -> tuple[str, frozenset]:
    return node.tag, frozenset(node.attrs)


def script_key(node: Node) -> str:
    """A script by its source (without the relative prefix) or its inline code (without the base path)."""
    if "src" in node.attrs:
        return "src:" + re.sub(r"^(\.\./|\./)+", "", node.attrs["src"])
    return "inline:" + re.sub(r'"base": ?"[./]*"', '"base":""', re.sub(r"\s+", " ", node.text()).strip())


def pages(site: Path) -> dict[str, Node]:
    return {p.relative_to(site).as_posix(): parse(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}


@dataclass
class Baseline:
    signatures: set  # (tag, attribute names) of every element of the clean build
    scripts: set
    styles: set

    @property
    def allowed(self) -> set:
        return self.signatures | CONTENT_SIGNATURES


def baseline_of(site_pages: dict[str, Node]) -> Baseline:
    nodes = [n for doc in site_pages.values() for n in doc.iter()]
    return Baseline(
        {signature(n) for n in nodes},
        {script_key(n) for n in nodes if n.tag == "script"},
        {(n.tag, n.attrs["style"]) for n in nodes if "style" in n.attrs},
    )


def injected(doc: Node, baseline: Baseline) -> list[str]:
    """Everything in a page that a clean build does not have and the safe renderer cannot make."""
    found, allowed = [], baseline.allowed
    for node in doc.iter():
        if node.tag == "#document":
            continue
        for name, value in node.attrs.items():
            if name.startswith("on"):
                found.append(f"event attribute <{node.tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and url_scheme(value) not in (None, *ALLOWED_SCHEMES):
                found.append(f"forbidden URL <{node.tag} {name}={value!r}>")
            if name == "srcset":
                found.append(f"srcset <{node.tag} srcset={value!r}>")
        if "style" in node.attrs and (node.tag, node.attrs["style"]) not in baseline.styles:
            found.append(f"style attribute <{node.tag} style={node.attrs['style']!r}>")
        if node.tag in FORBIDDEN_TAGS:
            found.append(f"forbidden element <{node.tag}>")
        elif node.tag == "script" and script_key(node) not in baseline.scripts:
            found.append(f"script {script_key(node)[:120]!r}")
        elif signature(node) not in allowed:
            found.append(f"element <{node.tag} {' '.join(sorted(node.attrs))}>")
    return found


def find(doc: Node, **attrs: str) -> list[Node]:
    return [n for n in doc.iter() if all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def by_class(doc: Node, name: str) -> list[Node]:
    return [n for n in doc.iter() if name in n.attrs.get("class", "").split()]


def squash(text: str) -> str:
    return " ".join(text.split())
