"""Shared fixtures: sites are built once per session, one browser serves every browser test."""

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

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
BASIC = FIXTURES / "basic"
# A fixed "today" so review-age warnings and dates in the site never depend on the calendar.
EPOCH = "1795000000"  # 2026-11-18
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# `playbook check` keeps a parse cache (playbook/filecache.py): the tests' own, not the user's.
os.environ.setdefault("PLAYBOOK_CACHE_DIR", tempfile.mkdtemp(prefix="playbook-test-cache-"))


def run_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", **extra}


def run(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run a command as an editor would, capturing everything it prints."""
    return subprocess.run(list(args), cwd=cwd, env=run_env(), capture_output=True, text=True, timeout=timeout)


def playbook(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return run(sys.executable, "-m", "playbook.cli", *args, cwd=cwd, timeout=timeout)


def mkdocs(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return run(sys.executable, "-m", "mkdocs", *args, cwd=cwd, timeout=timeout)


def copy_playbook(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns("site"))
    return target


def _strict_build(tmp_path_factory, name: str, root: Path) -> Path:
    site = tmp_path_factory.mktemp(name) / "site"
    result = mkdocs("build", "--strict", "-d", str(site), cwd=root)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def default_site(tmp_path_factory) -> Path:
    """The default playbook, built once with `mkdocs build --strict`."""
    return _strict_build(tmp_path_factory, "default", ROOT)


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory) -> Path:
    return _strict_build(tmp_path_factory, "basic", BASIC)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class SiteServer:
    """A built site on 127.0.0.1, as a reader's browser would get it."""

    def __init__(self, directory: Path):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def default_server(default_site):
    server = SiteServer(default_site)
    yield server
    server.close()


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
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    # No service worker: page.route() never sees a worker's requests. tests/test_offline_pages.py
    # tests the worker in contexts of its own.
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    yield page
    context.close()
