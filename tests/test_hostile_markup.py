"""Hostile content in the built HTML: no payload in any field becomes markup, script, a link or a
template expression; plain-text fields show it as written (``hostile_playbook.py`` builds it)."""

from __future__ import annotations

import json

import pytest
from hostile_playbook import JINJA_RESULT, PAYLOADS, N, derived_id, pid
from html_tree import Node, baseline_of, by_class, find, injected, pages, parse, squash


@pytest.fixture(scope="module")
def built(hostile):
    return pages(hostile.site), baseline_of(pages(hostile.clean))


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
