"""A failed build, told once and in one place, for `playbook build`, `playbook serve` and `mkdocs build`.

Three kinds of failure reach an operator: content errors (found in ``on_config``, before the site
is touched), faults of the machine (a full disk, a read-only folder, a busy port) and everything
else (a broken mkdocs.yml, a bug of ours, which the plugin words as "internal error"). Plain
`mkdocs build` shows them as MkDocs shows any plugin error; the playbook commands word them here:

- content errors as `playbook check` prints them (the problems on standard output) and one line on
  standard error;
- a machine's fault as one line naming its cause and path;
- in the live preview, each as the one line of the banner over the last good pages.

MkDocs logs a build error before raising it; ``QuietBuildLog`` drops those log lines for the two
kinds worded here, so each failure is told once. (It runs inside MkDocs' ``except`` block, where
the error being handled is at hand: see ``internals.py``.)
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError

from playbook import environment
from playbook.problems import FORMATTERS, Problem, format_text

from .internals import error_being_logged, is_page_error


class ContentErrors(PluginError):
    """Errors in the content (and its warnings, in strict mode): raised before MkDocs touches the site."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("content errors:\n" + format_text(self.problems).rstrip())


class ServeFault(Exception):
    """The preview cannot start for a reason of the machine (a busy port): one line, no traceback."""


def report(command: str, exc: BaseException, site: Path | None = None) -> int | None:
    """Tell the operator why `playbook <command>` failed; the exit status, or None for an error
    that is not ours to word (the caller re-raises it)."""
    if isinstance(exc, ContentErrors):
        sys.stdout.write(FORMATTERS["text"](exc.problems))
        print(f"playbook {command}: content errors; nothing was built", file=sys.stderr)
        return environment.REPORTED
    if environment.cause(exc) is not None:
        untouched = f"; {environment.UNTOUCHED}" if command == "build" else ""
        print(f"playbook {command}: {environment.describe(exc, site)}{untouched}", file=sys.stderr)
        return environment.REPORTED
    if isinstance(exc, (ConfigurationError, Abort, ServeFault)):
        print(f"playbook {command}: {exc}", file=sys.stderr)
        return 1
    return None


def banner_line(exc: BaseException, config_file: str) -> str | None:
    """The banner's line for a failed preview build; None for an error the preview cannot outlive."""
    if environment.cause(exc) is not None:
        return f"{environment.where(exc)}: error: {environment.cause(exc)}"
    if isinstance(exc, (ConfigurationError, PluginError, BuildError, Abort)):
        return f"{config_file}: error: {exc}".strip()
    return None


class QuietBuildLog(logging.Filter):
    """Drops MkDocs' log of an error that this module words itself (content errors; a machine's
    fault while writing a page), so the operator reads it once."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = error_being_logged()
        if isinstance(error, ContentErrors):
            return False
        return not (is_page_error(record.getMessage()) and environment.cause(error) is not None)


def quiet_build_log() -> QuietBuildLog:
    """The filter, on the logger MkDocs' build reports errors with."""
    quiet = QuietBuildLog()
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    return quiet
