"""Does a call sheet fit on one printed page? An estimate in millimetres.

The print stylesheet (``plugins/assets/playbook.css``) sets every size of the sheet in mm from the
same numbers, so this estimate and the browser agree; the browser tests print every sheet to PDF on
A4 and US Letter to confirm it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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


def _lines(chars: int, width_mm: float) -> int:
    per_line = max(int(width_mm / CHAR_MM), 1)
    return max(math.ceil(chars / per_line), 1)


def estimate_height_mm(layout: SheetLayout) -> float:
    height = TITLE_MM + FOOTER_MM
    height += _lines(layout.summary_chars, PRINTABLE_WIDTH_MM) * LINE_MM + 2
    height += math.ceil(layout.field_count / 2) * FIELD_ROW_MM
    for items in layout.sections:
        height += SECTION_HEAD_MM
        for chars in items:
            height += _lines(chars, PRINTABLE_WIDTH_MM - ITEM_INDENT_MM) * LINE_MM + ITEM_GAP_MM
    if layout.notes:
        height += NOTES_HEAD_MM + layout.notes * NOTE_LINE_MM
    return height


def layout_of(sheet) -> SheetLayout:
    """The layout of a resolved ``model.CallSheet``."""
    return SheetLayout(
        summary_chars=len(sheet.summary),
        field_count=len(sheet.fields),
        sections=[[len(item.text) for item in section.items] for section in sheet.sections],
        notes=sheet.notes,
    )


def estimate_pages(layout: SheetLayout) -> float:
    """1.0 or less fits; above 1.0 the sheet spills onto a second page."""
    return estimate_height_mm(layout) / (PRINTABLE_HEIGHT_MM - SAFETY_MM)
