"""The plan of a site's generated pages: every page in site order, each with the principles and call
sheets it shows (``PlannedPage.shows``), which tells the preview's page cache what an edit can change."""

from __future__ import annotations

from functools import partial

from .layout import PRINCIPLES_DIR, ROLES_DIR, SHEETS_DIR, STAGES_DIR
from .page import PlannedPage
from .render import PageRenderer
from .whatsnew import pages as whats_new_pages


def plan_pages(renderer: PageRenderer) -> list[PlannedPage]:
    """Every generated page in site order, each rendered by ``renderer`` when asked (``render()``)."""
    pb = renderer.playbook
    plan = []
    for p in pb.principles.values():
        shows = {f"p:{p.id}", *(f"p:{r}" for r in p.related)}
        shows.update(f"p:{x.id}" for x in pb.referenced_by(p.id))
        shows.update(f"s:{s.id}" for s in pb.sheets_using(p.id))
        plan.append(PlannedPage(f"{PRINCIPLES_DIR}/{p.id}.md", partial(renderer.principle, p), frozenset(shows)))
    for s in pb.call_sheets.values():
        shows = frozenset({f"s:{s.id}", *(f"p:{x}" for x in s.shown_principles)})
        plan.append(PlannedPage(f"{SHEETS_DIR}/{s.id}.md", partial(renderer.call_sheet, s), shows))
    every_sheet = frozenset(f"s:{s.id}" for s in pb.call_sheets.values())
    plan.append(PlannedPage(f"{SHEETS_DIR}/index.md", renderer.call_sheets_index, every_sheet))
    sheet_principles = {f"p:{x}" for s in pb.call_sheets.values() for x in s.shown_principles}
    plan.append(PlannedPage(f"{SHEETS_DIR}/print-all.md", renderer.print_all, every_sheet | sheet_principles))
    for stage in pb.stages:
        shows = {f"p:{p.id}" for p in pb.principles_of_stage(stage.id)}
        shows.update(f"s:{s.id}" for s in pb.call_sheets.values() if s.stage.id == stage.id)
        plan.append(PlannedPage(f"{STAGES_DIR}/{stage.id}.md", partial(renderer.stage, stage), frozenset(shows)))
    plan.append(PlannedPage(f"{STAGES_DIR}/index.md", renderer.stages_index, frozenset()))
    for role in pb.roles:
        shows = frozenset(f"p:{p.id}" for p in pb.principles_of_role(role.id))
        plan.append(PlannedPage(f"{ROLES_DIR}/{role.id}.md", partial(renderer.role, role), shows))
    plan.append(PlannedPage(f"{ROLES_DIR}/index.md", renderer.roles_index, frozenset()))
    with_objections = frozenset(f"p:{p.id}" for p in pb.principles.values() if p.objections)
    plan.append(PlannedPage("objections.md", renderer.objections, with_objections))
    plan.append(PlannedPage("needs-review.md", renderer.needs_review, None))
    plan.append(PlannedPage("tags.md", renderer.tags_index, None))
    if renderer.whats_new is None:
        return plan
    plan.append(PlannedPage(whats_new_pages.PAGE, partial(whats_new_pages.page, renderer, renderer.whats_new), None))
    marked = partial(whats_new_pages.with_marks, renderer, renderer.whats_new)
    return [PlannedPage(p.src_uri, lambda p=p: marked(p.render()), p.shows) for p in plan]
