"""Builds interrupted at every phase: killed, stopped by a signal, racing a sweep; the site folder
is always whole (the old site or the new one) and leftovers are swept (tools in ``faults.py``)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faults import (
    DRIVER,
    good_build,
    kill_group,
    leftovers,
    locked,
    pausable_copy,
    snapshot,
    start,
    wait_for,
    with_old_site,
)

from conftest import BASIC, copy_playbook, run_env
from playbook import sitedir


@pytest.mark.slow
@pytest.mark.parametrize(
    "phase, survivor",
    [("sweep", "old"), ("staging", "old"), ("mkdocs", "old"), ("exchange", "old"), ("exchanged", "new")],
)
def test_a_build_killed_at_any_phase_leaves_a_whole_site_and_the_next_build_sweeps_its_leftovers(
    tmp_path, pausable_site, phase, survivor
):
    root = pausable_copy(tmp_path)
    whole = with_old_site(root, pausable_site)
    marker = tmp_path / "marker"
    if phase == "mkdocs":
        process = start(root, sys.executable, "-m", "playbook.cli", "build", PAUSE_MARKER=str(marker))
    else:
        process = start(root, sys.executable, "-c", DRIVER, phase, str(marker), "build")
    wait_for(marker, process)
    kill_group(process)

    def survivor_is_whole() -> None:
        site = snapshot(root / "site")
        assert ("OLD" in site) == (survivor == "old")
        site.pop("OLD", None)
        assert site == whole

    survivor_is_whole()
    if phase != "sweep":
        assert leftovers(root), "the kill should have left a staging folder behind"
    if phase == "mkdocs":
        good_build(root)  # the next build sweeps the half-written staging folder, and replaces the site
        survivor = "new"
    else:
        sitedir.sweep(root / "site")  # what the next build does first (spares a build per phase)
    assert leftovers(root) == []
    survivor_is_whole()


@pytest.mark.slow
def test_a_build_killed_between_the_two_renames_of_the_fallback_gets_the_old_site_back(tmp_path, pausable_site):
    """Where the exchange is unavailable there is a moment without site/: the next sweep repairs it."""
    root = pausable_copy(tmp_path)
    whole = with_old_site(root, pausable_site)
    marker = tmp_path / "marker"
    process = start(root, sys.executable, "-c", DRIVER, "between-renames", str(marker), "build")
    wait_for(marker, process)
    assert "cannot exchange two folders in one step" in kill_group(process)
    assert not (root / "site").exists()
    assert [name for name in leftovers(root) if name.startswith(".site-old-")]

    sitedir.sweep(root / "site")
    site = snapshot(root / "site")
    assert site.pop("OLD")
    assert site == whole
    assert leftovers(root) == []


@pytest.mark.parametrize("exchange", ["one step", "two renames"])
def test_swap_in_puts_the_new_site_in_place_whether_or_not_one_was_there(tmp_path, monkeypatch, capsys, exchange):
    if exchange == "two renames":
        monkeypatch.setattr(sitedir, "_exchange", lambda a, b: False)
    site = tmp_path / "site"
    for build in ("first", "second"):
        staging = sitedir.open_staging(site)
        (staging.path / "build").write_text(build)
        try:
            sitedir.swap_in(staging, site)
        finally:
            staging.discard()
        assert os.listdir(site) == ["build"]
        assert (site / "build").read_text() == build
        assert os.listdir(tmp_path) == ["site"]
    assert ("cannot exchange two folders in one step" in capsys.readouterr().err) == (exchange == "two renames")


def test_this_machine_exchanges_two_folders_in_one_step(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from-a").touch()
    (tmp_path / "b").mkdir()
    assert sitedir._exchange(tmp_path / "a", tmp_path / "b")
    assert os.listdir(tmp_path / "b") == ["from-a"]


@pytest.mark.slow
def test_leftovers_of_dead_builds_are_swept_but_a_running_build_keeps_its_staging_folder(tmp_path, pausable_site):
    root = pausable_copy(tmp_path)
    with_old_site(root, pausable_site)
    dead = [".site-building-q1w2e3r4", ".site-old-4242"]  # what earlier versions left: no lock file
    for name in dead:
        (root / name).mkdir()
        (root / name / "index.html").write_text("half a site")
    marker = tmp_path / "marker"
    running = start(root, sys.executable, "-m", "playbook.cli", "build", PAUSE_MARKER=str(marker))
    try:
        wait_for(marker, running)
        [staging] = [name for name in leftovers(root) if name not in dead and not name.endswith(".lock")]
        whole = good_build(root)  # a second build while the first one runs
        assert leftovers(root) == sorted([staging, staging + ".lock"])
        Path(str(marker) + ".go").touch()
        assert running.wait(timeout=600) == 0, running.communicate()
    finally:
        if running.poll() is None:
            kill_group(running)
    assert snapshot(root / "site") == whole
    assert leftovers(root) == []


@pytest.mark.slow
def test_the_mkdocs_child_of_a_killed_build_keeps_the_staging_folder_locked_until_it_exits(tmp_path):
    root = pausable_copy(tmp_path)
    marker = tmp_path / "marker"
    orphaned = start(root, sys.executable, "-m", "playbook.cli", "build", PAUSE_MARKER=str(marker))
    wait_for(marker, orphaned)
    [staging] = [name for name in leftovers(root) if not name.endswith(".lock")]
    os.kill(orphaned.pid, signal.SIGKILL)  # the CLI only: its MkDocs child still writes
    orphaned.wait(timeout=300)
    try:
        whole = good_build(root)
        assert staging in leftovers(root)
        Path(str(marker) + ".go").touch()  # the child finishes its build and exits
        deadline = time.monotonic() + 60
        while locked(root / f"{staging}.lock"):
            assert time.monotonic() < deadline, "the MkDocs child never finished"
            time.sleep(0.1)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(orphaned.pid, signal.SIGKILL)
        orphaned.stderr.close()
    assert good_build(root) == whole
    assert leftovers(root) == []


@pytest.mark.slow
def test_a_build_stopped_by_sigterm_stops_mkdocs_and_leaves_nothing_behind(tmp_path, pausable_site):
    root = pausable_copy(tmp_path)
    whole = with_old_site(root, pausable_site)
    marker = tmp_path / "marker"
    process = start(root, sys.executable, "-m", "playbook.cli", "build", PAUSE_MARKER=str(marker))
    try:
        wait_for(marker, process)
        process.send_signal(signal.SIGTERM)  # to the CLI only, as a process manager does
        _, stderr = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            kill_group(process)
    assert "Traceback" not in stderr
    assert process.returncode == 128 + signal.SIGTERM
    assert leftovers(root) == []
    site = snapshot(root / "site")
    assert site.pop("OLD")
    assert site == whole


@pytest.mark.slow
@pytest.mark.parametrize("umask", [0o022, 0o077], ids=["umask 022", "umask 077"])
def test_the_site_folder_has_the_mode_mkdocs_gives_it(tmp_path, umask):
    """0o777 less the umask, as MkDocs' os.makedirs gives it (and as a web server running as
    another user needs with the usual 022), never mkdtemp's 0o700."""
    root = copy_playbook(BASIC, tmp_path / "pb")
    command = [sys.executable, "-m", "playbook.cli", "build"]
    result = subprocess.run(command, cwd=root, env=run_env(), capture_output=True, preexec_fn=lambda: os.umask(umask))
    assert result.returncode == 0, result.stderr
    assert (root / "site").stat().st_mode & 0o777 == 0o777 & ~umask
