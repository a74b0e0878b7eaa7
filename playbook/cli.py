"""The ``playbook`` command line: its arguments, and one clear line instead of a traceback.

The commands themselves are in ``commands`` (those that need no MkDocs) and ``site_commands``
(build and serve, which run MkDocs in a child process).
"""

from __future__ import annotations

import argparse
import sys

from . import __version__, codeowners
from .commands import (
    EXIT_CONTENT,
    cmd_check,
    cmd_codeowners,
    cmd_diff,
    cmd_export,
    cmd_init,
    cmd_new,
)
from .problems import FORMATTERS
from .site_commands import cmd_build, cmd_serve


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
        description="Start a new playbook repository (git, one commit) that builds and passes `playbook check`.",
    )
    init.set_defaults(handler=cmd_init)
    init.add_argument("dir", help="the new repository's folder (must not exist or be empty)")
    init.add_argument("--title", help="the playbook's title (default: made from the folder name)")
    init.add_argument(
        "--repo-url",
        help="the repository's address, e.g. https://github.com/acme/playbook (default: asked when run in a "
        "terminal, else an example address that `playbook check` warns about)",
    )

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
