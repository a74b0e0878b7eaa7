"""Builds and the preview under faults: kills at every phase, leftovers, umasks, a full disk,
read-only and immutable output, permissions, a busy port, SIGTERM, content sources in the site.

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
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import BASIC, copy_playbook, mkdocs, playbook, run_env
from playbook import sitedir

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


def _playbook_copy(tmp_path: Path) -> Path:
    root = copy_playbook(BASIC, tmp_path / "pb")
    (root / "pause_hook.py").write_text(PAUSE_HOOK)
    with (root / "mkdocs.yml").open("a") as f:
        f.write("hooks:\n  - pause_hook.py\n")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The fixture playbook's site, built once; tests copy it in as the previous site."""
    root = _playbook_copy(tmp_path_factory.mktemp("built"))
    _good_build(root)
    return root / "site"


def _with_old_site(root: Path, built: Path) -> dict[str, str]:
    """``built`` copied in as root/site, marked OLD; returns its snapshot without the mark."""
    shutil.copytree(built, root / "site")
    (root / "site" / "OLD").write_text("the previous site")
    return _snapshot(built)


def _snapshot(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def _leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith(".site-"))


def _refusal(result: subprocess.CompletedProcess, line: str, code: int = 1) -> None:
    """The command failed with exactly this one line of its own (MkDocs' INFO lines aside)."""
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert [out for out in result.stderr.splitlines() if not out.startswith("INFO")] == [line], result.stderr
    assert result.returncode == code, result.stderr


def _good_build(root: Path, *args: str) -> dict[str, str]:
    result = playbook("build", *args, cwd=root)
    assert result.returncode == 0, result.stderr
    assert "cannot exchange" not in result.stderr  # the one-step exchange was used, not the fallback
    return _snapshot(root / "site")


def _wait_for(path: Path, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


def _start(root: Path, *command: str, **env: str) -> subprocess.Popen:
    """A process in a group of its own (so a kill reaches its MkDocs child too); stderr is kept."""
    return subprocess.Popen(
        list(command), cwd=root, env=run_env(**env), start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _kill_group(process: subprocess.Popen) -> str:
    """SIGKILL to the process and its children; returns what it printed on stderr."""
    os.killpg(process.pid, signal.SIGKILL)
    return process.communicate(timeout=30)[1]


@pytest.mark.slow
@pytest.mark.parametrize(
    "phase, survivor",
    [("sweep", "old"), ("staging", "old"), ("mkdocs", "old"), ("exchange", "old"), ("exchanged", "new")],
)
def test_a_build_killed_at_any_phase_leaves_a_whole_site_and_the_next_build_sweeps_its_leftovers(
    tmp_path, built, phase, survivor
):
    root = _playbook_copy(tmp_path)
    whole = _with_old_site(root, built)
    marker = tmp_path / "marker"
    if phase == "mkdocs":
        process = _start(root, sys.executable, "-m", "playbook.cli", "build", PAUSE_MARKER=str(marker))
    else:
        process = _start(root, sys.executable, "-c", DRIVER, phase, str(marker), "build")
    _wait_for(marker, process)
    _kill_group(process)

    def survivor_is_whole() -> None:
        site = _snapshot(root / "site")
        assert ("OLD" in site) == (survivor == "old")
        site.pop("OLD", None)
        assert site == whole

    survivor_is_whole()
    if phase != "sweep":
        assert _leftovers(root), "the kill should have left a staging folder behind"
    if phase == "mkdocs":
        _good_build(root)  # the next build sweeps the half-written staging folder, and replaces the site
        survivor = "new"
    else:
        sitedir.sweep(root / "site")  # what the next build does first (spares a build per phase)
    assert _leftovers(root) == []
    survivor_is_whole()


@pytest.mark.slow
def test_a_build_killed_between_the_two_renames_of_the_fallback_gets_the_old_site_back(tmp_path, built):
    """Where the exchange is unavailable there is a moment without site/: the next sweep repairs it."""
    root = _playbook_copy(tmp_path)
    whole = _with_old_site(root, built)
    marker = tmp_path / "marker"
    process = _start(root, sys.executable, "-c", DRIVER, "between-renames", str(marker), "build")
    _wait_for(marker, process)
    assert "cannot exchange two folders in one step" in _kill_group(process)
    assert not (root / "site").exists()
    assert [name for name in _leftovers(root) if name.startswith(".site-old-")]

    sitedir.sweep(root / "site")
    site = _snapshot(root / "site")
    assert site.pop("OLD")
    assert site == whole
    assert _leftovers(root) == []


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
def test_leftovers_of_dead_builds_are_swept_but_a_running_build_keeps_its_staging_folder(tmp_path, built):
    root = _playbook_copy(tmp_path)
    _with_old_site(root, built)
    dead = [".site-building-q1w2e3r4", ".site-old-4242"]  # what earlier versions left: no lock file
    for name in dead:
        (root / name).mkdir()
        (root / name / "index.html").write_text("half a site")
    marker = tmp_path / "marker"
    running = _start(root, sys.executable, "-m", "playbook.cli", "build", PAUSE_MARKER=str(marker))
    try:
        _wait_for(marker, running)
        [staging] = [name for name in _leftovers(root) if name not in dead and not name.endswith(".lock")]
        whole = _good_build(root)  # a second build while the first one runs
        assert _leftovers(root) == sorted([staging, staging + ".lock"])
        Path(str(marker) + ".go").touch()
        assert running.wait(timeout=120) == 0, running.communicate()
    finally:
        if running.poll() is None:
            _kill_group(running)
    assert _snapshot(root / "site") == whole
    assert _leftovers(root) == []


@pytest.mark.slow
def test_the_mkdocs_child_of_a_killed_build_keeps_the_staging_folder_locked_until_it_exits(tmp_path):
    root = _playbook_copy(tmp_path)
    marker = tmp_path / "marker"
    orphaned = _start(root, sys.executable, "-m", "playbook.cli", "build", PAUSE_MARKER=str(marker))
    _wait_for(marker, orphaned)
    [staging] = [name for name in _leftovers(root) if not name.endswith(".lock")]
    os.kill(orphaned.pid, signal.SIGKILL)  # the CLI only: its MkDocs child still writes
    orphaned.wait(timeout=30)
    try:
        whole = _good_build(root)
        assert staging in _leftovers(root)
        Path(str(marker) + ".go").touch()  # the child finishes its build and exits
        deadline = time.monotonic() + 60
        while _locked(root / f"{staging}.lock"):
            assert time.monotonic() < deadline, "the MkDocs child never finished"
            time.sleep(0.1)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(orphaned.pid, signal.SIGKILL)
        orphaned.stderr.close()
    assert _good_build(root) == whole
    assert _leftovers(root) == []


@pytest.mark.slow
def test_a_build_stopped_by_sigterm_stops_mkdocs_and_leaves_nothing_behind(tmp_path, built):
    root = _playbook_copy(tmp_path)
    whole = _with_old_site(root, built)
    marker = tmp_path / "marker"
    process = _start(root, sys.executable, "-m", "playbook.cli", "build", PAUSE_MARKER=str(marker))
    try:
        _wait_for(marker, process)
        process.send_signal(signal.SIGTERM)  # to the CLI only, as a process manager does
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            _kill_group(process)
    assert "Traceback" not in stderr
    assert process.returncode == 128 + signal.SIGTERM
    assert _leftovers(root) == []
    site = _snapshot(root / "site")
    assert site.pop("OLD")
    assert site == whole


def _locked(lock: Path) -> bool:
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


@contextlib.contextmanager
def _tmpfs(path: Path, size: str):
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


def _old_site(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    site = folder / "site"
    site.mkdir()
    (site / "OLD").write_text("the previous site")
    return site


def _pages_of(site: Path) -> int:
    """The memory pages (4 KiB) the site's files take on a tmpfs."""
    return sum(-(-path.stat().st_size // 4096) for path in site.rglob("*") if path.is_file())


@pytest.mark.slow
@pytest.mark.parametrize("full_while", ["copying static files", "writing pages"])
def test_a_full_disk_is_one_line_naming_the_site_and_the_old_site_stays(tmp_path, built, full_while):
    """1 MiB fills up while MkDocs copies Material's assets; 98.5% of the site's size while it
    writes pages, where MkDocs also logs "Error building page" (which must not show)."""
    root = copy_playbook(BASIC, tmp_path / "pb")
    size = "1m" if full_while == "copying static files" else f"{int(_pages_of(built) * 4 * 0.985)}k"
    with _tmpfs(tmp_path / "disk", size) as disk:
        site = _old_site(disk)
        result = playbook("build", "--site-dir", str(site), cwd=root)
        _refusal(result, f"playbook build: no space left on device: {site}; {UNTOUCHED}")
        assert os.listdir(disk) == ["site"]  # the partial staging folder is gone
        assert os.listdir(site) == ["OLD"]


@pytest.mark.slow
def test_a_read_only_output_folder_is_one_line_and_the_old_site_stays(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    with _tmpfs(tmp_path / "ro", "4m") as folder:
        site = _old_site(folder)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        result = playbook("build", "--site-dir", str(site), cwd=root)
        _refusal(result, f"playbook build: read-only file system: {site}; {UNTOUCHED}")
        assert os.listdir(site) == ["OLD"]


@pytest.mark.slow
@pytest.mark.parametrize("immutable", ["site", "its folder"])
def test_an_immutable_folder_is_one_line_and_the_old_site_stays(tmp_path, immutable):
    root = copy_playbook(BASIC, tmp_path / "pb")
    site = _old_site(tmp_path / "out")
    target = site if immutable == "site" else site.parent
    if subprocess.run(["chattr", "+i", str(target)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not possible here (needs root and a file system with the flag)")
    try:
        result = playbook("build", "--site-dir", str(site), cwd=root)
    finally:
        subprocess.run(["chattr", "-i", str(target)], check=True)
    reason = "operation not permitted (an immutable folder? `lsattr -d` shows an i)"
    _refusal(result, f"playbook build: {reason}: {site}; {UNTOUCHED}")
    assert os.listdir(site) == ["OLD"]
    assert _leftovers(site.parent) == []


def _without_root_powers() -> None:
    """Drop the capabilities that let root write anywhere (prctl PR_CAPBSET_DROP, before exec)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl")


@pytest.mark.slow
def test_permission_denied_is_one_line_naming_the_site(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    site = _old_site(tmp_path / "out")
    site.parent.chmod(0o555)
    command = [sys.executable, "-m", "playbook.cli", "build", "--site-dir", str(site)]
    as_root = os.geteuid() == 0  # root writes anywhere unless it gives up CAP_DAC_OVERRIDE
    try:
        result = subprocess.run(
            command, cwd=root, env=run_env(), capture_output=True, text=True,
            preexec_fn=_without_root_powers if as_root else None,
        )  # fmt: skip
    except subprocess.SubprocessError as exc:
        pytest.skip(f"cannot drop root's capabilities here: {exc}")
    finally:
        site.parent.chmod(0o755)
    _refusal(result, f"playbook build: permission denied: {site}; {UNTOUCHED}")
    assert os.listdir(site) == ["OLD"]


def test_serve_on_a_busy_port_is_one_line_naming_the_address(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        address = f"127.0.0.1:{taken.getsockname()[1]}"
        result = playbook("serve", "-a", address, cwd=root, timeout=60)
    _refusal(result, f"playbook serve: address already in use: {address}")


@pytest.mark.slow
def test_serve_with_a_full_temporary_folder_is_one_line_and_cleans_up(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    with _tmpfs(tmp_path / "tmp", "1m") as temp:
        command = [sys.executable, "-m", "playbook.cli", "serve", "-a", f"127.0.0.1:{_free_port()}"]
        result = subprocess.run(command, cwd=root, env=run_env(TMPDIR=str(temp)), capture_output=True, text=True)
        [line] = [out for out in result.stderr.splitlines() if not out.startswith("INFO")]
        assert line.startswith(f"playbook serve: no space left on device: {temp}/playbook-serve-"), result.stderr
        assert "Traceback" not in result.stderr
        assert result.returncode == 1
        assert os.listdir(temp) == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_serve_stopped_by_a_signal_removes_its_temporary_folder(tmp_path, signum):
    root = copy_playbook(BASIC, tmp_path / "pb")
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = _free_port()
    server = _start(root, sys.executable, "-m", "playbook.cli", "serve", "-a", f"127.0.0.1:{port}", TMPDIR=str(temp))
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
        _, stderr = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            _kill_group(server)
    assert "Traceback" not in stderr
    assert server.returncode == 0, stderr
    assert os.listdir(temp) == []


def _layout(root: Path, layout: str) -> None:
    """The same playbook with its content folder reached another way."""
    config = root / "mkdocs.yml"
    if layout == "content is a symlink":
        (root / "content").rename(root / "real-content")
        (root / "content").symlink_to("real-content")
    elif layout == "docs_dir links to content":
        docs = root / "docs"
        docs.mkdir()
        (root / "content" / "index.md").rename(docs / "index.md")
        (docs / "data").symlink_to("../content")
        text = config.read_text().replace("docs_dir: content", "docs_dir: docs")
        config.write_text(text.replace("  - playbook\n", "  - playbook:\n      content_dir: content\n"))
    elif layout == "plugin disabled":
        config.write_text(config.read_text().replace("  - playbook\n", "  - playbook:\n      enabled: false\n"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "layout", ["docs_dir is content", "content is a symlink", "docs_dir links to content", "plugin disabled"]
)
def test_content_sources_of_any_case_never_reach_the_site(tmp_path, layout):
    root = copy_playbook(BASIC, tmp_path / "pb")
    _layout(root, layout)
    content = root / ("real-content" if layout == "content is a symlink" else "content")
    for name in ("notes.YML", "principles/draft.Yaml", "data/more.yaml", "call-sheets/old.yml.YML"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text("a: 1\n")
    result = mkdocs("build", "-d", str(tmp_path / "site"), cwd=root)
    assert result.returncode == 0, result.stderr
    published = [p.name for p in (tmp_path / "site").rglob("*") if p.name.lower().endswith((".yml", ".yaml"))]
    assert published == []
