"""The default playbook is one a team can sell from: the bars of issue 28, checked on the content.

Every call sheet prints the words of its call (an opener, the key question or ask, the next-step
line) and objections with their question; discovery and closing leave room to write; the account
review closes by asking for the next order. The objection library covers every stage, each
objection with what it means, a question first and short talk tracks that end by checking the answer
landed. A sheet may print an objection's talk track only where the page allows it (the sheet-fit
estimate), so every sheet is written to fit with them.
"""

from __future__ import annotations

import pytest
from sheet_layouts import layout_of

from conftest import ROOT
from playbook.load import load_playbook
from playbook.settings import read_settings
from playbook.sheetfit import ASK_COL_MM, CHAR_MM, PRINTABLE_HEIGHT_MM, SAFETY_MM, estimate_height_mm

DEFAULT = load_playbook(ROOT, read_settings(ROOT)).playbook
OBJECTIONS = [o for p in DEFAULT.principles.values() for o in p.objections]
SHEETS = list(DEFAULT.call_sheets.values())
# A talk track printed under an objection's question (issue 27) sits in the question's column: two
# lines of it at most, so the sheets keep their room for notes.
TRACK_CHARS = 2 * int(ASK_COL_MM / CHAR_MM) - len("Say: ")


def unquoted(text: str) -> str:
    return text.strip().strip('“”"').strip()


def test_the_objection_library_covers_every_stage():
    assert len(OBJECTIONS) >= 25
    by_stage = {stage.id: len(entries) for stage, entries in DEFAULT.objections_by_stage()}
    thin = [stage.id for stage in DEFAULT.stages if by_stage.get(stage.id, 0) < 2]
    assert not thin, f"stages with fewer than two objections: {thin}"
    gatekeeper = [p for p in DEFAULT.principles.values() if "gatekeeper" in {r.id for r in p.roles}]
    assert sum(len(p.objections) for p in gatekeeper) >= 2, "the gatekeeper's own objections"


@pytest.mark.parametrize("objection", OBJECTIONS, ids=lambda o: o.full_id)
def test_each_objection_means_asks_first_and_checks_its_answer(objection):
    assert objection.means
    assert unquoted(objection.ask).endswith("?"), "the answer starts with a question"
    assert 1 <= len(objection.say) <= 2
    for track in objection.say:
        assert unquoted(track).endswith("?"), f"a talk track ends by checking it landed: {track}"
    assert len(objection.say[0]) <= TRACK_CHARS, "the first talk track fits two printed lines"


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda s: s.id)
def test_every_sheet_prints_the_words_of_its_call(sheet):
    assert len(sheet.say) >= 3, "an opener, the key question or ask, and the next-step line"
    assert sheet.objections
    with_tracks = estimate_height_mm(layout_of(sheet)) + sum(
        4.6 * (1 + len(o.say[0]) // int(ASK_COL_MM / CHAR_MM)) for o in sheet.objections
    )
    assert with_tracks <= PRINTABLE_HEIGHT_MM - SAFETY_MM, "the objections' talk tracks fit too"


def test_discovery_and_closing_leave_six_lines_for_notes():
    assert DEFAULT.call_sheets["discovery-call"].notes >= 6
    assert DEFAULT.call_sheets["closing-meeting"].notes >= 6


def test_the_account_review_closes_by_asking_for_the_next_order():
    sheet = DEFAULT.call_sheets["reorder-review"]
    closing = next(s for s in sheet.sections if s.pause.id == "closing")
    assert any("next order" in item.text for item in closing.items)
    assert any("next order" in track.text for track in sheet.say)
