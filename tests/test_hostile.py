"""Hostile content: no text in any field of any content file can inject markup, script or links.

Every payload of tests/hostile/payloads.txt goes into every text field at once (one principle, call
sheet and pause per payload; stages and roles hold a share of the payloads each), in one playbook built
with `mkdocs build --strict` with attr_list, md_in_html and snippets turned on. Payloads
that carry a forbidden link scheme must instead fail `playbook check` with a path:line message; they
are still built in the plain-text fields, where no link exists. The built HTML is then parsed and
compared with a clean build of the same configuration: any element, attribute, script or URL the clean
build does not have came from a payload. A browser loads every page and searches for payload words.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import BASIC, SiteServer, copy_playbook, mkdocs, playbook

HOSTILE = Path(__file__).parent / "hostile"
SCHEMA = "# yaml-language-server: $schema=../../../playbook/schemas/{}.schema.json\n"
MARKER = "window.__pwned"
JINJA_RESULT = "1338337"  # {{ 1337*1001 }}, should a payload ever be evaluated as a template


def read_corpus(name: str) -> list[str]:
    """One payload a line; `## ` starts a comment; a literal backslash-n stands for a line break."""
    lines = (HOSTILE / name).read_text(encoding="utf-8").split("\n")
    return [line.replace("\\n", "\n") for line in lines if line and not line.startswith("## ")]


PAYLOADS = read_corpus("payloads.txt")
REJECTED = set(read_corpus("rejected.txt"))  # payloads whose forbidden links `playbook check` must report
N = len(PAYLOADS)
GROUPS = 6  # stages and roles: each has a page, and every page costs the browser test time; the
# objection card prints a stage a page, so each stage holds a page of payload objections at most


def pid(i: int) -> str:
    return f"hostile-{i:02d}"


def derived_id(text: str) -> str:
    """The item id the content format derives from a text (SPEC: first six runs of a-z0-9)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", folded)[:6])


# -- the hostile playbook ---------------------------------------------------------------------------
def principle_data(i: int, text: str, md: str) -> dict:
    """Principle i: ``text`` in every plain-text field, ``md`` in every Markdown field."""
    items = [{"id": "hostile", "text": text}, {"id": "prefixed", "text": f"Step: {text}"}]
    if derived_id(text) not in ("", "hostile", "prefixed"):
        items.append(text)  # the short form, whose id is derived from the text
    return {
        "id": pid(i),
        "title": text,
        "summary": md,
        "stage": f"stage-{i % GROUPS}",
        "roles": [f"role-{i % GROUPS}"],
        "tags": ["hostile"],
        "why": md,
        "how": [md],
        "checklist": {f"pause-{i:02d}": items},
        "say": [md],
        "avoid": [{"text": text, "instead": md}],
        "signals": [md],
        "objections": [{"objection": text, "means": md, "ask": md, "say": [md], "id": "hostile"}],
        "related": [pid((i + 1) % N)],
        "sources": [
            {"title": text, "author": text, "url": "https://example.com/?q=" + re.sub(r"\s", "", text)},
            {"title": text},
        ],
        "owner": text,
    }


def sheet_data(i: int, text: str, md: str) -> dict:
    return {
        "id": f"sheet-{i:02d}",
        "title": text,
        "summary": md,
        "stage": f"stage-{i % GROUPS}",
        "fields": [text[:40]],
        "principles": [pid(i)],
        "extra": {f"pause-{i:02d}": [text]},
        "say": [pid(i)],
        "objections": [f"{pid(i)}/hostile"],
        "notes": 2,
    }


def book_data(texts: list[str], mds: list[str]) -> dict:
    """Stage and role pages are few (GROUPS): each one's title and summary hold every GROUPS-th payload."""
    modes = ["read-do", "do-confirm", None]
    pauses = [{"id": f"pause-{i:02d}", "title": t, "mode": modes[i % 3]} for i, t in enumerate(texts)]
    groups = [{"title": " ".join(texts[g::GROUPS]), "summary": "\n\n".join(mds[g::GROUPS])} for g in range(GROUPS)]
    return {
        "title": " · ".join(texts),
        "description": "\n\n".join(mds),
        "stages": [{"id": f"stage-{g}", **group} for g, group in enumerate(groups)],
        "roles": [{"id": f"role-{g}", **group} for g, group in enumerate(groups)],
        "pauses": [{k: v for k, v in p.items() if v is not None} for p in pauses],
    }


def dump(path: Path, schema: str, data: dict) -> str:
    text = SCHEMA.format(schema) + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def site_config(root: Path) -> None:
    """The fixture's mkdocs.yml with the default site's theme and plugins, and extensions a site might
    enable: content must never reach attr_list, md_in_html, snippets or admonitions."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text())
    config["theme"]["font"] = False
    config["theme"]["features"] += ["navigation.instant", "navigation.top", "search.highlight"]
    config["plugins"] = ["search", "playbook", "tags"]
    config["markdown_extensions"] = [
        {"toc": {"permalink": True}},
        "admonition",
        "attr_list",
        "md_in_html",
        "pymdownx.snippets",
    ]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    (root / "content/index.md").unlink()  # the generated home page shows the title and description


def write_hostile(root: Path, mds: list[str]) -> dict[str, str]:
    """Write the hostile playbook; ``mds`` are the Markdown-field values. Returns file texts by path."""
    copy_playbook(BASIC, root)
    site_config(root)
    content = root / "content"
    for folder in ("principles", "call-sheets"):
        shutil.rmtree(content / folder)
    files = {"content/playbook.yml": dump(content / "playbook.yml", "playbook", book_data(PAYLOADS, mds))}
    for i, (text, md) in enumerate(zip(PAYLOADS, mds, strict=True)):
        files[f"content/principles/{pid(i)}.yml"] = dump(
            content / "principles" / f"{pid(i)}.yml", "principle", principle_data(i, text, md)
        )
        files[f"content/call-sheets/sheet-{i:02d}.yml"] = dump(
            content / "call-sheets" / f"sheet-{i:02d}.yml", "call-sheet", sheet_data(i, text, md)
        )
    # A hand-written page naming every principle as [[id]]: each becomes a link titled with a payload.
    mentions = "\n".join(f"- [[{pid(i)}]]" for i in range(N))
    (content / "mentions.md").write_text(f"# Mentions\n\n{mentions}\n", encoding="utf-8")
    return files


def safe_text(i: int) -> str:
    return f"Safe text {i}."


@dataclass
class Hostile:
    check_all: subprocess.CompletedProcess  # `playbook check` with every payload in every field
    files_all: dict[str, str]
    root: Path  # rejected payloads only in plain-text fields
    site: Path
    clean: Path  # the fixture built with the same mkdocs.yml


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Hostile:
    base = tmp_path_factory.mktemp("hostile")
    files_all = write_hostile(base / "all", PAYLOADS)
    root = base / "built"
    write_hostile(root, [safe_text(i) if p in REJECTED else p for i, p in enumerate(PAYLOADS)])
    clean = copy_playbook(BASIC, base / "clean")
    site_config(clean)
    with ThreadPoolExecutor(max_workers=2) as pool:
        check = pool.submit(playbook, "check", cwd=base / "all")
        built = pool.submit(mkdocs, "build", "--strict", "-d", str(root / "site"), cwd=root)
        baseline = mkdocs("build", "--strict", "-d", str(clean / "site"), cwd=clean)
        built, check = built.result(), check.result()
    assert baseline.returncode == 0, baseline.stderr
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stdout + built.stderr
    return Hostile(check, files_all, root, root / "site", clean / "site")


# -- `playbook check`: forbidden links are reported where they are --------------------------------
MARKDOWN_POINTERS = [("summary",), ("why",), ("how", 0), ("say", 0), ("avoid", 0, "instead"), ("signals", 0)]
MARKDOWN_POINTERS += [("objections", 0, "means"), ("objections", 0, "ask"), ("objections", 0, "say", 0)]


def value_position(text: str, pointer: tuple) -> tuple[int, int]:
    node = yaml.compose(text)
    for step in pointer:
        if isinstance(step, int):
            node = node.value[step]
        else:
            node = next(v for k, v in node.value if k.value == step)
    return node.start_mark.line + 1, node.start_mark.column + 1


def expected_link_errors(files: dict[str, str]) -> set[tuple[str, int, int]]:
    """Where every rejected payload sits in a Markdown field."""
    where = set()
    book = files["content/playbook.yml"]
    for i, payload in enumerate(PAYLOADS):
        if payload not in REJECTED:
            continue
        path = f"content/principles/{pid(i)}.yml"
        where |= {(path, *value_position(files[path], p)) for p in MARKDOWN_POINTERS}
        path = f"content/call-sheets/sheet-{i:02d}.yml"
        where.add((path, *value_position(files[path], ("summary",))))
        for kind in ("stages", "roles"):
            where.add(("content/playbook.yml", *value_position(book, (kind, i % GROUPS, "summary"))))
        where.add(("content/playbook.yml", *value_position(book, ("description",))))
    return where


PROBLEM = re.compile(r"(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.+)")


def test_corpus_is_large_and_every_expected_rejection_is_a_payload():
    assert N >= 30
    assert len(set(PAYLOADS)) == N, "duplicate payloads"
    assert REJECTED <= set(PAYLOADS), REJECTED - set(PAYLOADS)
    assert all(len(p) <= 200 for p in PAYLOADS), "checklist items are at most 200 characters"


def test_check_reports_each_forbidden_link_at_its_line(hostile):
    check = hostile.check_all
    output = check.stdout + check.stderr
    assert check.returncode == 1, output
    assert "Traceback" not in output
    found = set()
    for line in check.stdout.splitlines():
        match = PROBLEM.fullmatch(line)
        assert match, f"not a path:line:col message: {line!r}"
        assert match["severity"] == "error", line
        assert re.search(r"link .* is not allowed", match["message"]), line
        found.add((match["path"], int(match["line"]), int(match["col"])))
    expected = expected_link_errors(hostile.files_all)
    assert found == expected, (
        f"reported but not expected: {sorted(found - expected)}\nexpected but not reported: {sorted(expected - found)}"
    )


# -- the built HTML --------------------------------------------------------------------------------
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


@pytest.fixture(scope="module")
def built(hostile):
    return pages(hostile.site), baseline_of(pages(hostile.clean))


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


def test_clean_build_has_no_event_attributes_or_foreign_urls(built):
    """The rules below would be hollow if Material's own pages broke them."""
    _, baseline = built
    assert not any(name.startswith("on") for _, names in baseline.signatures for name in names)


def test_the_detector_flags_injected_markup(built):
    """Guard against a detector that passes because it sees nothing."""
    _, baseline = built
    page = parse(
        '<p>ok <em>fine</em></p><img src=x onerror="alert(1)"><a href=" java\tscript:alert(1)">x</a>'
        '<iframe></iframe><script>alert(1)</script><span style="color:red">x</span><svg onload="x"></svg>'
        "<marquee>x</marquee>"
    )
    found = injected(page, baseline)
    for expected in ("onerror", "java", "iframe", "alert(1)", "color:red", "onload", "marquee"):
        assert any(expected in f for f in found), (expected, found)
    assert not injected(parse('<p>ok <a href="https://x" rel="noopener noreferrer">y</a></p>'), baseline)


def test_no_payload_becomes_markup_script_or_link(built):
    site_pages, baseline = built
    problems = {name: injected(doc, baseline) for name, doc in site_pages.items()}
    problems = {name: found for name, found in problems.items() if found}
    assert not problems, "\n".join(f"{name}: {found}" for name, found in problems.items())


def test_check_reports_every_link_the_renderer_drops(built):
    """A link the safe renderer removes must have failed `playbook check`, never vanish in silence."""
    site_pages, baseline = built
    assert ("a", frozenset()) not in baseline.signatures
    dropped = [
        f"{name}: <a>{node.text()}</a>"
        for name, doc in site_pages.items()
        for node in doc.iter()
        if node.tag == "a" and "href" not in node.attrs
    ]
    assert not dropped, "\n".join(dropped)


def test_no_payload_is_evaluated_as_template_or_snippet(hostile):
    for path in sorted(hostile.site.rglob("*")):
        if path.suffix in (".html", ".json", ".xml"):
            text = path.read_text(encoding="utf-8")
            assert JINJA_RESULT not in text, path
            assert "site_name:" not in text, f"{path}: mkdocs.yml was included by a snippet"
            assert "root:x:0:0" not in text, f"{path}: /etc/passwd was included by a snippet"


def find(doc: Node, **attrs: str) -> list[Node]:
    return [n for n in doc.iter() if all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def by_class(doc: Node, name: str) -> list[Node]:
    return [n for n in doc.iter() if name in n.attrs.get("class", "").split()]


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("i", range(N), ids=[f"payload-{i:02d}" for i in range(N)])
def test_plain_text_fields_show_the_payload_as_written(built, i):
    site_pages, _ = built
    payload = PAYLOADS[i]
    doc = site_pages[f"principles/{pid(i)}/index.html"]
    (item,) = find(doc, data_pb_item=f"{pid(i)}/hostile")
    assert squash(item.text()) == squash(payload)  # Python-Markdown expands tabs, even in raw HTML
    (title,) = [n for n in doc.iter() if n.tag == "title"]
    assert squash(title.text()) == squash(f"{payload} - Fixture Playbook")
    if "\n" not in payload:
        heading = next(n for n in doc.iter() if n.tag == "h1")
        assert squash(heading.text().rstrip("¶")) == squash(payload)
    assert [squash(n.text()) for n in by_class(doc, "pb-avoid-text")] == [squash(payload)]
    (ownership,) = by_class(doc, "pb-ownership")
    assert squash(payload) in squash(ownership.text())
    sources = by_class(doc, "pb-sources")[0]
    assert [squash(n.text()) for n in sources.iter() if n.tag in ("a", "cite")] == [squash(payload)] * 2
    sheet = site_pages[f"call-sheets/sheet-{i:02d}/index.html"]
    (head,) = by_class(sheet, "pb-sheet-head")
    title = next(n for n in head.iter() if n.tag == "h1")  # the summary may hold headings too
    assert squash(title.text()) == squash(payload)
    (extra,) = find(sheet, data_pb_item=f"call-sheets/sheet-{i:02d}/{derived_id(payload)}")
    assert squash(extra.text()) == squash(payload)
    assert [squash(n.text()) for n in by_class(sheet, "pb-field")] == [squash(payload[:40])]
    card = site_pages["objections/index.html"]
    for where in (doc, sheet, card):
        (objection,) = find(where, data_pb_objection=f"{pid(i)}/hostile")
        words = next(child for child in objection.children if isinstance(child, Node))  # the first element
        assert words.attrs.get("class") == "pb-objection-words", where
        assert squash(words.text()) == squash(f"“{payload}”")


def test_search_index_is_pagefinds_and_lunr_holds_no_text(hostile):
    """The site searches with Pagefind: Material's lunr index keeps only its config, so no payload
    text reaches it; what Pagefind's results show is checked in the browser below."""
    index = json.loads((hostile.site / "search/search_index.json").read_text())
    assert index["docs"] == []
    assert (hostile.site / "pagefind/pagefind-entry.json").is_file()


# -- in a browser ----------------------------------------------------------------------------------
EXTERNAL_ALLOWED = ("fonts.googleapis.com", "fonts.gstatic.com", "api.github.com")  # Material's own
# Reports every assignment to the marker, even one made after the test looked or on a page left since.
MARKER_HOOK = """Object.defineProperty(window, "__pwned", {
  configurable: false,
  get() { return this.__pwnedValue; },
  set(value) { this.__pwnedValue = value; console.error("PWNED " + location.href); },
});"""


@pytest.fixture(scope="module")
def server(hostile):
    server = SiteServer(hostile.site)
    yield server
    server.close()


@dataclass
class Watch:
    dialogs: list = field(default_factory=list)
    pwned: list = field(default_factory=list)
    external: list = field(default_factory=list)


def watch(context, server, block: tuple[str, ...] = ()) -> Watch:
    """Record dialogs, marker assignments and requests leaving 127.0.0.1 (which are aborted)."""
    seen = Watch()

    def dialog(d):
        seen.dialogs.append(f"{d.type}: {d.message} on {d.page.url if d.page else '?'}")
        d.dismiss()

    def route(r):
        url = r.request.url
        if not url.startswith(server.url):
            seen.external.append(url)
        r.abort()

    context.add_init_script(MARKER_HOOK)
    context.on("dialog", dialog)
    context.on("console", lambda m: m.text.startswith("PWNED") and seen.pwned.append(m.text))
    # Only foreign requests (and the blocked ones) reach Python, so page loads stay fast.
    blocked = "|".join([r"^(?!" + re.escape(server.url) + ")", *(re.escape(b) for b in block)])
    context.route(re.compile(blocked), route)
    return seen


def marker_set(page) -> bool:
    return page.evaluate("typeof window.__pwned !== 'undefined'")


def check_watch(seen: Watch) -> None:
    assert not seen.pwned, seen.pwned
    assert not seen.dialogs, seen.dialogs
    unexpected = [u for u in seen.external if u.split("/")[2] not in EXTERNAL_ALLOWED]
    assert not unexpected, f"content made the browser fetch {unexpected}"


def test_the_browser_watch_catches_a_payload(tmp_path, page):
    """Guard against a watch that passes because it sees nothing."""
    (tmp_path / "index.html").write_text('<img src=x onerror="window.__pwned=1; alert(1)">')
    site = SiteServer(tmp_path)
    try:
        seen = watch(page.context, site)
        page.goto(site.url, wait_until="load")
        page.wait_for_timeout(100)
        assert marker_set(page)
    finally:
        site.close()
    assert seen.pwned and seen.dialogs


def test_no_page_runs_a_payload_in_the_browser(hostile, server, page):
    # The search index is left out here (each page would build it again); the next test searches.
    seen = watch(page.context, server, block=("search/search_index.json",))
    urls = [
        server.url + p.relative_to(hostile.site).as_posix().removesuffix("index.html")
        for p in sorted(hostile.site.rglob("*.html"))
    ]
    ran = []
    for url in urls:
        page.goto(url, wait_until="load")
        if marker_set(page):
            ran.append(url)
    page.wait_for_timeout(300)  # late error and load events of the last pages
    assert not ran, f"{MARKER} set on {ran}"
    check_watch(seen)


SEARCHES = ["Injected", "onclick", "tracking", "emphasis", "swallow", "Heading", "Paragraph", "danger", "anchor"]


# What Material's result list may hold: its own markup around our worker's escaped text.
RESULT_TAGS = {"#document", "li", "a", "article", "div", "h1", "h2", "mark", "details", "summary", "nav", "span", "del"}
RESULT_ATTRIBUTES = {"href", "class", "tabindex", "data-md-score"}


def test_searching_payload_words_runs_nothing(server, page):
    """Material renders results with innerHTML from the search worker: typing payload words must
    run nothing, and the results must hold no markup but Material's own."""
    seen = watch(page.context, server)
    page.goto(server.url, wait_until="load")
    page.keyboard.press("/")
    search = page.locator("input.md-search__input")
    bad = []
    for word in SEARCHES:
        search.fill(word[:-1])
        search.press(word[-1])  # Material searches on keyup
        page.locator(".md-search-result__item", has_text=word).first.wait_for()
        page.wait_for_timeout(100)
        assert not marker_set(page), f"search for {word!r} ran a payload"
        shown = page.locator("[data-pb-search-results]").inner_html()
        for node in parse(shown).iter():
            if node.tag not in RESULT_TAGS or set(node.attrs) - RESULT_ATTRIBUTES:
                bad.append(f"{word}: <{node.tag} {' '.join(sorted(node.attrs))}>")
    assert not bad, "\n".join(bad)
    search.fill("Injecte")
    search.press("d")
    result = page.locator(".md-search-result__item a", has_text="Injected").first
    result.click()  # search.highlight marks the word on the page it opens
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert not marker_set(page)
    check_watch(seen)
