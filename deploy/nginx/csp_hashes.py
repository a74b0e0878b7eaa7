"""The script-src hashes a built playbook needs, for the Content-Security-Policy in playbook.conf.

Material writes a few small inline scripts into every page. A CSP allows them by the SHA-256 of
their exact text, so the list changes when Material changes them (a Material upgrade): run this on
the built site and update the config. Search needs one more source, 'wasm-unsafe-eval': Pagefind's
index is read by WebAssembly that the search worker compiles from the site's own pagefind/ folder.

    python deploy/nginx/csp_hashes.py site/                                   # print script-src
    python deploy/nginx/csp_hashes.py site/ --update deploy/nginx/playbook.conf content/hosting.md

One of the scripts holds the page's path back to the site root ("..", "../.."), so it differs with
the depth of the page: the hashes for depths 0 to 3 are always listed, so a new, deeper page does
not break. (Set `extra: scope: /` in mkdocs.yml and that script is the same on every page.)
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
import sys
from pathlib import Path

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
# Types a browser runs; anything else (Material's `application/json` config) is data, not script.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.I)
SCOPE = re.compile(r'^__md_scope=new URL\("([^"]*)",location\)')
RELATIVE_BASES = [".", "..", "../..", "../../.."]
# Pagefind's search runs WebAssembly (compiled from the site's own file, in the search worker).
WASM = ["'wasm-unsafe-eval'"]
# The script-src of the CSP header line (content/hosting.md shows that line too).
SCRIPT_SRC = re.compile(r'(add_header Content-Security-Policy "[^"]*?)script-src [^;"]*')


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would run, exactly as written in the page."""
    found = []
    for match in SCRIPT.finditer(html):
        attributes, text = match.groups()
        if re.search(r"\bsrc\s*=", attributes, re.I):
            continue
        kind = TYPE.search(attributes)
        if (kind.group(1).lower() if kind else "") in SCRIPT_TYPES:
            found.append(text)
    return found


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def site_scripts(site: Path) -> set[str]:
    """Every distinct inline script of every page of the built site."""
    return {text for page in site.rglob("*.html") for text in inline_scripts(page.read_text(encoding="utf-8"))}


def needed_scripts(site: Path) -> set[str]:
    """The site's inline scripts, plus the depth variants of Material's scope script."""
    scripts = site_scripts(site)
    for text in list(scripts):
        scope = SCOPE.match(text)
        if scope and scope.group(1).startswith("."):
            head = scope.group(0)
            scripts.update(text.replace(head, f'__md_scope=new URL("{base}",location)', 1) for base in RELATIVE_BASES)
    return scripts


def script_src(site: Path) -> str:
    hashes = sorted(sha256_source(text) for text in needed_scripts(site))
    return " ".join(["script-src 'self'", *WASM, *hashes])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site folder (site/ by default)")
    parser.add_argument("--update", type=Path, nargs="+", metavar="FILE", help="rewrite script-src in these files")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} is not a built site (no index.html): run `playbook build` first")
    directive = script_src(args.site)
    if args.update is None:
        print(directive)
        return 0
    for path in args.update:
        text = path.read_text(encoding="utf-8")
        updated, count = SCRIPT_SRC.subn(lambda m: m.group(1) + directive, text)
        if count != 1:
            print(f"{path}: expected one Content-Security-Policy with a script-src, found {count}", file=sys.stderr)
            return 1
        path.write_text(updated, encoding="utf-8")
        print(f"{path}: {'updated' if updated != text else 'already up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
