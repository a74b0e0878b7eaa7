"""`playbook serve`: MkDocs' live-reload server, with incremental rebuilds and an error banner.

It is ``mkdocs serve --dirty`` with native change events, the banner added as pages are served and
no dirty-build warning; the pieces live in the live-preview room (``live/server.py``). This module
is the command: it starts the server, and turns what the machine refuses into one line.

    python -m playbook_plugins.serve [-f mkdocs.yml] [-a 127.0.0.1:8000] [--poll]
"""

from __future__ import annotations

import argparse
import logging
import shutil
import signal
import sys
import tempfile
from os.path import isdir, isfile, join
from pathlib import Path

from mkdocs.exceptions import Abort, ConfigurationError

from playbook import environment

from .build import DropEnvironmentPageErrors
from .content_errors import ContentErrors, report
from .live.server import PreviewBuilder, PreviewServer, console_logging, log


class ServeFault(Exception):
    """The preview cannot start for a reason of the machine (a busy port): one line, no traceback."""


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP: stop as on Ctrl-C, so the temporary site folder is removed."""


def _stop(signum, frame) -> None:
    raise Stopped(signum)


def serve(config_file: str, dev_addr: str | None = None, *, poll: bool = False) -> None:
    site_dir = tempfile.mkdtemp(prefix="playbook-serve-")
    try:
        _serve(config_file, site_dir, dev_addr, poll=poll)
    except OSError as exc:  # the first build met a full disk or a read-only temporary folder
        if environment.cause(exc) is None:
            raise
        raise ServeFault(environment.describe(exc, Path(site_dir))) from None
    finally:
        if isdir(site_dir):
            shutil.rmtree(site_dir)


def _serve(config_file: str, site_dir: str, dev_addr: str | None, *, poll: bool) -> None:
    builder = PreviewBuilder(config_file, site_dir, dev_addr)
    config = builder.config
    host, port = config.dev_addr
    server = PreviewServer(builder=lambda: None, host=host, port=port, root=site_dir, mount_path=builder.mount_path)
    try:
        server.listen()
    except OSError as exc:
        if (cause := environment.cause(exc)) is None:
            raise
        raise ServeFault(f"{cause}: {f'[{host}]' if ':' in host else host}:{port}") from None

    def build_and_show(config=None) -> None:
        server.problems = builder(config)

    server.builder = build_and_show
    if not poll:
        server.use_change_events()

    def error_handler(code: int) -> bytes | None:
        page = join(site_dir, f"{code}.html")
        if code in (404, 500) and isfile(page):
            with open(page, "rb") as f:
                return f.read()
        return None

    server.error_handler = error_handler
    try:
        build_and_show(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=build_and_show)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
    finally:
        server.shutdown()
        config.plugins.on_shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="playbook serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-a", "--dev-addr", help="IP:PORT to serve on (default: dev_addr of mkdocs.yml)")
    parser.add_argument("--poll", action="store_true", help="poll for changes instead of change events")
    args = parser.parse_args(argv)
    with console_logging():  # MkDocs' console, as long as the server runs
        logging.getLogger("mkdocs.commands.build").addFilter(DropEnvironmentPageErrors())
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, _stop)
        try:
            serve(args.config_file, args.dev_addr, poll=args.poll)
        except ContentErrors as exc:  # in the first build: there is nothing to serve
            report("serve", exc.problems)
            return 1
        except (ConfigurationError, Abort, ServeFault) as exc:
            print(f"playbook serve: {exc}", file=sys.stderr)
            return 1
        except OSError as exc:
            if environment.cause(exc) is None:
                raise
            print(f"playbook serve: {environment.describe(exc)}", file=sys.stderr)
            return 1
        except Stopped as stop:
            return 128 + stop.args[0]
        except KeyboardInterrupt:
            return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
