"""The ``playbook`` command: check, build, serve, new, export, diff.

Building and serving run MkDocs in a child process, so this core package never imports MkDocs and
a failed build cannot leave a half-written site behind: it is built aside and swapped in whole.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from . import __version__, codeowners, environment, sitedir
from .filecache import ParseStore
from .load import LoadResult, ReadCache, load_playbook
from .problems import FORMATTERS
from .settings import Settings, SettingsError, load_settings, read_settings

# The other commands' modules are imported by the commands themselves: `playbook check` runs on
# every commit (a pre-commit hook) and its start-up is part of its time.

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _root(value: str | None) -> Path:
    return Path(value or ".").resolve()


def _load(root: Path) -> LoadResult:
    return load_playbook(root, read_settings(root))


def _settings_or_refusal(root: Path, command: str) -> Settings | int:
    """Check, build and serve refuse a root whose mkdocs.yml is missing, broken or without the plugin:
    exit 2 when there is no mkdocs.yml (a usage mistake: the wrong folder), 1 when it cannot be used."""
    try:
        return load_settings(root)
    except SettingsError as exc:
        print(f"playbook {command}: {exc}", file=sys.stderr)
        return EXIT_USAGE if exc.missing else EXIT_CONTENT


def _check(root: Path, settings: Settings, *, cache: bool = True) -> LoadResult:
    """The checks alone (no model), with the parse cache of playbook/filecache.py."""
    store = ParseStore.for_content(root / settings.content_dir) if cache else None
    result = load_playbook(root, settings, ReadCache(store), resolve=False)
    if store is not None:
        store.save()
    return result


def _summary(result: LoadResult, seconds: float) -> str:
    errors, warnings = len(result.errors), len(result.warnings)
    files = len(result.paths_read)
    if not errors and not warnings:
        return f"playbook check: {files} files, no problems ({seconds:.2f} s)"
    return f"playbook check: {files} files, {errors} error(s), {warnings} warning(s) ({seconds:.2f} s)"


def cmd_check(args) -> int:
    root = _root(args.root)
    started = time.perf_counter()
    settings = _settings_or_refusal(root, "check")
    if isinstance(settings, int):
        return settings
    result = _check(root, settings, cache=not args.no_cache)
    sys.stdout.write(FORMATTERS[args.format](result.problems))
    if args.format == "text":
        print(_summary(result, time.perf_counter() - started), file=sys.stderr)
    failed = result.errors or (args.strict and result.warnings)
    return EXIT_CONTENT if failed else EXIT_OK


def _mkdocs_env(**extra: str) -> dict[str, str]:
    """MkDocs' environment: Material's end-of-life notice silenced unless the caller set it."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": os.environ.get("NO_MKDOCS_2_WARNING", "1"), **extra}


def cmd_build(args) -> int:
    # The content is loaded once, by the plugin in the MkDocs child, which reports its errors itself
    # (plugins/content_errors.py) before anything touches the site.
    root = _root(args.root)
    settings = _settings_or_refusal(root, "build")
    if isinstance(settings, int):
        return settings
    site = Path(args.site_dir).resolve() if args.site_dir else (root / settings.site_dir).resolve()
    staging = None
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop)
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        if swept := sitedir.sweep(site):
            print(f"playbook build: removed {len(swept)} folder(s) left by interrupted builds", file=sys.stderr)
        staging = sitedir.open_staging(site)
        code = _run_mkdocs(root, staging, site, strict=args.strict, offline=args.offline)
        if code == 0:
            sitedir.swap_in(staging, site)
    except OSError as exc:
        if environment.cause(exc) is None:
            raise
        print(f"playbook build: {environment.describe(exc, site)}; {environment.UNTOUCHED}", file=sys.stderr)
        return EXIT_CONTENT
    finally:
        if staging is not None:
            staging.discard()
    if code == environment.REPORTED:
        return EXIT_CONTENT  # the child said what in one line
    if code != 0:
        print(f"playbook build: the build failed; {environment.UNTOUCHED}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"playbook build: site written to {site}", file=sys.stderr)
    return EXIT_OK


def _run_mkdocs(root: Path, staging: sitedir.Staging, site: Path, *, strict: bool, offline: bool) -> int:
    """MkDocs' build into the staging folder, in a child that inherits the staging lock (so the
    folder is not swept while the child still writes, even if this process is killed)."""
    # MkDocs' own `build` command, run by a module that turns a full disk or a read-only folder
    # into one line instead of MkDocs' traceback.
    command = [sys.executable, "-m", "playbook_plugins.build", "-f", str(root / "mkdocs.yml"), "-d", str(staging.path)]
    if strict:
        command.append("--strict")
    # PLAYBOOK_OFFLINE is read by the offline plugin's `enabled: !ENV` in mkdocs.yml.
    env = _mkdocs_env(**{environment.SITE_ENV: str(site)}, **({"PLAYBOOK_OFFLINE": "true"} if offline else {}))
    return subprocess.run(command, cwd=root, env=env, pass_fds=(staging.fd,)).returncode


def _stop(signum, frame) -> None:
    """SIGTERM or SIGHUP unwinds like Ctrl-C: the MkDocs child is stopped, the staging folder removed."""
    raise SystemExit(128 + signum)


def cmd_serve(args) -> int:
    root = _root(args.root)
    if isinstance(refused := _settings_or_refusal(root, "serve"), int):
        return refused  # content errors are the server's to report: it loads the content
    # MkDocs' server with incremental rebuilds; it lives with the plugins, as it imports MkDocs.
    command = [sys.executable, "-m", "playbook_plugins.serve", "-f", str(root / "mkdocs.yml")]
    if args.dev_addr:
        command += ["-a", args.dev_addr]
    if args.poll:
        command.append("--poll")
    env = _mkdocs_env()
    # Become the server (no child process): stopping `playbook serve` stops the server with it.
    os.chdir(root)
    os.execve(sys.executable, command, env)


def cmd_new(args) -> int:
    from .scaffold import ScaffoldError, new_call_sheet, new_principle

    root = _root(args.root)
    content = root / read_settings(root).content_dir
    make = new_principle if args.kind == "principle" else new_call_sheet
    try:
        path = make(content, args.id, stage=args.stage, title=args.title)
    except ScaffoldError as exc:
        print(f"playbook new: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"wrote {path.relative_to(root) if path.is_relative_to(root) else path}")
    return EXIT_OK


def cmd_export(args) -> int:
    from .export import export_json

    root = _root(args.root)
    result = _load(root)
    if result.playbook is None:
        sys.stderr.write(FORMATTERS["text"](result.problems))
        return EXIT_CONTENT
    text = export_json(result.playbook)
    if args.output and args.output != "-":
        Path(args.output).write_text(text, "utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_diff(args) -> int:
    from .diff import DiffError, diff_revisions

    try:
        report, head_has_errors = diff_revisions(_root(args.root), args.base, args.head, args.format)
    except DiffError as exc:
        print(f"playbook diff: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(report)
    return EXIT_CONTENT if head_has_errors else EXIT_OK


def cmd_codeowners(args) -> int:
    root = _root(args.root)
    result = _load(root)
    if result.playbook is None:
        sys.stderr.write(FORMATTERS["text"](result.errors))
        print("playbook codeowners: content errors; nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    if not result.playbook.owners:
        print(f"playbook codeowners: {result.playbook.path} has no `owners` map: nothing to write", file=sys.stderr)
        return EXIT_CONTENT
    path = codeowners.find(root) or root / codeowners.PLACES[0]
    text = path.read_text("utf-8") if path.is_file() else ""
    wanted = codeowners.updated(text, codeowners.playbook_section(result.playbook))
    rel = path.relative_to(root).as_posix()
    if args.check:
        if wanted == text:
            print(f"playbook codeowners: {rel} is up to date", file=sys.stderr)
            return EXIT_OK
        print(f"playbook codeowners: {rel} is out of date: run `playbook codeowners`", file=sys.stderr)
        return EXIT_CONTENT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(wanted, "utf-8")
    print(f"wrote {rel}")
    return EXIT_OK


def cmd_init(args) -> int:
    from .newrepo import InitError, init_playbook

    target = Path(args.dir)
    try:
        written = init_playbook(target, args.title)
    except InitError as exc:
        print(f"playbook init: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"wrote a new playbook in {target} ({len(written)} files): cd {target} && playbook serve")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="playbook", description="Build and check a team sales playbook.")
    parser.add_argument("--version", action="version", version=f"playbook {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        sub.add_argument("--root", help="the playbook's folder, holding mkdocs.yml (default: here)")
        return sub

    check = add("check", cmd_check, "Validate all content and report every problem with its file and line.")
    check.add_argument("--format", choices=sorted(FORMATTERS), default="text")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--no-cache", action="store_true", help="parse every file again (see playbook/filecache.py)")

    build = add("build", cmd_build, "Build the site (the same result as `mkdocs build`), replacing it only on success.")
    build.add_argument("--site-dir", help="where to write the site (default: site_dir of mkdocs.yml)")
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument(
        "--offline", action="store_true", help="a site that works from file:// (Material's offline plugin)"
    )

    serve = add("serve", cmd_serve, "Preview the site; edits to content rebuild it and reload the browser.")
    serve.add_argument("-a", "--dev-addr", help="IP:PORT to serve on (default 127.0.0.1:8000)")
    serve.add_argument("--poll", action="store_true", help="poll for file changes (for drives that do not report them)")

    new = add("new", cmd_new, "Write a stub principle or call sheet that passes `playbook check`.")
    new.add_argument("kind", choices=["principle", "call-sheet"])
    new.add_argument("id", help="lowercase-kebab id; also the file name")
    new.add_argument("--stage", help="a stage id from playbook.yml (default: the first)")
    new.add_argument("--title", help="the title (default: made from the id)")

    init = commands.add_parser(
        "init",
        help="Start a new playbook repository.",
        description="Start a new playbook repository that builds and passes `playbook check` at once.",
    )
    init.set_defaults(handler=cmd_init)
    init.add_argument("dir", help="the new repository's folder (must not exist or be empty)")
    init.add_argument("--title", help="the playbook's title (default: made from the folder name)")

    export = add("export", cmd_export, "Write the whole playbook as data, references resolved.")
    export.add_argument("--format", choices=["json"], default="json")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")

    diff = add("diff", cmd_diff, "Show what changed for a reviewer between two git revisions of the playbook.")
    diff.epilog = (
        "Exit status: 0 the report was written and HEAD has no content errors; 1 the report was written "
        "and HEAD has content errors (listed first); 2 nothing was compared: a usage error, an unknown "
        "revision, or no git repository."
    )
    diff.add_argument("base", help="the revision to compare from, e.g. origin/main")
    diff.add_argument("head", nargs="?", default="HEAD", help="the revision to compare to (default: HEAD)")
    diff.add_argument("--format", choices=["markdown", "text"], default="text", help="markdown suits a PR comment")

    owners = add(
        "codeowners",
        cmd_codeowners,
        "Write CODEOWNERS from `owners` in playbook.yml and each principle's `owner`, so a change to a "
        "principle asks its owner for review.",
    )
    owners.epilog = (
        f"The file is the repository's existing CODEOWNERS ({', '.join(codeowners.PLACES)}, where GitHub looks), "
        f"else {codeowners.PLACES[0]}; only its marked playbook section is rewritten."
    )
    owners.add_argument("--check", action="store_true", help="write nothing; exit 1 when the file is out of date")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours: one clear line, never a traceback
        print(f"playbook {args.command}: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_CONTENT


if __name__ == "__main__":
    sys.exit(main())
