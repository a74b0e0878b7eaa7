"""How long `playbook diff` takes on synthetic playbooks, against baselines measured in the same run.

    python tests/benchmarks/bench_diff.py [--sizes 1000,3000] [--repeat 5] [--baseline REV] [--out FILE]

For each size it writes a playbook (``synth.write_playbook``) into a git repository and commits two
heads on top of it: ``edit`` (ten principles retitled and their "why" reworded: a head without
errors) and ``rename`` (a principle renamed, the references to it left dangling: a head with
errors, the case the diff reads file by file). Interleaved round by round, so a busy machine weighs
on all alike, it times:

- ``check``: `playbook check --no-cache` of the ``edit`` head: one cold load, the floor under a
  diff, which loads two revisions;
- ``old edit`` / ``old rename``: `playbook diff` of the code at ``--baseline`` (unpacked aside, first
  on PYTHONPATH; default: main before issue 29's diff work);
- ``edit`` / ``rename``: this worktree's `playbook diff base <head>`.

It reports the median and the worst wall time of each, and their CPU time (user + system: far less
sensitive to other people's work on a shared machine), with the ratios to ``check`` and to ``old``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, bench_env  # noqa: E402
from synth import principle_id, write_playbook  # noqa: E402

BASELINE_REV = "4aa1fa9"  # main before issue 29's diff work
GIT = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "-c", "commit.gpgsign=false"]


def _unpack(rev: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", rev, "playbook"], capture_output=True)
    if archive.returncode != 0:
        raise SystemExit(f"cannot unpack {rev}: {archive.stderr.decode().strip()}")
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def _git(root: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=root, check=True, capture_output=True)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    if old not in text:
        raise SystemExit(f"{old!r} not in {path}")
    path.write_text(text.replace(old, new, 1), "utf-8")


def make_repository(root: Path, n: int) -> None:
    """The synthetic playbook committed as ``base``, then the heads ``edit`` and ``rename``."""
    write_playbook(root, n)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    _git(root, "tag", "base")
    principles = root / "content" / "principles"
    for i in range(10):
        path = principles / f"{principle_id(i)}.yml"
        _replace(path, "title: ", "title: Edited ")
        _replace(path, "why: |\n  ", "why: |\n  Reworded. ")
    _git(root, "commit", "-qam", "edit")
    _git(root, "tag", "edit")
    _git(root, "checkout", "-q", "base")
    old, new = principle_id(1), f"{principle_id(1)}-renamed"
    _git(root, "mv", f"content/principles/{old}.yml", f"content/principles/{new}.yml")
    _replace(principles / f"{new}.yml", f"id: {old}\n", f"id: {new}\n")
    _git(root, "commit", "-qam", "rename")
    _git(root, "tag", "rename")
    _git(root, "checkout", "-q", "edit")


def _run(args: list[str], cwd: Path, env: dict) -> tuple[float, float, subprocess.CompletedProcess]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), proc


def measure(n: int, work: Path, old_src: Path, repeat: int) -> dict:
    root = work / f"n{n}"
    if not root.exists():
        make_repository(root, n)
    env = {k: v for k, v in bench_env().items() if k != "PYTHONPATH"}
    old_env = {**env, "PYTHONPATH": str(old_src)}
    cli = [sys.executable, "-m", "playbook.cli"]
    kinds = {
        "check": ([*cli, "check", "--no-cache"], env, {0}),
        "old edit": ([*cli, "diff", "base", "edit"], old_env, {0}),
        "edit": ([*cli, "diff", "base", "edit"], env, {0}),
        "old rename": ([*cli, "diff", "base", "rename"], old_env, {1}),
        "rename": ([*cli, "diff", "base", "rename"], env, {1}),
    }
    times: dict[str, list[tuple[float, float]]] = {kind: [] for kind in kinds}
    for _ in range(repeat):
        for kind, (args, kind_env, codes) in kinds.items():
            wall, cpu, proc = _run(args, root, kind_env)
            if proc.returncode not in codes:
                raise SystemExit(f"{kind} exited {proc.returncode} at n={n}:\n{proc.stdout[-2000:]}{proc.stderr}")
            times[kind].append((wall, cpu))
    result = {"n": n, "repeat": repeat}
    for kind, runs in times.items():
        walls, cpus = [w for w, _ in runs], [c for _, c in runs]
        result[kind] = {"median": statistics.median(walls), "worst": max(walls), "cpu": statistics.median(cpus)}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000", help="comma-separated principle counts")
    parser.add_argument("--repeat", type=int, default=5, help="rounds per size (medians and worst of these)")
    parser.add_argument("--baseline", default=BASELINE_REV, help="git revision of the code to compare with")
    parser.add_argument("--workdir", type=Path, help="where to generate (default: a new folder under /tmp)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON to this file")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="pb-bench-diff-"))
    work.mkdir(parents=True, exist_ok=True)
    old_src = _unpack(args.baseline, Path(tempfile.mkdtemp(prefix="pb-diff-old-")))
    print(f"baseline {args.baseline}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    results = []
    try:
        for n in (int(size) for size in args.sizes.split(",")):
            results.append(result := measure(n, work, old_src, args.repeat))
            print(f"\nn={n} ({args.repeat} rounds)   median   worst    cpu   cpu/check  cpu/old", flush=True)
            for kind in ("check", "old edit", "edit", "old rename", "rename"):
                f = result[kind]
                old = result.get(f"old {kind}", {}).get("cpu")
                ratio_old = f"{f['cpu'] / old:6.2f}x" if old else ""
                print(
                    f"  {kind:12} {f['median']:7.2f} s {f['worst']:6.2f} s {f['cpu']:6.2f} s"
                    f" {f['cpu'] / result['check']['cpu']:7.2f}x  {ratio_old}"
                )
    finally:
        shutil.rmtree(old_src, ignore_errors=True)
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end (2 cores shared: figures are noisy)")
    if args.out:
        args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
