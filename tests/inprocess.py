"""Commands run in the test process, as an editor would run them in a shell, without a child process.

A child Python costs about a second of imports per command; the suite runs hundreds of commands.
Here a command runs with the editor's environment and working folder, its standard output and
error captured, and the result is the ``CompletedProcess`` a child would have given. One command
runs at a time (the working folder, the environment and MkDocs' plugin instances are per process).
"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

# The commands that never start MkDocs in a child (build and serve do, by design).
IN_PROCESS_COMMANDS = frozenset({"check", "new", "export", "codeowners", "diff", "init"})
_ONE_AT_A_TIME = threading.RLock()


def editor_env(epoch: str) -> dict[str, str]:
    """What every command of the tests runs with: a fixed "today", and no MkDocs 2 notice."""
    return {"SOURCE_DATE_EPOCH": epoch, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "1"}


@contextmanager
def _as_editor(cwd: Path, epoch: str) -> Iterator[tuple[io.StringIO, io.StringIO]]:
    out, err = io.StringIO(), io.StringIO()
    mkdocs_log, build_log = logging.getLogger("mkdocs"), logging.getLogger("mkdocs.commands.build")
    saved_log = (mkdocs_log.level, mkdocs_log.propagate, list(mkdocs_log.handlers))
    # MkDocs' command line adds a filter that drops every message it logged before in the process:
    # each command gets a fresh one, as each process would.
    saved_filters = list(build_log.filters)
    with _ONE_AT_A_TIME, warnings.catch_warnings():
        saved_env, saved_cwd = dict(os.environ), os.getcwd()
        os.environ.update(editor_env(epoch))
        os.chdir(cwd)
        try:
            with redirect_stdout(out), redirect_stderr(err):
                yield out, err
        finally:
            os.chdir(saved_cwd)
            os.environ.clear()
            os.environ.update(saved_env)
            mkdocs_log.setLevel(saved_log[0])
            mkdocs_log.propagate = saved_log[1]
            mkdocs_log.handlers[:] = saved_log[2]
            build_log.filters[:] = saved_filters


def _exit_code(exc: SystemExit) -> int:
    return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)


def run_cli(args: Sequence[str], *, cwd: Path, epoch: str) -> subprocess.CompletedProcess:
    """`playbook <args>` through the CLI's ``main``."""
    from playbook import cli

    with _as_editor(cwd, epoch) as (out, err):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = _exit_code(exc)
    return subprocess.CompletedProcess(["playbook", *args], code, out.getvalue(), err.getvalue())


@contextmanager
def _own_plugins() -> Iterator[None]:
    """Plugin objects of this command's own, as a new process has: MkDocs keeps the plugins it made
    (in its ``plugins`` option, for one process's rebuilds under `serve`) and would hand a preview's
    plugins to this build. (A MkDocs internal, used only by the tests.)"""
    from mkdocs.config.base import get_schema
    from mkdocs.config.defaults import MkDocsConfig

    option = dict(get_schema(MkDocsConfig))["plugins"]
    kept, option.plugin_cache = option.plugin_cache, {}
    try:
        yield
    finally:
        option.plugin_cache = kept


_TRANSLATED: dict[tuple, str] = {}


@contextmanager
def _translations_kept() -> Iterator[None]:
    """Material's search plugin reads three strings of the theme's language each build by compiling
    its language template anew (a third of a failing build's time). The strings depend only on the
    theme's name, language and folders: kept for the process, as one `mkdocs serve` would have
    them. (Material's internal, used only by the tests.)"""
    from material.plugins.search.plugin import SearchPlugin

    translate = SearchPlugin._translate

    def kept(plugin, config, value):
        theme = config.theme
        key = (theme.name, theme.get("language"), tuple(theme.dirs), value)
        if key not in _TRANSLATED:
            _TRANSLATED[key] = translate(plugin, config, value)
        return _TRANSLATED[key]

    SearchPlugin._translate = kept
    try:
        yield
    finally:
        SearchPlugin._translate = translate


def run_mkdocs(args: Sequence[str], *, cwd: Path, epoch: str) -> subprocess.CompletedProcess:
    """`mkdocs <args>` through MkDocs' own command line, its log on standard error as in a shell."""
    from playbook_plugins.internals import mkdocs_command

    with _as_editor(cwd, epoch) as (out, err), _own_plugins(), _translations_kept():
        try:
            code = mkdocs_command(list(args))
        except SystemExit as exc:
            code = _exit_code(exc)
    return subprocess.CompletedProcess(["mkdocs", *args], code, out.getvalue(), err.getvalue())
