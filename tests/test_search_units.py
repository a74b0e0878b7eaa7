"""Search without a browser: which engine a build gets, how pages are weighted, stable index files."""

from __future__ import annotations

import gzip
import re
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config

from conftest import ROOT
from playbook.load import load_playbook
from playbook.settings import read_settings
from playbook_plugins import pagefind_stable
from playbook_plugins.search import SiteSearch
from playbook_plugins.search_rank import KINDS, weigh
from playbook_plugins.sitemap import shorten_sitemap

PLAYBOOK = load_playbook(ROOT, read_settings(ROOT)).playbook


def configured(option="pagefind", *, serving=False, offline=False):
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins["material/offline"].config["enabled"] = offline
    search = SiteSearch()
    assets = search.configure(config, option, serving=serving, playbook=PLAYBOOK)
    return search, config, assets


def test_a_published_build_searches_with_pagefind_through_our_worker():
    search, config, assets = configured()
    assert search.engine == "pagefind"
    assert config.extra["playbook_search"]["worker"] == "assets/playbook/search-worker.js"
    assert {"search-worker.js", "search.js", "search-filters.js", "search-filters.css"} <= set(assets)
    names = [f["name"] for f in config.extra["playbook_search"]["filters"]]
    assert names == ["stage", "role", "tag", "kind"]


@pytest.mark.parametrize(
    "option, serving, offline",
    [("pagefind", True, False), ("pagefind", False, True), ("lunr", False, False)],
    ids=["under serve", "offline", "asked for lunr"],
)
def test_serve_offline_and_the_lunr_option_keep_materials_search(option, serving, offline):
    search, config, assets = configured(option, serving=serving, offline=offline)
    assert search.engine == "lunr" and assets == [] and config.extra["playbook_search"] is None


def test_filter_titles_are_escaped_for_the_theme():
    """MkDocs renders theme templates without autoescape: the dialog's option titles come escaped."""
    stage = SimpleNamespace(id="q-and-a", title='<b onclick="x">Q&A</b>')
    playbook = SimpleNamespace(stages=[stage], roles=[], principles={"p": SimpleNamespace(tags=["t"])})
    search = SiteSearch(engine="pagefind", playbook=playbook)
    filters = {f["name"]: f["options"] for f in search._theme_settings()["filters"]}
    assert filters["stage"] == [{"value": "q-and-a", "title": "&lt;b onclick=&quot;x&quot;&gt;Q&amp;A&lt;/b&gt;"}]
    assert "role" not in filters and filters["tag"] == [{"value": "t", "title": "t"}]


PRINCIPLE_HTML = """<h1 id="t">Title<a class="headerlink" href="#t">&para;</a></h1>
<div class="pb-summary"><p>Summary</p></div>
<h2 id="why">Why</h2>
<ul class="pb-items">
<li class="pb-item" data-pb-item="p/x" data-pagefind-index-attrs="data-pb-text" data-pb-text="X"><label>X</label></li>
</ul>
<div class="pb-say"><h3 id="say-1">Words that work</h3></div>
<div class="pb-objection" data-pb-objection="p/too-expensive"><p class="pb-objection-words">Too expensive</p>
<p class="pb-ask">Compared with what?</p></div>
<h1>Second h1</h1>
<h2 id="related">Related</h2>
<p><strong>See also</strong></p>
<ul>
<li><a href="../other/">Other principle</a>: its summary</li>
</ul>
<h2 id="sources">Sources</h2>
<ul class="pb-sources"><li>A book</li></ul>
<p>After</p>"""


def test_a_principles_parts_are_weighted_above_its_text_and_headings():
    html = weigh(PRINCIPLE_HTML, "principle")
    assert '<h1 data-pagefind-weight="8" id="t">' in html
    assert "<h1>Second h1</h1>" in html  # only the title
    assert '<div class="pb-summary" data-pagefind-weight="4">' in html
    assert '<ul class="pb-items" data-pagefind-weight="4">' in html
    assert '<div class="pb-say" data-pagefind-weight="4">' in html
    assert '<div class="pb-objection" data-pagefind-weight="3" data-pb-objection="p/too-expensive">' in html
    assert '<p class="pb-objection-words" data-pagefind-weight="5">' in html
    assert '<p class="pb-ask" data-pagefind-weight="4">' in html
    assert '<h2 data-pagefind-weight="0.5" id="why">' in html


def test_lists_of_other_principles_are_left_out_of_the_index():
    html = weigh(PRINCIPLE_HTML, "principle")
    related = html[html.index('id="related"') : html.index('id="sources"')]
    assert related.count("data-pagefind-ignore") == 2  # the label and the list
    assert "<p>After</p>" in html and '<ul class="pb-sources">' in html  # the sections after it stay


@pytest.mark.parametrize("kind", ["call-sheet", "page", "editor"])
def test_pages_that_repeat_principles_parts_count_them_as_text(kind):
    html = weigh(PRINCIPLE_HTML, kind)
    for part in ("pb-summary", "pb-items", "pb-say", "pb-objection-words", "pb-ask"):
        assert f'class="{part}" data-pagefind-weight="1"' in html, part


def test_cbor_of_pagefind_files_reads_and_writes_back_the_same(tmp_path):
    value = ["stage", [["discovery", [1, 2, 300, 70000]], ["closing", []], ["ünïcode", [23, 24, 255, 256]]]]
    data = pagefind_stable._write(value)
    path = tmp_path / "x.pf_filter"
    path.write_bytes(data)
    assert pagefind_stable._read(path) == value
    assert gzip.decompress(data).startswith(pagefind_stable.MAGIC)
    assert pagefind_stable._write(value) == data  # no time stamp in the gzip header


def test_stabilised_index_names_its_files_by_content(default_site):
    bundle = default_site / "pagefind"
    names = sorted(p.name for p in (bundle / "filter").iterdir())
    pagefind_stable.stabilise(bundle)  # a second pass finds nothing to change
    assert sorted(p.name for p in (bundle / "filter").iterdir()) == names
    meta = next(bundle.glob("pagefind.*.pf_meta"))
    listed = [pair for pair in pagefind_stable._read(meta)[3]]
    assert listed == sorted(listed) and {f"{h}.pf_filter" for _, h in listed} == set(names)


def page_of(src_uri, **meta):
    return SimpleNamespace(meta=meta, file=SimpleNamespace(src_uri=src_uri))


@pytest.mark.parametrize(
    "meta, kind",
    [
        ({"pb": "principle"}, "principle"),
        ({"pb": "call-sheet"}, "call-sheet"),
        ({"pb": "print-all", "search": {"exclude": True}}, "call-sheet"),
        ({"pb": "objections"}, "objections"),
        ({"pb": "stage"}, "stage"),
        ({"pb": "roles"}, "role"),
        ({}, "page"),
        ({"audience": "editor"}, "editor"),
        ({"pb": "needs-review"}, "editor"),
    ],
)
def test_every_indexed_page_tells_pagefind_its_kind(meta, kind):
    search, _, _ = configured()
    context = search.page_context(page_of("x.md", **meta))
    assert context["kind"] == kind and context["label"] == KINDS[kind]
    assert context["weight"] == ("0.5" if kind == "editor" else "1")


def test_a_page_excluded_by_its_front_matter_stays_out_of_the_index():
    search, _, _ = configured()
    assert search.page_context(page_of("x.md", search={"exclude": True})) is None


def test_a_call_sheet_carries_the_roles_of_its_principles_for_the_role_filter():
    search, _, _ = configured()
    context = search.page_context(page_of("call-sheets/gatekeeper-first-contact.md", pb="call-sheet"))
    assert ("role", "gatekeeper") in context["filters"] and ("stage", "prospecting") in context["filters"]


def test_editor_pages_weigh_half_of_a_reader_page():
    assert '<h1 data-pagefind-weight="2.5" id="t">' in weigh(PRINCIPLE_HTML, "editor")
    assert '<h2 data-pagefind-weight="0.25" id="why">' in weigh(PRINCIPLE_HTML, "editor")
    assert '<h1 data-pagefind-weight="5" id="t">' in weigh(PRINCIPLE_HTML, "page")


def test_the_stage_roles_and_tags_line_is_kept_out_of_snippets_but_its_tags_are_searchable():
    line = (
        '<p><strong>Stage:</strong> <a href="s">S</a> · <strong>Tags:</strong> <code>cold-call</code> '
        "<code>a&amp;b</code></p>"
    )
    html = weigh(f"<h1>T</h1>{line}<p>Text</p>", "principle")
    assert "<p data-pagefind-ignore><strong>Stage:</strong>" in html
    assert '<span data-pagefind-index-attrs="data-pb-tags" data-pb-tags="cold-call a&amp;b"></span><p>Text</p>' in html


def test_the_print_all_page_is_indexed_by_its_sheets_titles_only():
    sheet = (
        '<div class="pb-sheet"><header class="pb-sheet-head"><h1>Gatekeeper call</h1><div class="pb-sheet-summary">'
        'S</div></header><section class="pb-section" data-pb-pause="x"><h2>Before</h2></section></div>'
    )
    html = weigh(f"<h1>Print all call sheets</h1>{sheet}", "call-sheet", print_all=True)
    assert "<h1>Gatekeeper call</h1>" in html
    assert '<div class="pb-sheet-summary" data-pagefind-ignore>' in html
    assert '<section class="pb-section" data-pagefind-ignore data-pb-pause="x">' in html


def test_the_sitemap_instant_navigation_reads_leaves_out_principles_and_call_sheets(tmp_path):
    urls = ["", "principles/active-listening/", "call-sheets/discovery-call/", "stages/discovery/", "hosting/"]
    entries = "".join(
        f"<url>\n <loc>https://x.example/{u}</loc>\n <lastmod>2026-11-18</lastmod>\n</url>\n" for u in urls
    )
    (tmp_path / "sitemap.xml").write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset>\n{entries}</urlset>\n')
    shorten_sitemap(str(tmp_path), PLAYBOOK, "https://x.example/")
    kept = re.findall(
        r"<url><loc>https://x\.example/([^<]*)</loc><lastmod>2026-11-18</lastmod></url>",
        (tmp_path / "sitemap.xml").read_text(),
    )
    assert kept == ["", "stages/discovery/", "hosting/"]


def test_pages_listing_principles_by_stage_or_role_leave_their_lists_out_of_the_index():
    html = weigh(
        "<h1>Discovery</h1><p>What it is.</p><ul>\n<li><a href=x>P</a>: summary</li>\n</ul>", "stage", listing=True
    )
    assert "<p>What it is.</p><ul data-pagefind-ignore>" in html
