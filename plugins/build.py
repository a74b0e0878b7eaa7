"""MkDocs' own ``build`` command, as `playbook build` runs it: content errors are reported as
`playbook check` words them (``content_errors.py``), and a full disk or a read-only folder is one
line, not MkDocs' traceback.

MkDocs lets an ``OSError`` raised while it writes the site escape as a traceback, after logging
the page it failed on and "[Errno 28] ...". Here such an error of the environment (see
``playbook/environment.py``) is printed as ``playbook build: <cause>: <path>; ...`` and the
process exits with ``environment.REPORTED``, which tells the CLI the operator has been told.
Everything else behaves exactly as ``mkdocs build``.

MkDocs internals relied on (an upgrade that changes them shows as a traceback or a doubled line in
tests/test_faults.py): the logger ``mkdocs.commands.build`` and its two page messages, and click's
standalone mode passing an ``OSError`` (other than EPIPE) through MkDocs' command line (both reached
through ``internals.py``).

    python -m playbook_plugins.build [mkdocs build options]
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from playbook import environment

from . import content_errors
from .internals import is_page_error, mkdocs_command


class DropEnvironmentPageErrors(logging.Filter):
    """MkDocs' page builder logs the error before raising it; this module prints it once, in its words."""

    def filter(self, record: logging.LogRecord) -> bool:
        # The filter runs inside MkDocs' `except` block, so the error being handled is at hand.
        return not (is_page_error(record.getMessage()) and environment.cause(sys.exc_info()[1]))


def main(argv: list[str] | None = None) -> int:
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(DropEnvironmentPageErrors())
    build_log.addFilter(content_errors.DropContentErrors())
    site = Path(value) if (value := os.environ.get(environment.SITE_ENV)) else None
    try:
        return mkdocs_command(["build", *(sys.argv[1:] if argv is None else argv)], raises=content_errors.ContentErrors)
    except content_errors.ContentErrors as exc:  # found in on_config: the site was not touched
        content_errors.report("build", exc.problems)
        return environment.REPORTED
    except OSError as exc:  # click's standalone mode lets these through
        if environment.cause(exc) is None:
            raise
        print(f"playbook build: {environment.describe(exc, site)}; {environment.UNTOUCHED}", file=sys.stderr)
        return environment.REPORTED


if __name__ == "__main__":
    sys.exit(main())
