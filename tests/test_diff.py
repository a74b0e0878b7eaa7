"""`playbook diff` on a real git history: each kind of change a reviewer must see, named as such."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import BASIC, ROOT, copy_playbook, playbook, run_env

# Fixed identity and dates: the history, and so its commit hashes, never depend on the machine.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.com",
    "GIT_COMMITTER_NAME": "Test Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.com",
    "GIT_AUTHOR_DATE": "2026-11-18T12:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-11-18T12:00:00+00:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
PRINCIPLES = "content/principles"
SHEET = "content/call-sheets/discovery-call.yml"


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env={**run_env(), **GIT_ENV},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def commit(repo: Path, tag: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", tag)
    git(repo, "tag", tag)


def start_repo(target: Path) -> Path:
    repo = copy_playbook(BASIC, target)
    git(repo, "init", "-q")
    commit(repo, "base")
    return repo


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

    git(repo, "mv", f"{PRINCIPLES}/treat-gatekeepers-well.yml", f"{PRINCIPLES}/befriend-gatekeepers.yml")
    edit(repo / PRINCIPLES / "befriend-gatekeepers.yml", "id: treat-gatekeepers-well", "id: befriend-gatekeepers")
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


def diff(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return playbook("diff", *args, cwd=repo)


def without_hashes(text: str) -> str:
    return re.sub(r"\b[0-9a-f]{7}\b", "HASH", text)


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
                '    ~ principles: "active-listening, side-by-side" -> "active-listening"',
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
                "    > item after/ask-what-makes-them-think-so: from during to after",
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
                "    ~ Also changed: owner",
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
        "    ~ Also changed: owner\n"
        '  ~ active-listening: "Listen until they feel heard"\n'
        '    ~ title: "Listen so they feel heard" -> "Listen until they feel heard"\n'
        "    ~ item during/repeat-their-very-last-words-as (id was repeat-their-last-words-as-a):"
        ' "Repeat their last words as a question" -> "Repeat their very last words as a question"\n'
        '    + item during/ask-for-one-more-detail: "Ask for one more detail"\n'
        "    > item after/ask-what-makes-them-think-so: from during to after\n"
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
        '    ~ principles: "active-listening, side-by-side" -> "active-listening"\n'
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


def test_markdown_escapes_content_so_a_comment_cannot_carry_markup_or_mentions(tmp_path):
    repo = start_repo(tmp_path / "pb")
    edit(
        repo / PRINCIPLES / "active-listening.yml",
        "- Ask what makes them think so",
        '- "Ask <b>why</b>, cc @octocat, *twice* [here](https://example.com)"',
    )
    commit(repo, "hostile")
    result = diff(repo, "base", "hostile", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert r'"Ask \<b\>why\</b\>, cc \@octocat, \*twice\* \[here\](https://example.com)"' in result.stdout
    assert "<b>" not in result.stdout and " @octocat" not in result.stdout


def test_no_changes_is_said_plainly_and_exits_0(history):
    result = diff(history, "edit-sheet", "edit-sheet")
    assert result.returncode == 0, result.stderr
    assert without_hashes(result.stdout) == "Playbook changes from edit-sheet (HASH) to edit-sheet (HASH): no changes\n"
    markdown = diff(history, "edit-sheet", "edit-sheet", "--format", "markdown")
    assert "No changes (" in markdown.stdout


def test_head_defaults_to_the_last_commit_and_the_working_tree_plays_no_part(tmp_path):
    repo = start_repo(tmp_path / "pb")
    edit(repo / PRINCIPLES / "side-by-side.yml", "title: Sit side by side", "title: Sit beside them")
    commit(repo, "retitled")
    edit(repo / PRINCIPLES / "side-by-side.yml", "stage: discovery", "stage: nowhere")  # not committed
    result = diff(repo, "base")
    assert result.returncode == 0, result.stderr
    lines = without_hashes(result.stdout).splitlines()
    assert lines[0] == "Playbook changes from base (HASH) to HEAD (HASH): 1 principle changed"
    assert lines[3:] == ['  ~ side-by-side: "Sit beside them"', '    ~ title: "Sit side by side" -> "Sit beside them"']


def test_reordered_items_renamed_sheets_and_playbook_yml_changes_are_reported(tmp_path):
    repo = start_repo(tmp_path / "pb")
    edit(
        repo / PRINCIPLES / "active-listening.yml",
        "    - Repeat their last words as a question\n    - Ask what makes them think so\n",
        "    - Ask what makes them think so\n    - Repeat their last words as a question\n",
    )
    git(repo, "mv", SHEET, "content/call-sheets/first-call.yml")
    edit(repo / "content/call-sheets/first-call.yml", "id: discovery-call", "id: first-call")
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
        '  + stage closing: "Closing"\n'
        '  ~ pause after: "After the call" -> "After hanging up"\n'
        "\n"
        "Principles\n"
        '  ~ active-listening: "Listen so they feel heard"\n'
        "    ~ Items reordered at during\n"
        "\n"
        "Call sheets\n"
        '  > discovery-call -> first-call: "Discovery call"\n'
        "    ? add formerly: [discovery-call] to content/call-sheets/first-call.yml,"
        " so links to the old page lead to the new one\n"
        "    Printed page changed because active-listening changed:\n"
        "      ~ Items reordered at During the call\n"
    )


def test_a_playbook_in_a_subfolder_of_the_repository_is_found_with_root(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    copy_playbook(BASIC, repo / "sales" / "playbook")
    git(repo, "init", "-q")
    commit(repo, "base")
    shutil.rmtree(repo / "sales/playbook/content/call-sheets")
    commit(repo, "no-sheets")
    result = playbook("diff", "base", "no-sheets", "--root", "sales/playbook", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert '  - discovery-call: "Discovery call"' in result.stdout.splitlines()


def test_unknown_revision_exits_2_with_one_clear_line(history):
    result = diff(history, "no-such-branch")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "playbook diff: unknown revision 'no-such-branch'\n"
    dash = diff(history, "--", "--help")
    assert dash.returncode == 2 and "unknown revision '--help'" in dash.stderr


def test_outside_git_exits_2(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    result = playbook("diff", "HEAD~1", cwd=root)
    assert result.returncode == 2
    assert "is not inside a git repository" in result.stderr and "Traceback" not in result.stderr


def test_content_errors_in_the_head_are_listed_first_with_file_and_line_and_exit_1(tmp_path):
    repo = start_repo(tmp_path / "pb")
    edit(repo / PRINCIPLES / "active-listening.yml", "stage: discovery", "stage: discovry")
    commit(repo, "broken")
    result = diff(repo, "base", "broken")
    assert result.returncode == 1
    assert result.stderr == ""
    assert without_hashes(result.stdout).splitlines()[:4] == [
        "Playbook changes from base (HASH) to broken (HASH): no changes; broken has 1 content error",
        "",
        "Errors in broken",
        "  content/principles/active-listening.yml:5:8: error: unknown stage 'discovry' (did you mean 'discovery'?)",
    ]
    assert "  content/principles/active-listening.yml: has errors in broken" in result.stdout.splitlines()
    assert "Traceback" not in result.stdout


def test_exit_codes_are_documented_in_the_help():
    result = playbook("diff", "--help", cwd=ROOT)
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "0 the report was written and HEAD has no content errors" in text
    assert "1 the report was written and HEAD has content errors" in text
    assert "2 nothing was compared" in text


def test_usage_errors_exit_2(history):
    assert diff(history).returncode == 2
    assert diff(history, "base", "--format", "html").returncode == 2


def test_a_rename_that_leaves_a_dangling_reference_shows_the_rename_after_the_error_it_caused(tmp_path):
    repo = start_repo(tmp_path / "pb")
    git(repo, "mv", f"{PRINCIPLES}/treat-gatekeepers-well.yml", f"{PRINCIPLES}/befriend-gatekeepers.yml")
    edit(repo / PRINCIPLES / "befriend-gatekeepers.yml", "id: treat-gatekeepers-well", "id: befriend-gatekeepers")
    commit(repo, "dangling")  # side-by-side.yml still lists treat-gatekeepers-well as related
    result = diff(repo, "base", "dangling")
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert without_hashes(result.stdout) == (
        "Playbook changes from base (HASH) to dangling (HASH): 1 principle renamed; dangling has 1 content error\n"
        "\n"
        "Errors in dangling\n"
        "  content/principles/side-by-side.yml:12:29: error: unknown principle 'treat-gatekeepers-well'"
        " (did you mean 'befriend-gatekeepers'?)\n"
        "\n"
        "Principles\n"
        '  > treat-gatekeepers-well -> befriend-gatekeepers: "Treat the gatekeeper as an ally"\n'
        "    ? add formerly: [treat-gatekeepers-well] to content/principles/befriend-gatekeepers.yml,"
        " so links to the old page lead to the new one\n"
        "\n"
        "Not compared\n"
        "  content/call-sheets/discovery-call.yml: uses a file that could not be read in dangling\n"
        "  content/principles/side-by-side.yml: has errors in dangling\n"
    )


def test_a_file_that_does_not_parse_is_listed_as_such_and_the_other_changes_are_still_shown(tmp_path):
    # The sheet that uses the broken principle is still compared: the base's version stands in for it.
    repo = start_repo(tmp_path / "pb")
    edit(repo / PRINCIPLES / "side-by-side.yml", "title: Sit side by side", "title: [Sit side by side")
    edit(repo / PRINCIPLES / "active-listening.yml", "title: Listen so they feel heard", "title: Listen well")
    commit(repo, "unparsable")
    result = diff(repo, "base", "unparsable", "--format", "markdown")
    assert result.returncode == 1, result.stderr
    assert without_hashes(result.stdout) == (
        "### Playbook changes: `base` → `unparsable`\n"
        "\n"
        "1 principle changed; `unparsable` has 1 content error (`HASH`...`HASH`).\n"
        "\n"
        "#### Errors in `unparsable`\n"
        "\n"
        "```text\n"
        "content/principles/side-by-side.yml:4:8: error: YAML syntax error: did not find expected ',' or ']'"
        " (while parsing a flow sequence)\n"
        "```\n"
        "\n"
        "#### Principles\n"
        "\n"
        '- **Changed** `active-listening`: "Listen well"\n'
        '  - **Changed** title: "Listen so they feel heard" → "Listen well"\n'
        "\n"
        "#### Not compared\n"
        "\n"
        "- `content/principles/side-by-side.yml`: does not parse in `unparsable`\n"
    )
    assert "side-by-side" not in result.stdout.split("#### Principles")[1].split("#### Not compared")[0]


def test_a_sheet_using_a_broken_principle_still_shows_its_own_edits(tmp_path):
    repo = start_repo(tmp_path / "pb")
    edit(repo / PRINCIPLES / "side-by-side.yml", "title: Sit side by side", "title: [Sit side by side")
    edit(repo / SHEET, "notes: 6", "notes: 4")
    commit(repo, "sheet-edit")
    result = diff(repo, "base", "sheet-edit")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert '  ~ discovery-call: "Discovery call"' in lines and '    ~ notes: "6" -> "4"' in lines
    assert lines[-2:] == ["Not compared", "  content/principles/side-by-side.yml: does not parse in sheet-edit"]


def test_a_playbook_yml_with_errors_is_replaced_by_the_other_revisions_so_principles_are_still_compared(tmp_path):
    repo = start_repo(tmp_path / "pb")
    edit(repo / "content/playbook.yml", "title: ", "titel: ")
    edit(repo / PRINCIPLES / "active-listening.yml", "title: Listen so they feel heard", "title: Listen well")
    commit(repo, "no-title")
    result = diff(repo, "base", "no-title")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert '  ~ active-listening: "Listen well"' in lines
    assert "  content/playbook.yml: has errors in no-title" in lines
    assert result.stdout.index("Errors in no-title") < result.stdout.index("Principles")


def test_errors_only_in_the_base_are_listed_after_the_head_and_exit_0(tmp_path):
    repo = start_repo(tmp_path / "pb")
    edit(repo / PRINCIPLES / "active-listening.yml", "stage: discovery", "stage: discovry")
    commit(repo, "broken")
    edit(repo / PRINCIPLES / "active-listening.yml", "stage: discovry", "stage: discovery")
    commit(repo, "fixed")
    result = diff(repo, "broken", "fixed")
    assert result.returncode == 0, result.stderr
    assert without_hashes(result.stdout).splitlines()[:4] == [
        "Playbook changes from broken (HASH) to fixed (HASH): no changes",
        "",
        "Errors in broken (before this change)",
        "  content/principles/active-listening.yml:5:8: error: unknown stage 'discovry' (did you mean 'discovery'?)",
    ]


def test_a_rename_that_keeps_the_old_id_in_formerly_gets_no_suggestion(tmp_path):
    repo = start_repo(tmp_path / "pb")
    git(repo, "mv", f"{PRINCIPLES}/side-by-side.yml", f"{PRINCIPLES}/sit-beside-them.yml")
    edit(repo / PRINCIPLES / "sit-beside-them.yml", "id: side-by-side", "id: sit-beside-them\nformerly: [side-by-side]")
    edit(repo / SHEET, "{id: side-by-side,", "{id: sit-beside-them,")
    commit(repo, "renamed")
    result = diff(repo, "base", "renamed")
    assert result.returncode == 0, result.stderr
    assert '  > side-by-side -> sit-beside-them: "Sit side by side"' in result.stdout.splitlines()
    assert "add formerly" not in result.stdout
    assert "    ~ Also changed: formerly" in result.stdout.splitlines()


@pytest.fixture(scope="module")
def broken_history(tmp_path_factory) -> Path:
    """The fixture playbook, then one commit (tagged bad-<name>) per case of the broken-content corpus."""
    from test_bad_content import CASES, make_case

    work = tmp_path_factory.mktemp("broken")
    repo = start_repo(work / "pb")
    for name in CASES:
        case = make_case(name, work / "cases" / name)
        for entry in repo.iterdir():
            if entry.name != ".git":
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        shutil.copytree(case, repo, symlinks=True, dirs_exist_ok=True)
        git(repo, "rm", "-rq", "--cached", ".")  # copies keep file times: make git read every file
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--allow-empty", "-m", name)
        git(repo, "tag", f"bad-{name}")
    return repo


def test_every_case_of_broken_content_is_diffed_with_its_errors_first_and_no_traceback(broken_history):
    from test_bad_content import CASES, expected_lines

    with ThreadPoolExecutor(max_workers=2) as pool:  # CI has two cores
        results = dict(
            zip(CASES, pool.map(lambda name: diff(broken_history, "base", f"bad-{name}"), CASES), strict=True)
        )
    for name, result in results.items():
        assert "Traceback" not in result.stdout + result.stderr, name
        errors = [line for line in expected_lines(name) if ": error: " in line]
        assert result.returncode == (1 if errors else 0), (name, result.stderr)
        lines = result.stdout.splitlines()
        assert lines[0].startswith("Playbook changes from base ("), (name, result.stdout)
        if errors:
            assert lines[2] == f"Errors in bad-{name}", (name, result.stdout)
            assert lines[3 : 3 + len(errors)] == [f"  {line}" for line in errors], name
