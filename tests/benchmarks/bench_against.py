"""A build of today's code against the same build by an earlier revision, in one run, alternating.

    python tests/benchmarks/bench_against.py [--against 4aa1fa9] [--n 1000] [--runs 5]

Both revisions' ``playbook/`` and ``plugins/`` are copied out of git (the working tree's files for
"today", so uncommitted changes count) and put first on ``PYTHONPATH`` of each build; the synthetic
playbook is written once and built by each in turn (A B A B ...), so a busy machine slows both
alike. Reported: wall and CPU seconds (user + system) of each, and the ratio today/earlier build by
build, median and worst. A ratio above 1 is a regression.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import REPO, median, mkdocs_build, remove
from synth import write_playbook


def code_of(rev: str | None, target: Path) -> Path:
    """The package folders of ``rev`` (None: the working tree) under ``target``, as they are installed."""
    target.mkdir(parents=True)
    if rev is None:
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(REPO / "playbook", target / "playbook", ignore=ignore)
        shutil.copytree(REPO / "plugins", target / "playbook_plugins", ignore=ignore)
        return target
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", rev, "playbook", "plugins"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    (target / "plugins").rename(target / "playbook_plugins")
    return target


def build_with(code: Path, config: Path, site: Path):
    """One build of ``config`` by the code in ``code`` (first on the path of the child process)."""
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), saved]))
    try:
        run = mkdocs_build(config, site)
    finally:
        os.environ.pop("PYTHONPATH") if saved is None else os.environ.__setitem__("PYTHONPATH", saved)
    if run.returncode:
        raise SystemExit(f"the build with {code} failed:\n{run.stderr[-2000:]}")
    remove(site)
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", default="4aa1fa9", help="the earlier revision")
    parser.add_argument("--n", type=int, default=1000, help="principles in the synthetic playbook")
    parser.add_argument("--runs", type=int, default=5, help="builds of each, alternating")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pb-against-"))
    try:
        today, earlier = code_of(None, work / "today"), code_of(args.against, work / "earlier")
        write_playbook(work / "pb", args.n)
        config = work / "pb/mkdocs.yml"
        build_with(today, config, work / "site")  # warm the disk cache for both
        pairs = []
        for i in range(args.runs):
            a = build_with(today, config, work / "site")
            b = build_with(earlier, config, work / "site")
            pairs.append((a, b))
            print(
                f"  run {i + 1}: today {a.seconds:.2f} s (cpu {a.cpu_seconds:.2f}), "
                f"{args.against} {b.seconds:.2f} s (cpu {b.cpu_seconds:.2f})",
                flush=True,
            )
        wall = sorted(a.seconds / b.seconds for a, b in pairs)
        cpu = sorted(a.cpu_seconds / b.cpu_seconds for a, b in pairs)
        print(
            f"N={args.n}: today / {args.against}, build by build: wall median {median(wall):.3f} "
            f"(worst {wall[-1]:.3f}), CPU median {median(cpu):.3f} (worst {cpu[-1]:.3f})"
        )
    finally:
        remove(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
