"""The live preview's server: MkDocs' live-reload server, told about changes by the operating
system, serving pages with the error banner, and started the way `mkdocs serve` starts it.

- file changes are noticed by the operating system's change events (watchdog's native observer)
  instead of MkDocs' half-second polling, which costs a quarter of a second per edit on average and
  a full scan of the content folder twice a second; ``--poll`` brings polling back for file systems
  without change events (some network drives and container mounts);
- content errors are shown in a banner that is added to pages as they are served, so a broken file
  does not force every page to be written again, and neither does its fix;
- the port is taken before the first build, so a busy port is reported at once.

``run_preview`` is MkDocs' ``serve()`` (mkdocs/commands/serve.py) with these changes; what it relies
on of MkDocs' server is listed in ``internals.py``.
"""

from __future__ import annotations

from os.path import isfile, join

import watchdog.observers
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent

from playbook import environment

from ..failures import ServeFault
from .banner import with_banner
from .builder import PreviewBuilder, log

CHANGE_EVENTS = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent]


class PreviewServer(LiveReloadServer):
    """MkDocs' server; pages are served with a banner listing the problems of the last build."""

    problems: list[str] = []
    listening = False

    def listen(self) -> None:
        """Take the port before the first build, so a busy port is reported at once, not after it.
        (MkDocs binds in ``serve()``, through the two socketserver methods below.)"""
        super().server_bind()
        super().server_activate()
        self.listening = True

    def server_bind(self) -> None:
        if not self.listening:
            super().server_bind()

    def server_activate(self) -> None:
        if not self.listening:
            super().server_activate()

    def use_change_events(self) -> None:
        """The operating system's change events instead of MkDocs' polling (before ``serve()``)."""
        self.observer = ChangeObserver()

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        if not self.problems:
            return content
        return with_banner(content.decode("utf-8"), self.problems).encode("utf-8")


class ChangeObserver(watchdog.observers.Observer):
    """The native observer, told to report changes only: it would also report every file that a
    build opens and closes, and each build would start the next."""

    def schedule(self, event_handler, path, **kwargs):
        kwargs.setdefault("event_filter", CHANGE_EVENTS)
        return super().schedule(event_handler, path, **kwargs)


def run_preview(config_file: str, site_dir: str, dev_addr: str | None, *, poll: bool) -> None:
    """Build into ``site_dir`` and serve it until stopped, rebuilding on every change."""
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

    def error_page(code: int) -> bytes | None:
        page = join(site_dir, f"{code}.html")
        if code in (404, 500) and isfile(page):
            with open(page, "rb") as f:
                return f.read()
        return None

    server.error_handler = error_page
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
