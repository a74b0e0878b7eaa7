"""Where the build of a synthetic playbook spends its time: cProfile of one `mkdocs build`.

Run from the repository root (about a minute at N=1000):

    python tests/benchmarks/bench_profile.py [--n 1000] [--top 15] [--prof prof.out] [--out profile.json]

It writes a synthetic playbook of N principles (``synth.write_playbook``), runs
``python -m cProfile -o PROF -m mkdocs build -q -f DIR/mkdocs.yml -d SITE`` in a child process, then
prints (1) the top functions by cumulative time that live in ``playbook/`` or ``plugins/`` (our
Python code and our Jinja templates) and (2) the build's time split: our plugin events, MkDocs'
Markdown rendering, Material's page templates, the search plugin, static files and the rest.
Cumulative times under cProfile are inflated (by roughly 1.5-2x) but their proportions hold.
"""

from __future__ import annotations

import argparse
import json
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import add_snapshot_option, remove, start_snapshot, timed  # noqa: E402
from synth import write_playbook  # noqa: E402


def _our_dirs() -> dict[str, str]:
    """Where our packages live (the repository, or a snapshot): folder -> the name shown."""
    import playbook
    import playbook_plugins

    return {
        str(Path(playbook.__file__).parent) + "/": "playbook/",
        str(Path(playbook_plugins.__file__).parent) + "/": "plugins/",
    }


def _ours(filename: str, dirs: dict[str, str]) -> str | None:
    for folder, shown in dirs.items():
        if filename.startswith(folder):
            return shown + filename[len(folder) :]
    return None


def _find(stats: dict, path_end: str, name: str) -> list[tuple]:
    return [key for key in stats if key[0].endswith(path_end) and key[2] == name]


def _cum(stats: dict, path_end: str, name: str) -> float:
    return sum(stats[key][3] for key in _find(stats, path_end, name))


def _cum_from(stats: dict, path_end: str, name: str, caller_end: str, caller_name: str) -> float:
    """Cumulative time of a function counted only for calls made by one caller."""
    total = 0.0
    for key in _find(stats, path_end, name):
        for caller, figures in stats[key][4].items():
            if caller[0].endswith(caller_end) and caller[2] == caller_name:
                total += figures[3]
    return total


def analyse(prof: Path, top: int) -> dict:
    ps = pstats.Stats(str(prof))
    stats = ps.stats  # (file, line, function) -> (primitive calls, calls, tottime, cumtime, callers)
    dirs = _our_dirs()
    ours = sorted(
        ((key, value) for key, value in stats.items() if _ours(key[0], dirs)), key=lambda kv: kv[1][3], reverse=True
    )
    top_ours = [
        {
            "function": f"{_ours(key[0], dirs)}:{key[1]}({key[2]})",
            "calls": value[1],
            "tottime": round(value[2], 3),
            "cumtime": round(value[3], 3),
        }
        for key, value in ours[:top]
    ]
    plugin = "plugins/plugin.py"
    events = {name: _cum(stats, plugin, name) for name in ("on_config", "on_files", "on_nav", "on_page_markdown")}
    # With theme material, `search` is Material's search plugin; MkDocs' own one otherwise.
    search_files = ("material/plugins/search/plugin.py", "mkdocs/contrib/search/__init__.py")
    search_parts = {
        name: sum(_cum(stats, path, name) for path in search_files)
        for name in ("on_config", "on_pre_build", "on_page_context", "on_post_build")
    }
    build_py = "mkdocs/commands/build.py"
    build_total = _cum(stats, build_py, "build")
    populate = _cum(stats, build_py, "_populate_page")
    build_page = _cum(stats, build_py, "_build_page")
    page_templates = _cum_from(stats, "jinja2/environment.py", "render", build_py, "_build_page")
    theme_templates = _cum(stats, build_py, "_build_theme_template")
    copy_static = _cum(stats, "mkdocs/structure/files.py", "copy_file")
    get_files = _cum(stats, "mkdocs/structure/files.py", "get_files")
    get_nav = _cum(stats, "mkdocs/structure/nav.py", "get_navigation")
    total = max((value[3] for value in stats.values()), default=0.0)  # the outermost frame
    inside = {
        "ours: on_config (load + validate + renderer)": events["on_config"],
        "ours: on_files (generate every page's Markdown)": events["on_files"],
        "ours: on_nav + on_page_markdown (home map)": events["on_nav"] + events["on_page_markdown"],
        "MkDocs: Markdown to HTML of every page (_populate_page, less ours)": populate - events["on_page_markdown"],
        "Material: page templates (Template.render in _build_page)": page_templates,
        "search plugin (index every page, write search_index.json)": sum(search_parts.values()),
        "MkDocs: rest of _build_page (context, other plugin events, writing)": build_page
        - page_templates
        - search_parts["on_page_context"],
        "MkDocs: theme templates (sitemap.xml, 404.html)": theme_templates,
        "MkDocs: get_files + navigation": get_files + get_nav,
        "MkDocs: copying static files (theme assets)": copy_static,
    }
    split = {
        "total under cProfile (imports, config, build)": total,
        "mkdocs build() in all": build_total,
        **inside,
        "other inside build()": build_total - sum(inside.values()),
        "outside build() (imports, config loading, CLI)": total - build_total,
    }
    return {"top_ours": top_ours, "split": split, "search_parts": search_parts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="principles in the synthetic playbook")
    parser.add_argument("--top", type=int, default=15, help="how many of our functions to list")
    parser.add_argument("--prof", type=Path, help="keep the raw profile here (default: a temporary file)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON to this file")
    parser.add_argument("--seed", type=int, default=0)
    add_snapshot_option(parser)
    args = parser.parse_args(argv)
    code = start_snapshot(args)
    work = Path(tempfile.mkdtemp(prefix="pb-profile-", dir="/tmp"))
    try:
        root = work / "playbook"
        write_playbook(root, args.n, seed=args.seed)
        prof = args.prof or work / "prof.out"
        config = str(root / "mkdocs.yml")
        plain = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(work / "site1")])
        run = timed(
            [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build", "-q"]
            + ["-f", config, "-d", str(work / "site")]
        )
        if run.returncode != 0 or plain.returncode != 0:
            print(run.stderr[-3000:] or plain.stderr[-3000:], file=sys.stderr)
            return 1
        result = analyse(prof, args.top)
    finally:
        remove(work)  # a --prof file given by the caller lives elsewhere

    print(
        f"N={args.n}: build {plain.seconds:.2f} s wall ({plain.cpu_seconds or 0:.2f} s CPU) without the profiler, "
        f"{run.seconds:.2f} s wall ({run.cpu_seconds or 0:.2f} s CPU) under cProfile\n"
    )
    print(f"Top {args.top} functions of playbook/ and plugins/ by cumulative time (profiled seconds):")
    print(f"  {'cumtime':>8} {'tottime':>8} {'calls':>8}  function")
    for row in result["top_ours"]:
        print(f"  {row['cumtime']:>8.3f} {row['tottime']:>8.3f} {row['calls']:>8}  {row['function']}")
    total = result["split"]["total under cProfile (imports, config, build)"] or 1
    print("\nTime split (profiled seconds, share of the whole run):")
    for name, seconds in result["split"].items():
        print(f"  {seconds:>8.2f} s {seconds / total:>6.1%}  {name}")
    if args.out:
        payload = {
            "code": code,
            "n": args.n,
            "seconds": plain.seconds,
            "cpu_seconds": plain.cpu_seconds,
            "profiled_seconds": run.seconds,
            **result,
        }
        args.out.write_text(json.dumps(payload, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
