"""The `playbook` command as editors and CI use it."""

from __future__ import annotations

import json

from conftest import BASIC, ROOT, copy_playbook, mkdocs, playbook


def test_check_passes_on_default_content_strictly():
    result = playbook("check", "--strict", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "no problems" in result.stderr


def test_check_github_format_writes_annotations_on_file_and_line(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    target = root / "content/principles/active-listening.yml"
    target.write_text(target.read_text().replace("stage: discovery", "stage: discovry"))
    result = playbook("check", "--format", "github", cwd=root)
    assert result.returncode == 1
    assert result.stdout == (
        "::error file=content/principles/active-listening.yml,line=5,col=8,title=playbook check"
        "::unknown stage 'discovry' (did you mean 'discovery'?)\n"
    )


def test_check_json_format_is_stable(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    target = root / "content/principles/active-listening.yml"
    target.write_text(target.read_text().replace("why:", "whyy:"))
    result = playbook("check", "--format", "json", cwd=root)
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["errors"] == 2 and payload["warnings"] == 0
    assert payload["problems"][1] == {
        "path": "content/principles/active-listening.yml",
        "line": 7,
        "col": 1,
        "message": "unknown key 'whyy' (did you mean 'why'?)",
        "severity": "error",
    }


def test_check_without_strict_passes_on_warnings_only(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    target = root / "content/principles/active-listening.yml"
    target.write_text(target.read_text() + "reviewed: 2020-01-01\n")
    assert playbook("check", cwd=root).returncode == 0
    assert playbook("check", "--strict", cwd=root).returncode == 1


def test_usage_errors_exit_2():
    assert playbook("check", "--format", "xml", cwd=ROOT).returncode == 2
    assert playbook("frobnicate", cwd=ROOT).returncode == 2


def test_new_principle_passes_check_and_builds_and_strict_lists_every_placeholder(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    made = playbook("new", "principle", "ask-for-referrals", "--stage", "discovery", cwd=root)
    assert made.returncode == 0, made.stderr
    path = root / "content/principles/ask-for-referrals.yml"
    assert path.read_text().startswith("# yaml-language-server: $schema=")
    # The broken-content corpus holds this very stub: its expected lines are what --strict prints.
    case = ROOT / "tests/bad/placeholder-stub-principle"
    assert path.read_text() == (case / "content/principles/ask-for-referrals.yml").read_text()
    assert playbook("check", cwd=root).returncode == 0
    strict = playbook("check", "--strict", cwd=root)
    assert strict.returncode == 1
    assert strict.stdout.splitlines() == (case / "expected.txt").read_text().splitlines()
    built = playbook("build", cwd=root)
    assert built.returncode == 0, built.stderr
    page = (root / "site/principles/ask-for-referrals/index.html").read_text()
    assert "Ask for referrals" in page
    assert "ask-for-referrals" in (root / "site/stages/discovery/index.html").read_text()
    assert "is a placeholder" in built.stderr  # a plain build says so too; a strict one refuses


def test_new_call_sheet_passes_check_and_strict_lists_its_placeholder(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    assert playbook("new", "call-sheet", "quick-call", cwd=root).returncode == 0
    case = ROOT / "tests/bad/placeholder-stub-call-sheet"
    assert (root / "content/call-sheets/quick-call.yml").read_text() == (
        case / "content/call-sheets/quick-call.yml"
    ).read_text()
    assert playbook("check", cwd=root).returncode == 0
    strict = playbook("check", "--strict", cwd=root)
    assert strict.returncode == 1
    assert strict.stdout.splitlines() == (case / "expected.txt").read_text().splitlines()


def test_new_never_overwrites_and_rejects_bad_ids(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    before = (root / "content/principles/active-listening.yml").read_bytes()
    exists = playbook("new", "principle", "active-listening", cwd=root)
    assert exists.returncode == 1 and "already exists" in exists.stderr
    assert (root / "content/principles/active-listening.yml").read_bytes() == before
    bad = playbook("new", "principle", "Not_An_Id", cwd=root)
    assert bad.returncode == 1 and "not a valid id" in bad.stderr
    unknown_stage = playbook("new", "principle", "x", "--stage", "nowhere", cwd=root)
    assert unknown_stage.returncode == 1 and "unknown stage" in unknown_stage.stderr


def test_export_json_resolves_references():
    result = playbook("export", "--format", "json", cwd=BASIC)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    sheet = data["call_sheets"][0]
    assert sheet["id"] == "discovery-call"
    assert [s["pause"] for s in sheet["sections"]] == ["before", "during", "after"]
    assert sheet["sections"][1]["items"][-1]["id"] == "side-by-side/let-them-fill-out-the-order"
    principle = next(p for p in data["principles"] if p["id"] == "treat-gatekeepers-well")
    assert principle["url"] == "principles/treat-gatekeepers-well/"
    assert principle["checklist"][0]["items"][0]["id"] == "treat-gatekeepers-well/learn-the-assistant-s-name-and"


def test_export_fails_on_broken_content(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    (root / "content/playbook.yml").write_text("title: [\n")
    result = playbook("export", cwd=root)
    assert result.returncode == 1
    assert "content/playbook.yml:" in result.stderr and "Traceback" not in result.stderr


def test_failed_playbook_build_leaves_previous_site_byte_identical(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    assert playbook("build", cwd=root).returncode == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    target = root / "content/principles/side-by-side.yml"
    target.write_text(target.read_text().replace("stage: discovery", "stage: nowhere"))
    result = playbook("build", cwd=root)
    assert result.returncode == 1
    assert "content/principles/side-by-side.yml:5:8: error: unknown stage 'nowhere'" in result.stdout
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before


def test_playbook_build_and_mkdocs_build_give_the_same_site(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    assert playbook("build", "--site-dir", str(tmp_path / "a"), cwd=root).returncode == 0
    assert mkdocs("build", "-d", str(tmp_path / "b"), cwd=root).returncode == 0
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    assert a.keys() == b.keys()
    differing = [str(k) for k in a if a[k] != b[k] and k.suffix != ".gz"]
    assert differing == []
