"""The content reader against the public YAML test suite (tests/yaml_suite/, MIT, see its LICENSE).

Every invalid case is refused with a located error; every valid case is read, or refused for the
reason tests/yaml_suite/refused.tsv records; and the answer (data, positions, error) is the same
with libyaml's parser and with the pure-Python one.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from playbook.problems import Problem
from playbook.yamlbuild import FAST_PARSER
from playbook.yamlfile import YamlFile, parse_yaml

SUITE = Path(__file__).parent / "yaml_suite"
CASES = json.loads((SUITE / "cases.json").read_text("utf-8"))
RECORD = {
    line.split("\t")[0]: tuple(line.split("\t")[1:])
    for line in (SUITE / "refused.tsv").read_text("utf-8").splitlines()
    if line and not line.startswith("#")
}
# What the message of each recorded reason says.
REASONS = {
    "anchor": ("anchors (", "aliases ("),
    "tag": ("tags (",),
    "documents": ("only one YAML document per file",),
    "key": ("a mapping key must be plain text", "a key is empty", "keys must be text"),
    "pyyaml": ("YAML syntax error: ",),
}


def answer(result: YamlFile | Problem):
    if isinstance(result, Problem):
        return ("refused", result.line, result.col, result.message)
    return ("read", repr(result.data), result.marks.values, result.marks.keys)


def read(case: dict, fast: bool | None = None) -> YamlFile | Problem:
    return parse_yaml(case["yaml"].encode("utf-8"), "case.yml", fast)


def test_the_suite_is_whole():
    assert len(CASES) == 402
    assert len({case["id"] for case in CASES}) == len(CASES)
    assert Counter(case["fail"] for case in CASES) == {False: 308, True: 94}


@pytest.mark.parametrize("case", [c for c in CASES if c["fail"]], ids=lambda c: c["id"])
def test_every_invalid_case_is_refused_at_a_place_in_the_text(case):
    result = read(case)
    assert isinstance(result, Problem), f"invalid YAML accepted: {case['yaml']!r}"
    lines = case["yaml"].split("\n")
    assert 1 <= result.line <= len(lines)
    assert 1 <= result.col <= len(lines[result.line - 1]) + 1


def test_every_valid_case_is_read_or_refused_for_its_recorded_reason():
    refused = {}
    for case in (c for c in CASES if not c["fail"]):
        result = read(case)
        if isinstance(result, Problem):
            refused[case["id"]] = result.message
    assert sorted(refused) == sorted(RECORD), "tests/yaml_suite/refused.tsv is not the list of refused valid cases"
    for case_id, message in refused.items():
        reason, why = RECORD[case_id]
        assert why.strip()
        assert any(words in message for words in REASONS[reason]), (case_id, message)
    assert len(refused) < 140  # 130 when written: anchors 26, tags 32, documents 9, keys 14, PyYAML 49


@pytest.mark.skipif(FAST_PARSER is None, reason="PyYAML was built without libyaml")
def test_libyaml_and_the_pure_python_parser_give_the_same_answer_on_every_case():
    differ = [c["id"] for c in CASES if answer(read(c, fast=True)) != answer(read(c, fast=False))]
    assert differ == []
