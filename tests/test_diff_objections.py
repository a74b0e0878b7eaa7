"""`playbook diff` and the words reps say: objections of principles (added, removed, reworded, moved
between principles, each of their fields), a call sheet's talk tracks (``say``, ``first: N``) and
objections, and every printed sheet they reach, with the principle that changed it."""

from __future__ import annotations

from pathlib import Path

import pytest
from diff_repos import PRINCIPLES, SHEETS, commit, diff, edit, section, start_repo, without_hashes

from conftest import FIXTURES
from playbook.diff import Change, compare_revisions


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    """The every-field fixture, then one commit (and tag) per kind of change to the words."""
    repo = start_repo(tmp_path_factory.mktemp("words") / "pb", FIXTURES / "every-field")
    ask, listen, close = (repo / PRINCIPLES / f"{name}.yml" for name in ("ask-first", "listen-well", "close-kindly"))
    sheet = repo / SHEETS / "first-call.yml"

    edit(ask, "  - objection: It costs too much\n", "  - objection: It costs too much for us\n")
    edit(ask, "    ask: Compared with what?\n", "    ask: Compared with which offer?\n")
    edit(ask, "    means: They are comparing you with something, or cannot yet see what the price buys.\n", "")
    edit(ask, """the problem costs you today."]""", """the problem costs you today.", "What would waiting cost?"]""")
    edit(ask, "  - objection: Call me next quarter\n", "  - objection: Call me again next quarter\n")
    commit(repo, "objection-fields")

    thinking = "  - objection: I need to think about it\n    ask: Which part do you want to think through?\n"
    edit(close, thinking, "  - objection: We have no budget\n    ask: When is the budget set?\n")
    edit(listen, "objections:\n", f"objections:\n{thinking}")
    commit(repo, "objection-moved")

    edit(sheet, "  - close-kindly/i-need-to-think-about-it", "  - listen-well/i-need-to-think-about-it")
    commit(repo, "reference-fixed")

    edit(sheet, "  - {id: ask-first, first: 2}", "  - {id: ask-first, first: 1}")
    edit(sheet, "  - ask-first/costs-too-much\n", "")
    commit(repo, "sheet-words")

    edit(ask, '  - "What makes you say so?"', '  - "What makes you say that?"')
    edit(listen, "  - objection: You are not listening\n", "  - objection: You are not listening to me\n")
    edit(sheet, "  - listen-well/i-need-to-think-about-it", "  - listen-well/you-are-not-listening")
    commit(repo, "reworded-words")
    return repo


def report(repo: Path, base: str, head: str, *more: str) -> str:
    result = diff(repo, base, head, *more)
    assert result.returncode in (0, 1), result.stderr
    return without_hashes(result.stdout)


def test_each_field_of_an_objection_is_reported_and_the_sheet_that_prints_it(history):
    text = report(history, "base", "objection-fields")
    assert section(text, "Principles") == [
        '  ~ ask-first: "Ask before you answer"',
        "    Printed on call sheet first-call",
        '    ~ objection costs-too-much, words: "It costs too much" -> "It costs too much for us"',
        '    - objection costs-too-much, means: "They are comparing you with something,'
        ' or cannot yet see what the price buys."',
        '    ~ objection costs-too-much, ask: "Compared with what?" -> "Compared with which offer?"',
        '    + objection costs-too-much, say: "What would waiting cost?"',
        "    ~ objection call-me-again-next-quarter (id was call-me-next-quarter):"
        ' "Call me next quarter" -> "Call me again next quarter"',
    ]
    assert section(text, "Call sheets") == [
        '  ~ first-call: "First call"',
        "    Printed page changed because ask-first changed:",
        '      ~ objection: "It costs too much" -> "It costs too much for us"',
        '      ~ objection ask-first/costs-too-much, ask: "Compared with what?" -> "Compared with which offer?"',
    ]


def test_an_objection_moved_to_another_principle_is_one_move_and_the_sheet_naming_it_is_a_reference_to_fix(history):
    result = diff(history, "objection-fields", "objection-moved")
    assert result.returncode == 1  # the sheet still names close-kindly/i-need-to-think-about-it
    text = without_hashes(result.stdout)
    assert section(text, "References to fix") == [
        "  content/call-sheets/first-call.yml:18:5: objections:"
        " close-kindly/i-need-to-think-about-it -> listen-well/i-need-to-think-about-it",
    ]
    assert section(text, "Principles") == [
        '  ~ close-kindly: "Ask for the decision kindly"',
        "    ? 1 reference to fix: see References to fix",
        "    > objection i-need-to-think-about-it: to listen-well",
        '    + objection we-have-no-budget: "We have no budget"',
        '  ~ listen-well: "Listen until they are done"',
        "    > objection i-need-to-think-about-it: from close-kindly",
    ]
    assert "Call sheets" not in text  # read through the move, the sheet prints the same words


def test_fixing_the_reference_prints_the_objection_again(history):
    # Before the fix the sheet named nothing that exists there, and could not print it.
    text = report(history, "objection-moved", "reference-fixed")
    assert section(text, "Call sheets") == [
        '  ~ first-call: "First call"',
        "    Printed page changed by edits to the sheet:",
        '      + objection: "I need to think about it"',
        '    ~ objections: "close-kindly/i-need-to-think-about-it" -> "listen-well/i-need-to-think-about-it"',
    ]
    assert "References to fix" not in text


def test_a_sheets_say_first_n_and_its_objections_are_reported_with_the_printed_page(history):
    text = report(history, "reference-fixed", "sheet-words")
    assert section(text, "Call sheets") == [
        '  ~ first-call: "First call"',
        "    Printed page changed by edits to the sheet:",
        '      - talk track: "Compared with what?"',
        '      - objection: "It costs too much for us"',
        '    ~ say: "ask-first (first 2)" -> "ask-first (first 1)"',
        '    - objections: "ask-first/costs-too-much"',
    ]


def test_a_reworded_talk_track_reaches_the_printed_sheet_and_a_reworded_objection_id_is_a_reference_to_fix(history):
    text = report(history, "sheet-words", "reworded-words")
    assert section(text, "Principles") == [
        '  ~ ask-first: "Ask before you answer"',
        "    Printed on call sheet first-call",
        '    ~ say: "What makes you say so?" -> "What makes you say that?"',
        '  ~ listen-well: "Listen until they are done"',
        "    ? 1 reference to fix: see References to fix",
        "    ~ objection you-are-not-listening-to-me (id was you-are-not-listening):"
        ' "You are not listening" -> "You are not listening to me"',
    ]
    assert section(text, "References to fix") == [
        "  content/call-sheets/first-call.yml:17:5: objections:"
        " listen-well/you-are-not-listening -> listen-well/you-are-not-listening-to-me",
    ]
    assert section(text, "Call sheets") == [
        '  ~ first-call: "First call"',
        "    Printed page changed because ask-first changed:",
        '      ~ talk track: "What makes you say so?" -> "What makes you say that?"',
        "    Printed page changed by edits to the sheet:",
        '      + objection: "You are not listening to me"',
        '      - objection: "I need to think about it"',
        '    + objections: "listen-well/you-are-not-listening"',
        '    - objections: "listen-well/i-need-to-think-about-it"',
    ]


def test_the_markdown_report_of_objections_is_escaped_for_a_comment(history):
    text = report(history, "base", "objection-fields", "--format", "markdown")
    assert (
        '  - **Changed** objection `costs-too-much`, ask: "Compared with what?" → "Compared with which offer?"'
        in text.splitlines()
    )
    assert '  - **Added** objection `costs-too-much`, say: "What would waiting cost?"' in text.splitlines()


def test_the_changes_are_structured_records_another_tool_can_read(history):
    """What the report formats is a list of records: kind, principle or sheet, field, entry, before and
    after, and for a printed sheet the principle that caused it."""
    changes = compare_revisions(history, "base", "objection-fields").diff.changes
    assert (
        Change(
            "changed",
            "principle",
            "ask-first",
            "objections.ask",
            part="costs-too-much",
            before="Compared with what?",
            after="Compared with which offer?",
        )
        in changes
    )
    printed = [c for c in changes if c.subject == "call-sheet" and c.field == "page.objections.ask"]
    assert [(c.id, c.part, c.cause) for c in printed] == [("first-call", "ask-first/costs-too-much", "ask-first")]
