"""From checked content files to the resolved ``Playbook``: ids replaced by the objects they name.

It runs only when no check found an error, so it may index and convert without asking again; each
principle's object is kept in the read cache while its file and playbook.yml's ids stay the same.
"""

from __future__ import annotations

import datetime
from functools import partial

from .. import model
from ..layout import SHEETS_DIR
from ..urls import principle_mentions
from ..yamlfile import YamlFile
from .entries import checklist_entry, objection_entries, sheet_entry
from .reading import ReadCache


def _markdown_fields(p: dict) -> list[str]:
    texts = [p["summary"], p["why"], *p.get("how", []), *p.get("say", []), *p.get("signals", [])]
    texts += _objection_texts(p)
    return texts + [a["instead"] for a in p.get("avoid", []) if a.get("instead")]


def _items(owner: str, entries: list) -> list[model.Item]:
    return [model.Item(*checklist_entry(entry), owner) for entry in entries]


def _resolved_principle(doc: YamlFile, stage_by_id: dict, role_by_id: dict, pause_order: dict) -> model.Principle:
    p = doc.data
    checklist = {
        pause: _items(p["id"], entries)
        for pause, entries in sorted(p["checklist"].items(), key=lambda kv: pause_order[kv[0]])
    }
    return model.Principle(
        id=p["id"],
        title=p["title"],
        summary=p["summary"],
        stage=stage_by_id[p["stage"]],
        why=p["why"],
        checklist=checklist,
        sources=[model.Source(s["title"], s.get("author"), s.get("url")) for s in p["sources"]],
        path=doc.path,
        roles=[role_by_id[r] for r in p.get("roles", [])],
        tags=list(p.get("tags", [])),
        phrases=list(p.get("phrases", [])),
        how=list(p.get("how", [])),
        say=list(p.get("say", [])),
        avoid=[model.AntiPattern(a["text"], a.get("instead")) for a in p.get("avoid", [])],
        signals=list(p.get("signals", [])),
        objections=_objections(p["id"], p),
        related=list(p.get("related", [])),
        mentions=sorted({m for text in _markdown_fields(p) for m in principle_mentions(text)} - {p["id"]}),
        owner=p.get("owner"),
        reviewed=datetime.date.fromisoformat(p["reviewed"]) if p.get("reviewed") else None,
        formerly=list(p.get("formerly", [])),
    )


def build_model(
    book: YamlFile, principle_docs: list, sheet_docs: list, cache: ReadCache, content_dir: str
) -> model.Playbook:
    """The playbook of ``book`` and the files; ``content_dir`` is the content folder, relative to the root."""
    data = book.data
    stages = [model.Stage(s["id"], s["title"], s["summary"], i) for i, s in enumerate(data["stages"])]
    roles = [model.Role(r["id"], r["title"], r["summary"]) for r in data["roles"]]
    pauses = [model.Pause(p["id"], p["title"], p.get("mode"), i) for i, p in enumerate(data["pauses"])]
    stage_by_id = {s.id: s for s in stages}
    role_by_id = {r.id: r for r in roles}
    pause_order = {p.id: p.index for p in pauses}

    context = (tuple(stages), tuple(roles), tuple(pauses))
    principles = [
        cache.derived("model", doc, context, partial(_resolved_principle, doc, stage_by_id, role_by_id, pause_order))
        for doc in principle_docs
    ]
    principles.sort(key=lambda p: (p.stage.index, p.title.lower(), p.id))
    by_id = {p.id: p for p in principles}

    sheets = []
    for doc in sheet_docs:
        s = doc.data
        chosen: dict[str, list[model.Item]] = {}
        listed = []
        for entry in s["principles"]:
            pid, wanted = sheet_entry(entry)
            wanted = None if wanted is None else set(wanted)
            listed.append(pid)
            for pause, items in by_id[pid].checklist.items():
                chosen.setdefault(pause, []).extend(i for i in items if wanted is None or i.id in wanted)
        for pause, entries in (s.get("extra") or {}).items():
            chosen.setdefault(pause, []).extend(_items(f"{SHEETS_DIR}/{s['id']}", entries))
        sections = [model.SheetSection(p, chosen[p.id]) for p in pauses if chosen.get(p.id)]
        sheets.append(
            model.CallSheet(
                id=s["id"],
                title=s["title"],
                summary=s["summary"],
                stage=stage_by_id[s["stage"]],
                principles=listed,
                sections=sections,
                path=doc.path,
                fields=list(s.get("fields", [])),
                notes=s.get("notes", 0),
                phrases=list(s.get("phrases", [])),
                say=_sheet_say(s, by_id),
                objections=_sheet_objections(s, by_id),
                formerly=list(s.get("formerly", [])),
            )
        )
    sheets.sort(key=lambda s: (s.stage.index, s.title.lower(), s.id))
    return model.Playbook(
        title=data["title"],
        description=data.get("description"),
        stages=stages,
        roles=roles,
        pauses=pauses,
        principles=by_id,
        call_sheets={s.id: s for s in sheets},
        path=book.path,
        content_dir=content_dir,
        owners=dict(data.get("owners", {})),
        vocabulary=[_word_group(entry) for entry in data.get("vocabulary", [])],
    )


def _word_group(entry: list | dict) -> model.WordGroup:
    if isinstance(entry, dict):
        return model.WordGroup(tuple(entry["also"]), entry["word"])
    return model.WordGroup(tuple(entry))


def _objections(principle_id: str, data: dict) -> list[model.Objection]:
    return [
        model.Objection(
            id=objection_id,
            objection=entry["objection"],
            ask=entry["ask"],
            owner=principle_id,
            means=entry.get("means"),
            say=tuple(entry.get("say", ())),
            phrases=tuple(entry.get("phrases", ())),
        )
        for _, objection_id, entry in objection_entries(data)
    ]


def _objection_texts(data: dict) -> list[str]:
    """The Markdown of a principle's objections, for its [[id]] mentions."""
    texts = []
    for _, _, entry in objection_entries(data):
        texts += [entry[key] for key in ("means", "ask") if isinstance(entry.get(key), str)]
        texts += [t for t in entry.get("say", []) if isinstance(t, str)]
    return texts


def _sheet_say(data: dict, principles: dict[str, model.Principle]) -> list[model.TalkTrack]:
    tracks = []
    for entry in data.get("say", []):
        pid, first = (entry, None) if isinstance(entry, str) else (entry["id"], entry.get("first"))
        tracks += [model.TalkTrack(text, pid) for text in principles[pid].say[:first]]
    return tracks


def _sheet_objections(data: dict, principles: dict[str, model.Principle]) -> list[model.Objection]:
    found = []
    for full_id in data.get("objections", []):
        pid, oid = full_id.split("/", 1)
        found += [o for o in principles[pid].objections if o.id == oid]
    return found
