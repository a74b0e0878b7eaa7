"""The rules that need more than one file: references between principles, what a call sheet
takes from the principles it lists (and whether it still fits on a page), and ``[[id]]`` mentions.

They run on every load, after every file was read and checked on its own: a change to one file can
break a rule in another, so nothing here is cached.
"""

from __future__ import annotations

from pathlib import Path

from ..problems import Problem
from ..safefile import FileProblem, read_regular_file
from ..sheetfit import SheetLayout, estimate_pages
from ..suggest import did_you_mean
from ..urls import MENTION, blank_code
from ..yamlfile import YamlFile
from .entries import checklist_ids, sheet_entry
from .filechecks import check_id
from .findings import Findings
from .objectionchecks import SheetChecks, SheetWords
from .reading import markdown_pages
from .registry import Registry
from .wordchecks import check_phrases

MAX_ITEMS_PER_PAUSE = 9


def check_related(found: Findings, doc: YamlFile, known: set[str]) -> None:
    related = doc.data.get("related")
    if not isinstance(related, list):
        return
    for index, other in enumerate(related):
        if not isinstance(other, str):
            continue
        if other == doc.data.get("id"):
            found.error(doc, ("related", index), "a principle cannot be related to itself")
        else:
            found.check_ref(doc, ("related", index), "principle", other, known)


def check_sheet(
    found: Findings,
    doc: YamlFile,
    registry: Registry,
    principle_items: dict,
    seen: dict,
    unreadable: set[str],
    sheet_words: SheetChecks,
) -> None:
    data = doc.data
    check_id(found, doc, seen)
    found.check_ref(doc, ("stage",), "stage", data.get("stage"), registry.stages)
    found.check_markdown(doc, ("summary",), data.get("summary"))
    check_phrases(found, doc, ())
    counts: dict[str, list[int]] = {}
    per_pause_sources: dict[str, list[str]] = {}
    listed = set()
    for index, entry in enumerate(data.get("principles") or [] if isinstance(data.get("principles"), list) else []):
        pid, wanted = sheet_entry(entry)
        if not isinstance(pid, str):
            continue
        pointer = ("principles", index) if isinstance(entry, str) else ("principles", index, "id")
        if pid in listed:
            found.error(doc, pointer, f"'{pid}' is listed twice")
            continue
        listed.add(pid)
        if pid in unreadable:
            continue
        if not found.check_ref(doc, pointer, "principle", pid, principle_items):
            continue
        pdoc, items = principle_items[pid]
        chosen = set(items)
        if isinstance(wanted, list):
            chosen = set()
            for windex, item_id in enumerate(wanted):
                if not isinstance(item_id, str):
                    continue
                if item_id not in items:
                    found.error(
                        doc,
                        ("principles", index, "items", windex),
                        f"'{pid}' has no item '{item_id}'{did_you_mean(item_id, items)}",
                    )
                chosen.add(item_id)
        for pause, entries in checklist_ids(pdoc):
            for item_id, text in entries:
                if item_id in chosen:
                    counts.setdefault(pause, []).append(len(text))
                    per_pause_sources.setdefault(pause, []).append(pid)
    extra = data.get("extra")
    if isinstance(extra, dict):
        for pause, entries in extra.items():
            found.check_ref(doc, ("extra", pause), "pause point", pause, registry.pauses, key=True)
            if isinstance(entries, list):
                for entry in entries:
                    if isinstance(entry, str):
                        counts.setdefault(pause, []).append(len(entry))
                        per_pause_sources.setdefault(pause, []).append("extra")
    for pause, lengths in counts.items():
        if len(lengths) > MAX_ITEMS_PER_PAUSE:
            sources = ", ".join(sorted(set(per_pause_sources[pause])))
            found.error(
                doc,
                ("principles",),
                f"the pause point '{pause}' would hold {len(lengths)} items (from {sources}); "
                f"at most {MAX_ITEMS_PER_PAUSE}: pick items with {{id: ..., items: [...]}}",
            )
    words = sheet_words.check(doc)  # its `say` and `objections` (objectionchecks.py)
    if not any(p.is_error and p.path == doc.path for p in found.problems):
        check_sheet_fits(found, doc, counts, registry, words)


def check_sheet_fits(
    found: Findings, doc: YamlFile, counts: dict[str, list[int]], registry: Registry, words: SheetWords
) -> None:
    data = doc.data
    order = registry.pauses or {}
    sections = [counts[p] for p in sorted(counts, key=lambda p: order.get(p, 0))]
    layout = SheetLayout(
        summary_chars=len(data.get("summary") or ""),
        field_count=len(data.get("fields") or []),
        sections=sections,
        notes=data.get("notes") or 0,
        say=words.say,
        objections=words.objections,
    )
    pages = estimate_pages(layout)
    if pages > 1.0:
        found.error(
            doc,
            ("id",),
            f"this sheet would not fit on one printed page (about {pages:.2f} pages): "
            "remove items, talk tracks, objections or note lines",
        )


def check_mentions(found: Findings, known: set[str]) -> None:
    """Every ``[[id]]`` in a content file's Markdown must name a principle."""
    for doc, pointer, mentioned in found.mentions:
        if mentioned not in known:
            found.error(doc, pointer, f"[[{mentioned}]] names no principle{did_you_mean(mentioned, sorted(known))}")


def check_pages(found: Findings, content: Path, known: set[str]) -> None:
    """Hand-written pages may link principles as [[id]] too; each one must exist."""
    for page in markdown_pages(content):
        rel = found.rel(page)
        try:
            lines = blank_code(read_regular_file(page).decode("utf-8")).split("\n")
        except FileProblem as exc:  # a FIFO or a link to a device would hang MkDocs, or us
            found.problems.append(
                Problem(rel, 1, 1, f"{exc}: pages are Markdown files" if exc.not_regular else str(exc))
            )
            continue
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(lines, 1):
            for match in MENTION.finditer(line):
                if match.group(1) not in known:
                    hint = did_you_mean(match.group(1), sorted(known))
                    found.problems.append(
                        Problem(rel, number, match.start() + 1, f"[[{match.group(1)}]] names no principle{hint}")
                    )
