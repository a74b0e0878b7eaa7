"""Shared fixtures: one factory builds and serves fixture sites, one browser serves every browser test.

Commands run the way an editor runs them, in this process where a child process adds nothing:
`playbook check/new/export/codeowners/diff/init` call the CLI's ``main`` and `mkdocs build` calls
MkDocs' own command line (``tests/inprocess.py``). `playbook build` and `playbook serve` always run
as child processes (they are MkDocs children by design), and so does any command given ``env``.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from inprocess import IN_PROCESS_COMMANDS, editor_env, run_cli, run_mkdocs

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
BASIC = FIXTURES / "basic"
# A fixed "today" so review-age warnings and dates in the site never depend on the calendar.
EPOCH = "1795000000"  # 2026-11-18
# How long a child process may take before a test calls it hung: a guard against a hang, never a
# measure of speed (timings live in tests/benchmarks/), so generous enough for a machine under load.
HANG = 900
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Longest modules first, modules sharing a costly session fixture together (tests/suite_schedule.py)."""
    if config.getvalue("dist") == "loadscope":
        from suite_schedule import make_scheduler

        return make_scheduler(config, log)
    return None


def pytest_configure(config):
    if os.environ.get("PLAYBOOK_RECORD_DURATIONS") == "1" and not hasattr(config, "workerinput"):
        from suite_schedule import Recorder

        config.pluginmanager.register(Recorder(), "playbook-durations")


# `playbook check` keeps a parse cache (playbook/filecache.py): the tests' own, not the user's.
os.environ.setdefault("PLAYBOOK_CACHE_DIR", tempfile.mkdtemp(prefix="playbook-test-cache-"))


def run_env(**extra: str) -> dict[str, str]:
    return {**os.environ, **editor_env(EPOCH), **extra}


def run(*args: str, cwd: Path, timeout: float = HANG, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run a command as an editor would, in a child process, capturing everything it prints."""
    return subprocess.run(
        list(args), cwd=cwd, env=run_env(**(env or {})), capture_output=True, text=True, timeout=timeout
    )


def playbook(*args: str, cwd: Path, timeout: float = HANG, env: dict[str, str] | None = None):
    """`playbook ...` as an editor runs it; in this process unless it builds, serves or needs ``env``."""
    if args and args[0] in IN_PROCESS_COMMANDS and env is None:
        return run_cli(args, cwd=cwd, epoch=EPOCH)
    return run(sys.executable, "-m", "playbook.cli", *args, cwd=cwd, timeout=timeout, env=env)


def mkdocs(*args: str, cwd: Path, timeout: float = HANG, env: dict[str, str] | None = None):
    """`mkdocs ...` as an editor runs it; `mkdocs build` in this process unless it needs ``env``."""
    if args and args[0] == "build" and env is None:
        return run_mkdocs(args, cwd=cwd, epoch=EPOCH)
    return run(sys.executable, "-m", "mkdocs", *args, cwd=cwd, timeout=timeout, env=env)


def copy_playbook(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns("site"))
    return target


def build_site(root: Path, site: Path, *args: str) -> Path:
    """`mkdocs build --strict -d site` of the playbook at ``root``; fails the test with MkDocs' output."""
    result = mkdocs("build", "--strict", "-d", str(site), *args, cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that closes a page mid-download (a test moving on) is not an error of the site."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    """A built site on 127.0.0.1, as a reader's browser would get it."""

    def __init__(self, directory: Path):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Sites:
    """The session's built and served fixture sites: each built once, on first use, and served once."""

    def __init__(self, tmp_path_factory):
        self.tmp = tmp_path_factory
        self.built: dict[str, Path] = {}
        self.servers: dict[Path, SiteServer] = {}

    def build(self, name: str, root: Path, *args: str) -> Path:
        """The site of the playbook at ``root`` (strict build), built once per session under ``name``."""
        if name not in self.built:
            self.built[name] = build_site(root, self.tmp.mktemp(name) / "site", *args)
        return self.built[name]

    def copy(self, name: str, source: Path, change=None) -> Path:
        """A copy of the playbook at ``source`` (changed by ``change(root)``), made once per session."""
        root = self.tmp.mktemp(f"{name}-src") / "pb"
        copy_playbook(source, root)
        if change is not None:
            change(root)
        return root

    def serve(self, site: Path) -> SiteServer:
        if site not in self.servers:
            self.servers[site] = SiteServer(site)
        return self.servers[site]

    def close(self) -> None:
        for server in self.servers.values():
            server.close()


@pytest.fixture(scope="session")
def sites(tmp_path_factory):
    factory = Sites(tmp_path_factory)
    yield factory
    factory.close()


@pytest.fixture(scope="session")
def default_site(sites) -> Path:
    """The default playbook, built once with `mkdocs build --strict`."""
    return sites.build("default", ROOT)


@pytest.fixture(scope="session")
def basic_site(sites) -> Path:
    return sites.build("basic", BASIC)


@pytest.fixture(scope="session")
def default_server(sites, default_site):
    return sites.serve(default_site)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session; skipped without one unless PLAYBOOK_REQUIRE_BROWSER=1."""
    required = os.environ.get("PLAYBOOK_REQUIRE_BROWSER") == "1"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if required:
            pytest.fail("PLAYBOOK_REQUIRE_BROWSER=1 but Playwright is not installed")
        pytest.skip("Playwright is not installed")
    if not Path(CHROMIUM).exists():
        if required:
            pytest.fail(f"PLAYBOOK_REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is missing")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield _patient(chromium)
        chromium.close()


def _patient(chromium):
    """Playwright gives up on a wait after 30 s; on a machine under load a page may take longer to
    settle. Every context and page of the session waits up to HANG seconds (a hang guard, as above);
    a test that expects something not to happen passes its own short timeout."""
    new_context, new_page = chromium.new_context, chromium.new_page

    def patient_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.set_default_timeout(HANG * 1000)
        return context

    def patient_page(*args, **kwargs):
        page = new_page(*args, **kwargs)
        page.set_default_timeout(HANG * 1000)
        return page

    chromium.new_context, chromium.new_page = patient_context, patient_page
    return chromium


@pytest.fixture
def page(browser):
    # No service worker: page.route() never sees a worker's requests. tests/test_offline_pages.py
    # tests the worker in contexts of its own.
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def hostile(tmp_path_factory):
    """Every payload in every field: checked, built, and a clean build to compare with (hostile_playbook.py)."""
    from hostile_playbook import make_hostile

    return make_hostile(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="session")
def pausable_site(tmp_path_factory):
    """The basic fixture's site, built by a playbook whose build can be held (faults.py); tests copy
    it in as the previous site."""
    from faults import good_build, pausable_copy

    root = pausable_copy(tmp_path_factory.mktemp("pausable"))
    good_build(root)
    return root / "site"


@pytest.fixture(scope="session")
def nginx(default_site, tmp_path_factory):
    """The base URL of nginx running deploy/nginx/playbook.conf on the default playbook (nginx_server.py)."""
    from nginx_server import running_nginx

    with running_nginx(default_site, tmp_path_factory.mktemp("nginx")) as url:
        yield url
