"""The preview's builds: dirty builds of a config loaded afresh for each, kept in step with clean
builds by the plugins (which persist), and out of the way of Python's cycle collector.

MkDocs prints a warning on every dirty build that does not apply here (the playbook plugin makes
dirty builds equal to clean ones, see ``memory.py``): ``console_logging`` drops it.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import _serve_url

from ..failures import ContentErrors, banner_line
from ..internals import DIRTY_WARNING, build_error_cause, mkdocs_console
from .preview import live_preview_of
from .theme_cache import ThemeCache

log = logging.getLogger("mkdocs.playbook.serve")


class IdleCollector:
    """Python's cycle collector, moved out of the way of rebuilds.

    A preview of thousands of pages holds millions of objects, and a full collection of them takes
    about half a second; left to itself Python runs one in the middle of a rebuild. So collection is
    off while building, and a full collection runs a moment after each build, once the browser has
    had its page. What the first build keeps for good (the content cache, the remembered pages) is
    collected and frozen out of later collections at once, before anything is served (done a moment
    later, it met the first save), so later collections stay short.
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

    def collect_soon(self, *, first: bool = False) -> None:
        """After a build: a full collection a moment later; after the first, at once (see below)."""
        gc.enable()
        if first and not self.frozen:
            self._collect()  # before anything is served: later it would delay the first save
            return
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
        host, port = self.config.dev_addr
        self.mount_path = urlsplit(self.config.site_url or "/").path
        self.url = _serve_url(host, port, self.mount_path)
        self.problems: list[str] = []
        self.idle = IdleCollector()
        self.theme = ThemeCache()
        self.built = False  # the first build has run

    def load_config(self):
        return load_config(config_file=self.config_file, site_dir=self.site_dir, **self.options)

    def __call__(self, config=None) -> list[str]:
        """One build; returns (and keeps) the problems, so the last good site stays served.

        Before the first build has succeeded there is nothing to serve: its errors (content errors,
        a full disk or a read-only temporary folder) stop `playbook serve`. Later each is the line
        of the banner, and the next save tries again."""
        log.info("Building documentation...")
        self.idle.hold()
        try:
            config = config or self.load_config()
            config.site_url = self.url
            self.theme.adopt(config)
            build(config, serve_url=self.url, dirty=True)
            self.problems = []
            if (live := live_preview_of(config)) is not None:
                live.serve_banner_separately()  # PreviewServer adds it to each page it sends
                self.problems = list(live.problems)
        except Exception as exc:
            if not self.built and isinstance(build_error_cause(exc), ContentErrors):
                raise build_error_cause(exc) from None  # `playbook serve` reports them: nothing to serve
            if (line := banner_line(exc, self.config_file)) is None or (isinstance(exc, OSError) and not self.built):
                raise
            self.problems = [line]
            log.error(line)
        finally:
            self.idle.collect_soon(first=not self.built)
        self.built = True
        return self.problems
