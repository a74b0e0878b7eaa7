"""The print layout of a resolved call sheet, for tests that compare the estimate with the browser.

The loader estimates from the content files (``playbook/load/crosschecks.py``); the tests measure
resolved sheets, so this reading of a ``model.CallSheet`` lives with them.
"""

from __future__ import annotations

from playbook.sheetfit import SheetLayout


def layout_of(sheet) -> SheetLayout:
    """The layout of a resolved ``model.CallSheet``."""
    return SheetLayout(
        summary_chars=len(sheet.summary),
        field_count=len(sheet.fields),
        sections=[[len(item.text) for item in section.items] for section in sheet.sections],
        notes=sheet.notes,
        say=[len(t.text) for t in sheet.say],
        objections=[(len(o.objection), len(o.ask)) for o in sheet.objections],
    )
