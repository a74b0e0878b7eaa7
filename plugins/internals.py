"""Every MkDocs, Material and watchdog internal the plugins touch, in one list, and the accessors
through which the build reaches the few it needs.

None of these is public API: an upgrade may move or rename any of them without notice. Each entry
names the internal, the modules that use it (in the live-preview room, ``live/``, or the accessors
below), the versions it was checked against, a probe that is true while the internal is still
there, and the marks of its use in our source. ``tests/test_internals.py`` runs every probe, so an
upgrade that moves one fails by its name instead of as a byte difference in the equivalence tests,
and fails any other module of ``plugins/`` that touches one.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

CHECKED = "mkdocs 1.6.1, properdocs 1.6.7, mkdocs-material 9.8.2, watchdog 7.1.0"


@dataclass(frozen=True)
class Internal:
    name: str
    used_by: str  # the modules of plugins/ that use it (in the live-preview room, or internals.py)
    probe: Callable[[], bool]
    marks: tuple[str, ...] = ()  # what its use looks like in our source (tests/test_internals.py looks for them)


def _attr(module: str, *path: str) -> Callable[[], bool]:
    def probe() -> bool:
        value = import_module(module)
        for name in path:
            if not hasattr(value, name):
                return False
            value = getattr(value, name)
        return True

    return probe


def _source_has(module: str, qualname: str, *words: str) -> Callable[[], bool]:
    """For instance attributes, which exist only once the object has run: its class's source."""

    def probe() -> bool:
        source = inspect.getsource(getattr(import_module(module), qualname))
        return all(word in source for word in words)

    return probe


def _template_has(path: str, *words: str) -> Callable[[], bool]:
    def probe() -> bool:
        template = Path(import_module("material").__file__).parent / "templates" / path
        return template.is_file() and all(word in template.read_text("utf-8") for word in words)

    return probe


def _keyword(module: str, qualname: str, method: str, keyword: str) -> Callable[[], bool]:
    def probe() -> bool:
        owner = getattr(import_module(module), qualname)
        return keyword in inspect.signature(getattr(owner, method)).parameters

    return probe


INTERNALS = (
    Internal(
        "mkdocs Page._title_from_render (with present_anchor_ids, links_to_anchors)",
        "live.memory",
        _source_has(
            "mkdocs.structure.pages",
            "Page",
            "self._title_from_render",
            "self.present_anchor_ids",
            "self.links_to_anchors",
        ),
        marks=("_title_from_render", "present_anchor_ids", "links_to_anchors"),
    ),
    Internal(
        "mkdocs File.is_modified, replaced per instance",
        "live.memory",
        _attr("mkdocs.structure.files", "File", "is_modified"),
        marks=("is_modified",),
    ),
    Internal(
        "mkdocs LiveReloadServer._inject_js_into_html",
        "live.server",
        _attr("mkdocs.livereload", "LiveReloadServer", "_inject_js_into_html"),
        marks=("_inject_js_into_html",),
    ),
    Internal(
        "mkdocs LiveReloadServer.observer",
        "live.server",
        _source_has("mkdocs.livereload", "LiveReloadServer", "self.observer"),
        marks=(".observer",),
    ),
    Internal(
        "mkdocs.livereload._serve_url", "live.builder", _attr("mkdocs.livereload", "_serve_url"), marks=("_serve_url",)
    ),
    Internal(
        "mkdocs LiveReloadServer(builder=, host=, port=, root=, mount_path=) and its .builder and .error_handler,"
        " set as mkdocs.commands.serve does (run_preview is a copy of serve())",
        "live.server",
        lambda: (
            all(
                word in inspect.getsource(import_module("mkdocs.commands.serve"))
                for word in ("LiveReloadServer(", "mount_path=", ".error_handler =")
            )
            and _source_has("mkdocs.livereload", "LiveReloadServer", "self.builder", "self.error_handler")()
        ),
        marks=(".error_handler", ".builder ="),
    ),
    Internal(
        "mkdocs LiveReloadServer.serve() binds through socketserver's server_bind and server_activate",
        "live.server",
        lambda: all(
            word in inspect.getsource(import_module("mkdocs.livereload").LiveReloadServer.serve)
            for word in ("self.server_bind()", "self.server_activate()")
        ),
        marks=("server_bind", "server_activate"),
    ),
    Internal(
        "mkdocs.commands.build's dirty-build warning text (DIRTY_WARNING, dropped by live.builder)",
        "internals, live.builder",
        lambda: DIRTY_WARNING in inspect.getsource(import_module("mkdocs.commands.build")),
        marks=("DIRTY_WARNING",),
    ),
    Internal(
        "mkdocs.commands.build logs a page's error inside its `except` block (error_being_logged, for failures)",
        "internals",
        lambda: "except Exception as e:" in inspect.getsource(import_module("mkdocs.commands.build")._build_page),
        marks=("sys.exc_info()", "_build_page"),
    ),
    Internal(
        "mkdocs Files.add_files_from_theme lists the theme's files through env.list_templates and never"
        " copies names starting with '.'; Theme.get_env, replaced per instance (live.theme_cache)",
        "live.theme_cache",
        lambda: (
            all(
                word in inspect.getsource(import_module("mkdocs.structure.files").Files.add_files_from_theme)
                for word in ("env.list_templates(", "'.*'")
            )
            and _attr("mkdocs.theme", "Theme", "get_env")()
        ),
        marks=("list_templates", "get_env ="),
    ),
    Internal(
        "mkdocs.__main__.cli and State (mkdocs_command for build, mkdocs_console for live.builder)",
        "internals",
        _attr("mkdocs.__main__", "State"),
        marks=("import __main__", "mkdocs.__main__", ".State("),
    ),
    Internal(
        "mkdocs.commands.build's page error messages (is_page_error, for build and serve)",
        "internals",
        lambda: all(
            word in inspect.getsource(import_module("mkdocs.commands.build"))
            for word in ("Error building page", "Error reading page")
        ),
        marks=("Error building page", "Error reading page"),
    ),
    Internal(
        "mkdocs.commands.build raises Abort while handling a BuildError (its __context__: build_error_cause)",
        "internals",
        lambda: all(
            word in inspect.getsource(import_module("mkdocs.commands.build").build)
            for word in ("except Exception as e:", "if isinstance(e, BuildError):", "raise Abort(")
        ),
        marks=("__context__",),
    ),
    Internal(
        "Material SearchPlugin.search_index and search_index_prev (quiet_search_collection for search)",
        "live.preview, live.memory, internals",
        _source_has("material.plugins.search.plugin", "SearchPlugin", "self.search_index =", "search_index_prev"),
        marks=("search_index",),
    ),
    Internal(
        "Material SearchIndex.entries, generate_search_index and add_entry_from_context",
        "live.preview, live.memory, internals",
        _source_has("material.plugins.search.plugin", "SearchIndex", "self.entries", "def add_entry_from_context"),
        marks=("add_entry_from_context", "generate_search_index", ".entries"),
    ),
    Internal(
        "Material TagsPlugin.mappings (add, data) and filter",
        "live.preview, live.memory",
        _source_has("material.plugins.tags.plugin", "TagsPlugin", "self.mappings", "self.filter"),
        marks=("mappings",),
    ),
    Internal(
        "Material offline plugin's extra['polyfills'] (iframe-worker; ship_iframe_worker for theme)",
        "internals",
        _source_has("material.plugins.offline.plugin", "OfflinePlugin", "polyfills", "iframe-worker"),
        marks=("polyfills",),
    ),
    Internal(
        "Material base.html blocks `config` and `container`",
        "overrides/main.html, search",
        _template_has("base.html", "{% block config %}", "{% block container %}"),
    ),
    Internal(
        "Material partials/search.html, copied with changes",
        "overrides/partials/search.html",
        _template_has("partials/search.html", 'data-md-component="search-result"'),
    ),
    Internal(
        "watchdog Observer.schedule(event_filter=...)",
        "live.server",
        _keyword("watchdog.observers.api", "BaseObserver", "schedule", "event_filter"),
        marks=("event_filter",),
    ),
)


# -- accessors: the one place outside the live-preview room that touches an internal ------------------
PAGE_ERRORS = ("Error building page", "Error reading page")  # logged by mkdocs.commands.build
DIRTY_WARNING = "A 'dirty' build is being performed"  # logged by mkdocs.commands.build on each dirty build


def build_error_cause(exc: BaseException) -> BaseException:
    """The error behind MkDocs' Abort: its build raises ``Abort`` while handling a ``BuildError``."""
    from mkdocs.exceptions import Abort

    if isinstance(exc, Abort) and exc.__context__ is not None:
        return exc.__context__
    return exc


def error_being_logged() -> BaseException | None:
    """The error MkDocs' build is logging: it logs inside the ``except`` block that handles it."""
    return sys.exc_info()[1]


def mkdocs_command(argv: list[str], *, raises: type[Exception] | None = None) -> int:
    """MkDocs' own command line (``mkdocs build ...``) in this process; returns its exit status.

    Click's standalone mode is played here as click plays it, so that a build error of type
    ``raises`` reaches the caller: MkDocs logs a build error and raises its Abort while handling it."""
    import click
    from mkdocs import __main__ as mkdocs_cli
    from mkdocs.exceptions import Abort

    try:
        status = mkdocs_cli.cli.main(argv, prog_name="mkdocs", standalone_mode=False)
    except Abort as exc:
        if raises is not None and isinstance(cause := build_error_cause(exc), raises):
            raise cause from None
        exc.show()
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted!", err=True)
        return 1
    return status if isinstance(status, int) else 0


def mkdocs_console():
    """MkDocs' console logging, set up as its command line does. Keep what this returns: MkDocs
    removes its console handler (``.stream``) when it is collected."""
    from mkdocs import __main__ as mkdocs_cli

    return mkdocs_cli.State()


def is_page_error(message: str) -> bool:
    """MkDocs' page builder logs this before it raises the error."""
    return message.startswith(PAGE_ERRORS)


def ship_iframe_worker(config, url: str) -> bool:
    """Material's offline plugin loads a Web Worker shim for search from a CDN (``extra['polyfills']``):
    point it at our copy, ``url``. False when the build does not load it."""
    polyfills = config.extra.get("polyfills") or []
    if not any("iframe-worker" in given for given in polyfills):
        return False
    config.extra["polyfills"] = [url if "iframe-worker" in given else given for given in polyfills]
    return True


def quiet_search_collection(search_plugin) -> None:
    """Material's search plugin collects no page text in this build (it makes a new index in on_config)."""
    search_plugin.search_index.add_entry_from_context = lambda page: None
