"""Other doors into the playbook: a new repository, the data export, and ProperDocs."""

from __future__ import annotations

import json
import shutil

import jsonschema
import pytest

from conftest import ROOT, playbook, run
from playbook.schema import load_schema


def test_init_makes_a_repository_that_checks_and_builds(tmp_path):
    made = playbook("init", "acme-playbook", "--title", "Acme Sales Playbook", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    repo = tmp_path / "acme-playbook"
    for path in ("mkdocs.yml", "README.md", ".github/workflows/playbook.yml", "content/playbook.yml", ".gitignore"):
        assert (repo / path).is_file(), path
    first_line = (repo / "content/principles/listen-first.yml").read_text().split("\n", 1)[0]
    assert first_line == "# yaml-language-server: $schema=../../schemas/principle.schema.json"
    assert (repo / "schemas/principle.schema.json").is_file()
    assert playbook("check", "--strict", cwd=repo).returncode == 0
    built = playbook("build", "--strict", cwd=repo)
    assert built.returncode == 0, built.stderr
    assert "Acme Sales Playbook" in (repo / "site/index.html").read_text()
    assert (repo / "site/call-sheets/first-call/index.html").is_file()
    assert playbook("new", "principle", "follow-up", cwd=repo).returncode == 0
    assert playbook("check", "--strict", cwd=repo).returncode == 0


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken/notes.txt").write_text("mine")
    result = playbook("init", "taken", cwd=tmp_path)
    assert result.returncode == 1 and "not empty" in result.stderr
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == ["notes.txt"]


def test_export_matches_its_published_schema():
    result = playbook("export", cwd=ROOT)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    jsonschema.validate(data, load_schema("export"))
    assert len(data["principles"]) >= 16 and len(data["call_sheets"]) >= 5


@pytest.mark.skipif(shutil.which("properdocs") is None, reason="properdocs is not installed")
def test_default_playbook_builds_with_properdocs(tmp_path):
    result = run("properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(tmp_path / "site"), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/principles/active-listening/index.html").read_text()
    assert 'data-pb-item="active-listening/' in html
    assert (tmp_path / "site/call-sheets/discovery-call/index.html").is_file()
