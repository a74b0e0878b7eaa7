"""Content errors found in the MkDocs process, reported once, in the words of the command that ran it.

The content is loaded once per command, by the plugin. `mkdocs build` shows its errors as MkDocs
shows any plugin error ("content errors: ..."); `playbook build` and `playbook serve` show them as
`playbook check` does: the problems on standard output, one line on standard error, and no site.
"""

from __future__ import annotations

import logging
import sys

from mkdocs.exceptions import PluginError

from playbook.problems import FORMATTERS, Problem, format_text


class ContentErrors(PluginError):
    """Errors in the content (and its warnings, in strict mode): raised before MkDocs touches the site."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("content errors:\n" + format_text(self.problems).rstrip())


def report(command: str, problems: list[Problem]) -> None:
    sys.stdout.write(FORMATTERS["text"](problems))
    print(f"playbook {command}: content errors; nothing was built", file=sys.stderr)


class DropContentErrors(logging.Filter):
    """MkDocs logs a build error before raising it; the playbook commands report content errors themselves."""

    def filter(self, record: logging.LogRecord) -> bool:
        # The filter runs inside MkDocs' `except` block, so the error being handled is at hand.
        return not isinstance(sys.exc_info()[1], ContentErrors)
