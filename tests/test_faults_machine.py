"""Faults of the machine, each one clear line naming its cause, the old site kept: a full disk,
read-only and immutable output, a permission, a busy port, a full temporary folder, signals to the
preview (tools in ``faults.py``)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from faults import (
    UNTOUCHED,
    free_port,
    kill_group,
    leftovers,
    old_site,
    one_line_refusal,
    pages_of,
    start,
    tmpfs,
    without_root_powers,
)

from conftest import BASIC, copy_playbook, playbook, run_env


@pytest.mark.slow
@pytest.mark.parametrize("full_while", ["copying static files", "writing pages"])
def test_a_full_disk_is_one_line_naming_the_site_and_the_old_site_stays(tmp_path, pausable_site, full_while):
    """1 MiB fills up while MkDocs copies Material's assets; 98.5% of the site's size while it
    writes pages, where MkDocs also logs "Error building page" (which must not show)."""
    root = copy_playbook(BASIC, tmp_path / "pb")
    size = "1m" if full_while == "copying static files" else f"{int(pages_of(pausable_site) * 4 * 0.985)}k"
    with tmpfs(tmp_path / "disk", size) as disk:
        site = old_site(disk)
        result = playbook("build", "--site-dir", str(site), cwd=root)
        one_line_refusal(result, f"playbook build: no space left on device: {site}; {UNTOUCHED}")
        assert os.listdir(disk) == ["site"]  # the partial staging folder is gone
        assert os.listdir(site) == ["OLD"]


@pytest.mark.slow
def test_a_read_only_output_folder_is_one_line_and_the_old_site_stays(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    with tmpfs(tmp_path / "ro", "4m") as folder:
        site = old_site(folder)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        result = playbook("build", "--site-dir", str(site), cwd=root)
        one_line_refusal(result, f"playbook build: read-only file system: {site}; {UNTOUCHED}")
        assert os.listdir(site) == ["OLD"]


@pytest.mark.slow
@pytest.mark.parametrize("immutable", ["site", "its folder"])
def test_an_immutable_folder_is_one_line_and_the_old_site_stays(tmp_path, immutable):
    root = copy_playbook(BASIC, tmp_path / "pb")
    site = old_site(tmp_path / "out")
    target = site if immutable == "site" else site.parent
    if subprocess.run(["chattr", "+i", str(target)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not possible here (needs root and a file system with the flag)")
    try:
        result = playbook("build", "--site-dir", str(site), cwd=root)
    finally:
        subprocess.run(["chattr", "-i", str(target)], check=True)
    reason = "operation not permitted (an immutable folder? `lsattr -d` shows an i)"
    one_line_refusal(result, f"playbook build: {reason}: {site}; {UNTOUCHED}")
    assert os.listdir(site) == ["OLD"]
    assert leftovers(site.parent) == []


@pytest.mark.slow
def test_permission_denied_is_one_line_naming_the_site(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    site = old_site(tmp_path / "out")
    site.parent.chmod(0o555)
    command = [sys.executable, "-m", "playbook.cli", "build", "--site-dir", str(site)]
    as_root = os.geteuid() == 0  # root writes anywhere unless it gives up CAP_DAC_OVERRIDE
    try:
        result = subprocess.run(
            command, cwd=root, env=run_env(), capture_output=True, text=True,
            preexec_fn=without_root_powers if as_root else None,
        )  # fmt: skip
    except subprocess.SubprocessError as exc:
        pytest.skip(f"cannot drop root's capabilities here: {exc}")
    finally:
        site.parent.chmod(0o755)
    one_line_refusal(result, f"playbook build: permission denied: {site}; {UNTOUCHED}")
    assert os.listdir(site) == ["OLD"]


def test_serve_on_a_busy_port_is_one_line_naming_the_address(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        result = playbook("serve", "-a", address, cwd=root, timeout=300)
    one_line_refusal(result, f"playbook serve: address already in use: {address}")


@pytest.mark.slow
def test_serve_with_a_full_temporary_folder_is_one_line_and_cleans_up(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    with tmpfs(tmp_path / "tmp", "1m") as temp:
        command = [sys.executable, "-m", "playbook.cli", "serve", "-a", f"127.0.0.1:{free_port()}"]
        result = subprocess.run(command, cwd=root, env=run_env(TMPDIR=str(temp)), capture_output=True, text=True)
        [line] = [out for out in result.stderr.splitlines() if not out.startswith("INFO")]
        assert line.startswith(f"playbook serve: no space left on device: {temp}/playbook-serve-"), result.stderr
        assert "Traceback" not in result.stderr
        assert result.returncode == 1
        assert os.listdir(temp) == []


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_serve_stopped_by_a_signal_removes_its_temporary_folder(tmp_path, signum):
    root = copy_playbook(BASIC, tmp_path / "pb")
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    server = start(root, sys.executable, "-m", "playbook.cli", "serve", "-a", f"127.0.0.1:{port}", TMPDIR=str(temp))
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.communicate()
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read()
                break
            except OSError:
                assert time.monotonic() < deadline, "the preview never answered"
                time.sleep(0.1)
        assert [name for name in os.listdir(temp) if name.startswith("playbook-serve-")]
        server.send_signal(signum)
        _, stderr = server.communicate(timeout=300)
    finally:
        if server.poll() is None:
            kill_group(server)
    assert "Traceback" not in stderr
    assert server.returncode == 0, stderr
    assert os.listdir(temp) == []
