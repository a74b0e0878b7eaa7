"""`playbook diff` on a head with content errors: the errors first, then every file that has none of
its own compared as usual, a rename paired even when references to the old id dangle, and each of
those references listed with what to write instead."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from diff_repos import PRINCIPLES, SHEET, commit, diff, edit, git, rename, section, start_repo, without_hashes

from conftest import ROOT


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


def test_a_rename_that_leaves_a_dangling_reference_is_paired_and_the_reference_to_fix_is_named(tmp_path):
    # side-by-side.yml still lists treat-gatekeepers-well as related: an error in side-by-side.yml, yet
    # its own edit, and the sheet that prints it, are compared as usual.
    repo = start_repo(tmp_path / "pb")
    rename(repo, PRINCIPLES, "treat-gatekeepers-well", "befriend-gatekeepers")
    edit(repo / PRINCIPLES / "side-by-side.yml", "title: Sit side by side", "title: Sit beside them")
    edit(repo / SHEET, "notes: 6", "notes: 4")
    commit(repo, "dangling")
    result = diff(repo, "base", "dangling")
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    assert without_hashes(result.stdout) == (
        "Playbook changes from base (HASH) to dangling (HASH): 1 principle renamed, 1 changed; 1 call sheet changed;"
        " dangling has 1 content error\n"
        "\n"
        "Errors in dangling\n"
        "  content/principles/side-by-side.yml:12:29: error: unknown principle 'treat-gatekeepers-well'"
        " (did you mean 'befriend-gatekeepers'?)\n"
        "\n"
        "References to fix\n"
        "  content/principles/side-by-side.yml:12:29: related: treat-gatekeepers-well -> befriend-gatekeepers\n"
        "\n"
        "Principles\n"
        '  > treat-gatekeepers-well -> befriend-gatekeepers: "Treat the gatekeeper as an ally"\n'
        "    ? add formerly: [treat-gatekeepers-well] to content/principles/befriend-gatekeepers.yml,"
        " so links to the old page lead to the new one\n"
        "    ? 1 reference to fix: see References to fix\n"
        '  ~ side-by-side: "Sit beside them"\n'
        '    ~ title: "Sit side by side" -> "Sit beside them"\n'
        "\n"
        "Call sheets\n"
        '  ~ discovery-call: "Discovery call"\n'
        '    ~ notes: "6" -> "4"\n'
    )
    markdown = diff(repo, "base", "dangling", "--format", "markdown")
    assert (
        "- `content/principles/side-by-side.yml:12:29`: related: `treat-gatekeepers-well` → `befriend-gatekeepers`"
        in markdown.stdout.splitlines()
    )


def test_a_rename_with_a_new_title_is_paired_by_its_words_and_the_sheet_shows_what_it_will_print(tmp_path):
    repo = start_repo(tmp_path / "pb")
    renamed = rename(repo, PRINCIPLES, "active-listening", "listen-well")
    edit(renamed, "title: Listen so they feel heard", "title: Listen well")
    edit(renamed, "- Ask what makes them think so", "- Ask what makes them say so")
    commit(repo, "renamed")
    result = diff(repo, "base", "renamed")
    assert result.returncode == 1, result.stderr
    report = without_hashes(result.stdout)
    assert section(report, "References to fix") == [
        "  content/call-sheets/discovery-call.yml:8:5: principles: active-listening -> listen-well",
        "  content/principles/side-by-side.yml:12:11: related: active-listening -> listen-well",
        "  content/principles/treat-gatekeepers-well.yml:27:11: related: active-listening -> listen-well",
    ]
    assert section(report, "Principles") == [
        '  > active-listening -> listen-well: "Listen well"',
        "    ? add formerly: [active-listening] to content/principles/listen-well.yml,"
        " so links to the old page lead to the new one",
        "    ? 3 references to fix: see References to fix",
        "    Printed on call sheet discovery-call",
        '    ~ title: "Listen so they feel heard" -> "Listen well"',
        "    ~ item during/ask-what-makes-them-say-so (id was ask-what-makes-them-think-so):"
        ' "Ask what makes them think so" -> "Ask what makes them say so"',
    ]
    assert section(report, "Call sheets") == [
        '  ~ discovery-call: "Discovery call"',
        "    Printed page changed because listen-well changed:",
        "      ~ at During the call (id was ask-what-makes-them-think-so):"
        ' "Ask what makes them think so" -> "Ask what makes them say so"',
    ]
    assert "Not compared" not in report


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
        "content/principles/side-by-side.yml:4:8: error: YAML syntax error: expected ',' or ']', but got ':'"
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

    for name in CASES:
        result = diff(broken_history, "base", f"bad-{name}")
        assert "Traceback" not in result.stdout + result.stderr, name
        errors = [line for line in expected_lines(name) if ": error: " in line]
        assert result.returncode == (1 if errors else 0), (name, result.stderr)
        lines = result.stdout.splitlines()
        assert lines[0].startswith("Playbook changes from base ("), (name, result.stdout)
        if errors:
            assert lines[2] == f"Errors in bad-{name}", (name, result.stdout)
            assert lines[3 : 3 + len(errors)] == [f"  {line}" for line in errors], name
        # A file is left out only for an error of its own: never one without an error at its path.
        with_errors = {line.split(":", 1)[0] for line in errors}
        if "Not compared" in lines:
            for line in section(result.stdout, "Not compared"):
                assert line.split(":", 1)[0].strip() in with_errors, (name, line)


def test_renaming_a_principle_of_this_playbook_that_nine_files_name_compares_every_file(tmp_path):
    """The default playbook: rename the principle the most files name, leave every reference, and edit
    one file that names it. Every file is compared; each reference `check` reports is listed to fix."""
    repo = tmp_path / "pb"
    repo.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(ROOT / "content", repo / "content")
    git(repo, "init", "-q")
    commit(repo, "base")
    naming = [p for p in (repo / PRINCIPLES).glob("*.yml") if "active-listening" in p.read_text("utf-8")]
    assert len(naming) > 5  # the test needs a widely named principle
    rename(repo, PRINCIPLES, "active-listening", "listen-actively")
    edit(repo / PRINCIPLES / "ask-dont-counter.yml", "title: ", "title: Always ")
    commit(repo, "renamed")
    result = diff(repo, "base", "renamed")
    assert result.returncode == 1, result.stderr
    report = without_hashes(result.stdout)
    assert "Not compared" not in report
    errors = [line[2:] for line in section(report, "Errors in renamed")]
    fixes = section(report, "References to fix")
    assert len(fixes) == len(errors) > 5
    for error, fix in zip(errors, fixes, strict=True):
        where = error.split(": error: ")[0]
        said = ("active-listening -> listen-actively", "[[active-listening]] -> [[listen-actively]]")
        assert fix.startswith(f"  {where}: ") and fix.endswith(said), (error, fix)
    principles = section(report, "Principles")
    assert principles[0].startswith("  > active-listening -> listen-actively: ")
    assert "  ~ ask-dont-counter: " in " ".join(principles)
