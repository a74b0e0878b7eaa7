"""The commands that read the content and need no MkDocs: check, new, export, diff, codeowners, init.

Each command's heavier modules are imported by the command itself: `playbook check` runs on every
commit (a pre-commit hook) and its start-up is part of its time.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from . import codeowners
from .filecache import ParseStore
from .load import LoadResult, ReadCache, load_playbook
from .problems import FORMATTERS
from .settings import Settings, SettingsError, load_settings, read_settings

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def root_of(value: str | None) -> Path:
    return Path(value or ".").resolve()


def load_content(root: Path) -> LoadResult:
    return load_playbook(root, read_settings(root))


def settings_or_refusal(root: Path, command: str) -> Settings | int:
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
    root = root_of(args.root)
    started = time.perf_counter()
    settings = settings_or_refusal(root, "check")
    if isinstance(settings, int):
        return settings
    result = _check(root, settings, cache=not args.no_cache)
    sys.stdout.write(FORMATTERS[args.format](result.problems))
    if args.format == "text":
        print(_summary(result, time.perf_counter() - started), file=sys.stderr)
    failed = result.errors or (args.strict and result.warnings)
    return EXIT_CONTENT if failed else EXIT_OK


def cmd_new(args) -> int:
    from .scaffold import ScaffoldError, new_call_sheet, new_principle

    root = root_of(args.root)
    content = root / read_settings(root).content_dir
    make = new_principle if args.kind == "principle" else new_call_sheet
    try:
        path = make(content, args.id, stage=args.stage, title=args.title)
    except ScaffoldError as exc:
        print(f"playbook new: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    print(f"wrote {shown}: replace each TODO in it (`playbook check` lists them; --strict refuses them)")
    return EXIT_OK


def cmd_export(args) -> int:
    from .export import export_json

    root = root_of(args.root)
    result = load_content(root)
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
        report, head_has_errors = diff_revisions(root_of(args.root), args.base, args.head, args.format)
    except DiffError as exc:
        print(f"playbook diff: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(report)
    return EXIT_CONTENT if head_has_errors else EXIT_OK


def cmd_codeowners(args) -> int:
    root = root_of(args.root)
    result = load_content(root)
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
    from .newrepo import InitError, ask_repo_url, init_playbook, installed_from, tool_requirement

    target = Path(args.dir)
    try:
        repo_url = args.repo_url
        if repo_url is None and sys.stdin.isatty() and sys.stdout.isatty():
            repo_url = ask_repo_url()
        written = init_playbook(target, args.title, repo_url)
    except InitError as exc:
        print(f"playbook init: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"wrote a new playbook in {target} ({len(written)} files) and committed it on branch main")
    left = _check(target.resolve(), load_settings(target.resolve()), cache=False).warnings
    if left:
        print("Fill these in before the first push (`playbook check --strict` and the CI workflow refuse them):")
        sys.stdout.write(FORMATTERS["text"](left))
    source = (installed_from() or {}).get("url", "")
    if source.startswith("file:"):
        print(
            f"requirements.txt asks the package index for {tool_requirement()}; this copy came from {source}: "
            "until the index has it, point that line at your git host or a wheel (its comments say how)"
        )
    print(f"Next: cd {target} && playbook serve")
    return EXIT_OK
