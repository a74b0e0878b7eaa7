"""Does a call sheet, or the objection card, fit on one printed page? An estimate in millimetres.

The print stylesheet (``plugins/assets/playbook.css``) sets every size of the sheet in mm from the
same numbers, so this estimate and the browser agree; the browser tests print every sheet to PDF on
A4 and US Letter to confirm it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# The printable box: the narrower width of A4 (210 mm) and the shorter height of Letter (279.4 mm),
# less the @page margins.
PAGE_MARGIN_MM = 10
PRINTABLE_WIDTH_MM = 210 - 2 * PAGE_MARGIN_MM
PRINTABLE_HEIGHT_MM = 279.4 - 2 * PAGE_MARGIN_MM

LINE_MM = 4.6  # body text: 9.5 pt on a 4.6 mm line
CHAR_MM = 1.85  # a generous average width of a 9.5 pt sans-serif character
TITLE_MM = 12  # sheet title (7 mm line) with its padding, rule and margin
SECTION_HEAD_MM = 7.5  # pause point heading with its mode and spacing
ITEM_GAP_MM = 0.8
ITEM_INDENT_MM = 7  # the checkbox
FIELD_ROW_MM = 8  # two header fields per row
NOTES_HEAD_MM = 6
NOTE_LINE_MM = 7
FOOTER_MM = 8
# An objection prints on one row: the customer's words in the left column, the question beside it.
OBJECTION_COL_MM = 62
OBJECTION_GAP_MM = 4
ASK_COL_MM = PRINTABLE_WIDTH_MM - OBJECTION_COL_MM - OBJECTION_GAP_MM
ENTRY_GAP_MM = 1.2
# The customer's words are bold: Chromium measured 1.55 to 1.66 mm a character at 9.5 pt; a
# character more a line would wrap words that fit.
WORDS_CHAR_MM = 1.7
QUOTES = 2  # the quotation marks around them
ASK_LABEL = len("Ask: ")
SAY_LABEL = len("Say: ")  # the card's first talk track, under the question
# The estimate agrees with Chromium within about 3 mm; the margin keeps it on the safe side, so a
# sheet it accepts always prints on one page.
SAFETY_MM = 6


@dataclass(frozen=True)
class SheetLayout:
    """What the estimate needs to know about a sheet: text lengths and counts."""

    summary_chars: int
    field_count: int
    sections: list[list[int]]  # for each pause point, the length of each item's text
    notes: int
    say: list[int] = field(default_factory=list)  # the length of each talk track printed
    objections: list[tuple[int, int]] = field(default_factory=list)  # each one's (words, question) lengths


@dataclass(frozen=True)
class CardLayout:
    """The objection card: for each stage, the (words, question) lengths of its objections."""

    stages: list[list[tuple[int, int]]]
    summary_chars: int = 0


def _lines(chars: int, width_mm: float, char_mm: float = CHAR_MM) -> int:
    per_line = max(int(width_mm / char_mm), 1)
    return max(math.ceil(chars / per_line), 1)


def estimate_height_mm(layout: SheetLayout) -> float:
    height = TITLE_MM + FOOTER_MM
    height += _lines(layout.summary_chars, PRINTABLE_WIDTH_MM) * LINE_MM + 2
    height += math.ceil(layout.field_count / 2) * FIELD_ROW_MM
    for items in layout.sections:
        height += SECTION_HEAD_MM
        for chars in items:
            height += _lines(chars, PRINTABLE_WIDTH_MM - ITEM_INDENT_MM) * LINE_MM + ITEM_GAP_MM
    if layout.say:
        height += SECTION_HEAD_MM
        height += sum(_lines(chars, PRINTABLE_WIDTH_MM) * LINE_MM + ITEM_GAP_MM for chars in layout.say)
    if layout.objections:
        height += SECTION_HEAD_MM + objections_height_mm(layout.objections)
    if layout.notes:
        height += NOTES_HEAD_MM + layout.notes * NOTE_LINE_MM
    return height


def objections_height_mm(entries: list[tuple[int, ...]]) -> float:
    """Objections printed as rows: the taller of the two columns sets each row's height. An entry is
    (words, question) or, on a card that prints them, (words, question, first talk track)."""
    height = 0.0
    for words, ask, *talk in entries:
        right = _lines(ask + ASK_LABEL, ASK_COL_MM) + sum(_lines(t + SAY_LABEL, ASK_COL_MM) for t in talk if t)
        rows = max(_lines(words + QUOTES, OBJECTION_COL_MM, WORDS_CHAR_MM), right)
        height += rows * LINE_MM + ENTRY_GAP_MM
    return height


def _card_frame_mm(card: CardLayout) -> float:
    return TITLE_MM + FOOTER_MM + _lines(card.summary_chars, PRINTABLE_WIDTH_MM) * LINE_MM + 2


def card_pages(card: CardLayout) -> float:
    """The whole card on one page: 1.0 or less fits."""
    height = _card_frame_mm(card) + sum(SECTION_HEAD_MM + objections_height_mm(s) for s in card.stages)
    return height / (PRINTABLE_HEIGHT_MM - SAFETY_MM)


def card_stage_pages(card: CardLayout) -> list[float]:
    """Each stage on a page of its own (the card when it does not fit on one): 1.0 or less fits."""
    frame = _card_frame_mm(card)
    return [
        (frame + SECTION_HEAD_MM + objections_height_mm(s)) / (PRINTABLE_HEIGHT_MM - SAFETY_MM) for s in card.stages
    ]


def card_of(playbook, talk: bool = False) -> CardLayout:
    """The objection card of a resolved ``model.Playbook``; with ``talk``, each objection's first talk
    track too (0 where it has none)."""

    def entry(o) -> tuple[int, ...]:
        return (len(o.objection), len(o.ask), *([len(o.say[0]) if o.say else 0] if talk else []))

    groups = playbook.objections_by_stage()
    return CardLayout([[entry(o) for _, o in entries] for _, entries in groups], CARD_SUMMARY_CHARS)


def card_print(playbook) -> tuple[bool, bool]:
    """How the card prints: (a stage a page, with the first talk tracks). The talk tracks go on it
    as the page allows: when the card still fits as it does without them, on one page or, when it
    is paged anyway, each stage on its own page (``playbook check`` proves the card without them)."""
    bare, full = card_of(playbook), card_of(playbook, talk=True)
    if card_pages(bare) <= 1.0:
        return False, card_pages(full) <= 1.0
    return True, all(pages <= 1.0 for pages in card_stage_pages(full))


CARD_SUMMARY_CHARS = 90  # the card's one-line introduction (playbook/templates/objections.md.j2)


def estimate_pages(layout: SheetLayout) -> float:
    """1.0 or less fits; above 1.0 the sheet spills onto a second page."""
    return estimate_height_mm(layout) / (PRINTABLE_HEIGHT_MM - SAFETY_MM)
