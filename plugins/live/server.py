"""The live preview's server and builder: MkDocs' live-reload server, told about changes by the
operating system, serving pages with the error banner, and dirty builds kept in step with clean ones.

``plugins/serve.py`` (the `playbook serve` command) puts these together:

- file changes are noticed by the operating system's change events (watchdog's native observer)
  instead of MkDocs' half-second polling, which costs a quarter of a second per edit on average and
  a full scan of the content folder twice a second; ``--poll`` brings polling back for file systems
  without change events (some network drives and container mounts);
- content errors are shown in a banner that is added to pages as they are served, so a broken file
  does not force every page to be written again, and neither does its fix;
- the warning MkDocs prints on every dirty build does not apply: the playbook plugin makes dirty
  builds equal to clean ones (see ``memory.py``).
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import watchdog.observers
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError
from mkdocs.livereload import LiveReloadServer, _serve_url
from watchdog.events import FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent

from playbook import environment

from ..content_errors import ContentErrors, DropContentErrors
from ..internals import mkdocs_console
from .banner import with_banner

log = logging.getLogger("mkdocs.playbook.serve")
DIRTY_WARNING = "A 'dirty' build is being performed"
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

    def hold(self) -> None:
        """A build starts: no collection until it is over (a pending one waits for the next quiet)."""
        gc.disable()
        if self.timer is not None:
            self.timer.cancel()

    def collect_soon(self) -> None:
        gc.enable()
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


@contextmanager
def console_logging() -> Iterator[None]:
    """MkDocs' console logging, as `mkdocs serve` sets it up, without the dirty-build warning."""
    console = mkdocs_console()
    console.stream.addFilter(_DropDirtyWarning())
    yield


class PreviewBuilder:
    """Builds the preview into ``site_dir`` the way `playbook serve` does: dirty builds of a config
    loaded afresh each time (the plugins persist), with the problems to show in the banner."""

    def __init__(self, config_file: str, site_dir: str, dev_addr: str | None = None):
        self.config_file, self.site_dir = config_file, site_dir
        self.options = {"dev_addr": dev_addr} if dev_addr else {}
        self.config = self.load_config()
        self.config.plugins.on_startup(command="serve", dirty=True)
        if (live := _live_preview(self.config)) is not None:
            live.serve_banner_separately()  # PreviewServer adds it to each page it sends
        host, port = self.config.dev_addr
        self.mount_path = urlsplit(self.config.site_url or "/").path
        self.url = _serve_url(host, port, self.mount_path)
        self.problems: list[str] = []
        self.idle = IdleCollector()
        self.built = False  # the first build has run

    def load_config(self):
        return load_config(config_file=self.config_file, site_dir=self.site_dir, **self.options)

    def __call__(self, config=None) -> list[str]:
        """One build; returns (and keeps) the problems, so the last good site stays served.

        A full disk or a read-only temporary folder stops the first build (there is nothing to
        serve); later it is a problem in the banner, and the next save tries again."""
        log.info("Building documentation...")
        self.idle.hold()
        first = None if self.built else DropContentErrors()  # the first build's are reported, not logged
        if first is not None:
            logging.getLogger("mkdocs.commands.build").addFilter(first)
        try:
            config = config or self.load_config()
            config.site_url = self.url
            build(config, serve_url=self.url, dirty=True)
            self.problems = live.problems if (live := _live_preview(config)) is not None else []
        except (ConfigurationError, PluginError, BuildError, Abort) as exc:
            if not self.built and isinstance(exc.__context__, ContentErrors):
                raise exc.__context__ from None  # nothing to serve: `playbook serve` reports them
            self.problems = [f"{self.config_file}: error: {exc}".strip()]
            log.error(self.problems[0])
        except OSError as exc:
            if environment.cause(exc) is None or not self.built:
                raise
            self.problems = [f"{environment.where(exc)}: error: {environment.cause(exc)}"]
            log.error(self.problems[0])
        finally:
            if first is not None:
                logging.getLogger("mkdocs.commands.build").removeFilter(first)
            self.idle.collect_soon()
        self.built = True
        return self.problems


def _live_preview(config):
    """The playbook plugin's LivePreview (it has one once started for `serve`), or None."""
    return getattr(config.plugins.get("playbook"), "live", None)
