"""Reads the Pagefind index of a built site, as the tests check what it holds."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

MAGIC = b"pagefind_dcd"  # Pagefind's header inside each decompressed file


def fragments(site: Path) -> dict[str, dict]:
    """Every indexed page's fragment (url, content, meta, filters), by URL path."""
    found = {}
    for path in sorted((site / "pagefind/fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(MAGIC), path
        fragment = json.loads(raw[len(MAGIC) :])
        found[fragment["url"]] = fragment
    return found
