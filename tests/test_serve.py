"""`playbook serve`: saving a content file rebuilds the site and reloads the open browser page."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import BASIC, copy_playbook, run_env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(url)


@pytest.fixture
def served(tmp_path, request):
    root = copy_playbook(BASIC, tmp_path / "pb")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "playbook.cli", "serve", "-a", f"127.0.0.1:{port}", *getattr(request, "param", [])],
        cwd=root,
        env=run_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url)
        yield root, url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_editing_a_principle_reloads_the_open_page(served, page):
    root, url = served
    page.goto(url + "principles/side-by-side/")
    assert page.locator("h1").inner_text() == "Sit side by side"
    source = root / "content/principles/side-by-side.yml"
    source.write_text(source.read_text().replace("title: Sit side by side", "title: Sit beside the customer"))
    page.wait_for_function("document.querySelector('h1')?.innerText === 'Sit beside the customer'", timeout=30000)


def test_a_broken_file_shows_a_banner_and_keeps_the_last_good_pages(served, page):
    root, url = served
    page.goto(url + "principles/side-by-side/")
    source = root / "content/principles/side-by-side.yml"
    good = source.read_text()
    source.write_text(good.replace("stage: discovery", "stage: nowhere"))
    banner = page.locator(".pb-banner")
    banner.wait_for(timeout=30000)
    assert "content/principles/side-by-side.yml:5:8: error: unknown stage 'nowhere'" in banner.inner_text()
    assert page.locator("h1").inner_text() == "Sit side by side"
    source.write_text(good.replace("title: Sit side by side", "title: Sit next to them"))
    page.wait_for_function("document.querySelector('h1')?.innerText === 'Sit next to them'", timeout=30000)
    assert page.locator(".pb-banner").count() == 0


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


@pytest.mark.parametrize("served", [["--poll"]], indirect=True)
def test_serve_with_polling_notices_a_saved_file(served):
    root, url = served
    source = root / "content/principles/side-by-side.yml"
    source.write_text(source.read_text().replace("title: Sit side by side", "title: Sit together"))
    deadline = time.monotonic() + 30
    while '<h1 id="sit-together">Sit together' not in fetch(url + "principles/side-by-side/"):
        assert time.monotonic() < deadline, "the polling server did not rebuild"
        time.sleep(0.2)
