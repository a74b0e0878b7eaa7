"""Search at scale in Chromium: Material's lunr (the old search) against ours (Pagefind), one run.

Run from the repository root (about 15 minutes on a quiet 2-core machine, most of it the two builds
at 3,000 principles and lunr's searches there):

    python tests/benchmarks/bench_search.py [--n 3000] [--repeat 3] [--out results.json]
        [--workdir /tmp/...] [--keep] [--seed 0] [--snapshot worktree]

It builds four sites, each with ``python -m mkdocs build`` in a child process: the default playbook
and a synthetic one of N principles (``synth.write_playbook``), each once with ``search: lunr`` (the
site as it was before Pagefind) and once with ours. The synthetic builds are timed: the build-time
cost of indexing is ours / lunr - 1 (wall and CPU time; lunr's build writes Material's full index).

Each site is served on 127.0.0.1 (no compression, as from a plain file server) and Chromium opens a
principle page with ``?q=QUERY`` (Material's search deep link) in a new browser context each time,
so nothing is cached: the time measured is from navigation start to the first result drawn in the
search dialog (a MutationObserver in the page), for a selective query (one principle's title) and a
broad one (a word on most pages), on a desktop profile and with the CPU slowed 4x
(CDP ``Emulation.setCPUThrottlingRate``; it slows the page's renderer, the search worker included
as Chromium applies it per process). Bytes moved for the search are the bodies of the requests that
serve search (Material's index and worker, our worker, ``pagefind/``), raw and as gzip would send
them (nginx compresses text; Pagefind's index pieces are compressed already).

Bars (SPEC.md, issue #15): ours at N takes at most 2x the default site's time to the first result in
the same run, for either query and profile; a search moves at most 300 KiB; indexing adds at most 15%
to the build at N. Times are medians of ``--repeat`` runs, with the worst beside them; on a busy
machine they are noisy (the ratios less so).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from _common import REPO, add_snapshot_option, median, mkdocs_build, remove, start_snapshot  # noqa: E402
from synth import principle_id, write_playbook  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS, SiteServer, copy_playbook  # noqa: E402

KIB = 1024
# Set in the page before anything runs: the time the first search result is drawn.
FIRST_RESULT = """
window.__firstResult = null;
new MutationObserver((changes, observer) => {
  if (document.querySelector(".md-search-result__item")) {
    window.__firstResult = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""
SEARCH_URL = re.compile(r"/(search/search_index\.json|assets/javascripts/workers/|assets/playbook/search|pagefind/)")


def with_search(root: Path, engine: str) -> None:
    """Point the playbook plugin of ``root/mkdocs.yml`` at one engine; no web fonts (no network)."""
    path = root / "mkdocs.yml"
    text = re.sub(r"(?m)^      search: \w+\n", "", path.read_text())
    text = re.sub(r"(?m)^  - playbook:\s*$", f"  - playbook:\n      search: {engine}", text, count=1)
    if "font: false" not in text:
        text = text.replace("  name: material\n", "  name: material\n  font: false\n", 1)
    path.write_text(text)


def build(root: Path, site: Path, engine: str) -> dict:
    with_search(root, engine)
    run = mkdocs_build(root / "mkdocs.yml", site)
    if run.returncode != 0:
        raise SystemExit(f"build of {root} ({engine}) failed:\n{run.stderr[-3000:]}")
    return {"seconds": run.seconds, "cpu_seconds": run.cpu_seconds}


def first_result(browser, site: Path, url: str, throttle: float) -> dict:
    """Open ``url`` in a fresh context; time to the first result and the search bytes moved."""
    context = browser.new_context()
    context.add_init_script(FIRST_RESULT)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())  # nothing leaves
    moved = []
    context.on("requestfinished", lambda request: moved.append((request.url, request.sizes()["responseBodySize"])))
    try:
        page = context.new_page()
        if throttle != 1:
            page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        page.goto(url, wait_until="commit")
        page.wait_for_function("window.__firstResult !== null", timeout=180_000, polling=50)
        seconds = page.evaluate("window.__firstResult") / 1000
        page.wait_for_timeout(200)  # requests still finishing for this first answer
    finally:
        context.close()
    search = [(u, size) for u, size in moved if SEARCH_URL.search(u)]
    raw = sum(size for _, size in search)
    compressed = sum(_gzip_size(site, u, size) for u, size in search)
    return {"seconds": seconds, "bytes": raw, "gzip_bytes": compressed, "requests": len(search)}


def _gzip_size(site: Path, url: str, size: int) -> int:
    """What nginx would send for one file: text compressed (level 6, its default), the rest as is."""
    path = site / re.sub(r"^https?://[^/]+/", "", url).split("?")[0]
    if path.suffix not in {".js", ".json", ".css"} or not path.is_file():
        return size
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def measure_site(browser, site: Path, page_path: str, queries: dict[str, str], repeat: int) -> dict:
    server = SiteServer(site)
    results = {}
    try:
        for kind, query in queries.items():
            for profile, throttle in (("desktop", 1), ("4x CPU", 4)):
                runs = [
                    first_result(browser, site, f"{server.url}{page_path}?q={query.replace(' ', '+')}", throttle)
                    for _ in range(repeat)
                ]
                times = [r["seconds"] for r in runs]
                results[f"{kind}/{profile}"] = {
                    "query": query,
                    "median_s": median(times),
                    "worst_s": max(times),
                    "runs_s": times,
                    "bytes": max(r["bytes"] for r in runs),
                    "gzip_bytes": max(r["gzip_bytes"] for r in runs),
                    "requests": max(r["requests"] for r in runs),
                }
                print(f"    {kind:<9} {profile:<8} {median(times):6.2f} s (worst {max(times):.2f})", flush=True)
    finally:
        server.close()
    return results


def evaluate(sites: dict, builds: dict) -> list[tuple[bool, str]]:
    verdicts = []
    for key in sites["default/pagefind"]:
        ratio = sites["synth/pagefind"][key]["median_s"] / sites["default/pagefind"][key]["median_s"]
        worst = sites["synth/pagefind"][key]["worst_s"] / sites["default/pagefind"][key]["median_s"]
        lunr = sites["synth/lunr"][key]["median_s"] / sites["default/lunr"][key]["median_s"]
        verdicts.append(
            (
                ratio <= 2,
                f"first result {key}: ours at N / default = {ratio:.2f}x "
                f"(worst run {worst:.2f}x; lunr {lunr:.1f}x), bar 2x",
            )
        )
    heaviest = max(r["bytes"] for r in sites["synth/pagefind"].values())
    verdicts.append(
        (heaviest <= 300 * KIB, f"bytes moved by one search at N: {heaviest / KIB:.0f} KiB raw, bar 300 KiB")
    )
    wall = builds["pagefind"]["seconds"] / builds["lunr"]["seconds"] - 1
    cpu = builds["pagefind"]["cpu_seconds"] / builds["lunr"]["cpu_seconds"] - 1
    verdicts.append((wall <= 0.15, f"build at N with indexing: {wall:+.0%} wall ({cpu:+.0%} CPU), bar +15%"))
    return verdicts


def print_table(sites: dict, builds: dict, verdicts: list[tuple[bool, str]], n: int) -> None:
    print("\ntime from opening a page to the first result (median of runs, worst in brackets), bytes for search")
    header = f"{'site':<22}{'query/profile':<20}{'first result':>18}{'moved':>12}{'gzip':>12}"
    print(header)
    for name, results in sites.items():
        label = name.replace("synth", f"{n:,} principles").replace("default", "default site")
        for key, r in results.items():
            timing = f"{r['median_s']:.2f} s ({r['worst_s']:.2f})"
            print(f"{label:<22}{key:<20}{timing:>18}{r['bytes'] / KIB:>9.0f} KiB{r['gzip_bytes'] / KIB:>8.0f} KiB")
    print(
        f"\nbuild at {n:,} principles: lunr {builds['lunr']['seconds']:.1f} s, "
        f"ours {builds['pagefind']['seconds']:.1f} s"
    )
    print("\nbars:")
    for ok, text in verdicts:
        print(f"  {'ok' if ok else 'FAIL':<4} {text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=3000, help="principles in the synthetic playbook")
    parser.add_argument("--repeat", type=int, default=3, help="page openings per measure")
    parser.add_argument("--out", type=Path, help="write the raw figures as JSON to this file")
    parser.add_argument("--workdir", type=Path, help="where to build (default: a new folder under /tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the generated playbooks and sites")
    parser.add_argument("--seed", type=int, default=0)
    add_snapshot_option(parser)
    args = parser.parse_args(argv)
    code = start_snapshot(args)
    from playwright.sync_api import sync_playwright

    work = args.workdir or Path(tempfile.mkdtemp(prefix="pb-search-", dir="/tmp"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    default_root = work / "default"
    copy_playbook(REPO / "content", default_root / "content")
    (default_root / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text())
    synth_root = work / "synth"
    write_playbook(synth_root, args.n, args.seed)
    builds = {}
    try:
        for engine in ("lunr", "pagefind"):
            build(default_root, work / f"site-default-{engine}", engine)
            print(f"building {args.n:,} principles with {engine}...", flush=True)
            builds[engine] = build(synth_root, work / f"site-synth-{engine}", engine)
            print(f"  {builds[engine]['seconds']:.1f} s", flush=True)
        # The same kinds of query on both: a principle's title, and a word on most pages.
        default_principle = sorted((REPO / "content/principles").glob("*.yml"))[0].stem
        default_title = re.search(
            r"(?m)^title: (.*)$", (REPO / f"content/principles/{default_principle}.yml").read_text()
        )
        synth_principle = principle_id(args.n // 2)
        synth_title = re.search(
            r"(?m)^title: (.*)$", (synth_root / f"content/principles/{synth_principle}.yml").read_text()
        )
        plan = {
            "default": (
                f"principles/{default_principle}/",
                {"selective": default_title.group(1).strip("'\""), "broad": "call"},
            ),
            "synth": (
                f"principles/{synth_principle}/",
                {"selective": synth_title.group(1).strip("'\""), "broad": "call"},
            ),
        }
        sites = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name in ("default", "synth"):
                page_path, queries = plan[name]
                for engine in ("lunr", "pagefind"):
                    print(f"  {name} / {engine}:", flush=True)
                    site = work / f"site-{name}-{engine}"
                    sites[f"{name}/{engine}"] = measure_site(browser, site, page_path, queries, args.repeat)
            browser.close()
    finally:
        if not args.keep and args.workdir is None:
            remove(work)
    verdicts = evaluate(sites, builds)
    print_table(sites, builds, verdicts, args.n)
    if args.out:
        payload = {
            "code": code,
            "n": args.n,
            "repeat": args.repeat,
            "seed": args.seed,
            "python": platform.python_version(),
            "machine": {"cpus": os.cpu_count(), "load": os.getloadavg(), "platform": platform.platform()},
            "total_seconds": time.perf_counter() - started,
            "builds": builds,
            "sites": sites,
            "bars": [{"ok": ok, "text": text} for ok, text in verdicts],
        }
        args.out.write_text(json.dumps(payload, indent=2) + "\n", "utf-8")
        print(f"\nraw figures: {args.out}")
    return 0 if all(ok for ok, _ in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
