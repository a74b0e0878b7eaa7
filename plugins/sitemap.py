"""A first page view that does not grow with the playbook: the sitemap instant navigation reads.

Material's instant navigation fetches ``sitemap.xml`` on every full page load and loads in place
only the links it lists (its bundle keeps each ``<url>``'s ``<loc>``; nothing else of the file is
read). A sitemap of every page grows with the playbook: 7 KiB on the default site, 443 KiB at
3,000 principles. With Pagefind search, the build rewrites it to the pages whose number does not
grow with the content: every page but the principles and the call sheets. Links to
those are handed to Material's instant navigation by assets/search.js (into ``location$``, as
Material's own click handler does), so every page still loads in place. A public site keeps the
full list for search engines in ``sitemap.xml.gz`` (written by MkDocs; a private site drops it, see
``privacy.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

from playbook.model import Playbook

SITEMAP = "sitemap.xml"
_URL = re.compile(r"<url>(.*?)</url>", re.S)
_LOC = re.compile(r"<loc>([^<]*)</loc>")
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'


def growing(playbook: Playbook) -> list[str]:
    """The pages there are as many of as the content has (their paths without the ending)."""
    principles = [f"principles/{pid}" for pid in playbook.principles]
    return principles + [f"call-sheets/{sid}" for sid in playbook.call_sheets]


def shorten_sitemap(site_dir: str, playbook: Playbook, site_url: str | None) -> None:
    """Rewrite ``site_dir/sitemap.xml`` with the pages that do not grow with the playbook."""
    path = Path(site_dir) / SITEMAP
    if not path.is_file():
        return
    root = (site_url or "").rstrip("/") + "/"
    left_out = {root + page + end for page in growing(playbook) for end in ("/", ".html")}  # use_directory_urls or not
    kept = []
    for entry in _URL.findall(path.read_text("utf-8")):
        loc = _LOC.search(entry)
        if loc is not None and loc.group(1) not in left_out:
            kept.append("<url>" + re.sub(r">\s+<", "><", entry.strip()) + "</url>\n")
    path.write_text(_HEAD + "".join(kept) + "</urlset>\n", "utf-8")
