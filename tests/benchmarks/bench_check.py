"""How long `playbook check` takes on synthetic playbooks, process start included, against baselines
measured in the same run.

    python tests/benchmarks/bench_check.py [--sizes 1000,3000] [--repeat 7] [--baseline REV] [--out FILE]

For each size it writes a playbook (``synth.write_playbook``) and times, interleaved round by round
so a busy machine weighs on all alike:

- ``python -c pass``: the start of a bare interpreter, the floor under any command;
- ``old``: `playbook check` of the code at ``--baseline`` (a git revision, unpacked aside and put
  first on PYTHONPATH; default: the last commit before the cache), with an empty cache each round;
- ``cold``: this worktree's `playbook check` with an empty cache (CI on a fresh checkout);
- ``warm``: the same with the cache of a previous run (a pre-commit hook, an editor's save), one
  principle edited since, so one file is parsed again;
- ``no-cache``: `playbook check --no-cache`.

It reports the median and the worst wall time of each, their CPU time (user + system of the command
and its children, far less sensitive to other people's work on a shared machine), the CPU time of
the main process alone (a cold check parses in other processes too: on idle cores its wall time is
about this plus the start of Python), and the verdicts
on the targets: warm at most 0.5 s at 1,000 principles and 1.2 s at 3,000; cold (no cache, as CI on
a fresh checkout, which parses on every core) at most 2 s at 3,000 (wall, median).
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

# `playbook check` in a process that reports its own CPU time: the cold check's other processes
# parse in parallel, so on idle cores its wall time is about that of its main process.
CHECK = (
    "import resource, sys\n"
    "from playbook.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "own = resource.getrusage(resource.RUSAGE_SELF)\n"
    "sys.stderr.write(f'\\nbench-main-cpu {own.ru_utime + own.ru_stime:.4f}\\n')\n"
    "sys.exit(code)\n"
)
BASELINE_REV = "7e9c9de"  # main before the `check` speed work of issue #17
TARGETS = {1000: 0.5, 3000: 1.2}  # warm
COLD_TARGETS = {3000: 2.0}


def _unpack(rev: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", rev, "playbook"], capture_output=True)
    if archive.returncode != 0:
        raise SystemExit(f"cannot unpack {rev}: {archive.stderr.decode().strip()}")
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def _run(args: list[str], cwd: Path, env: dict) -> tuple[float, float, subprocess.CompletedProcess]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc


def _touch_one(root: Path, round_: int) -> None:
    """An edit to one principle, as between two commits: its bytes change, so it is parsed again."""
    path = root / "content" / "principles" / f"{principle_id(round_ % 4)}.yml"
    text = path.read_text("utf-8")
    marker = "\n# edit "
    path.write_text((text.split(marker)[0] if marker in text else text) + f"{marker}{round_}\n", "utf-8")


def measure(n: int, work: Path, old_src: Path, repeat: int) -> dict:
    root = work / f"n{n}"
    if not root.exists():
        write_playbook(root, n)
    base_env = {**bench_env(), "PLAYBOOK_CACHE": "on"}
    base_env.pop("PYTHONPATH", None)
    old_env = {**base_env, "PYTHONPATH": str(old_src)}
    warm_dir, cold_parent = work / f"cache-warm-{n}", work / f"cache-cold-{n}"
    shutil.rmtree(warm_dir, ignore_errors=True)
    check = [sys.executable, "-c", CHECK, "check"]
    warm_env = {**base_env, "PLAYBOOK_CACHE_DIR": str(warm_dir)}
    _, _, first = _run(check, root, warm_env)  # fills the warm cache
    if first.returncode != 0:
        raise SystemExit(f"playbook check failed at n={n}:\n{first.stdout}{first.stderr}")
    where = _run([sys.executable, "-c", "import playbook; print(playbook.__file__)"], root, old_env)[2].stdout
    if not where.startswith(str(old_src)):
        raise SystemExit(f"the baseline would not run the unpacked code: {where}")
    kinds = {
        "python -c pass": ([sys.executable, "-c", "pass"], base_env),
        "old": (check, old_env),
        "cold": (check, None),
        "warm": (check, warm_env),
        "no-cache": ([*check, "--no-cache"], base_env),
    }
    times: dict[str, list[tuple[float, float, float]]] = {kind: [] for kind in kinds}
    for round_ in range(repeat):
        _touch_one(root, round_)
        for kind, (args, env) in kinds.items():
            if kind in ("cold", "old"):  # an empty cache each round (a baseline may have a cache too)
                cold = cold_parent / f"{kind}-{round_}"
                shutil.rmtree(cold, ignore_errors=True)
                env = {**(old_env if kind == "old" else base_env), "PLAYBOOK_CACHE_DIR": str(cold)}
            wall, cpu, proc = _run(args, root, env)
            if proc.returncode != 0:
                raise SystemExit(f"{kind} failed at n={n}:\n{proc.stdout}{proc.stderr}")
            main_cpu = proc.stderr.rsplit("bench-main-cpu ", 1)[-1] if "bench-main-cpu " in proc.stderr else cpu
            times[kind].append((wall, cpu, float(main_cpu)))
    shutil.rmtree(cold_parent, ignore_errors=True)
    result = {"n": n, "repeat": repeat}
    for kind, runs in times.items():
        walls, cpus, mains = [w for w, _, _ in runs], [c for _, c, _ in runs], [m for _, _, m in runs]
        result[kind] = {
            "median": statistics.median(walls),
            "worst": max(walls),
            "cpu": statistics.median(cpus),
            "main cpu": statistics.median(mains),
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,3000", help="comma-separated principle counts")
    parser.add_argument("--repeat", type=int, default=7, help="rounds per size (medians and worst of these)")
    parser.add_argument("--baseline", default=BASELINE_REV, help="git revision of the code to compare with")
    parser.add_argument("--workdir", type=Path, help="where to generate (default: a new folder under /tmp)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON to this file")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="pb-bench-check-"))
    work.mkdir(parents=True, exist_ok=True)
    old_src = _unpack(args.baseline, Path(tempfile.mkdtemp(prefix="pb-check-old-")))
    load = os.getloadavg()[0]
    print(f"baseline {args.baseline}; {os.cpu_count()} cores, load average {load:.1f} at the start", flush=True)
    results = []
    try:
        for n in (int(size) for size in args.sizes.split(",")):
            results.append(result := measure(n, work, old_src, args.repeat))
            print(f"\nn={n} ({args.repeat} rounds)      median   worst    cpu  main cpu", flush=True)
            for kind in ("python -c pass", "old", "cold", "warm", "no-cache"):
                f = result[kind]
                line = f"  {kind:16} {f['median']:7.2f} s {f['worst']:6.2f} s {f['cpu']:6.2f} s {f['main cpu']:6.2f} s"
                print(line)
            for kind, targets in (("warm", TARGETS), ("cold", COLD_TARGETS)):
                target = targets.get(n)
                if target is not None:
                    median = result[kind]["median"]
                    result[f"{kind} target"] = {"seconds": target, "met": median <= target}
                    print(f"  target: {kind} median at most {target} s: {'met' if median <= target else 'NOT met'}")
            old, warm = result["old"]["cpu"], result["warm"]["cpu"]
            print(f"  cpu: warm {warm / old:.2f}x old, cold {result['cold']['cpu'] / old:.2f}x old")
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
