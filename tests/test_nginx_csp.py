"""The Content-Security-Policy of deploy/nginx/playbook.conf against the built default playbook:
exactly its inline scripts allowed, no inline style or event handler needed, the hosting page
showing the config that is tested."""

from __future__ import annotations

import subprocess
import sys

from nginx_server import (
    CONF,
    CSP_DIRECTIVES,
    EVENT_HANDLER,
    HASHES,
    HOSTING,
    INLINE_STYLE,
    SCRIPT,
    UPDATE_HINT,
    config_csp,
    config_text,
    csp_directives,
    executed_inline_scripts,
    sha256_source,
)

from conftest import ROOT


def test_csp_allows_exactly_the_inline_scripts_of_the_built_site(default_site):
    configured = csp_directives(config_csp())["script-src"]
    # Pagefind's search compiles its WebAssembly from the site's own file: 'wasm-unsafe-eval'.
    assert configured[:2] == ["'self'", "'wasm-unsafe-eval'"], configured
    assert all(s.startswith("'sha256-") for s in configured[2:]), configured
    needed = {
        sha256_source(text)
        for page in default_site.rglob("*.html")
        for text in executed_inline_scripts(page.read_text(encoding="utf-8"))
    }
    assert len(needed) >= 3, needed  # Material's scope, palette and anchor scripts
    missing = needed - set(configured)
    assert not missing, f"inline scripts the CSP blocks: {sorted(missing)}; {UPDATE_HINT}"
    # The helper that writes the list gives exactly what is configured: no stale hash is left over.
    helper = subprocess.run([sys.executable, str(HASHES), str(default_site)], capture_output=True, text=True)
    assert helper.returncode == 0, helper.stderr
    assert helper.stdout.split() == ["script-src", *configured], UPDATE_HINT


def test_pages_need_no_inline_style_or_event_handler(default_site):
    # style-src has no 'unsafe-inline' and script-src no 'unsafe-hashes': either would be blocked.
    offending = []
    for page in sorted(default_site.rglob("*.html")):
        html = SCRIPT.sub("", page.read_text(encoding="utf-8"))
        for pattern in (INLINE_STYLE, EVENT_HANDLER):
            if match := pattern.search(html):
                offending.append(f"{page.relative_to(default_site)}: {match.group(0)[:80]}")
    assert not offending, "\n".join(offending)


def test_hosting_page_shows_the_tested_config():
    assert f"```nginx\n{config_text()}```\n" in HOSTING.read_text(encoding="utf-8"), (
        f"{HOSTING.relative_to(ROOT)} must show {CONF.relative_to(ROOT)} verbatim in an ```nginx block"
    )


# -- a real nginx -------------------------------------------------------------------------------


def test_csp_directives():
    directives = csp_directives(config_csp())
    assert {name: values for name, values in directives.items() if name != "script-src"} == CSP_DIRECTIVES
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(directives["script-src"])
