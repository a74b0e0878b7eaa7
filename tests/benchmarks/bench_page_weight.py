"""What our CSS and JS add to a page, against the 10 KiB budget of SPEC.md (uncompressed bytes).

Run from the repository root (about 5 seconds):

    python tests/benchmarks/bench_page_weight.py [--out weight.json] [--root DIR]

It builds the default playbook (``DIR/mkdocs.yml``, the repository root by default) into a temporary
folder, then, for the home page, a principle, a call sheet and the call-sheet index, lists every
stylesheet and script the page loads and counts those that are ours: files that come from
``plugins/assets/`` (by content) or live under the site's ``assets/playbook/``, plus inline
``<style>``/``<script>`` blocks that mention ``pb-``/``data-pb`` (ours; Material's inline scripts do
not). Exit status 1 when a page is over budget.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, add_snapshot_option, mkdocs_build, remove, start_snapshot  # noqa: E402

BUDGET = 10 * 1024
OUR_SITE_DIR = "assets/playbook/"


class _Refs(HTMLParser):
    """Stylesheets and scripts of a page: external references and inline blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.external: list[tuple[str, str]] = []  # (kind, url)
        self.inline: list[tuple[str, str]] = []  # (kind, text)
        self._open: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split() and attrs.get("href"):
            self.external.append(("css", attrs["href"]))
        elif tag == "script" and attrs.get("src"):
            self.external.append(("js", attrs["src"]))
        elif tag in ("script", "style") and attrs.get("type", "text/javascript") not in ("application/json",):
            self._open, self._text = ("js" if tag == "script" else "css"), []

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._open and tag in ("script", "style"):
            self.inline.append((self._open, "".join(self._text)))
            self._open = None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def page_weight(site: Path, page: str, ours_by_digest: dict[str, str]) -> dict:
    html_path = site / page
    parser = _Refs()
    parser.feed(html_path.read_text("utf-8"))
    loaded, total, total_gz = [], 0, 0
    for kind, url in parser.external:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            continue  # fonts and the like from other hosts: not ours
        target = (html_path.parent / parts.path).resolve()
        try:
            rel = target.relative_to(site.resolve()).as_posix()
        except ValueError:
            continue
        if not target.is_file():
            loaded.append({"kind": kind, "url": url, "missing": True})
            continue
        data = target.read_bytes()
        origin = ours_by_digest.get(_digest(data))
        if origin or rel.startswith(OUR_SITE_DIR):
            loaded.append({"kind": kind, "file": rel, "source": origin, "bytes": len(data)})
            total += len(data)
            total_gz += len(gzip.compress(data, 9))
    for kind, text in parser.inline:
        if "pb-" in text or "data-pb" in text or "playbook" in text.lower():
            data = text.encode("utf-8")
            loaded.append({"kind": f"inline {kind}", "bytes": len(data)})
            total += len(data)
            total_gz += len(gzip.compress(data, 9))
    return {"page": page, "ours": loaded, "bytes": total, "gzip_bytes": total_gz, "pass": total <= BUDGET}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=REPO, help="folder with mkdocs.yml (default: the repository)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON to this file")
    add_snapshot_option(parser)
    args = parser.parse_args(argv)
    code = start_snapshot(args)
    import playbook_plugins

    assets = Path(playbook_plugins.__file__).parent / "assets"
    ours_by_digest = {_digest(p.read_bytes()): p.name for p in sorted(assets.rglob("*")) if p.is_file()}
    assets_total = sum(p.stat().st_size for p in assets.rglob("*") if p.is_file())
    work = Path(tempfile.mkdtemp(prefix="pb-weight-", dir="/tmp"))
    try:
        site = work / "site"
        run = mkdocs_build(args.root / "mkdocs.yml", site)
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
            return 2
        principle = next(iter(sorted((site / "principles").glob("*/index.html"))), None)
        sheet = next(iter(sorted(p for p in (site / "call-sheets").glob("*/index.html"))), None)
        candidates = ["index.html", principle, sheet, site / "call-sheets" / "index.html"]
        pages = []
        for candidate in candidates:
            if candidate is None:
                continue
            path = Path(candidate) if isinstance(candidate, Path) else site / candidate
            if path.is_file():
                pages.append(page_weight(site, path.relative_to(site).as_posix(), ours_by_digest))
    finally:
        remove(work)

    print(
        f"plugins/assets/ holds {assets_total} bytes in all: "
        + ", ".join(f"{p.name} {p.stat().st_size} B" for p in sorted(assets.rglob("*")) if p.is_file())
    )
    print(f"budget: {BUDGET} bytes (10 KiB) of our CSS + JS per page, uncompressed\n")
    for entry in pages:
        parts = ", ".join(f"{o.get('file', o['kind'])} {o.get('bytes', '?')} B" for o in entry["ours"]) or "nothing"
        state = "PASS" if entry["pass"] else "FAIL"
        print(
            f"  {state} {entry['page']:<40} {entry['bytes']:>6} B ({entry['bytes'] / 1024:.1f} KiB, "
            f"{entry['gzip_bytes']} B gzipped): {parts}"
        )
    if args.out:
        payload = {"code": code, "budget_bytes": BUDGET, "assets_bytes": assets_total, "pages": pages}
        args.out.write_text(json.dumps(payload, indent=2) + "\n", "utf-8")
    return 0 if all(entry["pass"] for entry in pages) else 1


if __name__ == "__main__":
    sys.exit(main())
