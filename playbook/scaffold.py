"""Stubs for new principles and call sheets that pass ``playbook check`` as soon as they are written."""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

import yaml

from .layout import PLAYBOOK_FILE, PRINCIPLES_DIR, SCHEMA_COMMENT, SHEETS_DIR

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ScaffoldError(Exception):
    """A stub cannot be written (the file exists, the id is bad, the playbook has no stages...)."""


def schema_line(target: Path, schema: str) -> str:
    """The editor hint: copied from a sibling file when there is one, else a relative path."""
    for sibling in sorted(target.parent.glob("*.yml")):
        first = sibling.read_text("utf-8", errors="replace").split("\n", 1)[0]
        if first.startswith(SCHEMA_COMMENT):
            return first
    schema_file = Path(str(resources.files("playbook").joinpath("schemas", f"{schema}.schema.json")))
    return SCHEMA_COMMENT + Path(os.path.relpath(schema_file, target.parent)).as_posix()


def _quote(text: str) -> str:
    return yaml.safe_dump(text, default_style='"', width=1000).strip()


def _playbook_ids(content: Path, key: str) -> list[str]:
    try:
        data = yaml.safe_load((content / PLAYBOOK_FILE).read_text("utf-8")) or {}
        return [entry["id"] for entry in data.get(key) or [] if isinstance(entry, dict) and "id" in entry]
    except (OSError, yaml.YAMLError, AttributeError, TypeError):
        raise ScaffoldError(f"cannot read the {key} of {PLAYBOOK_FILE}: run `playbook check` first") from None


def _target(content: Path, folder: str, new_id: str) -> Path:
    if not ID_PATTERN.match(new_id):
        raise ScaffoldError(f"'{new_id}' is not a valid id: use lowercase letters, digits and hyphens")
    target = content / folder / f"{new_id}.yml"
    if target.exists() or target.is_symlink():
        raise ScaffoldError(f"{target} already exists: nothing written")
    return target


def _stage(content: Path, stage: str | None) -> str:
    stages = _playbook_ids(content, "stages")
    if not stages:
        raise ScaffoldError(f"{PLAYBOOK_FILE} declares no stages")
    if stage is None:
        return stages[0]
    if stage not in stages:
        raise ScaffoldError(f"unknown stage '{stage}': choose one of {', '.join(stages)}")
    return stage


def new_principle(content: Path, new_id: str, stage: str | None = None, title: str | None = None) -> Path:
    target = _target(content, PRINCIPLES_DIR, new_id)
    stage = _stage(content, stage)
    pauses = _playbook_ids(content, "pauses")
    title = title or new_id.replace("-", " ").capitalize()
    text = f"""{schema_line(target, "principle")}
id: {new_id}
title: {_quote(title)}
summary: "TODO: the rule itself, in one or two sentences."
stage: {stage}
why: |
  TODO: why it works, with the story behind it.
how:
  - "TODO: the first step to apply it."
checklist:
  {pauses[0]}:
    - "TODO: a short imperative item"
say:
  - "TODO: words that work."
sources:
  - title: "TODO: where this idea comes from"
"""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    return target


def new_call_sheet(content: Path, new_id: str, stage: str | None = None, title: str | None = None) -> Path:
    target = _target(content, SHEETS_DIR, new_id)
    stage = _stage(content, stage)
    principles = sorted((content / PRINCIPLES_DIR).glob("*.yml"))
    if not principles:
        raise ScaffoldError("a call sheet is made of principles' checklists: create a principle first")
    title = title or new_id.replace("-", " ").capitalize()
    text = f"""{schema_line(target, "call-sheet")}
id: {new_id}
title: {_quote(title)}
summary: "TODO: when to use this sheet."
stage: {stage}
fields: [Prospect, Company, Date]
principles:
  - {principles[0].stem}
notes: 4
"""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    return target
