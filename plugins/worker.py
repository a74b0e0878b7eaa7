"""The service worker that lets a phone reopen the pages it has visited when the network is gone.

After a build the plugin writes ``sw.js`` at the site root from ``assets/sw.js``, filling in a version
hashed from the built site (a new build installs a new worker, which drops what the old one kept) and
the files to keep at once: the offline page, what it needs, and the call tools a tap may ask for.
There is no worker under ``serve`` (pages change at every save) nor in ``--offline`` builds (file://
has no service workers); playbook.js then has no worker to register.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

WORKER = "sw.js"
OFFLINE_PAGE = "offline.html"  # a theme template (overrides/offline.html): in no navigation, search or sitemap
# In playbook.js: the worker's address relative to the script, blanked where a build has no worker.
REGISTRATION = 'const WORKER = "../../sw.js";'
_REFERENCE = re.compile(r'(?:href|src)="(?:\./)?(assets/[^"#?]+)"')


def offline_build(config) -> bool:
    """Material's offline plugin (``material/offline``, turned on by ``playbook build --offline``)."""
    plugin = config.plugins.get("material/offline")
    return bool(plugin is not None and plugin.config.enabled)


def without_registration(script: str) -> str:
    if REGISTRATION not in script:
        raise RuntimeError(f"playbook.js no longer holds {REGISTRATION!r}: update plugins/worker.py")
    return script.replace(REGISTRATION, 'const WORKER = "";')


def write_worker(site_dir: Path, source: str, keep: list[str]) -> Path:
    """sw.js from its source, versioned by every file the build wrote so far (pages and assets; the
    search indexes written after it are fetched network-first, so their version does not matter)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file() and p.name != WORKER):
        digest.update(path.relative_to(site_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    page = (site_dir / OFFLINE_PAGE).read_text("utf-8")
    precache = [OFFLINE_PAGE, *dict.fromkeys(_REFERENCE.findall(page)), *keep]
    script = source.replace('"__VERSION__"', json.dumps(digest.hexdigest()[:16]))
    script = script.replace("__PRECACHE__", json.dumps(list(dict.fromkeys(precache))))
    target = site_dir / WORKER
    target.write_text(script, "utf-8")
    return target
