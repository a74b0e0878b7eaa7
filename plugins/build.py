"""MkDocs' own ``build`` command, as `playbook build` runs it, with its failures told by ``failures.py``.

Content errors are reported as `playbook check` words them, and a full disk or a read-only folder
is one line, not MkDocs' traceback (MkDocs lets an ``OSError`` raised while it writes the site escape
after logging the page it failed on). The process then exits with ``environment.REPORTED``, which
tells the CLI the operator has been told. Everything else behaves exactly as ``mkdocs build``.

    python -m playbook_plugins.build [mkdocs build options]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from playbook import environment

from .failures import ContentErrors, quiet_build_log, report
from .internals import mkdocs_command


def main(argv: list[str] | None = None) -> int:
    quiet_build_log()
    site = Path(value) if (value := os.environ.get(environment.SITE_ENV)) else None
    try:
        return mkdocs_command(["build", *(sys.argv[1:] if argv is None else argv)], raises=ContentErrors)
    except (ContentErrors, OSError) as exc:  # content errors: found in on_config, the site untouched
        if (code := report("build", exc, site)) is None:
            raise
        return code


if __name__ == "__main__":
    sys.exit(main())
