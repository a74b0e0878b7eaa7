"""`playbook serve`: MkDocs' live-reload server, with incremental rebuilds and an error banner.

It is ``mkdocs serve --dirty`` with three differences:

- file changes are noticed by the operating system's change events (watchdog's native observer)
  instead of MkDocs' half-second polling, which costs a quarter of a second per edit on average and
  a full scan of the content folder twice a second; ``--poll`` brings polling back for file systems
  without change events (some network drives and container mounts);
- content errors are shown in a banner that is added to pages as they are served, so a broken file
  does not force every page to be written again, and neither does its fix;
- the warning MkDocs prints on every dirty build does not apply: the playbook plugin makes dirty
  builds equal to clean ones (see ``incremental.py``).

    python -m playbook_plugins.serve [-f mkdocs.yml] [-a 127.0.0.1:8000] [--poll]
"""

from __future__ import annotations

import argparse
import gc
import logging
import re
import shutil
import sys
import tempfile
import threading
from os.path import isdir, isfile, join
from urllib.parse import urlsplit

import watchdog.observers
from mkdocs import __main__ as mkdocs_cli
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError
from mkdocs.livereload import LiveReloadServer, _serve_url
from watchdog.events import FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent

from .plugin import banner_html

log = logging.getLogger("mkdocs.playbook.serve")
BODY_TAG = re.compile(rb"<body[^>]*>")
DIRTY_WARNING = "A 'dirty' build is being performed"
CHANGE_EVENTS = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent]


class PreviewServer(LiveReloadServer):
    """MkDocs' server; pages are served with a banner listing the problems of the last build."""

    problems: list[str] = []

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        if not self.problems:
            return content
        banner = banner_html(self.problems).encode("utf-8")
        return BODY_TAG.sub(lambda m: m.group(0) + banner, content, count=1)


class ChangeObserver(watchdog.observers.Observer):
    """The native observer, told to report changes only: it would also report every file that a
    build opens and closes, and each build would start the next."""

    def schedule(self, event_handler, path, **kwargs):
        kwargs.setdefault("event_filter", CHANGE_EVENTS)
        return super().schedule(event_handler, path, **kwargs)


class IdleCollector:
    """Python's cycle collector, moved out of the way of rebuilds.

    A preview of thousands of pages holds millions of objects, and a full collection of them takes
    about half a second; left to itself Python runs one in the middle of a rebuild. So collection is
    off while building, and a full collection runs a moment after each build, once the browser has
    had its page. What the first build keeps for good (the content cache, the remembered pages) is
    frozen out of later collections, so those stay short.
    """

    def __init__(self, delay: float = 1.0):
        self.delay = delay
        self.timer: threading.Timer | None = None
        self.frozen = False

    def collect_soon(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.timer = threading.Timer(self.delay, self._collect)
        self.timer.daemon = True
        self.timer.start()

    def _collect(self) -> None:
        gc.collect()
        if not self.frozen:
            gc.freeze()
            self.frozen = True


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def serve(config_file: str, dev_addr: str | None = None, *, poll: bool = False) -> None:
    site_dir = tempfile.mkdtemp(prefix="playbook-serve-")
    options = {"dev_addr": dev_addr} if dev_addr else {}

    def get_config():
        return load_config(config_file=config_file, site_dir=site_dir, **options)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    idle = IdleCollector()
    server = PreviewServer(builder=lambda: None, host=host, port=port, root=site_dir, mount_path=mount_path)

    def builder(config=None) -> None:
        log.info("Building documentation...")
        gc.disable()  # see _collect_when_idle
        try:
            config = config or get_config()
            config.site_url = serve_url
            build(config, serve_url=serve_url, dirty=True)
        except (ConfigurationError, PluginError, BuildError, Abort) as exc:
            # Keep serving the last site and say why, in the terminal and in the page.
            server.problems = [f"{config_file}: error: {exc}".strip()]
            log.error(server.problems[0])
            return
        finally:
            gc.enable()
            idle.collect_soon()
        playbook = config.plugins.get("playbook")
        server.problems = list(getattr(playbook, "banner", []))

    server.builder = builder
    if not poll:
        server.observer = ChangeObserver()

    def error_handler(code: int) -> bytes | None:
        page = join(site_dir, f"{code}.html")
        if code in (404, 500) and isfile(page):
            with open(page, "rb") as f:
                return f.read()
        return None

    server.error_handler = error_handler
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        if isdir(site_dir):
            shutil.rmtree(site_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="playbook serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-a", "--dev-addr", help="IP:PORT to serve on (default: dev_addr of mkdocs.yml)")
    parser.add_argument("--poll", action="store_true", help="poll for changes instead of change events")
    args = parser.parse_args(argv)
    state = mkdocs_cli.State()  # MkDocs' console logging, as `mkdocs serve` sets it up
    state.stream.addFilter(_DropDirtyWarning())
    try:
        serve(args.config_file, args.dev_addr, poll=args.poll)
    except (ConfigurationError, Abort) as exc:
        print(f"playbook serve: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
