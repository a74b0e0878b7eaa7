"""`playbook serve`: the live preview, started, and what stops it told in one line.

It is ``mkdocs serve --dirty`` with native change events, the banner added as pages are served and
no dirty-build warning; the server and its builds live in the live-preview room (``live/server.py``,
``live/builder.py``). This module is the command; failures are worded by ``failures.py``.

    python -m playbook_plugins.serve [-f mkdocs.yml] [-a 127.0.0.1:8000] [--poll]
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import tempfile
from os.path import isdir
from pathlib import Path

from playbook import environment

from .failures import ServeFault, quiet_build_log, report
from .live.builder import console_logging
from .live.server import run_preview


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP: stop as on Ctrl-C, so the temporary site folder is removed."""


def _stop(signum, frame) -> None:
    raise Stopped(signum)


def serve(config_file: str, dev_addr: str | None = None, *, poll: bool = False) -> None:
    site_dir = tempfile.mkdtemp(prefix="playbook-serve-")
    try:
        run_preview(config_file, site_dir, dev_addr, poll=poll)
    except OSError as exc:  # the first build met a full disk or a read-only temporary folder
        if environment.cause(exc) is None:
            raise
        raise ServeFault(environment.describe(exc, Path(site_dir))) from None
    finally:
        if isdir(site_dir):
            shutil.rmtree(site_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="playbook serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-a", "--dev-addr", help="IP:PORT to serve on (default: dev_addr of mkdocs.yml)")
    parser.add_argument("--poll", action="store_true", help="poll for changes instead of change events")
    args = parser.parse_args(argv)
    with console_logging():  # MkDocs' console, as long as the server runs
        quiet_build_log()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, _stop)
        try:
            serve(args.config_file, args.dev_addr, poll=args.poll)
        except Stopped as stop:
            return 128 + stop.args[0]
        except KeyboardInterrupt:
            return 130
        except Exception as exc:
            if report("serve", exc) is None:
                raise
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
