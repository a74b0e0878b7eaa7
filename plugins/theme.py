"""What a build changes in Material's theme: our overrides, CSS and JS, search and privacy settings.

Our assets are generated files (minified from ``assets/``), registered in ``extra_css`` and
``extra_javascript``; the call tools are loaded by playbook.js on the first tap that needs them.
"""

from __future__ import annotations

from pathlib import Path

from .internals import ship_iframe_worker
from .minify import minify_css, minify_js
from .search import PAGE_ASSETS, SiteSearch
from .worker import OFFLINE_PAGE, offline_build, without_registration

HERE = Path(__file__).parent
ASSETS = ("playbook.css", "playbook.js")  # on every page
PRINT = "playbook-print.css"  # on every page, media="print" (overrides/main.html): fetched without blocking
CALL_TOOLS = ("playbook-call.css", "playbook-call.js")  # loaded by playbook.js on the first tap that needs them
MARKS = "playbook-marks.js"  # loaded by the pages that carry changes since a rep's last visit (whatsnew/pages.py)
ASSET_DIR = "assets/playbook"
# Material's offline plugin loads this Web Worker shim for search from a CDN; we ship a copy (MIT)
# so an offline site needs nothing from the network.
IFRAME_WORKER = "vendor/iframe-worker-1.0.4.js"


def adapt_theme(config, options, *, serving: bool, search: SiteSearch, playbook) -> tuple[list[str], bool]:
    """Tell the theme about this build; returns the assets to ship and whether it writes sw.js."""
    shipped = [*ASSETS, PRINT, *CALL_TOOLS, *([MARKS] if options.whats_new.enabled else [])]
    if ship_iframe_worker(config, f"{ASSET_DIR}/{IFRAME_WORKER}"):
        shipped.append(IFRAME_WORKER)
    worker = not serving and not offline_build(config)
    if worker:
        config.theme.static_templates.add(OFFLINE_PAGE)
    searching = search.configure(config, options.search, serving=serving, playbook=playbook)
    shipped += searching
    if options.private:
        config.extra["generator"] = False  # Material's "Made with" footer line
        config.extra["playbook_private"] = True  # read by overrides/main.html
    theme = config.theme
    theme.dirs.insert(1 if theme.custom_dir else 0, str(HERE / "overrides"))
    for name in [*ASSETS, *(name for name in searching if name in PAGE_ASSETS)]:
        target = config.extra_css if name.endswith(".css") else config.extra_javascript
        uri = f"{ASSET_DIR}/{name}"
        if uri not in target:
            target.append(uri)
    return shipped, worker


def asset_source(name: str) -> str:
    return (HERE / "assets" / name).read_text("utf-8")


def asset(name: str, worker: bool = True) -> str:
    """An asset as the site gets it: minified, and without the worker's registration where there is none."""
    text = asset_source(name)
    if name == "playbook.js" and not worker:
        text = without_registration(text)
    if name.endswith(".css"):
        return minify_css(text)
    return text if name.startswith("vendor/") else minify_js(text)
