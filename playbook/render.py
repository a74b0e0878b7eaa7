"""Pages of the site as Markdown documents, rendered from the resolved playbook.

Each generated page is Markdown so MkDocs builds its table of contents, checks its ``.md`` links and
indexes it for search; content text arrives in it already rendered by the safe Markdown renderer, as
raw HTML blocks, so the site's own Markdown extensions never interpret what editors wrote.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import model
from .layout import DEFAULT_REVIEW_AGE, PRINCIPLES_DIR, ROLES_DIR, SECTION_TITLES, SHEETS_DIR, STAGES_DIR
from .markdown import MarkdownRenderer
from .page import (
    GeneratedPage,
    attr,
    attr_text,
    content_rel,
    front_matter,
    html_text,
    md_text,
    paragraph,
    text_of_html,
)
from .sheetfit import card_print
from .urls import MENTION, relative_url, sub_outside_code
from .whatsnew import pages as whats_new_pages
from .whatsnew.site import WhatsNew

# The home map names at most this many principles per stage and links the stage page for the rest;
# stage and role pages drop summaries beyond LIST_SUMMARIES entries, so index pages stay readable.
MAP_LIMIT = 12
LIST_SUMMARIES = 200


class PageRenderer:
    """Renders every generated page of a playbook; templates can be overridden per site."""

    def __init__(
        self,
        playbook: model.Playbook,
        template_dirs: Iterable[Path] = (),
        *,
        site_url: str | None = None,
        revision: str = "",
        directory_urls: bool = True,
        today: datetime.date | None = None,
        review_age: int = DEFAULT_REVIEW_AGE,
        whats_new: WhatsNew | None = None,
    ):
        self.playbook = playbook
        self.whats_new = whats_new  # the history told for reps (whatsnew/), or None without the page
        self.directory_urls = directory_urls
        self.today = today or datetime.date.today()
        self.review_age = review_age
        self._here = "index.md"  # the page being rendered: links and [[id]] mentions are relative to it
        self.mentioned: set[str] = set()  # principles linked as [[id]] since the preview last cleared it
        self._home_parts: dict[str, str] = {}  # home_map's parts for this playbook (a build asks six times)
        self.md = MarkdownRenderer(self._resolve_mention)
        loaders = [jinja2.FileSystemLoader([str(d) for d in template_dirs])] if template_dirs else []
        loaders.append(jinja2.PackageLoader("playbook", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.filters.update(
            md_text=md_text,
            text=html_text,
            attr=attr,
            block=lambda text: Markup(self.md.block(text)),
            inline=lambda text: Markup(self.md.inline(text)),
            plain=lambda text: md_text(text_of_html(self.md.inline(text))),
            para=lambda text, css_class, label="": paragraph(self.md.block(text), css_class, label),
        )
        site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.env.globals.update(playbook=playbook, site_url=site_url, revision=revision, url=self.url)

    def url(self, target_src: str) -> str:
        """The href from the page being rendered to another page (for links inside HTML blocks)."""
        return relative_url(target_src, self._here, self.directory_urls)

    def for_playbook(self, playbook: model.Playbook) -> PageRenderer:
        """The same templates and settings for another version of the content (the preview's next
        load), so templates are not compiled again and rendered summaries stay cached."""
        self.playbook = playbook
        self.env.globals["playbook"] = playbook
        self._home_parts = {}
        return self

    def _resolve_mention(self, principle_id: str) -> tuple[str, str] | None:
        self.mentioned.add(principle_id)
        principle = self.playbook.principles.get(principle_id)
        if principle is None:
            return None
        return self.url(f"{PRINCIPLES_DIR}/{principle_id}.md"), principle.title

    def _render(self, template: str, here: str, **context) -> str:
        self._here = here
        return self.env.get_template(template).render(here=here, **context)

    def render_template(self, template: str, here: str, **context) -> str:
        """A template rendered as a page of ``here`` (links relative to it): for pages made elsewhere."""
        return self._render(template, here, **context)

    def link_mentions(self, markdown: str, here: str) -> str:
        """``[[id]]`` in a hand-written page becomes a Markdown link MkDocs checks like any other."""

        def link(match: re.Match) -> str:
            principle = self.playbook.principles.get(match.group(1))
            if principle is None:
                return match.group(0)
            target = posixpath.relpath(f"{PRINCIPLES_DIR}/{principle.id}.md", posixpath.dirname(here) or ".")
            return f"[{md_text(principle.title)}]({target})"

        return sub_outside_code(MENTION, link, markdown)

    # -- one function per page kind ---------------------------------------------------------------
    def principle(self, principle: model.Principle) -> GeneratedPage:
        pb = self.playbook
        body = self._render(
            "principle.md.j2",
            f"{PRINCIPLES_DIR}/{principle.id}.md",
            p=principle,
            pauses={pause.id: pause for pause in pb.pauses},
            related=pb.neighbours(principle.id),
            sheets=pb.sheets_using(principle.id),
        )
        extra = {"tags": principle.tags} if principle.tags else {}
        meta = front_matter(
            "principle",
            title=attr_text(principle.title),
            description=attr_text(text_of_html(self.md.inline(principle.summary))),
            # A principle outranks the index pages that repeat its title and summary.
            search={"boost": 2},
            **extra,
        )
        return GeneratedPage(f"{PRINCIPLES_DIR}/{principle.id}.md", content_rel(pb, principle.path), meta + body)

    def call_sheet(self, sheet: model.CallSheet) -> GeneratedPage:
        principles = [self.playbook.principles[p] for p in sheet.principles]
        body = self._render("call-sheet.md.j2", f"{SHEETS_DIR}/{sheet.id}.md", s=sheet, principles=principles)
        description = attr_text(text_of_html(self.md.inline(sheet.summary)))
        meta = front_matter("call-sheet", title=attr_text(sheet.title), description=description)
        return GeneratedPage(f"{SHEETS_DIR}/{sheet.id}.md", content_rel(self.playbook, sheet.path), meta + body)

    def print_all(self) -> GeneratedPage:
        """Every call sheet on one page, each printing on a page of its own."""
        body = self._render(
            "print-all.md.j2", f"{SHEETS_DIR}/print-all.md", sheets=list(self.playbook.call_sheets.values())
        )
        meta = front_matter("print-all", title="Print all call sheets", search={"exclude": True})
        return GeneratedPage(f"{SHEETS_DIR}/print-all.md", None, meta + body)

    def call_sheets_index(self) -> GeneratedPage:
        body = self._render(
            f"{SHEETS_DIR}-index.md.j2", f"{SHEETS_DIR}/index.md", sheets=list(self.playbook.call_sheets.values())
        )
        meta = front_matter(SHEETS_DIR, title=SECTION_TITLES[SHEETS_DIR])
        return GeneratedPage(f"{SHEETS_DIR}/index.md", None, meta + body)

    def stage(self, stage: model.Stage) -> GeneratedPage:
        pb = self.playbook
        body = self._render(
            "stage.md.j2",
            f"{STAGES_DIR}/{stage.id}.md",
            stage=stage,
            principles=pb.principles_of_stage(stage.id),
            sheets=[s for s in pb.call_sheets.values() if s.stage.id == stage.id],
            summaries=LIST_SUMMARIES,
        )
        meta = front_matter("stage", title=attr_text(stage.title))
        return GeneratedPage(f"{STAGES_DIR}/{stage.id}.md", content_rel(pb, pb.path), meta + body)

    def _index(self, kind: str, **context) -> GeneratedPage:
        """An index of stages or roles: both are declared in playbook.yml, which its edit link opens."""
        body = self._render(f"{kind}-index.md.j2", f"{kind}/index.md", **context)
        source = content_rel(self.playbook, self.playbook.path)
        return GeneratedPage(f"{kind}/index.md", source, front_matter(kind, title=SECTION_TITLES[kind]) + body)

    def stages_index(self) -> GeneratedPage:
        return self._index(STAGES_DIR, stages=self.playbook.stages)

    def role(self, role: model.Role) -> GeneratedPage:
        pb = self.playbook
        principles = pb.principles_of_role(role.id)
        src = f"{ROLES_DIR}/{role.id}.md"
        body = self._render("role.md.j2", src, role=role, principles=principles, summaries=LIST_SUMMARIES)
        meta = front_matter("role", title=attr_text(role.title))
        return GeneratedPage(f"{ROLES_DIR}/{role.id}.md", content_rel(pb, pb.path), meta + body)

    def roles_index(self) -> GeneratedPage:
        return self._index(ROLES_DIR, roles=self.playbook.roles)

    def needs_review(self) -> GeneratedPage:
        """Principles past their review age, so owners see what to look at next."""
        stale = self.playbook.needs_review(self.today, self.review_age)
        total = len(self.playbook.principles)
        # Verification health: the share reviewed within the review age, rounded down so that 100%
        # means every one; then each overdue principle with how long past due (never reviewed first).
        reviewed = total - len(stale)
        percent = reviewed * 100 // total if total else 100
        overdue = [(p, days, None if days is None else days - self.review_age) for p, days in stale]
        body = self._render(
            "needs-review.md.j2",
            "needs-review.md",
            stale=overdue,
            age=self.review_age,
            reviewed=reviewed,
            total=total,
            percent=percent,
            owners=self.playbook.owners,
        )
        meta = front_matter("needs-review", title="Needs review", audience="editor")  # "For editors"
        return GeneratedPage("needs-review.md", None, meta + body)

    def objections(self) -> GeneratedPage | None:
        """Every objection by stage: a one-page card in print, or a stage a page (``sheetfit.card_print``)."""
        groups = self.playbook.objections_by_stage()
        if not groups:
            return None
        paged, talk = card_print(self.playbook)
        body = self._render("objections.md.j2", "objections.md", groups=groups, paged=paged, talk=talk)
        meta = front_matter("objections", title="Objections", hide=["toc"])  # the stages' links lead
        return GeneratedPage("objections.md", None, meta + body)

    def tags_index(self) -> GeneratedPage | None:
        """The page where Material's tags plugin lists principles by tag (when any has tags)."""
        if not any(p.tags for p in self.playbook.principles.values()):
            return None
        body = "# Tags\n\nEvery principle, grouped by its tags.\n\n<!-- material/tags -->\n"
        return GeneratedPage("tags.md", None, front_matter("tags", title="Tags") + body)

    def home(self) -> GeneratedPage:
        """A home page for playbooks without a hand-written index.md: the next call first."""
        about = f"{self.md.block(self.playbook.description)}\n\n" if self.playbook.description else ""
        body = f"# {md_text(self.playbook.title)}\n\n" + self.home_map("next") + about + self.home_map()
        return GeneratedPage("index.md", content_rel(self.playbook, self.playbook.path), body)

    def home_map(self, part: str = "map") -> str:
        """Home page parts: ``next`` (call sheets, objections) or ``map`` (cycle map, what's new, marks)."""
        if part not in self._home_parts:
            self._home_parts[part] = self._home_part(part)
        return self._home_parts[part]

    def _home_part(self, part: str) -> str:
        pb = self.playbook
        body = self._render(
            "home-map.md.j2",
            "index.md",
            part=part,
            limit=MAP_LIMIT,
            stages=[(stage, pb.principles_of_stage(stage.id)) for stage in pb.stages],
            sheets=list(pb.call_sheets.values()),
            objections=any(p.objections for p in pb.principles.values()),
        )
        if part != "map" or self.whats_new is None:
            return body
        body += whats_new_pages.home_lines(self, self.whats_new)
        return body + whats_new_pages.marks(self, self.whats_new, "index.md", self.home_map("next") + body)
