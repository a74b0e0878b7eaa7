"""Replaying this repository's own history: every change reps or a printed page can see, between each
commit that touches the content and its parent, is in `playbook diff`'s report.

Each revision is loaded by the loader alone (``load_playbook``, no diff code) and turned into
``playbook export``'s data; the facts of that data that differ are the changes to find. A fact is
one field of one principle, call sheet or playbook.yml: a checklist item, an objection, a talk track
list, a printed sheet's item or objection. Each must be covered by a structured change of the diff
(same principle or sheet, same field, same item or objection), and that change must be printed in
the text report. Every revision is written out of git and loaded once.
"""

from __future__ import annotations

import json
import subprocess
import tarfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest

from conftest import ROOT
from playbook.diff import REPORTS, Change, Comparison, GitRevision, compare, read_revision
from playbook.diff.phrasing import Plain, change_line, page_line
from playbook.export import export_data
from playbook.load import load_playbook
from playbook.settings import read_settings

Fact = tuple[str, str, str, str]  # (subject, id, field, key)


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout


def content_commits() -> list[tuple[str, str]]:
    """(parent, commit) for every commit that touches content/, oldest first; a merge against its
    first parent (what the merge brought in)."""
    pairs = []
    for line in reversed(git("log", "--format=%H %P", "--", "content/").splitlines()):
        commit, *parents = line.split()
        if parents:
            pairs.append((parents[0], commit))
    return pairs


@dataclass
class Revision:
    facts: dict[Fact, object] | None  # None: the revision has content errors (nothing to export)
    read: object  # the diff's reading of it


def write_out(commit: str, target: Path) -> Path:
    paths = [p for p in ("mkdocs.yml", "content") if git("ls-tree", "--name-only", commit, p).strip()]
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, *paths], cwd=ROOT, capture_output=True, check=True
    )
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


def facts_of(data: dict) -> dict[Fact, object]:
    """``playbook export``'s data as facts; a printed sheet's objection is what it prints (words, question)."""
    facts: dict[Fact, object] = {}
    for key in ("title", "description"):
        facts[("playbook", "", key, "")] = data[key]
    for name in ("stages", "roles", "pauses"):
        facts[("playbook", "", name, "")] = [e["id"] for e in data[name]]  # which, in what order
        for entry in data[name]:
            facts[("playbook", "", name, entry["id"])] = {k: v for k, v in entry.items() if k != "url"}
    for p in data["principles"]:
        pid = p["id"]
        for key, value in p.items():
            if key not in ("id", "url", "source_file", "checklist", "objections"):
                facts[("principle", pid, key, "")] = value
        for group in p["checklist"]:
            facts[("principle", pid, "checklist", "@" + group["pause"])] = [i["item_id"] for i in group["items"]]
            for item in group["items"]:
                facts[("principle", pid, "checklist", item["item_id"])] = (group["pause"], item["text"])
        facts[("principle", pid, "objections", "")] = [o["objection_id"] for o in p["objections"]]
        for o in p["objections"]:
            facts[("principle", pid, "objections", o["objection_id"])] = {
                k: v for k, v in o.items() if k not in ("id", "principle")
            }
    for s in data["call_sheets"]:
        sid = s["id"]
        for key in ("title", "summary", "stage", "fields", "principles", "notes"):
            facts[("call-sheet", sid, key, "")] = s[key]
        for section in s["sections"]:
            facts[("call-sheet", sid, "page.checklist", "@" + section["pause"])] = [i["id"] for i in section["items"]]
            facts[("call-sheet", sid, "page.pauses", section["pause"])] = section["mode"]
            for item in section["items"]:
                facts[("call-sheet", sid, "page.checklist", item["id"])] = (section["pause"], item["text"])
        facts[("call-sheet", sid, "page.say", "")] = [(t["principle"], t["text"]) for t in s["say"]]
        facts[("call-sheet", sid, "page.objections", "")] = [o["id"] for o in s["objections"]]
        for o in s["objections"]:
            facts[("call-sheet", sid, "page.objections", o["id"])] = (o["objection"], o["ask"])
    return facts


def changed_facts(old: dict[Fact, object], new: dict[Fact, object]) -> list[Fact]:
    return sorted(f for f in old.keys() | new.keys() if old.get(f) != new.get(f))


def covering(fact: Fact, comparison: Comparison, one_sided: bool) -> list[Change]:
    """The diff's changes that report ``fact``: about the same subject (under its new or old id, or the
    principle an objection moved from), the same field, and the same item, objection or pause point
    when the fact names one. A printed section that appears or goes is reported by its items."""
    subject, sid, field, key = fact
    diff = comparison.diff
    subjects = {"principle": diff.principles, "call-sheet": diff.sheets}.get(subject, [])
    whole = [d for d in subjects if sid in (d.id, d.old_id) and d.status != "changed"]
    if any(d.status in ("added", "removed") for d in whole):
        return [c for c in diff.changes if c.subject == subject and c.id == sid and c.field == ""]
    if field == "page.pauses" and one_sided:
        field, key = "page.checklist", "@" + key
    found = []
    for c in diff.changes:
        ids = {c.id} | {d.old_id for d in whole if d.id == c.id}
        if c.kind == "moved" and c.field == "objections":
            ids.add(c.old_place)
        if c.subject != subject or sid not in ids or not (c.field == field or c.field.startswith(field + ".")):
            continue
        if not key or _same_part(c, key):
            found.append(c)
    return found


def _same_part(change: Change, key: str) -> bool:
    if key.startswith("@"):  # the entries at one pause point
        return key[1:] in (change.place, change.old_place)
    if change.field.startswith("page."):  # full ids on a printed page
        return key in (change.part, change.place) or (change.was and key.endswith("/" + change.was))
    return key in (change.part, change.was)


def printed(change: Change, comparison: Comparison, report: str) -> bool:
    """Whether the change's line (as the text report writes it) is in the text report."""

    def pause(pause_id: str | None) -> str:
        return comparison.diff.pause_titles.get(pause_id or "", pause_id or "")

    render = page_line if change.field.startswith("page.") else change_line
    _, _, _, body = render(change, Plain(), 0, pause)
    return body in report or change.field == ""


@pytest.fixture(scope="module")
def revisions(tmp_path_factory) -> dict[str, Revision]:
    """Every revision the replay compares, written out and loaded once each."""
    tmp = tmp_path_factory.mktemp("history")
    found: dict[str, Revision] = {}
    for commit in dict.fromkeys(c for pair in content_commits() for c in pair):
        root = write_out(commit, tmp / commit)
        loaded = load_playbook(root, read_settings(root))
        facts = facts_of(export_data(loaded.playbook)) if loaded.playbook is not None else None
        found[commit] = Revision(facts, read_revision(root, GitRevision(commit[:7], commit)))
    return found


def _no_history() -> str:
    """Why this checkout has no history to replay ("" when it has one)."""
    done = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        return "not a git checkout"
    return "a shallow clone: fetch the history (git fetch --unshallow)" if done.stdout.strip() == "true" else ""


@pytest.mark.skipif(bool(_no_history()), reason=_no_history() or "-")
def test_every_change_of_the_model_in_this_repositorys_history_is_reported(revisions, record_property):
    replayed, found, reported, missed, skipped = 0, 0, 0, [], []
    for parent, commit in content_commits():
        old, new = revisions[parent], revisions[commit]
        if old.facts is None or new.facts is None:
            skipped.append(commit[:7])  # a revision with errors has no export to compare with
            continue
        comparison = compare(old.read, new.read)
        report = REPORTS["text"](comparison)
        replayed += 1
        for fact in changed_facts(old.facts, new.facts):
            found += 1
            changes = covering(fact, comparison, (fact in old.facts) != (fact in new.facts))
            if changes and all(printed(c, comparison, report) for c in changes):
                reported += 1
            else:
                missed.append((commit[:7], fact, [c.field for c in changes]))
    record_property("history", json.dumps({"replayed": replayed, "found": found, "reported": reported}))
    print(f"\nhistory replay: {replayed} commits, {found} model changes, {reported} reported, {len(missed)} missed")
    assert replayed >= 35 and found > 100, (replayed, found, skipped)
    assert missed == [], "\n".join(map(str, missed))
