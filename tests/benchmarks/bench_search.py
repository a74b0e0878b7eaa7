"""Search at scale in Chromium: our search (Pagefind) on the default site and at N principles, one run.

Run from the repository root (about 10 minutes on a quiet 2-core machine, most of it the build at
3,000 principles; ``--lunr`` also measures Material's lunr, the search before Pagefind, on both
sites, which adds some 10 minutes):

    python tests/benchmarks/bench_search.py [--n 3000] [--repeat 3] [--out results.json] [--lunr]
        [--workdir /tmp/...] [--keep] [--reuse] [--seed 0] [--snapshot worktree]

It builds the default playbook and a synthetic one of N principles (``synth.write_playbook``) with
``python -m mkdocs build`` in a child process (``--reuse`` measures again the sites a ``--keep`` run
left in ``--workdir``). Each site is served on 127.0.0.1 and Chromium opens a principle page with
``?q=QUERY`` (Material's search deep link) in a new browser context each time, so nothing is cached:
a first page view plus one search. The sites take turns run by run (default, N, default, N, ...), so
that a machine busier at one moment than another weighs on both sides of a ratio alike. Measured per
query, on a desktop profile and with the CPU slowed 4x (CDP ``Emulation.setCPUThrottlingRate``;
Chromium applies it to the page's renderer, the search worker included):

- the time from navigation start to the first answer drawn in the search dialog (a result, or
  "No matching documents"; a MutationObserver in the page);
- the bytes the search moved (Material's index and worker, our worker and its modules, the words
  files, ``pagefind/``), and the bytes of the whole first page view plus that search (every
  response: the page, CSS, JS, ``sitemap.xml``, the search), each raw (as a plain file server sends
  them) and compressed as ``deploy/nginx/playbook.conf`` serves them (gzip at nginx's default level 1
  for its gzip_types from 1,024 bytes up; Pagefind's pieces are compressed already).

Queries of four kinds on each site: a principle's title (as many words as the default site's once
common words are left out), a word on most pages (broad), a word with a typo, and words that find
nothing together until one is dropped (relaxed).

Bars (issue #26): for every query and profile, ours at N takes at most 2x the default site's time
to the first answer, median and worst run; a search moves at most 300 KiB; a first page view plus
one search moves at most 1.25x what it moves on the default site, raw and compressed. Times are
medians of ``--repeat`` runs, with the worst beside them; a busy machine makes them noisy.
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
# Set in the page before anything runs: the time the first answer is drawn (a result, or none).
FIRST_ANSWER = """
window.__firstAnswer = null;
new MutationObserver((changes, observer) => {
  const meta = document.querySelector(".md-search-result > .md-search-result__meta");
  if (document.querySelector(".md-search-result__item") || /^No matching/.test(meta?.textContent.trim())) {
    window.__firstAnswer = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true, characterData: true });
"""
SEARCH_URL = re.compile(
    r"/(search/search_index\.json|assets/javascripts/workers/|assets/playbook/(search|words/)|pagefind/)"
)
# What deploy/nginx/playbook.conf compresses: its gzip_types (by file suffix), from gzip_min_length.
NGINX_GZIP = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}
NGINX_MIN_LENGTH = 1024
NGINX_LEVEL = 1  # nginx's default gzip_comp_level
# Words a search leaves out of a query that has others (as the worker does).
COMMON = set(
    "a an and are as at be but by do for from has have i if in into is it its me my no not of on or our so than that "
    "the their them then there these they this those to up us was we were what when where which who why will with "
    "without would you your".split()
)


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


def first_answer(browser, site: Path, url: str, throttle: float) -> dict:
    """Open ``url`` in a fresh context: time to the first answer, bytes of the search and the view."""
    context = browser.new_context()
    context.add_init_script(FIRST_ANSWER)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())  # nothing leaves
    started, moved = [], []
    context.on("request", lambda request: started.append(request))
    context.on("requestfinished", lambda request: moved.append((request.url, _body_size(request))))
    context.on("requestfailed", lambda request: moved.append((request.url, 0)))
    try:
        page = context.new_page()
        if throttle != 1:
            page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        page.goto(url, wait_until="commit")
        page.wait_for_function("window.__firstAnswer !== null", timeout=180_000, polling=50)
        seconds = page.evaluate("window.__firstAnswer") / 1000
        page.wait_for_timeout(500)  # requests still finishing for this first answer
        for _ in range(100):  # and every request begun by then has finished (its size is known)
            if len(moved) >= len(started):
                break
            page.wait_for_timeout(100)
    finally:
        context.close()
    search = [(u, size) for u, size in moved if SEARCH_URL.search(u)]
    return {
        "seconds": seconds,
        "bytes": sum(size for _, size in search),
        "gzip_bytes": sum(_gzip_size(site, u, size) for u, size in search),
        "requests": len(search),
        "view_bytes": sum(size for _, size in moved),
        "view_gzip_bytes": sum(_gzip_size(site, u, size) for u, size in moved),
        "view_requests": len(moved),
        "sitemap_bytes": sum(size for u, size in moved if u.split("?")[0].endswith("/sitemap.xml")),
    }


def _body_size(request) -> int:
    try:
        return request.sizes()["responseBodySize"]
    except Exception:  # the context closed first (a request begun after the answer): not counted
        return 0


def _gzip_size(site: Path, url: str, size: int) -> int:
    """What nginx would send for one response: its text types compressed, the rest as is."""
    path = site / re.sub(r"^https?://[^/]+/", "", url).split("?")[0].split("#")[0]
    if path.is_dir():
        path = path / "index.html"
    if path.suffix not in NGINX_GZIP or not path.is_file() or size < NGINX_MIN_LENGTH:
        return size
    return len(gzip.compress(path.read_bytes(), compresslevel=NGINX_LEVEL))


def measure_sites(browser, sites: dict[str, tuple[Path, str, dict[str, str]]], repeat: int) -> dict:
    """Each query and profile on every site, the sites taking turns run by run, so that a machine
    busier at one moment than another weighs on both sides of a ratio alike."""
    servers = {name: SiteServer(site) for name, (site, _, _) in sites.items()}
    results: dict[str, dict] = {name: {} for name in sites}
    try:
        kinds = next(iter(sites.values()))[2]
        for kind in kinds:
            for profile, throttle in (("desktop", 1), ("4x CPU", 4)):
                runs: dict[str, list[dict]] = {name: [] for name in sites}
                for _ in range(repeat):
                    for name, (site, page_path, queries) in sites.items():
                        url = f"{servers[name].url}{page_path}?q={queries[kind].replace(' ', '+')}"
                        runs[name].append(first_answer(browser, site, url, throttle))
                for name, done in runs.items():
                    times = [r["seconds"] for r in done]
                    results[name][f"{kind}/{profile}"] = {
                        "query": sites[name][2][kind],
                        "median_s": median(times),
                        "worst_s": max(times),
                        "runs_s": times,
                        **{key: max(r[key] for r in done) for key in done[0] if key != "seconds"},
                    }
                    timing = f"{median(times):6.2f} s (worst {max(times):.2f})"
                    print(f"    {name:<18} {kind:<9} {profile:<8} {timing}", flush=True)
    finally:
        for server in servers.values():
            server.close()
    return results


def evaluate(sites: dict) -> list[tuple[bool, str]]:
    verdicts = []
    ours, base = sites["synth/pagefind"], sites["default/pagefind"]
    for key in base:
        ratio = ours[key]["median_s"] / base[key]["median_s"]
        worst = ours[key]["worst_s"] / base[key]["worst_s"]
        text = f"first answer {key}: at N / default = {ratio:.2f}x median, {worst:.2f}x worst run, bar 2x"
        if "synth/lunr" in sites:
            text += f" (lunr {sites['synth/lunr'][key]['median_s'] / sites['default/lunr'][key]['median_s']:.1f}x)"
        verdicts.append((ratio <= 2 and worst <= 2, text))
    heaviest = max(ours.values(), key=lambda r: r["bytes"])
    verdicts.append(
        (
            heaviest["bytes"] <= 300 * KIB,
            f"bytes moved by one search at N: at most {heaviest['bytes'] / KIB:.0f} KiB raw "
            f"({heaviest['gzip_bytes'] / KIB:.0f} KiB compressed; {heaviest['query']!r}), bar 300 KiB",
        )
    )
    for field, label in (("view_bytes", "raw"), ("view_gzip_bytes", "compressed")):
        ratios = {key: ours[key][field] / base[key][field] for key in base}
        key = max(ratios, key=ratios.get)
        verdicts.append(
            (
                ratios[key] <= 1.25,
                f"first page view + one search, {label}: at N / default at most {ratios[key]:.2f}x "
                f"({ours[key][field] / KIB:.0f} KiB / {base[key][field] / KIB:.0f} KiB, {key}), bar 1.25x",
            )
        )
    return verdicts


def print_table(sites: dict, builds: dict, verdicts: list[tuple[bool, str]], n: int) -> None:
    print("\nfirst answer after opening a page (median, worst in brackets); KiB moved, raw/compressed")
    print(f"{'site':<24}{'query/profile':<20}{'first answer':>16}{'search':>12}{'view+search':>14}{'sitemap':>9}")
    for name, results in sites.items():
        label = name.replace("synth", f"{n:,} principles").replace("default", "default site")
        for key, r in results.items():
            timing = f"{r['median_s']:.2f} s ({r['worst_s']:.2f})"
            search = f"{r['bytes'] / KIB:.0f}/{r['gzip_bytes'] / KIB:.0f}"
            view = f"{r['view_bytes'] / KIB:.0f}/{r['view_gzip_bytes'] / KIB:.0f}"
            print(f"{label:<24}{key:<20}{timing:>16}{search:>12}{view:>14}{r['sitemap_bytes'] / KIB:>9.1f}")
    built = ", ".join(f"{engine} {b['seconds']:.1f} s" for engine, b in builds.items())
    print("\nbuilds at N: " + (built or "none (--reuse)"))
    print("\nbars:")
    for ok, text in verdicts:
        print(f"  {'ok' if ok else 'FAIL':<4} {text}")


def _title(path: Path) -> str:
    return re.search(r"(?m)^title: (.*)$", path.read_text()).group(1).strip("'\"")


def _kept(title: str) -> list[str]:
    return [w for w in re.findall(r"[\w']+", title.lower()) if w not in COMMON]


def plan_queries(synth_root: Path, n: int) -> dict[str, tuple[str, dict[str, str]]]:
    """The page each site opens and its queries: the same kinds on both (the typo and the relaxed
    query in each site's own words: listening, warehouse; a word neither holds with others)."""
    default_principle = sorted((REPO / "content/principles").glob("*.yml"))[0].stem
    default_title = _title(REPO / f"content/principles/{default_principle}.yml")
    synth_principle, synth_title = next(
        (pid, title)
        for i in range(n // 2, n)
        for pid in [principle_id(i)]
        for title in [_title(synth_root / f"content/principles/{pid}.yml")]
        if len(_kept(title)) == len(_kept(default_title))
    )
    default = {"selective": default_title, "broad": "call", "typo": "listning", "relaxed": "receptionist blocks me"}
    synth = {"selective": synth_title, "broad": "call", "typo": "warehose", "relaxed": "warehouse invoice receptionist"}
    return {
        "default": (f"principles/{default_principle}/", default),
        "synth": (f"principles/{synth_principle}/", synth),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=3000, help="principles in the synthetic playbook")
    parser.add_argument("--repeat", type=int, default=3, help="page openings per measure")
    parser.add_argument("--out", type=Path, help="write the raw figures as JSON to this file")
    parser.add_argument("--workdir", type=Path, help="where to build (default: a new folder under /tmp)")
    parser.add_argument("--keep", action="store_true", help="keep the generated playbooks and sites")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lunr", action="store_true", help="also measure Material's lunr (the old search)")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the sites a --keep run left in --workdir again, unbuilt"
    )
    add_snapshot_option(parser)
    args = parser.parse_args(argv)
    code = start_snapshot(args)
    from playwright.sync_api import sync_playwright

    work = args.workdir or Path(tempfile.mkdtemp(prefix="pb-search-", dir="/tmp"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    default_root = work / "default"
    synth_root = work / "synth"
    engines = ("lunr", "pagefind") if args.lunr else ("pagefind",)
    builds = {}
    if not args.reuse:
        copy_playbook(REPO / "content", default_root / "content")
        (default_root / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text())
        write_playbook(synth_root, args.n, args.seed)
    try:
        for engine in () if args.reuse else engines:
            build(default_root, work / f"site-default-{engine}", engine)
            print(f"building {args.n:,} principles with {engine}...", flush=True)
            builds[engine] = build(synth_root, work / f"site-synth-{engine}", engine)
            print(f"  {builds[engine]['seconds']:.1f} s", flush=True)
        plan = plan_queries(synth_root, args.n)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            plans = {
                f"{name}/{engine}": (work / f"site-{name}-{engine}", *plan[name])
                for engine in engines
                for name in ("default", "synth")
            }
            sites = measure_sites(browser, plans, args.repeat)
            browser.close()
    finally:
        if not args.keep and args.workdir is None:
            remove(work)
    verdicts = evaluate(sites)
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
