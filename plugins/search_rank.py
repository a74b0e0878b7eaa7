"""How search ranks a page's text: the weights Pagefind gives each part of our pages.

The whole article is weighted 1 (overrides/main.html sets it on the indexed block, which also turns
off Pagefind's automatic heading weights: a generic heading such as "Why" or "Checklist" counts no
more than a sentence). The parts a rep remembers a principle by are weighted up: its title, summary,
checklist items, talk tracks and objections. Pages that repeat them (call sheets, the objections
page) count them as plain text, so a principle's own page outranks the pages that list its parts;
the lists of neighbouring principles on a page are not indexed at all.

The weights are attributes added to the opening tags our templates write, found by their class
(content text is always escaped, so it can never look like one of these tags).
"""

from __future__ import annotations

import re

# Page kinds for the "kind" filter, by the ``pb`` front-matter key of generated pages.
KINDS = {"principle": "Principle", "call-sheet": "Call sheet", "other": "Other page"}

# class -> weight, for the elements of principle pages (and the same parts on other pages)
WEIGHTS = {
    "pb-summary": 4.0,
    "pb-phrases": 4.0,  # what reps and customers call it ("Also called", "Also heard as")
    "pb-items": 4.0,  # checklist items: their text is given to Pagefind by the `checklist` macro
    "pb-say": 4.0,  # talk tracks
    "pb-objection": 3.0,  # an objection: its words and the question to ask are weighted up below
    "pb-objection-words": 5.0,
    "pb-ask": 4.0,
    "pb-how": 2.0,
    "pb-signals": 1.5,
    "pb-avoid": 1.5,
}
# On a call sheet or the objections page the same items repeat those of many principles:
# they count as plain text there, so each principle's page ranks first for its own words.
LISTING_WEIGHTS = {name: 1.0 for name in WEIGHTS}
TITLE_WEIGHT = {"principle": 8.0, "call-sheet": 6.0, "other": 5.0}
HEADING_WEIGHT = "0.5"  # section headings (h2) of every page

_CLASS_TAG = re.compile(r'<(?:div|ul|ol|p|section|li) class="(pb-[a-z-]+)"')
# Sections that list other principles with their titles and summaries (a principle's "Related", a
# sheet's "On this sheet"): they would rank a page for its neighbours' words and make the index a
# third larger, so their lists are left out of it (up to the next section heading).
_LISTINGS = re.compile(
    r'(<h2[^>]* id="(?:related|on-this-sheet)"[^>]*>)(.*?)(?=<h2[ >]|<ul class="pb-sources"|\Z)', re.S
)
_BARE_LIST = re.compile(r"<(ul|ol|p)>")
_H1 = re.compile(r"<h1(?=[ >])")
_H2 = re.compile(r"<h2(?=[ >])")


def weigh(content: str, kind: str) -> str:
    """``content`` (a page's HTML from MkDocs) with Pagefind weights on the parts that rank."""
    table = WEIGHTS if kind == "principle" else LISTING_WEIGHTS

    def classed(match: re.Match) -> str:
        weight = table.get(match.group(1))
        if weight is None:
            return match.group(0)
        return f'{match.group(0)} data-pagefind-weight="{weight:g}"'

    content = _CLASS_TAG.sub(classed, content)
    content = _LISTINGS.sub(lambda m: m.group(1) + _BARE_LIST.sub(r"<\1 data-pagefind-ignore>", m.group(2)), content)
    content = _H1.sub(f'<h1 data-pagefind-weight="{TITLE_WEIGHT.get(kind, 5.0):g}"', content, count=1)
    return _H2.sub(f'<h2 data-pagefind-weight="{HEADING_WEIGHT}"', content)
