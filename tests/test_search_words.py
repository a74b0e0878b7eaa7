"""The team's search words: `vocabulary` in playbook.yml and `phrases` on principles, call sheets and
objections reach the model, the export (valid against its published schema) and the pages, in small
print, escaped. Broken entries are in tests/bad/vocabulary-* and tests/bad/phrases-*.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from conftest import BASIC, copy_playbook
from playbook.export import export_data
from playbook.load import load_playbook
from playbook.model import WordGroup
from playbook.render import PageRenderer
from playbook.schema import load_schema

HOSTILE = '<img src=x onerror="window.__pwned=1"> & <b>bold</b>'


def edit(path, change) -> None:
    """Rewrite a content file's data, keeping its schema comment."""
    head = path.read_text().split("\n", 1)[0]
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(head + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@pytest.fixture(scope="module")
def worded(tmp_path_factory):
    root = copy_playbook(BASIC, tmp_path_factory.mktemp("words") / "pb")
    content = root / "content"
    edit(
        content / "playbook.yml",
        lambda d: d.update(
            vocabulary=[["re-order", "reorder", "renewal", "repeat order"], {"word": "demo", "also": ["proposal"]}]
        ),
    )

    def principle(d):
        d["phrases"] = ["getting past the front desk", HOSTILE]
        d["objections"][0]["phrases"] = ["email me something", "just send a brochure"]

    edit(content / "principles/treat-gatekeepers-well.yml", principle)
    edit(content / "call-sheets/discovery-call.yml", lambda d: d.update(phrases=["first meeting", "needs call"]))
    result = load_playbook(root)
    assert not result.errors, result.errors
    return result.playbook


def test_vocabulary_and_phrases_reach_the_model(worded):
    assert worded.vocabulary == [
        WordGroup(("re-order", "reorder", "renewal", "repeat order")),
        WordGroup(("proposal",), "demo"),
    ]
    principle = worded.principles["treat-gatekeepers-well"]
    assert principle.phrases == ["getting past the front desk", HOSTILE]
    assert principle.objections[0].phrases == ("email me something", "just send a brochure")
    assert principle.objections[1].phrases == ()
    assert worded.call_sheets["discovery-call"].phrases == ["first meeting", "needs call"]


def test_export_carries_the_words_and_keeps_to_its_schema(worded):
    data = export_data(worded)
    jsonschema.validate(data, load_schema("export"))
    assert data["vocabulary"] == [
        {"words": ["re-order", "reorder", "renewal", "repeat order"]},
        {"word": "demo", "also": ["proposal"]},
    ]
    principle = next(p for p in data["principles"] if p["id"] == "treat-gatekeepers-well")
    assert principle["phrases"][0] == "getting past the front desk"
    assert principle["objections"][0]["phrases"] == ["email me something", "just send a brochure"]
    assert data["call_sheets"][0]["phrases"] == ["first meeting", "needs call"]
    json.dumps(data)


def test_a_playbook_without_words_exports_empty_lists():
    data = export_data(load_playbook(BASIC).playbook)
    jsonschema.validate(data, load_schema("export"))
    assert data["vocabulary"] == [] and all(p["phrases"] == [] for p in data["principles"])


def test_phrases_show_in_small_print_escaped(worded):
    renderer = PageRenderer(worded)
    page = renderer.principle(worded.principles["treat-gatekeepers-well"]).markdown
    assert (
        '<p class="pb-phrases"><small>Also called: <span>getting past the front desk</span> · '
        "<span>&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt; &amp; &lt;b&gt;bold&lt;/b&gt;</span></small></p>"
    ) in page
    assert "<small>Also heard as: <span>email me something</span> · <span>just send a brochure</span></small>" in page
    sheet = renderer.call_sheet(worded.call_sheets["discovery-call"]).markdown
    assert "<small>Also called: <span>first meeting</span> · <span>needs call</span></small>" in sheet
    # not on the printed sheet itself: the sheet's one-page estimate does not count them
    assert sheet.index("pb-phrases") > sheet.index("pb-sheet-foot")


def test_pages_without_phrases_have_no_small_print():
    playbook = load_playbook(BASIC).playbook
    renderer = PageRenderer(playbook)
    for principle in playbook.principles.values():
        assert "pb-phrases" not in renderer.principle(principle).markdown
