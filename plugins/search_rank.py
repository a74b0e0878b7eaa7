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

import html
import re

# Page kinds: the "kind" filter's values and the labels results carry (Pagefind meta "kind").
KINDS = {
    "principle": "Principle",
    "call-sheet": "Call sheet",
    "objections": "Objections",
    "stage": "Stage",
    "role": "Role",
    "page": "Page",
    "editor": "Editor page",
}
# The ``pb`` front-matter key of generated pages -> their kind; other pages are "page", or "editor"
# when their front matter says ``audience: editor`` (contribute, hosting, ...).
PB_KINDS = {
    "principle": "principle",
    "call-sheet": "call-sheet",
    "print-all": "call-sheet",
    "objections": "objections",
    "stage": "stage",
    "stages": "stage",
    "role": "role",
    "roles": "role",
    "needs-review": "editor",
}
# Pages that list principles or call sheets by stage or role (and the index of call sheets): their
# lists grow with the playbook and hold every listed page's words, so they are left out of the index
# (the pages are found by their titles and text; what they list, by its own page). At 3,000
# principles a stage page's fragment was 9 KiB, loaded by any query that matched it.
LISTING_PAGES = {"stage", "stages", "role", "roles", "call-sheets"}
# Editor pages rank below reader pages that match as well: every weight of theirs is scaled down.
EDITOR_SCALE = 0.5


def kind_of(meta: dict) -> str:
    """A page's kind from its front matter."""
    if meta.get("audience") == "editor":
        return "editor"
    return PB_KINDS.get(meta.get("pb"), "page")


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
TITLE_WEIGHT = {"principle": 8.0, "call-sheet": 6.0}
OTHER_TITLE_WEIGHT = 5.0
HEADING_WEIGHT = 0.5  # section headings (h2) of every page

_CLASS_TAG = re.compile(r'<(?:div|ul|ol|p|section|li) class="(pb-[a-z-]+)"')
# Sections that list other principles with their titles and summaries (a principle's "Related", a
# sheet's "On this sheet"): they would rank a page for its neighbours' words and make the index a
# third larger, so their lists are left out of it (up to the next section heading).
_LISTINGS = re.compile(
    r'(<h2[^>]* id="(?:related|on-this-sheet)"[^>]*>)(.*?)(?=<h2[ >]|<ul class="pb-sources"|\Z)', re.S
)
_BARE_LIST = re.compile(r"<(ul|ol|p)>")
_LIST = re.compile(r"<(ul|ol)>")
_H1 = re.compile(r"<h1(?=[ >])")
_H2 = re.compile(r"<h2(?=[ >])")
# The "Stage: ... · Roles: ... · Tags: ..." line: filters say it already, and in a snippet it is noise.
# Its tags stay searchable, as words of the page (attribute text Pagefind indexes).
_META_LINE = re.compile(r"<p>(<strong>Stage:</strong>.*?</p>)", re.S)
_TAG = re.compile(r"<code>([^<]*)</code>")
# On the print-all page only the sheets' titles are indexed: "print <sheet title>" finds it, while
# each sheet's own page answers for its items.
_SHEET_PARTS = re.compile(
    r'<(?:section|div|footer|label) class="pb-(?:section|sheet-(?:say|objections|foot|summary)|notes|fields?)"'
)


def article_weight(kind: str) -> str:
    """The weight of a page's indexed article (its plain text)."""
    return f"{EDITOR_SCALE if kind == 'editor' else 1:g}"


def weigh(content: str, kind: str, *, print_all: bool = False, listing: bool = False) -> str:
    """``content`` (a page's HTML from MkDocs) with Pagefind weights on the parts that rank."""
    table = WEIGHTS if kind == "principle" else LISTING_WEIGHTS
    scale = EDITOR_SCALE if kind == "editor" else 1.0

    def classed(match: re.Match) -> str:
        weight = table.get(match.group(1))
        if weight is None:
            return match.group(0)
        return f'{match.group(0)} data-pagefind-weight="{weight:g}"'

    content = _CLASS_TAG.sub(classed, content)
    content = _LISTINGS.sub(lambda m: m.group(1) + _BARE_LIST.sub(r"<\1 data-pagefind-ignore>", m.group(2)), content)
    content = _META_LINE.sub(_quiet_meta_line, content, count=1)
    if listing:
        content = _LIST.sub(r"<\1 data-pagefind-ignore>", content)
    if print_all:
        content = _SHEET_PARTS.sub(lambda m: f"{m.group(0)} data-pagefind-ignore", content)
    title = TITLE_WEIGHT.get(kind, OTHER_TITLE_WEIGHT) * scale
    content = _H1.sub(f'<h1 data-pagefind-weight="{title:g}"', content, count=1)
    return _H2.sub(f'<h2 data-pagefind-weight="{HEADING_WEIGHT * scale:g}"', content)


def _quiet_meta_line(match: re.Match) -> str:
    tags = html.escape(" ".join(html.unescape(tag) for tag in _TAG.findall(match.group(1))))
    kept = f'<span data-pagefind-index-attrs="data-pb-tags" data-pb-tags="{tags}"></span>' if tags else ""
    return f"<p data-pagefind-ignore>{match.group(1)}{kept}"
