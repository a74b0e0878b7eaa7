"""`playbook diff` on a real git history: each kind of change to principles, checklists and call
sheets a reviewer must see, named as such, in text and in Markdown.

The shared helpers live in ``diff_repos``; they are imported here under their old names too, for the
workflow tests that script a pull request with them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from diff_repos import PRINCIPLES, SHEET, commit, diff, edit, git, rename, start_repo, without_hashes

from conftest import playbook

__all__ = ["PRINCIPLES", "commit", "edit", "git", "start_repo"]  # test_workflow_steps scripts a PR with these


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    """The fixture playbook, then one commit (and tag) per kind of change, in this order."""
    repo = start_repo(tmp_path_factory.mktemp("diff") / "pb")
    listening = repo / PRINCIPLES / "active-listening.yml"

    made = playbook("new", "principle", "ask-for-referrals", "--stage", "discovery", cwd=repo)
    assert made.returncode == 0, made.stderr
    commit(repo, "add-principle")

    (repo / PRINCIPLES / "side-by-side.yml").unlink()
    edit(repo / SHEET, "  - {id: side-by-side, items: [let-them-fill-out-the-order]}\n", "")
    commit(repo, "remove-principle")

    rename(repo, PRINCIPLES, "treat-gatekeepers-well", "befriend-gatekeepers")
    commit(repo, "rename-principle")

    edit(listening, "- Write down three details they mentioned", "- Write down three details they mentioned, verbatim")
    edit(listening, "- Repeat their last words as a question", "- Repeat their very last words as a question")
    commit(repo, "reword-items")

    edit(
        listening,
        "    - Ask what makes them think so\n",
        "    - Ask what makes them think so\n    - Ask for one more detail\n",
    )
    commit(repo, "add-item")

    edit(listening, "    - Ask what makes them think so\n", "")
    edit(listening, "  after:\n", "  after:\n    - Ask what makes them think so\n")
    commit(repo, "move-item")

    edit(listening, "title: Listen so they feel heard", "title: Listen until they feel heard")
    edit(repo / PRINCIPLES / "befriend-gatekeepers.yml", "stage: prospecting", "stage: discovery")
    edit(repo / PRINCIPLES / "befriend-gatekeepers.yml", "owner: sales-enablement", "owner: field-sales")
    commit(repo, "retitle")

    edit(
        repo / SHEET,
        "extra:\n  before: [Read their last three news items]",
        "extra:\n  before: [Read their last three news items, Check the CRM]",
    )
    edit(repo / SHEET, "notes: 6", "notes: 4")
    commit(repo, "edit-sheet")
    return repo


@pytest.mark.parametrize(
    ("base", "head", "expected"),
    [
        ("base", "add-principle", ['  + ask-for-referrals: "Ask for referrals" (stage discovery)']),
        (
            "add-principle",
            "remove-principle",
            [
                '  - side-by-side: "Sit side by side"',
                "    Printed page changed by edits to the sheet:",
                '      - at During the call: "Let them fill out the order form"',
                '    - principles: "side-by-side (items: let-them-fill-out-the-order)"',
            ],
        ),
        (
            "remove-principle",
            "rename-principle",
            ['  > treat-gatekeepers-well -> befriend-gatekeepers: "Treat the gatekeeper as an ally"'],
        ),
        (
            "rename-principle",
            "reword-items",
            [
                "    ~ item during/repeat-their-very-last-words-as (id was repeat-their-last-words-as-a):"
                ' "Repeat their last words as a question" -> "Repeat their very last words as a question"',
                '    ~ item after/write-down-three-details-they-mentioned: "Write down three details they mentioned"'
                ' -> "Write down three details they mentioned, verbatim"',
            ],
        ),
        (
            "reword-items",
            "add-item",
            [
                '    + item during/ask-for-one-more-detail: "Ask for one more detail"',
                "    Printed page changed because active-listening changed:",
                '      + at During the call: "Ask for one more detail"',
            ],
        ),
        (
            "add-item",
            "move-item",
            [
                "    > item after/ask-what-makes-them-think-so: from During the call to After the call",
                "    Printed page changed because active-listening changed:",
                '      > "Ask what makes them think so": from During the call to After the call',
            ],
        ),
        (
            "move-item",
            "retitle",
            [
                '  ~ active-listening: "Listen until they feel heard"',
                '    ~ title: "Listen so they feel heard" -> "Listen until they feel heard"',
                '    ~ stage: "prospecting" -> "discovery"',
                '    ~ owner: "sales-enablement" -> "field-sales"',
            ],
        ),
        (
            "retitle",
            "edit-sheet",
            [
                "    Printed page changed by edits to the sheet:",
                '      + at Before the call: "Check the CRM"',
                '    ~ notes: "6" -> "4"',
            ],
        ),
    ],
)
def test_each_kind_of_change_is_reported(history, base, head, expected):
    result = diff(history, base, head)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for line in expected:
        assert line in lines, result.stdout


def test_a_sheet_nobody_edited_is_reported_with_the_principle_that_changed_it(history):
    result = diff(history, "rename-principle", "move-item")
    assert result.returncode == 0, result.stderr
    sheets = result.stdout.split("\nCall sheets\n", 1)[1]
    assert sheets == (
        '  ~ discovery-call: "Discovery call"\n'
        "    Printed page changed because active-listening changed:\n"
        "      ~ at During the call (id was repeat-their-last-words-as-a):"
        ' "Repeat their last words as a question" -> "Repeat their very last words as a question"\n'
        '      + at During the call: "Ask for one more detail"\n'
        '      > "Ask what makes them think so": from During the call to After the call\n'
        '      ~ at After the call: "Write down three details they mentioned"'
        ' -> "Write down three details they mentioned, verbatim"\n'
    )
    assert git(history, "diff", "--name-only", "rename-principle", "move-item", "--", SHEET) == ""


def test_text_report_of_a_whole_pull_request(history):
    result = diff(history, "base", "edit-sheet")
    assert result.returncode == 0, result.stderr
    assert without_hashes(result.stdout) == (
        "Playbook changes from base (HASH) to edit-sheet (HASH): "
        "1 principle added, 1 removed, 1 renamed, 1 changed; 1 call sheet changed\n"
        "\n"
        "Principles\n"
        '  + ask-for-referrals: "Ask for referrals" (stage discovery)\n'
        '  - side-by-side: "Sit side by side"\n'
        '  > treat-gatekeepers-well -> befriend-gatekeepers: "Treat the gatekeeper as an ally"\n'
        "    ? add formerly: [treat-gatekeepers-well] to content/principles/befriend-gatekeepers.yml,"
        " so links to the old page lead to the new one\n"
        '    ~ stage: "prospecting" -> "discovery"\n'
        '    ~ owner: "sales-enablement" -> "field-sales"\n'
        '  ~ active-listening: "Listen until they feel heard"\n'
        "    Printed on call sheet discovery-call\n"
        '    ~ title: "Listen so they feel heard" -> "Listen until they feel heard"\n'
        "    ~ item during/repeat-their-very-last-words-as (id was repeat-their-last-words-as-a):"
        ' "Repeat their last words as a question" -> "Repeat their very last words as a question"\n'
        '    + item during/ask-for-one-more-detail: "Ask for one more detail"\n'
        "    > item after/ask-what-makes-them-think-so: from During the call to After the call\n"
        '    ~ item after/write-down-three-details-they-mentioned: "Write down three details they mentioned"'
        ' -> "Write down three details they mentioned, verbatim"\n'
        "\n"
        "Call sheets\n"
        '  ~ discovery-call: "Discovery call"\n'
        "    Printed page changed because active-listening changed:\n"
        "      ~ at During the call (id was repeat-their-last-words-as-a):"
        ' "Repeat their last words as a question" -> "Repeat their very last words as a question"\n'
        '      + at During the call: "Ask for one more detail"\n'
        '      > "Ask what makes them think so": from During the call to After the call\n'
        '      ~ at After the call: "Write down three details they mentioned"'
        ' -> "Write down three details they mentioned, verbatim"\n'
        "    Printed page changed by edits to the sheet:\n"
        '      + at Before the call: "Check the CRM"\n'
        '      - at During the call: "Let them fill out the order form"\n'
        '    - principles: "side-by-side (items: let-them-fill-out-the-order)"\n'
        '    ~ notes: "6" -> "4"\n'
    )


def test_markdown_report_for_a_pull_request_comment(history):
    result = diff(history, "remove-principle", "add-item", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert without_hashes(result.stdout) == (
        "### Playbook changes: `remove-principle` → `add-item`\n"
        "\n"
        "1 principle renamed, 1 changed; 1 call sheet changed (`HASH`...`HASH`).\n"
        "\n"
        "#### Principles\n"
        "\n"
        '- **Renamed** `treat-gatekeepers-well` → `befriend-gatekeepers`: "Treat the gatekeeper as an ally"\n'
        "  - **Suggestion:** add `formerly: [treat-gatekeepers-well]` to"
        " `content/principles/befriend-gatekeepers.yml`, so links to the old page lead to the new one\n"
        '- **Changed** `active-listening`: "Listen so they feel heard"\n'
        "  - Printed on call sheet `discovery-call`\n"
        "  - **Reworded** item `during/repeat-their-very-last-words-as` (id was `repeat-their-last-words-as-a`):"
        ' "Repeat their last words as a question" → "Repeat their very last words as a question"\n'
        '  - **Added** item `during/ask-for-one-more-detail`: "Ask for one more detail"\n'
        "  - **Reworded** item `after/write-down-three-details-they-mentioned`:"
        ' "Write down three details they mentioned" → "Write down three details they mentioned, verbatim"\n'
        "\n"
        "#### Call sheets\n"
        "\n"
        '- **Changed** `discovery-call`: "Discovery call"\n'
        "  - Printed page changed because `active-listening` changed:\n"
        "    - **Reworded** at *During the call* (id was `repeat-their-last-words-as-a`):"
        ' "Repeat their last words as a question" → "Repeat their very last words as a question"\n'
        '    - **Added** at *During the call*: "Ask for one more detail"\n'
        "    - **Reworded** at *After the call*:"
        ' "Write down three details they mentioned" → "Write down three details they mentioned, verbatim"\n'
    )


def test_reordered_items_renamed_sheets_and_playbook_yml_changes_are_reported(tmp_path):
    repo = start_repo(tmp_path / "pb")
    edit(
        repo / PRINCIPLES / "active-listening.yml",
        "    - Repeat their last words as a question\n    - Ask what makes them think so\n",
        "    - Ask what makes them think so\n    - Repeat their last words as a question\n",
    )
    rename(repo, "content/call-sheets", "discovery-call", "first-call")
    edit(repo / "content/playbook.yml", "title: After the call}", "title: After hanging up}")
    edit(
        repo / "content/playbook.yml",
        "roles:",
        "  - {id: closing, title: Closing, summary: Asking for the order.}\nroles:",
    )
    commit(repo, "reordered")
    result = diff(repo, "base", "reordered")
    assert result.returncode == 0, result.stderr
    assert without_hashes(result.stdout).split("\n", 1)[1] == (
        "\n"
        "Playbook\n"
        '  + stage closing: "title: Closing; summary: Asking for the order."\n'
        '  ~ pause after, title: "After the call" -> "After hanging up"\n'
        "\n"
        "Principles\n"
        '  ~ active-listening: "Listen so they feel heard"\n'
        "    Printed on call sheet first-call\n"
        "    ~ Items reordered at During the call\n"
        "\n"
        "Call sheets\n"
        '  > discovery-call -> first-call: "Discovery call"\n'
        "    ? add formerly: [discovery-call] to content/call-sheets/first-call.yml,"
        " so links to the old page lead to the new one\n"
        "    Printed page changed because active-listening changed:\n"
        "      ~ Items reordered at During the call\n"
        "    Printed page changed because playbook.yml changed:\n"
        '      ~ pause after, title: "After the call" -> "After hanging up"\n'
    )


def test_a_rename_that_keeps_the_old_id_in_formerly_gets_no_suggestion(tmp_path):
    repo = start_repo(tmp_path / "pb")
    edit(
        rename(repo, PRINCIPLES, "side-by-side", "sit-beside-them"),
        "id: sit-beside-them",
        "id: sit-beside-them\nformerly: [side-by-side]",
    )
    edit(repo / SHEET, "{id: side-by-side,", "{id: sit-beside-them,")
    commit(repo, "renamed")
    result = diff(repo, "base", "renamed")
    assert result.returncode == 0, result.stderr
    assert '  > side-by-side -> sit-beside-them: "Sit side by side"' in result.stdout.splitlines()
    assert "add formerly" not in result.stdout
    assert '    + formerly: "side-by-side"' in result.stdout.splitlines()


def test_a_long_text_shows_the_words_that_changed_with_a_few_around_them(tmp_path):
    repo = start_repo(tmp_path / "pb")
    why = "People buy from people who understand them."
    longer = f"{why} They say so when asked, and they remember who asked, long after the call has ended."
    edit(repo / PRINCIPLES / "active-listening.yml", f"why: {why}", f"why: {longer}")
    commit(repo, "long")
    edit(repo / PRINCIPLES / "active-listening.yml", "who asked, long after", "who listened, long after")
    commit(repo, "reworded")
    text = diff(repo, "long", "reworded").stdout
    assert (
        '    ~ why: "… asked, and they remember who [-asked,-] {+listened,+} long after the call has ended."'
        in text.splitlines()
    )
    markdown = diff(repo, "long", "reworded", "--format", "markdown").stdout
    assert "remember who ~~asked,~~ **listened,** long after" in markdown
