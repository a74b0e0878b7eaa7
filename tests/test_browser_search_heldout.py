"""The held-out query set (tests/search_queries_heldout.yml: written from the page catalogue only, before
reading the content or the search code, and never tuned) through the real search box in Chromium, on
Pagefind (the published site) and on Material's lunr (`--offline`). It measures whether what was tuned
on tests/search_queries.yml generalises. Each run prints top 1 / top 3 / no result per kind, and every
miss. The floors are what was measured on main when this landed (rounded down), not the 95% issue 26
asks for: a change that lowers them fails here. /work/notes/heldout.md has the figures per kind.
"""

from __future__ import annotations

import yaml
from test_browser_search_queries import QUERIES, offline_server, report, run_set, totals  # noqa: F401 (a fixture)

from conftest import ROOT

HELDOUT = yaml.safe_load((ROOT / "tests/search_queries_heldout.yml").read_text())["queries"]
# Written independently, 17 held-out queries came out the same as one of the tuned set (apostrophes
# aside); each run also reports the queries the tuned set does not have.
TUNED = {entry["q"].replace("'", "") for entry in QUERIES}
# Measured with 143 queries on 07f5d75 (before issue 26's content pass): Pagefind 116 in the top 3, 6
# with no result; lunr 42, 17. On 6ca05f7 (reps' phrases in the content, What's new lists out of lunr):
# Pagefind 122 (85.3%), 6 (4.2%); lunr 52 (36.4%), 17 (11.9%). The floors are the latter, rounded down.
PAGEFIND_TOP3_FLOOR = 0.85
PAGEFIND_NONE_CEILING = 0.05
LUNR_TOP3_FLOOR = 0.36
LUNR_NONE_CEILING = 0.12


def measure(name: str, page, url: str) -> tuple[float, float, str]:
    table, misses = run_set(page, url, HELDOUT)
    summary = report(name, table) + "\nmisses:\n" + "\n".join(misses)
    unseen = [f"{entry['kind']}: {entry['q']!r} ->" for entry in HELDOUT if entry["q"].replace("'", "") not in TUNED]
    lost = [miss for miss in misses if miss.startswith(tuple(unseen))]
    print(
        f"  not in the tuned set: {len(unseen)} queries, top 3 {len(unseen) - len(lost)},"
        f" no result {sum(miss.endswith('of 0)') for miss in lost)}"
    )
    print("misses:\n" + "\n".join(misses))
    top3, none = totals(table)
    return top3, none, summary


def test_the_held_out_set_has_every_kind_and_only_site_paths():
    kinds = {entry["kind"] for entry in HELDOUT}
    assert len(HELDOUT) >= 120 and kinds == {"situation", "objection", "task", "typo"}
    for entry in HELDOUT:
        assert entry["q"] == entry["q"].lower() and entry["accept"], entry
        assert all(path.endswith("/") and not path.startswith("/") for path in entry["accept"]), entry


def test_the_held_out_set_on_pagefind_meets_its_floor(default_server, page):
    top3, none, summary = measure("Pagefind (held out)", page, default_server.url)
    assert top3 >= PAGEFIND_TOP3_FLOOR and none <= PAGEFIND_NONE_CEILING, summary


def test_the_held_out_set_on_lunr_meets_its_floor(request, page):
    offline = request.getfixturevalue("offline_server")  # the `--offline` site of the tuned set's module
    top3, none, summary = measure("lunr --offline (held out)", page, offline.url)
    assert top3 >= LUNR_TOP3_FLOOR and none <= LUNR_NONE_CEILING, summary
