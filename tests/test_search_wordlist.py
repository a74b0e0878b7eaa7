"""The word list the query pipeline reads (plugins/search_words.py): the vocabulary's expansions, the
shards a query fetches, and what a build writes."""

from __future__ import annotations

import json

from playbook.model import WordGroup
from plugins.search_words import SearchWords, _shard, expansions


def test_a_two_way_group_finds_each_other_and_a_one_way_word_only_its_also():
    found = expansions(
        [WordGroup(words=("re-order", "Renewal", "repeat  order")), WordGroup(words=("proposal",), word="demo")]
    )
    assert found["renewal"] == ["re order", "repeat order"]
    assert found["re order"] == ["renewal", "repeat order"]
    assert found["demo"] == ["proposal"]
    assert "proposal" not in found


def test_shards_are_named_by_the_first_two_letters_spelled_safely():
    assert _shard("gatekeeper") == "ga"
    assert _shard("a") == "a"
    assert _shard("ωmega") == "_3c9m"  # as search-query.js spells it: "_" and the code point in hex


def test_the_written_list_counts_pages_per_word_and_adds_the_vocabulary(tmp_path):
    words = SearchWords()
    words.add_page("<h1>Gatekeeper</h1><p>The gatekeeper's desk &amp; more</p>")
    words.add_page("<p>Re-order</p><ul data-pagefind-ignore><li>hidden</li></ul>")
    folder = words.write(tmp_path, [WordGroup(words=("gatekeeper", "receptionist"))], english=True)
    index = json.loads((folder / "index.json").read_text())
    assert index["pages"] == 2 and "how" in index["filler"] and index["tasks"]["checklist"] == ["call-sheet"]
    assert index["groups"]["receptionist"] == ["gatekeeper"]
    assert json.loads((folder / "ga.json").read_text()) == {"gatekeeper": 1, "gatekeepers": 1}
    assert json.loads((folder / "re.json").read_text()) == {"re": 1, "receptionist": 0}
    assert not (folder / "hi.json").exists()  # lists Pagefind leaves out are left out here too
