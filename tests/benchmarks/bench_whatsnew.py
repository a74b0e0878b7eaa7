"""What the "What's new" page adds to a build: a synthetic playbook with a git history, built with
the page (its cache warm: the next build after one commit) against the same build without it, in
the same run, alternating; also the first build with an empty cache (every commit compared).

    python tests/benchmarks/bench_whatsnew.py --principles 1000 --commits 40 --runs 5

Each commit edits a few principles (an item reworded, a talk track added); the default window
reads all of them. Reported: CPU seconds (user + system of the build: less sensitive to a busy
machine than the wall clock), median and worst of the ratio with/without, and the cold build.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import EPOCH, median, mkdocs_build, remove
from synth import principle_id, write_playbook

DAY = 86400


def git(root: Path, *args: str, when: int | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.com"}
    env |= {"GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.com"}
    if when is not None:
        env |= {"GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def history(root: Path, n: int, commits: int, seed: int = 0) -> None:
    """``commits`` commits after the first, each editing three principles."""
    rng = random.Random(seed)
    start = int(EPOCH) - 80 * DAY
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start", when=start)
    for k in range(commits):
        for i in rng.sample(range(n), 3):
            path = root / "content/principles" / f"{principle_id(i)}.yml"
            text = path.read_text("utf-8")
            text = text.replace("why: |\n", f"why: |\n  Revision {k} of this story.\n", 1)
            path.write_text(text, "utf-8")
        git(root, "commit", "-qam", f"edit {k}\n\nReps: edit {k}", when=start + (k + 1) * DAY)


def with_page(root: Path, enabled: bool) -> Path:
    config = root / ("mkdocs-with.yml" if enabled else "mkdocs-without.yml")
    text = (root / "mkdocs.yml").read_text("utf-8")
    option = f"      whats_new: {{enabled: {str(enabled).lower()}}}\n"
    text = text.replace("      review_age: 365\n", "      review_age: 365\n" + option)
    config.write_text(text, "utf-8")
    return config


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--principles", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-whatsnew-"))
    os.environ["PLAYBOOK_CACHE_DIR"] = str(tmp / "cache")
    try:
        root = tmp / "pb"
        write_playbook(root, args.principles)
        history(root, args.principles, args.commits)
        on, off = with_page(root, True), with_page(root, False)
        cold = mkdocs_build(on, tmp / "site")
        assert cold.returncode == 0, cold.stderr
        print(f"{args.principles} principles, {args.commits} commits")
        print(f"cold build (every commit compared): {cold.cpu_seconds:.1f} s CPU, {cold.seconds:.1f} s wall")
        ratios, times = [], {True: [], False: []}
        for run in range(args.runs):
            for enabled in (False, True) if run % 2 else (True, False):
                result = mkdocs_build(on if enabled else off, tmp / "site")
                assert result.returncode == 0, result.stderr
                times[enabled].append(result.cpu_seconds)
            ratios.append(times[True][-1] / times[False][-1])
        print(f"without the page: median {median(times[False]):.2f} s CPU, worst {max(times[False]):.2f} s")
        print(f"with the page (warm): median {median(times[True]):.2f} s CPU, worst {max(times[True]):.2f} s")
        print(f"ratio with/without: median {median(ratios):.3f}, worst {max(ratios):.3f}")
    finally:
        remove(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
