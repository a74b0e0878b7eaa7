"""What a private playbook (``private: true``, the default) leaves out of its site: search engines,
the generator tag and Material's "Made with" line (set in ``theme.py``), the compressed sitemap."""

from __future__ import annotations

import re
from pathlib import Path

ROBOTS_TXT = "# An internal sales playbook: not for search engines.\nUser-agent: *\nDisallow: /\n"
GENERATOR_TAG = re.compile(r'<meta name="generator"[^>]*>\s*')


def without_generator(page_html: str) -> str:
    """No version banner that helps an attacker."""
    return GENERATOR_TAG.sub("", page_html, count=1)


def drop_compressed_sitemap(site_dir: str) -> None:
    """sitemap.xml stays: Material's instant navigation reads it to know which links it may load in
    place. The compressed copy only exists for search engines."""
    (Path(site_dir) / "sitemap.xml.gz").unlink(missing_ok=True)
