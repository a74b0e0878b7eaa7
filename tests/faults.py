"""What the fault tests share: a playbook whose build can be held at a point and killed there, the
previous site to compare with, and the checks of a one-line refusal.

A kill is SIGKILL to the build's whole process group, at a point held open by a driver that
patches one step of ``playbook.sitedir`` to wait (or, inside MkDocs, by a hook): after it ``site/``
must be whole, the old one or the new one, never missing or partial.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import BASIC, copy_playbook, playbook, run_env

UNTOUCHED = "the previous site was left as it was"
# Inside MkDocs, after the static files and before the pages are all written: the build waits
# there until the test creates "<marker>.go", or kills it.
PAUSE_HOOK = """\
import os
import time
from pathlib import Path


def on_post_page(output, page, config, **kwargs):
    marker = os.environ.get("PAUSE_MARKER")
    if marker and not Path(marker).exists():
        Path(marker).write_text("mkdocs")
        while not Path(marker + ".go").exists():
            time.sleep(0.05)
    return output
"""
# `playbook build` with one step of playbook.sitedir made to wait (argv: phase, marker, CLI args).
DRIVER = """\
import os, sys, time
from pathlib import Path
from playbook import cli, sitedir

phase, marker = sys.argv[1], Path(sys.argv[2])


def hold():
    marker.write_text(phase)
    while True:
        time.sleep(1)


def before(function):
    return lambda *args: (hold(), function(*args))


def after(function):
    return lambda *args: (function(*args), hold())


if phase == "sweep":
    sitedir.sweep = before(sitedir.sweep)
elif phase == "staging":
    sitedir.open_staging = after(sitedir.open_staging)
elif phase == "exchange":
    sitedir._exchange = before(sitedir._exchange)
elif phase == "exchanged":
    sitedir._exchange = after(sitedir._exchange)
elif phase == "between-renames":
    sitedir._exchange = lambda a, b: False  # a system without the exchange: the two renames
    rename = os.rename
    def rename_then_hold(source, target):
        rename(source, target)
        if Path(source).name == "site":
            hold()
    os.rename = rename_then_hold
sys.exit(cli.main(sys.argv[3:]))
"""


def pausable_copy(tmp_path: Path) -> Path:
    root = copy_playbook(BASIC, tmp_path / "pb")
    (root / "pause_hook.py").write_text(PAUSE_HOOK)
    with (root / "mkdocs.yml").open("a") as f:
        f.write("hooks:\n  - pause_hook.py\n")
    return root


def with_old_site(root: Path, built: Path) -> dict[str, str]:
    """``built`` copied in as root/site, marked OLD; returns its snapshot without the mark."""
    shutil.copytree(built, root / "site")
    (root / "site" / "OLD").write_text("the previous site")
    return snapshot(built)


def snapshot(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith(".site-"))


def one_line_refusal(result: subprocess.CompletedProcess, line: str, code: int = 1) -> None:
    """The command failed with exactly this one line of its own (MkDocs' INFO lines aside)."""
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert [out for out in result.stderr.splitlines() if not out.startswith("INFO")] == [line], result.stderr
    assert result.returncode == code, result.stderr


def good_build(root: Path, *args: str) -> dict[str, str]:
    result = playbook("build", *args, cwd=root)
    assert result.returncode == 0, result.stderr
    assert "cannot exchange" not in result.stderr  # the one-step exchange was used, not the fallback
    return snapshot(root / "site")


def wait_for(path: Path, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def start(root: Path, *command: str, **env: str) -> subprocess.Popen:
    """A process in a group of its own (so a kill reaches its MkDocs child too); stderr is kept."""
    return subprocess.Popen(
        list(command), cwd=root, env=run_env(**env), start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def kill_group(process: subprocess.Popen) -> str:
    """SIGKILL to the process and its children; returns what it printed on stderr."""
    os.killpg(process.pid, signal.SIGKILL)
    return process.communicate(timeout=300)[1]


def locked(lock: Path) -> bool:
    import fcntl

    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


def old_site(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    site = folder / "site"
    site.mkdir()
    (site / "OLD").write_text("the previous site")
    return site


def pages_of(site: Path) -> int:
    """The memory pages (4 KiB) the site's files take on a tmpfs."""
    return sum(-(-path.stat().st_size // 4096) for path in site.rglob("*") if path.is_file())


def without_root_powers() -> None:
    """Drop the capabilities that let root write anywhere (prctl PR_CAPBSET_DROP, before exec)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
