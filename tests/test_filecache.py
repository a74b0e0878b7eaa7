"""The parse cache of `playbook check` never changes what check says: a run from the cache reports
exactly what a run without it reports, for every case of the broken-content corpus, and an edit
that keeps a file's size and times is still seen."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from test_bad_content import CASES, make_case

from conftest import BASIC, copy_playbook, run_env
from playbook.filecache import ParseStore
from playbook.load import ReadCache, load_playbook
from playbook.settings import read_settings


def _check(root, store_file=None):
    store = ParseStore(store_file) if store_file else None
    result = load_playbook(root, read_settings(root), ReadCache(store), resolve=False)
    if store is not None:
        store.save()
    return [str(p) for p in result.problems]


@pytest.mark.parametrize("name", CASES)
def test_a_run_from_the_cache_reports_what_a_run_without_it_reports(tmp_path, name):
    root = make_case(name, tmp_path / name)
    store = tmp_path / "cache.marshal"
    fresh = _check(root)
    assert _check(root, store) == fresh  # fills the cache
    assert store.exists()
    assert _check(root, store) == fresh  # every file from the cache


def test_an_edit_that_keeps_size_and_times_is_seen(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    store = tmp_path / "cache.marshal"
    assert _check(root, store) == []
    path = root / "content/principles/active-listening.yml"
    info = os.stat(path)
    path.write_text(path.read_text().replace("stage: discovery", "stage: discoverx"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert os.stat(path).st_size == info.st_size
    assert _check(root, store) == [
        "content/principles/active-listening.yml:5:8: error: unknown stage 'discoverx' (did you mean 'discovery'?)"
    ]


def test_a_damaged_cache_is_ignored_and_replaced(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    store = tmp_path / "cache.marshal"
    store.write_bytes(b"\x00not marshal at all")
    assert _check(root, store) == []
    assert _check(root, store) == []


def playbook(*args, cwd, env):
    command = [sys.executable, "-m", "playbook.cli", *args]
    return subprocess.run(command, cwd=cwd, env=run_env(**env), capture_output=True, text=True, timeout=300)


def test_check_writes_its_cache_where_it_is_told_and_not_with_the_cache_turned_off(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    folder = tmp_path / "cache"
    env = {"PLAYBOOK_CACHE_DIR": str(folder)}
    first = playbook("check", cwd=root, env=env)
    assert first.returncode == 0, first.stderr
    assert len(list(folder.glob("check-*.marshal"))) == 1
    assert playbook("check", cwd=root, env=env).stdout == first.stdout
    other = tmp_path / "off"
    playbook("check", cwd=root, env={"PLAYBOOK_CACHE_DIR": str(other), "PLAYBOOK_CACHE": "off"})
    playbook("check", "--no-cache", cwd=root, env={"PLAYBOOK_CACHE_DIR": str(other)})
    assert not other.exists()
