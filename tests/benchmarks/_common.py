"""Helpers shared by the benchmark scripts: environment, timed child processes, site statistics."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
EPOCH = "1795000000"  # 2026-11-18, as in tests/conftest.py: no review-age warnings, reproducible output
GNU_TIME = "/usr/bin/time"


def bench_env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}


@dataclass
class Run:
    seconds: float  # wall clock
    cpu_seconds: float | None  # user + system time of the child: far less sensitive to a busy machine
    peak_mb: float | None
    returncode: int
    stdout: str
    stderr: str


# A tiny wrapper that reports the peak RSS of its child when GNU time is not installed.
_RUSAGE_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print('PEAK_KB', usage.ru_maxrss, 'CPU_S', usage.ru_utime + usage.ru_stime, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def timed(args: list[str], *, cwd: Path | None = None, timeout: float = 1800) -> Run:
    """Run a command; wall time in seconds and peak resident memory of the process tree's largest member."""
    env = bench_env()
    if os.access(GNU_TIME, os.X_OK):
        command = [GNU_TIME, "-v", *args]
    else:
        command = [sys.executable, "-c", _RUSAGE_WRAPPER, *args]
    started = time.perf_counter()
    # Never the repository root as the working folder: `python -m` puts it first on sys.path, which would
    # import the working tree's playbook/ instead of a --snapshot.
    proc = subprocess.run(command, cwd=cwd or HERE, env=env, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - started
    peak = None
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr) or re.search(
        r"PEAK_KB (\d+)", proc.stderr
    )
    if match:
        peak = int(match.group(1)) / 1024
    cpu = None
    user = re.search(r"User time \(seconds\): ([\d.]+)", proc.stderr)
    system = re.search(r"System time \(seconds\): ([\d.]+)", proc.stderr)
    if user and system:
        cpu = float(user.group(1)) + float(system.group(1))
    elif wrapped := re.search(r"CPU_S ([\d.]+)", proc.stderr):
        cpu = float(wrapped.group(1))
    stderr = re.sub(r"\n?\tCommand being timed:.*", "", proc.stderr, flags=re.DOTALL)
    stderr = re.sub(r"\n?PEAK_KB \d+ CPU_S [\d.]+\n?", "", stderr)
    return Run(seconds, cpu, peak, proc.returncode, proc.stdout, stderr)


def mkdocs_build(config: Path, site: Path) -> Run:
    return timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)])


def tree_bytes(folder: Path) -> int:
    total = 0
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            total += os.path.getsize(os.path.join(dirpath, name))
    return total


def html_pages(site: Path) -> dict[str, int]:
    """Every HTML page of a site, by path relative to the site, with its size in bytes."""
    pages = {}
    for dirpath, _, filenames in os.walk(site):
        for name in filenames:
            if name.endswith(".html"):
                path = os.path.join(dirpath, name)
                pages[os.path.relpath(path, site)] = os.path.getsize(path)
    return pages


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


SNAPSHOT_ENV = "PB_BENCH_SNAPSHOT"


def add_snapshot_option(parser) -> None:
    """The ``--snapshot`` option every benchmark offers; ``start_snapshot`` acts on it."""
    parser.add_argument("--snapshot", metavar="REV", help="measure a frozen copy: a git revision, or 'worktree'")


def start_snapshot(args) -> str:
    """Switch to the snapshot ``--snapshot`` asked for (see ``use_snapshot``) and say which code runs."""
    code = use_snapshot(args.snapshot)
    print(f"code measured: {code}", flush=True)
    return code


def use_snapshot(rev: str | None) -> str:
    """Measure a frozen copy of the code: ``rev`` is a git revision, or ``worktree`` for the files as they are now.

    Other people edit the working tree while a long benchmark runs; a snapshot keeps every build of one
    run on the same code. The copy of ``playbook/`` and ``plugins/`` (as ``playbook_plugins``) goes first
    on ``PYTHONPATH`` (the editable install's finder comes after it) and this script restarts itself
    with it. Returns a description of the code measured.
    """
    current = os.environ.get(SNAPSHOT_ENV)
    if current:
        atexit.register(remove, Path(current).parent)
        where = timed(
            [sys.executable, "-c", "import playbook, playbook_plugins as p; print(playbook.__file__, p.__file__)"]
        )
        if any(not path.startswith(current) for path in where.stdout.split()):
            raise SystemExit(f"the child processes would not run the snapshot: {where.stdout}{where.stderr}")
        return f"{os.environ.get(SNAPSHOT_ENV + '_REV')} (snapshot in {current})"
    if not rev:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "playbook", "plugins"], capture_output=True, text=True
        )
        return f"working tree at {head.stdout.strip()}{' (with uncommitted changes)' if dirty.stdout.strip() else ''}"
    base = Path(tempfile.mkdtemp(prefix="pb-snap-", dir="/tmp"))
    src = base / "src"
    src.mkdir()
    if rev == "worktree":
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(REPO / "playbook", src / "playbook", ignore=ignore)
        shutil.copytree(REPO / "plugins", src / "playbook_plugins", ignore=ignore)
        label = "worktree"
    else:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", "--format=tar", rev, "playbook", "plugins"],
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive.stdout, check=True)
        (src / "plugins").rename(src / "playbook_plugins")
        sha = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", rev], capture_output=True, text=True)
        label = f"{rev} = {sha.stdout.strip()}"
    env = {**os.environ, SNAPSHOT_ENV: str(src), SNAPSHOT_ENV + "_REV": label}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")]))
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable, *sys.argv], env)
    raise AssertionError("unreachable")
