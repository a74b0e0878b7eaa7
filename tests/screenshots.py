"""Screenshots of the pages a rep uses, at a 390 x 844 phone (touch) and a 1280 x 800 desktop:
``python tests/screenshots.py [SITE_DIR]`` writes docs/screenshots/<page>-<phone|desktop>.png.

Without SITE_DIR it builds the default playbook into a temporary folder first. Chromium is the
system's (/usr/bin/chromium, as the browser tests use it); nothing is downloaded.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs/screenshots"
CHROMIUM = "/usr/bin/chromium"
PAGES = {
    "home": "",
    "principle": "principles/ask-for-the-decision/",
    "call-sheet": "call-sheets/discovery-call/",
    "objections": "objections/",
}
SIZES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def shoot(site: Path) -> list[Path]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for size, options in SIZES.items():
            context = browser.new_context(service_workers="block", color_scheme="light", **options)
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base + path)
                page.add_style_tag(content="* { transition: none !important; animation: none !important; }")
                target = OUT / f"{name}-{size}.png"
                page.screenshot(path=str(target))
                written.append(target)
            context.close()
        browser.close()
    server.shutdown()
    return written


def main() -> None:
    if len(sys.argv) > 1:
        written = shoot(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            env = {
                **os.environ,
                "NO_MKDOCS_2_WARNING": "1",
                "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1795000000"),
            }
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", tmp], cwd=ROOT, env=env, check=True
            )
            written = shoot(Path(tmp))
    for path in written:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
