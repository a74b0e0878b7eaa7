"""The whole playbook as plain data, references resolved, for CRMs and enablement tools.

The shape is stable: fields are only ever added. ``EXPORT_VERSION`` changes if one is removed.
"""

from __future__ import annotations

import json

from . import model
from .layout import PRINCIPLES_DIR, ROLES_DIR, SHEETS_DIR, STAGES_DIR

EXPORT_VERSION = 1


def _item(item: model.Item) -> dict:
    return {"id": item.full_id, "item_id": item.id, "text": item.text}


def _objection(o: model.Objection) -> dict:
    return {
        "id": o.full_id,
        "objection_id": o.id,
        "principle": o.owner,
        "objection": o.objection,
        "means": o.means,
        "ask": o.ask,
        "say": list(o.say),
        "phrases": list(o.phrases),
    }


def _principle(p: model.Principle) -> dict:
    return {
        "id": p.id,
        "url": f"{PRINCIPLES_DIR}/{p.id}/",
        "title": p.title,
        "summary": p.summary,
        "stage": p.stage.id,
        "roles": [r.id for r in p.roles],
        "tags": p.tags,
        "phrases": p.phrases,
        "why": p.why,
        "how": p.how,
        "checklist": [{"pause": pause, "items": [_item(i) for i in items]} for pause, items in p.checklist.items()],
        "say": p.say,
        "avoid": [{"text": a.text, "instead": a.instead} for a in p.avoid],
        "signals": p.signals,
        "objections": [_objection(o) for o in p.objections],
        "related": p.related,
        "sources": [{"title": s.title, "author": s.author, "url": s.url} for s in p.sources],
        "owner": p.owner,
        "reviewed": p.reviewed.isoformat() if p.reviewed else None,
        "source_file": p.path,
    }


def _sheet(s: model.CallSheet) -> dict:
    return {
        "id": s.id,
        "url": f"{SHEETS_DIR}/{s.id}/",
        "title": s.title,
        "summary": s.summary,
        "stage": s.stage.id,
        "fields": s.fields,
        "principles": s.principles,
        "sections": [
            {"pause": sec.pause.id, "mode": sec.pause.mode, "items": [_item(i) for i in sec.items]}
            for sec in s.sections
        ],
        "notes": s.notes,
        "phrases": s.phrases,
        "say": [{"principle": t.principle, "text": t.text} for t in s.say],
        "objections": [_objection(o) for o in s.objections],
        "source_file": s.path,
    }


def export_data(playbook: model.Playbook) -> dict:
    return {
        "export_version": EXPORT_VERSION,
        "title": playbook.title,
        "description": playbook.description,
        "stages": [
            {"id": s.id, "title": s.title, "summary": s.summary, "url": f"{STAGES_DIR}/{s.id}/"}
            for s in playbook.stages
        ],
        "roles": [
            {"id": r.id, "title": r.title, "summary": r.summary, "url": f"{ROLES_DIR}/{r.id}/"} for r in playbook.roles
        ],
        "pauses": [{"id": p.id, "title": p.title, "mode": p.mode} for p in playbook.pauses],
        "principles": [_principle(p) for p in playbook.principles.values()],
        "call_sheets": [_sheet(s) for s in playbook.call_sheets.values()],
        "vocabulary": [_word_group(g) for g in playbook.vocabulary],
    }


def _word_group(group: model.WordGroup) -> dict:
    if group.word is None:
        return {"words": list(group.words)}
    return {"word": group.word, "also": list(group.words)}


def export_json(playbook: model.Playbook) -> str:
    return json.dumps(export_data(playbook), indent=2, ensure_ascii=False) + "\n"
