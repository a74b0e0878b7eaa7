"""How `playbook check` and the site build scale with content, against plain MkDocs + Material.

Run from the repository root (takes about 10 minutes with the default sizes, most of it the
quadratic baseline at 3,000 pages; it needs about 3 GB of free disk in the work folder for a moment):

    python tests/benchmarks/bench_build.py [--sizes 100,1000,2000,3000] [--repeat 1] [--out results.json]
        [--workdir /tmp/...] [--keep] [--no-baseline] [--seed 0] [--snapshot HEAD]

For each size N it writes a synthetic playbook (``synth.write_playbook``: N principles, N/10 call
sheets) to a temporary folder and measures, each in a fresh child process:

- ``python -m playbook.cli check --root DIR``: wall time (interpreter start-up included);
- ours: ``python -m mkdocs build -q -f DIR/mkdocs.yml -d SITE`` with the site's own mkdocs.yml;
- the baseline: plain MkDocs + Material + search, no plugin of ours, building the very pages our
  plugin generates (every page of ``plan_pages(renderer)``, plus the home page) written as Markdown files, with
  MkDocs' default navigation (no ``nav`` key: every page is in the sidebar of every page).

Peak memory and CPU time (user + system) come from ``/usr/bin/time -v`` (or ``getrusage`` of a
wrapper). Times are the median of ``--repeat`` runs. The bars are judged on wall time, as SPEC.md
states them; the CPU-time ratios are printed beside them because they stay meaningful when other work
shares the machine (on a busy 2-core machine wall times can be inflated several times over).

Other people commit while a long run goes on: ``--snapshot HEAD`` (or any revision, or ``worktree``)
measures a frozen copy of ``playbook/`` and ``plugins/`` for the whole run. The table compares against
the quality bars of SPEC.md; the JSON holds every raw figure. Sites are deleted once measured unless
``--keep`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    REPO,
    add_snapshot_option,
    html_pages,
    median,
    mkdocs_build,
    remove,
    start_snapshot,
    timed,
    tree_bytes,
)
from synth import principle_id, write_playbook  # noqa: E402

from playbook.load import load_playbook  # noqa: E402
from playbook.render import PageRenderer  # noqa: E402

try:
    from playbook.pageplan import plan_pages  # noqa: E402
except ImportError:  # a snapshot from before pageplan.py (--snapshot)
    plan_pages = PageRenderer.plan
from playbook.settings import read_settings  # noqa: E402

PRINCIPLE_PAGE = re.compile(r"principles/p\d{5}-[a-z]+/index\.html")
SHEET_PAGE = re.compile(r"call-sheets/sheet-\d{4}/index\.html")
PROBE = principle_id(0)  # the same principle at every size: its page size must not grow with N

BASELINE_YML = """\
site_name: Synthetic Playbook baseline ({n} principles)
site_url: https://playbook.example.com/
docs_dir: docs
theme:
  name: material
plugins:
  - search
markdown_extensions:
  - toc:
      permalink: true
  - admonition
  - attr_list
"""

BARS = (
    ("build/baseline <= 0.4 at N=1000", "ratio_1000"),
    ("build/baseline <= 0.2 at N=3000", "ratio_3000"),
    ("build(2000)/build(1000) <= 2.1", "doubling"),
    ("principle page HTML within 10% from N=100 to N=3000", "page_growth"),
    ("playbook check < 1 s at N=1000", "check_1000"),
)


def write_baseline(root: Path, baseline: Path, n: int) -> int:
    """The generated pages of ``root`` as plain Markdown files under ``baseline/docs``; returns the page count."""
    result = load_playbook(root, read_settings(root))
    if result.playbook is None:
        raise SystemExit(f"the synthetic playbook at {root} does not load:\n" + "\n".join(map(str, result.problems)))
    renderer = PageRenderer(result.playbook)
    docs = baseline / "docs"
    pages = [page for planned in plan_pages(renderer) if (page := planned.render()) is not None]
    for page in pages:
        target = docs / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, "utf-8")
    index = (root / "content" / "index.md").read_text("utf-8").replace("<!-- playbook:map -->", renderer.home_map())
    (docs / "index.md").write_text(index, "utf-8")
    (baseline / "mkdocs.yml").write_text(BASELINE_YML.format(n=n), "utf-8")
    return len(pages) + 1


def site_stats(site: Path) -> dict:
    pages = html_pages(site)
    # The pages of one principle or one call sheet (not index pages such as call-sheets/index.html).
    principles = {k: v for k, v in pages.items() if PRINCIPLE_PAGE.fullmatch(k)}
    sheets = {k: v for k, v in pages.items() if SHEET_PAGE.fullmatch(k)}
    largest = max(pages.items(), key=lambda kv: kv[1])
    largest_principle = max(principles.items(), key=lambda kv: kv[1]) if principles else (None, 0)
    return {
        "bytes": tree_bytes(site),
        "html_pages": len(pages),
        "probe_principle_bytes": pages.get(f"principles/{PROBE}/index.html"),
        "median_principle_bytes": median(sorted(principles.values())),
        "largest_principle": {"page": largest_principle[0], "bytes": largest_principle[1]},
        "median_sheet_bytes": median(sorted(sheets.values())),
        "largest_sheet_bytes": max(sheets.values()) if sheets else None,
        "largest_page": {"page": largest[0], "bytes": largest[1]},
        "home_bytes": pages.get("index.html"),
        # Index pages (home, stages, roles, call-sheet index, print-all...) may grow with what they list.
        "index_pages": {
            k: v for k, v in sorted(pages.items()) if not (PRINCIPLE_PAGE.fullmatch(k) or SHEET_PAGE.fullmatch(k))
        },
    }


def measure_build(config: Path, site: Path, repeat: int, keep: bool, label: str) -> dict:
    runs = []
    stats = None
    for attempt in range(repeat):
        remove(site)
        run = mkdocs_build(config, site)
        if run.returncode != 0:
            raise SystemExit(f"{label} build failed ({run.returncode}):\n{run.stderr[-3000:]}")
        runs.append(run)
        if stats is None:
            stats = site_stats(site)
        if not keep or attempt < repeat - 1:
            remove(site)
        cpu = run.cpu_seconds or 0
        print(f"    {label}: {run.seconds:.2f} s (cpu {cpu:.2f} s), peak {run.peak_mb or 0:.0f} MB", flush=True)
    return {
        "seconds": median([r.seconds for r in runs]),
        "cpu_seconds": _median_cpu(runs),
        "runs": [r.seconds for r in runs],
        "cpu_runs": [r.cpu_seconds for r in runs],
        "peak_mb": max((r.peak_mb or 0) for r in runs) or None,
        "site": stats,
    }


def _median_cpu(runs: list) -> float | None:
    values = [r.cpu_seconds for r in runs if r.cpu_seconds is not None]
    return median(values) if values else None


def measure_size(n: int, work: Path, args) -> dict:
    root, baseline = work / f"n{n}" / "playbook", work / f"n{n}" / "baseline"
    remove(work / f"n{n}")
    started = time.perf_counter()
    write_playbook(root, n, seed=args.seed)
    pages = write_baseline(root, baseline, n) if not args.no_baseline else None
    print(f"  N={n}: generated in {time.perf_counter() - started:.1f} s", flush=True)
    entry: dict = {"n": n, "call_sheets": max(n // 10, 1), "baseline_pages": pages}

    checks = []
    internal = []
    for _ in range(args.repeat):
        run = timed([sys.executable, "-m", "playbook.cli", "check", "--root", str(root)])
        if run.returncode != 0:
            raise SystemExit(f"playbook check failed at N={n}:\n{run.stdout[-3000:]}{run.stderr[-3000:]}")
        checks.append(run)
        match = re.search(r"\(([\d.]+) s\)", run.stderr)
        if match:
            internal.append(float(match.group(1)))
    entry["check"] = {
        "seconds": median([r.seconds for r in checks]),
        "cpu_seconds": _median_cpu(checks),
        "runs": [r.seconds for r in checks],
        "reported_seconds": median(internal) if internal else None,  # what check prints: loading only
        "peak_mb": max((r.peak_mb or 0) for r in checks) or None,
    }
    print(f"    check: {entry['check']['seconds']:.2f} s (reports {entry['check']['reported_seconds']} s)", flush=True)

    entry["ours"] = measure_build(root / "mkdocs.yml", work / f"n{n}" / "site-ours", args.repeat, args.keep, "ours")
    if not args.no_baseline:
        entry["baseline"] = measure_build(
            baseline / "mkdocs.yml", work / f"n{n}" / "site-baseline", args.repeat, args.keep, "baseline"
        )
    if not args.keep:
        remove(work / f"n{n}")
    return entry


def evaluate(results: list[dict]) -> dict[str, dict]:
    by_n = {r["n"]: r for r in results}

    def ratio(n: int, measure: str) -> float | None:
        r = by_n.get(n)
        if not r or "baseline" not in r or r["ours"][measure] is None or r["baseline"][measure] is None:
            return None
        return r["ours"][measure] / r["baseline"][measure]

    # The bars are judged on wall time, as specified; CPU time (user + system) is shown beside it because
    # it stays meaningful when other work shares the machine.
    verdicts: dict[str, dict] = {}
    for key, n, limit in (("ratio_1000", 1000, 0.4), ("ratio_3000", 3000, 0.2)):
        value = ratio(n, "seconds")
        verdicts[key] = {
            "value": value,
            "cpu_value": ratio(n, "cpu_seconds"),
            "limit": limit,
            "pass": None if value is None else value <= limit,
        }
    if 1000 in by_n and 2000 in by_n:
        value = by_n[2000]["ours"]["seconds"] / by_n[1000]["ours"]["seconds"]
        cpu = None
        if by_n[1000]["ours"]["cpu_seconds"] and by_n[2000]["ours"]["cpu_seconds"]:
            cpu = by_n[2000]["ours"]["cpu_seconds"] / by_n[1000]["ours"]["cpu_seconds"]
        verdicts["doubling"] = {"value": value, "cpu_value": cpu, "limit": 2.1, "pass": value <= 2.1}
    else:
        verdicts["doubling"] = {"value": None, "limit": 2.1, "pass": None}
    if 100 in by_n and 3000 in by_n:
        small, large = by_n[100]["ours"]["site"], by_n[3000]["ours"]["site"]
        growth = {
            "probe": large["probe_principle_bytes"] / small["probe_principle_bytes"] - 1,
            "median": large["median_principle_bytes"] / small["median_principle_bytes"] - 1,
            "largest": large["largest_principle"]["bytes"] / small["largest_principle"]["bytes"] - 1,
        }
        worst = max(abs(growth["probe"]), abs(growth["median"]))
        verdicts["page_growth"] = {"value": worst, "limit": 0.10, "pass": worst <= 0.10, "detail": growth}
    else:
        verdicts["page_growth"] = {"value": None, "limit": 0.10, "pass": None}
    if 1000 in by_n:
        value = by_n[1000]["check"]["seconds"]
        cpu = by_n[1000]["check"]["cpu_seconds"]
        verdicts["check_1000"] = {"value": value, "cpu_value": cpu, "limit": 1.0, "pass": value < 1.0}
    else:
        verdicts["check_1000"] = {"value": None, "limit": 1.0, "pass": None}
    return verdicts


def _fmt(value, spec: str, missing: str = "-") -> str:
    return missing if value is None else format(value, spec)


def print_table(results: list[dict], verdicts: dict[str, dict]) -> None:
    mb = 1024 * 1024
    head = (
        f"{'N':>5} {'check s':>8} {'build s':>8} {'base s':>8} {'build/base':>10} {'cpu ratio':>9} {'x prev':>13} "
        f"{'site MB':>8} {'base MB':>8} {'p0 KB':>7} {'med p KB':>8} {'max p KB':>8} {'base p KB':>9} "
        f"{'largest page (ours)':>28} {'peak MB':>8} {'base pk MB':>10}"
    )
    print("\n" + head + "\n" + "-" * len(head))
    previous = None
    for r in results:
        ours, base = r["ours"], r.get("baseline")
        ratio = ours["seconds"] / base["seconds"] if base else None
        cpu_ratio = ours["cpu_seconds"] / base["cpu_seconds"] if base and base["cpu_seconds"] else None
        growth = "-"
        if previous:
            growth = f"{ours['seconds'] / previous['ours']['seconds']:.2f} ({r['n'] / previous['n']:.1f}x)"
        site = ours["site"]
        page = site["largest_page"]
        largest = f"{page['page'].removesuffix('/index.html')} {page['bytes'] / 1024:.0f}K"
        print(
            f"{r['n']:>5} {r['check']['seconds']:>8.2f} {ours['seconds']:>8.2f} "
            f"{_fmt(base and base['seconds'], '.2f'):>8} {_fmt(ratio, '.3f'):>10} "
            f"{_fmt(cpu_ratio, '.3f'):>9} {growth:>13} "
            f"{site['bytes'] / mb:>8.1f} {_fmt(base and base['site']['bytes'] / mb, '.1f'):>8} "
            f"{_fmt(site['probe_principle_bytes'] and site['probe_principle_bytes'] / 1024, '.1f'):>7} "
            f"{site['median_principle_bytes'] / 1024:>8.1f} {site['largest_principle']['bytes'] / 1024:>8.1f} "
            f"{_fmt(base and base['site']['median_principle_bytes'] / 1024, '.1f'):>9} "
            f"{largest:>28} {_fmt(ours['peak_mb'], '.0f'):>8} {_fmt(base and base['peak_mb'], '.0f'):>10}"
        )
        previous = r
    print(
        "\n  cpu ratio: build/base on CPU time (user + system); x prev: build time over the previous "
        "size's (size ratio in brackets); p0: principle "
        f"'{PROBE}' (same text at every N); med/max p: median/largest principle page; base p: median "
        "principle page of the baseline\n"
    )
    print("  index pages of ours (KB): home, largest stage page, largest role page, call-sheet index, print-all")
    for r in results:
        index = r["ours"]["site"]["index_pages"]

        def largest(prefix: str, index=index) -> float:
            sizes = [v for k, v in index.items() if k.startswith(prefix) and k != prefix + "index.html"]
            return max(sizes, default=0) / 1024

        print(
            f"  {r['n']:>5}: home {index.get('index.html', 0) / 1024:.0f}, stage {largest('stages/'):.0f}, "
            f"role {largest('roles/'):.0f}, call-sheets {index.get('call-sheets/index.html', 0) / 1024:.0f}, "
            f"print-all {index.get('call-sheets/print-all/index.html', 0) / 1024:.0f}"
        )
    print()
    for label, key in BARS:
        v = verdicts[key]
        state = "SKIP (size not measured)" if v["pass"] is None else ("PASS" if v["pass"] else "FAIL")
        value = "" if v["value"] is None else f" (measured {v['value']:.3f}, limit {v['limit']}"
        if v.get("cpu_value") is not None:
            value += f"; on CPU time {v['cpu_value']:.3f}"
        value += ")" if value else ""
        extra = ""
        if key == "page_growth" and "detail" in v:
            extra = " [" + ", ".join(f"{k} {d:+.1%}" for k, d in v["detail"].items()) + "]"
        print(f"  {state:<4} {label}{value}{extra}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,2000,3000", help="comma-separated principle counts")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (the median is kept)")
    parser.add_argument("--out", type=Path, help="write the raw figures as JSON to this file")
    parser.add_argument("--workdir", type=Path, help="where to generate (default: a new folder under /tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the generated playbooks and sites")
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain MkDocs baseline builds")
    parser.add_argument("--seed", type=int, default=0)
    add_snapshot_option(parser)
    args = parser.parse_args(argv)
    code = start_snapshot(args)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="pb-bench-", dir="/tmp"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"benchmark in {work} (repo {REPO})", flush=True)
    results = []
    started = time.perf_counter()
    try:
        for n in sizes:
            results.append(measure_size(n, work, args))
    finally:
        if not args.keep and args.workdir is None:
            remove(work)
    verdicts = evaluate(results)
    print_table(results, verdicts)
    if args.out:
        payload = {
            "code": code,
            "sizes": sizes,
            "repeat": args.repeat,
            "seed": args.seed,
            "python": platform.python_version(),
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
            "total_seconds": time.perf_counter() - started,
            "results": results,
            "bars": verdicts,
        }
        args.out.write_text(json.dumps(payload, indent=2) + "\n", "utf-8")
        print(f"\nraw figures: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
