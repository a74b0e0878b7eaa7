"""The corpus of broken content: every mistake gets exact `path:line:col` messages, never a traceback,
from both `playbook check` and `mkdocs build`, and a failed build leaves the old site untouched.

Each folder under tests/bad/ holds files laid over a copy of tests/fixtures/basic (and optionally a
delete.txt of paths to remove); its expected.txt lists every line `playbook check --strict` must print.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import BASIC, copy_playbook, mkdocs, playbook

BAD = Path(__file__).parent / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def make_case(name: str, target: Path) -> Path:
    root = copy_playbook(BASIC, target)
    shutil.copytree(BAD / name, root, symlinks=True, dirs_exist_ok=True)
    deletions = root / "delete.txt"
    if deletions.exists():
        for line in deletions.read_text().split():
            (root / line).unlink()
        deletions.unlink()
    (root / "expected.txt").unlink()
    return root


# What a failed build must leave alone: the pages, folders and files of the last good site. MkDocs
# cleans, rewrites or adds files when a build gets that far; any of that changes the digest.
LAST_SITE = ("index.html", "principles/active-listening/index.html", "search/search_index.json", "sitemap.xml")


def last_good_site(basic_site: Path, site: Path) -> None:
    for name in LAST_SITE:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(basic_site / name, site / name)


@pytest.fixture(scope="session")
def outcomes(tmp_path_factory, basic_site):
    """Run check and a failing build for every case once (both in this process: see conftest.py)."""
    base = tmp_path_factory.mktemp("bad")

    def one(name: str):
        root = make_case(name, base / name)
        site = root / "site"
        last_good_site(basic_site, site)
        before = tree_digest(site)
        check = playbook("check", "--strict", cwd=root)
        build = mkdocs("build", "--strict", cwd=root)
        return check, build, before, tree_digest(site)

    return {name: one(name) for name in CASES}


def expected_lines(name: str) -> list[str]:
    return (BAD / name / "expected.txt").read_text().splitlines()


def test_corpus_covers_every_rule():
    assert len(CASES) >= 40
    for name in CASES:
        assert expected_lines(name), f"{name}/expected.txt is empty"


@pytest.mark.parametrize("name", CASES)
def test_check_reports_exact_lines(outcomes, name):
    check = outcomes[name][0]
    assert check.returncode == 1, check.stdout + check.stderr
    assert "Traceback" not in check.stdout + check.stderr
    assert check.stdout.splitlines() == expected_lines(name)


@pytest.mark.parametrize("name", CASES)
def test_mkdocs_build_fails_with_same_messages_and_keeps_old_site(outcomes, name):
    _, build, before, after = outcomes[name]
    output = build.stdout + build.stderr
    assert build.returncode == 1, output
    assert "Traceback" not in output
    for line in expected_lines(name):
        assert line in output
    assert after == before, "the failed build changed the previous site"
