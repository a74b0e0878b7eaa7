"""`playbook diff` as a command: revisions, roots, formats, exit codes, and what a comment may carry."""

from __future__ import annotations

import shutil

import pytest
from diff_repos import PRINCIPLES, commit, diff, edit, git, start_repo, without_hashes

from conftest import BASIC, ROOT, copy_playbook, playbook


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """The fixture playbook in a repository of one commit, tagged "base"."""
    return start_repo(tmp_path_factory.mktemp("cli") / "pb")


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


def test_no_changes_is_said_plainly_and_exits_0(repo):
    result = diff(repo, "base", "base")
    assert result.returncode == 0, result.stderr
    assert without_hashes(result.stdout) == "Playbook changes from base (HASH) to base (HASH): no changes\n"
    markdown = diff(repo, "base", "base", "--format", "markdown")
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


def test_unknown_revision_exits_2_with_one_clear_line(repo):
    result = diff(repo, "no-such-branch")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "playbook diff: unknown revision 'no-such-branch'\n"
    dash = diff(repo, "--", "--help")
    assert dash.returncode == 2 and "unknown revision '--help'" in dash.stderr


def test_outside_git_exits_2(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    result = playbook("diff", "HEAD~1", cwd=root)
    assert result.returncode == 2
    assert "is not inside a git repository" in result.stderr and "Traceback" not in result.stderr


def test_exit_codes_are_documented_in_the_help():
    result = playbook("diff", "--help", cwd=ROOT)
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "0 the report was written and HEAD has no content errors" in text
    assert "1 the report was written and HEAD has content errors" in text
    assert "2 nothing was compared" in text


def test_usage_errors_exit_2(repo):
    assert diff(repo).returncode == 2
    assert diff(repo, "base", "--format", "html").returncode == 2


def test_the_text_report_shows_control_characters_as_escapes_so_a_terminal_is_not_driven(tmp_path):
    repo = start_repo(tmp_path / "pb")
    hostile = '- "Ask \\e[2Jwhy\\e]0;x\\a twice"'  # YAML escapes: ESC and BEL in the text
    edit(repo / PRINCIPLES / "active-listening.yml", "- Ask what makes them think so", hostile)
    commit(repo, "escape")
    result = diff(repo, "base", "escape")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert '"Ask \\x1b[2Jwhy\\x1b]0;x\\x07 twice"' in result.stdout
