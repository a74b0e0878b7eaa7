"""`playbook check --format summary`: every problem for the job summary, grouped by file and linked to
its line, escaped so content text cannot become markup, and cut short before GitHub's 1 MiB limit."""

from __future__ import annotations

import re

import pytest

from conftest import BASIC, copy_playbook, playbook
from playbook import problems
from playbook.problems import Problem, format_summary

GITHUB = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "example/pb", "GITHUB_SHA": "abc123"}


@pytest.fixture
def on_github(monkeypatch):
    for name, value in GITHUB.items():
        monkeypatch.setenv(name, value)


def test_problems_are_grouped_by_file_in_their_order_with_errors_and_warnings_counted(on_github):
    found = [
        Problem("content/a.yml", 3, 5, "first"),
        Problem("content/a.yml", 9, 1, "second", "warning"),
        Problem("content/b file.yml", 1, 1, "third"),
    ]
    assert format_summary(found) == (
        "### Playbook check: 2 errors, 1 warning\n"
        "\n"
        "#### [`content/a.yml`](https://github.com/example/pb/blob/abc123/content/a.yml)\n"
        "\n"
        "- **error** [line 3, column 5](https://github.com/example/pb/blob/abc123/content/a.yml#L3): first\n"
        "- **warning** [line 9, column 1](https://github.com/example/pb/blob/abc123/content/a.yml#L9): second\n"
        "\n"
        "#### [`content/b file.yml`](https://github.com/example/pb/blob/abc123/content/b%20file.yml)\n"
        "\n"
        "- **error** [line 1, column 1](https://github.com/example/pb/blob/abc123/content/b%20file.yml#L1): third\n"
    )


def test_outside_github_the_summary_has_no_links(monkeypatch):
    for name in GITHUB:
        monkeypatch.delenv(name, raising=False)
    assert format_summary([Problem("a.yml", 2, 3, "bad")]) == (
        "### Playbook check: 1 error\n\n#### `a.yml`\n\n- **error** line 2, column 3: bad\n"
    )
    assert format_summary([]) == "### Playbook check: no problems\n"


def test_content_text_in_a_message_cannot_become_markup_or_a_mention(on_github):
    text = format_summary([Problem("a.yml", 1, 1, "unknown stage '<img src=x> @octocat [x](javascript:y)'")])
    assert r"\<img src=x\> \@octocat \[x\](javascript:y)" in text
    assert not re.search(r"(?<!\\)[<@\[]", text.split("): ", 1)[1])  # nothing unescaped after the link


def test_a_summary_too_large_for_github_is_cut_with_a_count_of_the_rest(on_github, monkeypatch):
    monkeypatch.setattr(problems, "SUMMARY_LIMIT", 2_000)
    found = [Problem(f"content/principles/p{n:04}.yml", 1, 1, "unknown stage 'x'") for n in range(100)]
    text = format_summary(found)
    assert len(text) <= 2_100
    shown = text.count("- **error**")
    assert 0 < shown < 100
    assert text.endswith(f"... and {100 - shown} more: run `playbook check` to see them all.\n")


def test_the_cli_prints_the_summary_and_exits_as_the_check_does(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    clean = playbook("check", "--format", "summary", cwd=root)
    assert clean.returncode == 0 and clean.stdout == "### Playbook check: no problems\n"
    sheet = root / "content/call-sheets/discovery-call.yml"
    sheet.write_text(sheet.read_text().replace("stage: discovery", "stage: discovry"))
    broken = playbook("check", "--format", "summary", cwd=root)
    assert broken.returncode == 1
    assert "#### `content/call-sheets/discovery-call.yml`" in broken.stdout
    assert "unknown stage 'discovry' (did you mean 'discovery'?)" in broken.stdout
