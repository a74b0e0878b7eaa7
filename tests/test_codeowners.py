"""Review routing: `playbook codeowners` writes CODEOWNERS from the owners map, keeps the team's own
lines, and both `playbook check` (a warning with the file) and `--check` (exit 1) catch drift."""

from __future__ import annotations

from pathlib import Path

from conftest import BASIC, copy_playbook, playbook

OWNERS = 'owners:\n  sales-enablement: "@example/sales-enablement"\n  field-sales: "@example/field-sales"\n'
GATEKEEPERS = "content/principles/treat-gatekeepers-well.yml"
HEADER = "# playbook codeowners: begin (written by `playbook codeowners` from playbook.yml; do not edit)"


def owned_playbook(tmp_path: Path) -> Path:
    root = copy_playbook(BASIC, tmp_path / "pb")
    book = root / "content/playbook.yml"
    book.write_text(book.read_text("utf-8") + OWNERS, "utf-8")
    listening = root / "content/principles/active-listening.yml"
    listening.write_text(listening.read_text("utf-8") + "owner: field-sales\n", "utf-8")
    return root


def test_codeowners_lists_each_owned_principle_file_with_its_owners_handle(tmp_path):
    root = owned_playbook(tmp_path)
    result = playbook("codeowners", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "wrote .github/CODEOWNERS\n"
    assert (root / ".github/CODEOWNERS").read_text() == (
        f"{HEADER}\n"
        "/content/principles/active-listening.yml @example/field-sales\n"
        "/content/principles/treat-gatekeepers-well.yml @example/sales-enablement\n"
        "# playbook codeowners: end\n"
    )
    assert playbook("codeowners", "--check", cwd=root).returncode == 0
    check = playbook("check", "--strict", cwd=root)
    assert check.returncode == 0 and check.stdout == "", check.stdout


def test_the_teams_own_lines_are_kept_and_an_existing_root_codeowners_is_the_one_written(tmp_path):
    root = owned_playbook(tmp_path)
    (root / "CODEOWNERS").write_text("# tooling\n/playbook/ @example/devs\n", "utf-8")
    assert playbook("codeowners", cwd=root).returncode == 0
    assert not (root / ".github/CODEOWNERS").exists()
    lines = (root / "CODEOWNERS").read_text().splitlines()
    assert lines[:3] == ["# tooling", "/playbook/ @example/devs", ""]
    assert lines[3] == HEADER and lines[-1] == "# playbook codeowners: end"
    before = (root / "CODEOWNERS").read_text()
    assert playbook("codeowners", cwd=root).returncode == 0
    assert (root / "CODEOWNERS").read_text() == before  # rewriting changes nothing


def test_drift_is_a_warning_in_check_and_exit_1_in_codeowners_check(tmp_path):
    root = owned_playbook(tmp_path)
    assert playbook("codeowners", cwd=root).returncode == 0
    gatekeepers = root / GATEKEEPERS
    gatekeepers.write_text(gatekeepers.read_text().replace("owner: sales-enablement", "owner: field-sales"), "utf-8")
    check = playbook("check", cwd=root)
    assert check.returncode == 0, check.stdout  # a warning: the content itself is fine
    assert check.stdout == (
        ".github/CODEOWNERS:1:1: warning: out of date with the owners in playbook.yml and the principles'"
        " `owner`: run `playbook codeowners`\n"
    )
    assert playbook("check", "--strict", cwd=root).returncode == 1
    stale = playbook("codeowners", "--check", cwd=root)
    assert stale.returncode == 1
    assert stale.stderr == "playbook codeowners: .github/CODEOWNERS is out of date: run `playbook codeowners`\n"
    assert playbook("codeowners", cwd=root).returncode == 0
    assert playbook("codeowners", "--check", cwd=root).returncode == 0
    assert "@example/field-sales" in (root / ".github/CODEOWNERS").read_text().splitlines()[2]


def test_no_codeowners_file_means_no_warning_and_check_mode_asks_for_one(tmp_path):
    root = owned_playbook(tmp_path)
    assert playbook("check", "--strict", cwd=root).stdout == ""
    missing = playbook("codeowners", "--check", cwd=root)
    assert missing.returncode == 1 and "out of date" in missing.stderr
    assert not (root / ".github").exists()


def test_without_an_owners_map_there_is_nothing_to_write(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    result = playbook("codeowners", cwd=root)
    assert result.returncode == 1
    assert result.stderr == "playbook codeowners: content/playbook.yml has no `owners` map: nothing to write\n"


def test_content_errors_are_printed_and_nothing_is_written(tmp_path):
    root = owned_playbook(tmp_path)
    gatekeepers = root / GATEKEEPERS
    text = gatekeepers.read_text().replace("owner: sales-enablement", "owner: sales-enablment")
    gatekeepers.write_text(text, "utf-8")
    result = playbook("codeowners", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{GATEKEEPERS}:30:8: error: unknown owner 'sales-enablment' (did you mean 'sales-enablement'?):"
        " owners are listed in content/playbook.yml",
        "playbook codeowners: content errors; nothing was written",
    ]
    assert not (root / ".github").exists()
