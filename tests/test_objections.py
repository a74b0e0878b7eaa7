"""Objections and the words on call sheets: their markup, the /objections/ page, the export, and the
printed objection card and sheets in Chromium (one page on A4 and on Letter, or a page per stage).

tests/fixtures/objections holds a card too long for one page (two stages, each close to a full page)
and a sheet filled close to its bottom with items, talk tracks and objections; tests/fixtures/basic
holds a one-page card (its sheet prints no words: test_diff renames the principle with objections).
"""

from __future__ import annotations

import io
import json

import jsonschema
import pytest
from html_tree import Node, by_class, find, parse
from pagefind_files import fragments
from pypdf import PdfReader
from sheet_layouts import layout_of

from conftest import BASIC, FIXTURES, ROOT, SiteServer, mkdocs, playbook
from playbook.load import load_playbook
from playbook.schema import load_schema
from playbook.settings import read_settings
from playbook.sheetfit import (
    CardLayout,
    SheetLayout,
    card_of,
    card_pages,
    card_print,
    card_stage_pages,
    estimate_pages,
)

OBJECTIONS = FIXTURES / "objections"
PAPERS = ("A4", "Letter")


def playbook_of(root):
    return load_playbook(root, read_settings(root)).playbook


BASIC_PB, FIXTURE_PB, DEFAULT_PB = playbook_of(BASIC), playbook_of(OBJECTIONS), playbook_of(ROOT)


def squash(text: str) -> str:
    return " ".join(text.split())


def elements(node: Node) -> list[Node]:
    return [child for child in node.children if isinstance(child, Node)]


def page_of(site, uri: str) -> Node:
    return parse((site / uri).read_text(encoding="utf-8"))


# -- markup -------------------------------------------------------------------------------------------
def test_principle_page_shows_each_objection_words_first_then_the_question(basic_site):
    principle = BASIC_PB.principles["treat-gatekeepers-well"]
    doc = page_of(basic_site, "principles/treat-gatekeepers-well/index.html")
    assert [o.full_id for o in principle.objections] == [
        "treat-gatekeepers-well/send-information",
        "treat-gatekeepers-well/we-re-happy-with-our-current",  # derived like an item id
    ]
    for objection in principle.objections:
        (hook,) = find(doc, data_pb_objection=objection.full_id)
        assert hook.tag == "div" and hook.attrs["class"] == "pb-objection"
        words, ask, *more = elements(hook)
        assert (words.tag, words.attrs["class"]) == ("p", "pb-objection-words")
        assert squash(words.text()) == f"“{objection.objection}”"
        assert (ask.tag, ask.attrs["class"]) == ("p", "pb-ask")
        assert squash(ask.text()) == squash(f"Ask: {objection.ask}")
        shown = squash(" ".join(m.text() for m in more))
        assert all(squash(line) in shown for line in objection.say)
        assert (objection.means or "") in shown
    first = find(doc, data_pb_objection="treat-gatekeepers-well/send-information")[0]
    assert "Usually means: They want you off the phone" in squash(first.text())


def ancestors_of(doc: Node, wanted: Node, trail=()) -> tuple | None:
    if doc is wanted:
        return trail
    for child in elements(doc):
        found = ancestors_of(child, wanted, (*trail, doc.tag))
        if found is not None:
            return found
    return None


@pytest.mark.parametrize(
    "uri",
    ["principles/treat-gatekeepers-well/index.html", "objections/index.html", "call-sheets/words-sheet/index.html"],
)
def test_objection_text_stays_out_of_elements_search_ignores(basic_site, fixture_site, uri):
    """Pagefind drops text inside label, nav, form and footer: an objection must never be there."""
    doc = page_of(fixture_site if uri.startswith("call-sheets") else basic_site, uri)
    hooks = [n for n in doc.iter() if "data-pb-objection" in n.attrs]
    assert hooks
    for hook in hooks:
        assert not {"label", "nav", "form", "footer"} & set(ancestors_of(doc, hook)), uri


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("objections") / "site"
    assert mkdocs("build", "--strict", "-d", str(site), cwd=OBJECTIONS).returncode == 0
    return site


def test_objections_page_lists_every_objection_by_stage_with_its_principle(fixture_site):
    doc = page_of(fixture_site, "objections/index.html")
    stages = [n.attrs["data-pb-stage"] for n in doc.iter() if "data-pb-stage" in n.attrs]
    assert stages == ["discovery", "closing"]  # playbook.yml's order, not the alphabet's
    for stage, entries in FIXTURE_PB.objections_by_stage():
        (section,) = find(doc, data_pb_stage=stage.id)
        hooks = [n.attrs["data-pb-objection"] for n in section.iter() if "data-pb-objection" in n.attrs]
        assert hooks == [o.full_id for _, o in entries]
        for principle, objection in entries:
            (hook,) = find(section, data_pb_objection=objection.full_id)
            links = [n.attrs["href"] for n in hook.iter() if n.tag == "a"]
            assert f"../principles/{principle.id}/" in links
            assert squash(by_class(hook, "pb-ask")[0].text()) == squash(f"Ask: {objection.ask}")


def test_objections_page_is_in_the_navigation_linked_from_home_and_in_search(basic_site):
    principle = (basic_site / "principles/side-by-side/index.html").read_text()
    assert 'href="../../objections/"' in principle  # the navigation on every page
    home = (basic_site / "index.html").read_text()
    assert 'href="objections/"' in home.split("<article", 1)[1]  # and the home page's text
    texts = " ".join(f["content"] for url, f in fragments(basic_site).items() if "/objections/" in url)
    assert "Send me some information" in texts and "What would you look for in it" in texts


def test_playbook_without_objections_has_no_objections_page(tmp_path):
    root = tmp_path / "pb"
    import shutil

    shutil.copytree(BASIC, root)
    principle = root / "content/principles/treat-gatekeepers-well.yml"
    text = principle.read_text()
    principle.write_text(text[: text.index("objections:")])
    assert mkdocs("build", "--strict", cwd=root).returncode == 0
    assert not (root / "site/objections").exists()
    assert 'href="objections/"' not in (root / "site/index.html").read_text()


def test_sheet_prints_talk_tracks_and_objections_with_their_question(fixture_site):
    sheet = FIXTURE_PB.call_sheets["words-sheet"]
    doc = page_of(fixture_site, "call-sheets/words-sheet/index.html")
    (say,) = by_class(doc, "pb-sheet-say")
    tracks = FIXTURE_PB.principles["words-to-say"].say + FIXTURE_PB.principles["closing-objections"].say[:2]
    assert [squash(li.text()) for li in say.iter() if li.tag == "li"] == tracks
    hooks = [n for n in doc.iter() if "data-pb-objection" in n.attrs]
    assert [n.attrs["data-pb-objection"] for n in hooks] == [o.full_id for o in sheet.objections]
    for hook in hooks:
        assert [e.attrs["class"] for e in elements(hook)] == ["pb-objection-words", "pb-ask"]  # no more on a sheet
    # A principle page lists the sheet that prints its words, though the sheet uses none of its items.
    principle = (fixture_site / "principles/closing-objections/index.html").read_text()
    assert 'href="../../call-sheets/words-sheet/"' in principle


def test_a_multi_paragraph_question_is_never_wrapped_in_a_paragraph(tmp_path):
    from playbook.render import PageRenderer

    renderer = PageRenderer(BASIC_PB)
    para = renderer.env.filters["para"]
    assert (
        para("One *question*?", "pb-ask", "Ask:")
        == '<p class="pb-ask"><strong>Ask:</strong> One <em>question</em>?</p>'
    )
    assert para("First.\n\n- a list", "pb-ask", "Ask:").startswith(
        '<div class="pb-ask"><p><strong>Ask:</strong></p><p>'
    )


# -- export ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("root", [BASIC, OBJECTIONS, ROOT], ids=["basic", "objections", "default"])
def test_export_holds_objections_and_sheet_words_and_matches_its_schema(root):
    result = playbook("export", "--format", "json", cwd=root)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, load_schema("export"))
    pb = playbook_of(root)
    for exported in data["principles"]:
        objections = pb.principles[exported["id"]].objections
        assert [o["id"] for o in exported["objections"]] == [o.full_id for o in objections]
    for exported in data["call_sheets"]:
        sheet = pb.call_sheets[exported["id"]]
        assert [t["text"] for t in exported["say"]] == [t.text for t in sheet.say]
        assert [o["id"] for o in exported["objections"]] == [o.full_id for o in sheet.objections]


def test_export_resolves_sheet_words():
    (sheet,) = json.loads(playbook("export", cwd=OBJECTIONS).stdout)["call_sheets"]
    closing = FIXTURE_PB.principles["closing-objections"]
    assert sheet["say"][-1] == {"principle": "closing-objections", "text": closing.say[1]}
    assert len(sheet["say"]) == len(FIXTURE_PB.principles["words-to-say"].say) + 2
    assert sheet["objections"][0]["id"] == "discovery-objections/discovery-1"
    assert sheet["objections"][0]["ask"] == "What are you comparing it with?"
    data = json.loads(playbook("export", cwd=BASIC).stdout)
    principle = next(p for p in data["principles"] if p["id"] == "treat-gatekeepers-well")
    assert principle["objections"][1] == {
        "id": "treat-gatekeepers-well/we-re-happy-with-our-current",
        "objection_id": "we-re-happy-with-our-current",
        "principle": "treat-gatekeepers-well",
        "objection": "We're happy with our current supplier",
        "means": None,
        "ask": "What would they have to change for you to look around?",
        "say": [],
        "phrases": [],
    }


# -- the estimates ----------------------------------------------------------------------------------------
def test_sheet_estimate_counts_talk_tracks_and_objections():
    bare = SheetLayout(80, 4, [[60] * 5], 4)
    with_say = SheetLayout(80, 4, [[60] * 5], 4, say=[100] * 6)
    with_both = SheetLayout(80, 4, [[60] * 5], 4, say=[100] * 6, objections=[(40, 120)] * 6)
    assert estimate_pages(bare) < estimate_pages(with_say) < estimate_pages(with_both)
    # A long objection wraps in its narrow column: the row grows with it.
    assert estimate_pages(SheetLayout(0, 0, [], 0, objections=[(180, 10)])) > estimate_pages(
        SheetLayout(0, 0, [], 0, objections=[(20, 10)])
    )


def test_card_is_one_page_until_it_needs_a_page_per_stage():
    entry = (30, 60)
    assert card_pages(CardLayout([[entry] * 10, [entry] * 10])) <= 1.0
    paged = CardLayout([[entry] * 30, [entry] * 30])
    assert card_pages(paged) > 1.0 and all(p <= 1.0 for p in card_stage_pages(paged))
    assert card_pages(card_of(BASIC_PB)) <= 1.0
    assert card_pages(card_of(FIXTURE_PB)) > 1.0
    assert all(p <= 1.0 for p in card_stage_pages(card_of(FIXTURE_PB)))


# -- print, in Chromium ----------------------------------------------------------------------------------
def pdf_pages(page, paper: str) -> list[str]:
    reader = PdfReader(io.BytesIO(page.pdf(format=paper)))
    return [squash(p.extract_text() or "") for p in reader.pages]


@pytest.fixture(scope="module")
def basic_server(basic_site):
    server = SiteServer(basic_site)
    yield server
    server.close()


@pytest.fixture(scope="module")
def fixture_server(fixture_site):
    server = SiteServer(fixture_site)
    yield server
    server.close()


def assert_card_entries(text: str, entries, talk: bool = False) -> None:
    """Each objection and its question on the printed card; with ``talk``, its first talk track
    (and only the first) too."""
    for _, objection in entries:
        assert squash(objection.objection) in text, objection.objection
        assert squash(objection.ask) in text, objection.ask
        for n, line in enumerate(objection.say):
            assert (squash("Say: " + line) in text) == (talk and n == 0), line


def test_objection_card_prints_on_one_page_without_chrome(basic_server, page):
    page.goto(basic_server.url + "objections/")
    for paper in PAPERS:
        pages = pdf_pages(page, paper)
        assert len(pages) == 1, (paper, len(pages))
        (text,) = pages
        assert text.startswith("Objections")
        for _, entries in BASIC_PB.objections_by_stage():
            assert_card_entries(text, entries, talk=True)
        for chrome in ("Edit this page", "Usually means", "From Treat", "Print", "Prospecting (", "Search"):
            assert chrome not in text, chrome


def test_card_too_long_for_one_page_prints_a_stage_a_page(fixture_server, page):
    page.goto(fixture_server.url + "objections/")
    groups = FIXTURE_PB.objections_by_stage()
    for paper in PAPERS:
        pages = pdf_pages(page, paper)
        assert len(pages) == len(groups), (paper, len(pages))
        for text, (stage, entries) in zip(pages, groups, strict=True):
            assert stage.title in text
            assert_card_entries(text, entries, talk=card_print(FIXTURE_PB)[1])


@pytest.mark.skipif(not DEFAULT_PB.objections_by_stage(), reason="the default playbook has no objections yet")
def test_default_objection_card_prints_as_the_estimate_says(default_server, page):
    page.goto(default_server.url + "objections/")
    paged, talk = card_print(DEFAULT_PB)
    groups = DEFAULT_PB.objections_by_stage()
    for paper in PAPERS:
        pages = pdf_pages(page, paper)
        assert len(pages) == (len(groups) if paged else 1), paper
        for _, entries in groups:
            assert_card_entries(" ".join(pages), entries, talk=talk)


def test_card_estimate_agrees_with_the_browser(basic_server, page):
    """A card the estimate accepts prints on one page; a few rows past the estimate, it spills."""
    page.goto(basic_server.url + "objections/")
    assert card_print(BASIC_PB) == (False, True)  # one page, with the first talk tracks
    base = card_of(BASIC_PB, talk=True)
    row = base.stages[-1][-1]
    clone = (
        "() => { const e = document.querySelector('section.pb-card-stage:last-of-type .pb-objection:last-of-type');"
        " e.after(e.cloneNode(true)); }"
    )
    added = 0
    while card_pages(CardLayout(base.stages[:-1] + [base.stages[-1] + [row] * (added + 1)], base.summary_chars)) <= 1.0:
        page.evaluate(clone)
        added += 1
    assert added > 15
    for paper in PAPERS:
        assert len(pdf_pages(page, paper)) == 1, (paper, added)
    for _ in range(3):
        page.evaluate(clone)
    assert len(pdf_pages(page, "Letter")) == 2  # the estimate budgets for Letter, the shorter paper


SHEETS = [(FIXTURE_PB, "words-sheet")]
SHEETS += [(DEFAULT_PB, s.id) for s in DEFAULT_PB.call_sheets.values() if s.say or s.objections]


@pytest.mark.parametrize("pb, sheet_id", SHEETS, ids=[f"{pb.title}:{sid}" for pb, sid in SHEETS])
def test_sheet_with_words_prints_on_one_page_with_every_line(request, page, pb, sheet_id):
    server = {BASIC_PB.title: "basic_server", FIXTURE_PB.title: "fixture_server"}.get(pb.title, "default_server")
    page.goto(request.getfixturevalue(server).url + f"call-sheets/{sheet_id}/")
    sheet = pb.call_sheets[sheet_id]
    assert estimate_pages(layout_of(sheet)) <= 1.0
    for paper in PAPERS:
        pages = pdf_pages(page, paper)
        assert len(pages) == 1, (sheet_id, paper, len(pages))
        for line in [t.text for t in sheet.say] + [o.objection for o in sheet.objections]:
            assert squash(line.strip('“”"')) in pages[0], line
        for objection in sheet.objections:
            assert squash(objection.ask) in pages[0]


def test_full_sheet_uses_the_page_and_spills_just_past_the_estimate(fixture_server, page):
    sheet = FIXTURE_PB.call_sheets["words-sheet"]
    assert estimate_pages(layout_of(sheet)) > 0.95  # the fixture is close to the bottom of the page
    page.goto(fixture_server.url + "call-sheets/words-sheet/")
    page.emulate_media(media="print")
    used = page.evaluate("document.querySelector('.pb-sheet').getBoundingClientRect().height * 25.4 / 96")
    assert used > 0.85 * (279.4 - 20), used  # most of the printable height of Letter is used
    # Talk tracks added, as an editor adding them would: one page while the estimate accepts them, and
    # three more lines past the point where the estimate refuses, the page spills.
    layout = layout_of(sheet)
    add = """() => { const list = document.querySelector('.pb-say-lines');
                     list.append(list.lastElementChild.cloneNode(true)); }"""

    def grown(lines: int) -> SheetLayout:
        say = layout.say + layout.say[-1:] * lines
        return SheetLayout(
            layout.summary_chars, layout.field_count, layout.sections, layout.notes, say, layout.objections
        )

    added = 0
    while estimate_pages(grown(added + 1)) <= 1.0:
        page.evaluate(add)
        added += 1
    for paper in PAPERS:
        assert len(pdf_pages(page, paper)) == 1, (paper, added)
    for _ in range(4):
        page.evaluate(add)
    assert len(pdf_pages(page, "Letter")) == 2


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["objections/", "principles/treat-gatekeepers-well/"])
def test_objection_pages_have_no_serious_axe_violations(basic_server, browser, scheme, path):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(basic_server.url + path)
    violations = axe.Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []
    context.close()
