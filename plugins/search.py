"""Which search a build gets, and the Pagefind index of a built site.

A published site searches with Pagefind: after MkDocs has written every page, Pagefind indexes the
site folder at once and writes ``pagefind/``; our worker (assets/search-worker.js) answers
Material's search box from it, so a reader loads only the index chunks and fragments a query needs.
Under ``serve`` and for ``--offline`` sites the build keeps Material's lunr: the preview's index is
current after every save without running an indexer, and Pagefind cannot load from ``file://``.

Material internals this module relies on (listed in ``internals.py``; an upgrade of Material breaks
there, by name):
- the search plugin (``material/search``) collects each page's text for its index; we turn that
  off for the build (``internals.quiet_search_collection``), so its index file carries only the
  config that ``?h=`` highlighting reads (and the build does not parse every page for an index no
  reader loads);
- ``overrides/main.html`` copies base.html's ``config`` block to put our worker's URL in it, and its
  ``container`` block to mark the article for Pagefind;
- ``overrides/partials/search.html`` is Material's search partial with the filter controls added;
- the search and offline plugins (``material/search``, ``material/offline``) are on when their
  ``enabled`` option is.
"""

from __future__ import annotations

import errno
import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from playbook.model import Playbook

from .internals import quiet_search_collection
from .pagefind_stable import stabilise
from .search_rank import KINDS, LISTING_PAGES, article_weight, kind_of, weigh
from .search_words import SearchWords

WORKER = "search-worker.js"
QUERY = "search-query.js"  # the query pipeline, loaded by the worker
PAGE_ASSETS = ("search.js",)  # on every page: loads the filter controls' code on first use
LAZY_ASSETS = ("search-filters.js", "search-filters.css")
OUTPUT = "pagefind"
# Pagefind's own search interfaces: our worker uses its API behind Material's box instead.
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")
# Heading permalinks, the edit button and a page's stage and roles line (.pb-meta: filters say it, and in a
# snippet it is noise) are chrome, not content (Pagefind's selectors: no sibling
# combinators; the lists of other principles are left out in search_rank.py).
EXCLUDE = [".headerlink", ".md-content__button", ".md-source-file", ".pb-cycle", ".pb-meta"]


@dataclass
class SiteSearch:
    """Per-build search settings; ``engine`` is "pagefind" or "lunr"."""

    engine: str = "lunr"
    playbook: Playbook | None = None
    words: SearchWords | None = None
    english: bool = True

    @property
    def pagefind(self) -> bool:
        return self.engine == "pagefind"

    def configure(self, config, option: str, *, serving: bool, playbook: Playbook) -> list[str]:
        """Choose the engine for this build and tell the theme; returns the assets it needs (those
        in PAGE_ASSETS are linked from every page)."""
        self.playbook = playbook
        material = _plugin(config, "material/search")
        offline = _plugin(config, "material/offline")
        offline_on = offline is not None and offline.config.get("enabled", True)
        wanted = option == "pagefind" and material is not None and material.config.get("enabled", True)
        self.engine = "pagefind" if wanted and not serving and not offline_on else "lunr"
        config.extra["playbook_search"] = self._theme_settings() if self.pagefind else None
        self.words = SearchWords() if self.pagefind else None
        self.english = str(_theme_option(config, "language") or "en").startswith("en")
        return [WORKER, QUERY, *PAGE_ASSETS, *LAZY_ASSETS] if self.pagefind else []

    def quiet_material(self, config) -> None:
        """With Pagefind, Material's search collects no page text (called once every plugin's
        on_config, where Material makes a new index for each build, has run)."""
        if self.pagefind and (material := _plugin(config, "material/search")) is not None:
            quiet_search_collection(material)

    def _theme_settings(self) -> dict:
        """What overrides/main.html and partials/search.html read: the worker and the filters.
        MkDocs renders theme templates without autoescape, so every text is escaped here."""
        pb = self.playbook
        tags = sorted({tag for p in pb.principles.values() for tag in p.tags})
        filters = [
            ("stage", "Stage", [(s.id, s.title) for s in pb.stages]),
            ("role", "Role", [(r.id, r.title) for r in pb.roles]),
            ("tag", "Tag", [(t, t) for t in tags]),
            ("kind", "Kind", list(KINDS.items())),
        ]
        return {
            "worker": f"assets/playbook/{WORKER}",
            "filters": [
                {
                    "name": name,
                    "label": label,
                    "options": [{"value": html.escape(v), "title": html.escape(t)} for v, t in options],
                }
                for name, label, options in filters
                if options
            ],
        }

    # -- per page -----------------------------------------------------------------------------------
    def page_context(self, page) -> dict | None:
        """What the page tells Pagefind (read by overrides/main.html): its kind (a filter, and a
        meta its results are labelled with), the weight of its text and its filter values; None
        for a page left out of the index (``search: {exclude: true}`` in its front matter). The
        print-all page is indexed by its sheets' titles (search_rank.weigh), a print task's answer."""
        if not self.pagefind:
            return None
        meta = page.meta or {}
        excluded = isinstance(meta.get("search"), dict) and meta["search"].get("exclude")
        if excluded and meta.get("pb") != "print-all":
            return None
        kind = kind_of(meta)
        return {
            "kind": kind,
            "label": KINDS[kind],
            "weight": article_weight(kind),
            "filters": self._filters(meta.get("pb"), page.file.src_uri),
        }

    def _filters(self, pb: str | None, src_uri: str) -> list[tuple[str, str]]:
        """A page's stage, role and tag values; a call sheet has the roles of its principles, so
        that a role filter brings the sheets for that role."""
        stem, playbook = Path(src_uri).stem, self.playbook
        if pb == "principle" and (p := playbook.principles.get(stem)) is not None:
            return [("stage", p.stage.id), *(("role", r.id) for r in p.roles), *(("tag", t) for t in p.tags)]
        if pb == "call-sheet" and (s := playbook.call_sheets.get(stem)) is not None:
            roles = dict.fromkeys(r.id for pid in s.principles for r in playbook.principles[pid].roles)
            return [("stage", s.stage.id), *(("role", r) for r in roles)]
        return []

    def page_content(self, content: str, page) -> str:
        """The page's HTML with our ranking weights, when Pagefind will index it."""
        if not self.pagefind:
            return content
        meta = page.meta or {}
        pb = meta.get("pb")
        weighed = weigh(content, kind_of(meta), print_all=pb == "print-all", listing=pb in LISTING_PAGES)
        if self.words is not None and self.page_context(page) is not None:
            self.words.add_page(weighed)
        return weighed

    # -- after the build ----------------------------------------------------------------------------
    def index_site(self, site_dir: str) -> None:
        """Index the written site with Pagefind's binary, the whole folder in one run (its Python
        client answers one call per 100 ms and, under load, sometimes misreads a reply)."""
        if not self.pagefind:
            return
        output = Path(site_dir) / OUTPUT
        shutil.rmtree(output, ignore_errors=True)
        try:
            from pagefind.service import get_executable

            command = [str(get_executable()), "--site", site_dir, "--output-path", str(output)]
            command += ["--exclude-selectors", ", ".join(EXCLUDE), "--quiet"]
            done = subprocess.run(command, capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                raise RuntimeError((done.stderr or done.stdout).strip().splitlines()[-1:] or done.returncode)
            stabilise(output)
        except Exception as exc:  # the binary missing or failing: one clear line
            if (code := _environment_errno(exc, site_dir)) is not None:
                # The machine's fault (a full disk, a read-only folder): `playbook build` words it.
                raise OSError(code, os.strerror(code), str(output)) from exc
            raise PluginError(f"{site_dir}: Pagefind could not index the site: {exc}") from exc
        for pattern in UNUSED:
            for path in output.glob(pattern):
                path.unlink()
        if self.words is not None:
            self.words.write(Path(site_dir) / "assets" / "playbook", self.playbook.vocabulary, self.english)


_RUST_OS_ERROR = re.compile(r"\(os error (\d+)\)")
_ROOM_NEEDED = 1 << 20  # less free space than this after a failed index: the disk is full


def _environment_errno(exc: Exception, site_dir: str) -> int | None:
    """The errno behind a failed index when it is the environment's: an OSError of ours, the
    binary's own "(os error N)", or a disk left without room (a truncated file fails to parse)."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return exc.errno
    if match := _RUST_OS_ERROR.search(str(exc)):
        return int(match.group(1))
    try:
        stats = os.statvfs(site_dir)
    except OSError:
        return None
    return errno.ENOSPC if stats.f_bavail * stats.f_frsize < _ROOM_NEEDED else None


def _theme_option(config, name: str):
    try:
        return config.theme[name]
    except (KeyError, TypeError):
        return None


def _plugin(config, name: str):
    """An enabled-or-not plugin instance by its registered name (``material/search``), or None."""
    for key in (name, name.split("/")[-1]):
        if key in config.plugins:
            return config.plugins[key]
    return None
