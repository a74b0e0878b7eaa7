"""Hostile content in `playbook check`: every payload with a forbidden link is reported at its line
(``hostile_playbook.py`` writes every payload into every field)."""

from __future__ import annotations

import re

import yaml
from hostile_playbook import GROUPS, PAYLOADS, REJECTED, N, pid

# -- `playbook check`: forbidden links are reported where they are --------------------------------
MARKDOWN_POINTERS = [("summary",), ("why",), ("how", 0), ("say", 0), ("avoid", 0, "instead"), ("signals", 0)]
MARKDOWN_POINTERS += [("objections", 0, "means"), ("objections", 0, "ask"), ("objections", 0, "say", 0)]


def value_position(text: str, pointer: tuple) -> tuple[int, int]:
    node = yaml.compose(text)
    for step in pointer:
        if isinstance(step, int):
            node = node.value[step]
        else:
            node = next(v for k, v in node.value if k.value == step)
    return node.start_mark.line + 1, node.start_mark.column + 1


def expected_link_errors(files: dict[str, str]) -> set[tuple[str, int, int]]:
    """Where every rejected payload sits in a Markdown field."""
    where = set()
    book = files["content/playbook.yml"]
    for i, payload in enumerate(PAYLOADS):
        if payload not in REJECTED:
            continue
        path = f"content/principles/{pid(i)}.yml"
        where |= {(path, *value_position(files[path], p)) for p in MARKDOWN_POINTERS}
        path = f"content/call-sheets/sheet-{i:02d}.yml"
        where.add((path, *value_position(files[path], ("summary",))))
        for kind in ("stages", "roles"):
            where.add(("content/playbook.yml", *value_position(book, (kind, i % GROUPS, "summary"))))
        where.add(("content/playbook.yml", *value_position(book, ("description",))))
    return where


PROBLEM = re.compile(r"(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.+)")


def test_corpus_is_large_and_every_expected_rejection_is_a_payload():
    assert N >= 30
    assert len(set(PAYLOADS)) == N, "duplicate payloads"
    assert REJECTED <= set(PAYLOADS), REJECTED - set(PAYLOADS)
    assert all(len(p) <= 200 for p in PAYLOADS), "checklist items are at most 200 characters"


def test_check_reports_each_forbidden_link_at_its_line(hostile):
    check = hostile.check_all
    output = check.stdout + check.stderr
    assert check.returncode == 1, output
    assert "Traceback" not in output
    found = set()
    for line in check.stdout.splitlines():
        match = PROBLEM.fullmatch(line)
        assert match, f"not a path:line:col message: {line!r}"
        assert match["severity"] == "error", line
        assert re.search(r"link .* is not allowed", match["message"]), line
        found.add((match["path"], int(match["line"]), int(match["col"])))
    expected = expected_link_errors(hostile.files_all)
    assert found == expected, (
        f"reported but not expected: {sorted(found - expected)}\nexpected but not reported: {sorted(expected - found)}"
    )
