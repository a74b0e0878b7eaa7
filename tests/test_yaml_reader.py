"""The content reader reads YAML as YAML: keys are text, positions are in characters, numbers are
bounded, invalid YAML is refused, the answer is the same with or without libyaml, and nothing is
kept from one file to the next."""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

import pytest

import playbook.yamlbuild
import playbook.yamlreference
import playbook.yamlscalar
from playbook.problems import Problem
from playbook.yamlbuild import FAST_PARSER
from playbook.yamlfile import YamlFile, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
PATHS = [True, False] if FAST_PARSER is not None else [False]


def read(text: str, fast: bool | None = None) -> YamlFile | Problem:
    return parse_yaml(text.encode("utf-8"), "x.yml", fast)


def refused(text: str) -> Problem:
    """The problem of ``text``, the same on both parsers."""
    answers = [read(text, fast) for fast in PATHS]
    assert all(isinstance(a, Problem) for a in answers), answers
    assert len({str(a) for a in answers}) == 1, answers
    return answers[0]


def data(text: str):
    answers = [read(text, fast) for fast in PATHS]
    assert all(isinstance(a, YamlFile) for a in answers), answers
    assert len({repr(a.data) for a in answers}) == 1
    return answers[0].data


@pytest.mark.parametrize(
    "text, key, kind, where",
    [
        ("yes: x\n", "yes", "a yes/no value", (1, 1)),
        ("title: t\nOn: x\n", "On", "a yes/no value", (2, 1)),
        ("1: a\n", "1", "a number", (1, 1)),
        ("0x1F: a\n", "0x1F", "a number", (1, 1)),
        ("1.5: a\n", "1.5", "a number", (1, 1)),
        ("1:30: a\n", "1:30", "a number", (1, 1)),
        ("~: a\n", "~", "empty (null)", (1, 1)),
        ("null: a\n", "null", "empty (null)", (1, 1)),
        ("items:\n  - id: a\n    no: x\n", "no", "a yes/no value", (3, 5)),
        ("objections:\n  - {objection: o, 7: x}\n", "7", "a number", (2, 20)),
    ],
)
def test_a_key_yaml_reads_as_a_boolean_number_or_null_is_an_error_with_the_hint_to_quote_it(text, key, kind, where):
    problem = refused(text)
    assert problem.message == f"YAML reads the key {key} as {kind}, but keys must be text: put it in quotes ('{key}':)"
    assert (problem.line, problem.col) == where


def test_a_number_key_and_the_same_key_quoted_are_not_duplicates_the_number_is_refused():
    assert refused("1: a\n'1': b\n").message.startswith("YAML reads the key 1 as a number")
    assert (refused("'1': b\n1: a\n").line, refused("'1': b\n1: a\n").col) == (2, 1)
    assert "duplicate key '1'" in refused("'1': a\n\"1\": b\n").message
    assert data("'yes': a\n\"1\": b\n'~': c\n") == {"yes": "a", "1": "b", "~": "c"}


def test_an_empty_key_is_refused():
    assert refused("? \n: a\n").message == "a key is empty: write a name before the ':'"


@pytest.mark.parametrize(
    "before",
    ["ééééééééé", "😀😀😀😀😀😀😀😀😀", "日本語のテキストです。", "e\u0301e\u0301e\u0301e\u0301e\u0301", "👩‍👩‍👧"],
)
def test_positions_are_in_characters_after_any_non_ascii_text(before):
    problem = refused(f"a: {before}\nb: ok\nc: \x07")
    assert (problem.line, problem.col) == (3, 4)
    doc = read(f"a: {before}\nb: {before} x\nc: [{before}, d]\n")
    assert doc.marks.values[("c", 1)] == (3, 5 + len(before) + 2)
    assert refused(f"a: {before}\nb: [x,\n  {before}: y: z]\n").line == 3


def test_the_example_of_the_issue_points_at_3_4():
    problem = refused("a: ééééééééé\nb: ok\nc: \x07")
    assert (problem.line, problem.col) == (3, 4)
    assert "U+0007" in problem.message


def test_lines_end_where_editors_end_them():
    assert read("a: 1\r\nb: [x, y]\r\n").marks.values[("b", 1)] == (2, 8)
    assert read("a: 1\rb: [x, y]\r").marks.values[("b", 1)] == (2, 8)
    assert read('a: "x\u2028y"\nb: z\n').marks.values[("b",)] == (2, 4)


@pytest.mark.parametrize(
    "number",
    [
        "1" + ":0" * 3000,  # base 60, thousands of digits
        "9" * 5000,
        "-" + "1" * 30,
        "0x" + "f" * 30,
        "1_000_000_000_000_000_000",
        "1.0e+999",
        "1" * 400 + ".5",
        "1:0:0:0:0:0:0:0:0:0:0:0:0:0.5",
    ],
    ids=[
        "base60-3000-parts",
        "5000-digits",
        "negative",
        "hex",
        "underscores",
        "float-overflow",
        "float-400-digits",
        "base60-float",
    ],
)
def test_a_huge_number_is_an_error_at_its_place_in_a_message_of_one_short_line(number):
    problem = refused(f"title: t\nfirst: {number}\n")
    assert (problem.line, problem.col) == (2, 8)
    assert "is too large (at most 18 digits): put it in quotes if it is text" in problem.message
    assert "\n" not in problem.message and len(problem.message) < 140


def test_numbers_within_bounds_are_read_the_yaml_11_way():
    assert data("a: 999999999999999999\nb: -1_000\nc: 0x1F\nd: 017\ne: 1:30\nf: 1.5e+3\ng: .inf\nh: 0b101\n") == {
        "a": 999999999999999999,
        "b": -1000,
        "c": 31,
        "d": 15,
        "e": 90,
        "f": 1500.0,
        "g": float("inf"),
        "h": 5,
    }
    assert data("a: No\nb: 2026-11-01\nc: '42'\nd: ~\ne: <<\n") == {
        "a": False,
        "b": "2026-11-01",
        "c": "42",
        "d": None,
        "e": "<<",
    }


@pytest.mark.parametrize(
    "text, where",
    [
        ("block: ># comment\n  scalar\n", (1, 9)),
        ('key: "value"# comment\n', (1, 13)),
        ("list: [a, b]#comment\n", (1, 13)),
        ("list: [a, b,#comment\n  c]\n", (1, 13)),
        ("flow: [a,\nb]\n", (2, 1)),
        ('quoted: "a\nb"\n', (2, 1)),
        ("empty: >\n \n  \n   \n # text\n", (3, 1)),
        ("dashes: [-, -]\n", (1, 10)),
        ("dash: [-]\n", (1, 8)),
    ],
)
def test_invalid_yaml_that_a_parser_accepts_is_refused_on_both_paths(text, where):
    problem = refused(text)
    assert (problem.line, problem.col) == where


def test_a_question_in_a_flow_list_is_read_as_yaml_12_reads_it():
    assert data("ask: [Why now?, what if ? we wait]\n") == {"ask": ["Why now?", "what if ? we wait"]}


def _corpus() -> list[Path]:
    folders = [ROOT / "content", ROOT / "tests" / "fixtures", ROOT / "tests" / "bad", ROOT / "playbook" / "skeleton"]
    return sorted(p for folder in folders for p in folder.rglob("*.yml") if p.is_file() and not p.is_symlink())


@pytest.mark.skipif(FAST_PARSER is None, reason="PyYAML was built without libyaml")
def test_both_parsers_give_the_same_answer_on_every_content_file_of_the_repository():
    files = _corpus()
    assert len(files) > 100
    for path in files:
        raw = path.read_bytes()
        fast, reference = parse_yaml(raw, "x.yml", True), parse_yaml(raw, "x.yml", False)
        if isinstance(reference, Problem):
            assert str(fast) == str(reference), path
        else:
            assert (fast.data, fast.marks) == (reference.data, reference.marks), path


def _module_state() -> dict[str, int]:
    sizes = {}
    for module in (playbook.yamlbuild, playbook.yamlscalar, playbook.yamlreference):
        for name, value in vars(module).items():
            if isinstance(value, (dict, list, set)):
                sizes[f"{module.__name__}.{name}"] = len(value)
    resolver = playbook.yamlscalar._resolver
    for name, value in vars(resolver).items():
        if hasattr(value, "__len__"):
            sizes[f"resolver.{name}"] = len(value)
    return sizes


@pytest.mark.parametrize("fast", PATHS)
def test_nothing_is_kept_from_one_file_to_the_next(fast):
    def many(start: int, count: int) -> None:
        for n in range(start, start + count):
            read(f"n{n}: {n}\nf: {n}.5\nb: {'yes' if n % 2 else 'off'}\nnone: ~\nlist: [{n}, {-n}]\n", fast)

    many(0, 200)
    before = _module_state()
    gc.collect()
    tracemalloc.start()
    try:
        many(200, 100)
        gc.collect()
        first = tracemalloc.get_traced_memory()[0]
        many(300, 600)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - first
    finally:
        tracemalloc.stop()
    assert _module_state() == before
    assert grown < 64 * 1024, f"{grown} bytes kept after reading 600 files"


def test_huge_numbers_and_non_text_keys_are_listed_errors_in_the_diff_report_on_either_side(tmp_path):
    from diff_repos import PRINCIPLES, SHEET, commit, diff, edit, start_repo

    repo = start_repo(tmp_path / "pb")
    edit(repo / SHEET, "notes: 6", "notes: 1" + ":0" * 3000)
    edit(repo / PRINCIPLES / "side-by-side.yml", "title: Sit side by side", "title: " + "9" * 5000)
    edit(repo / PRINCIPLES / "active-listening.yml", "stage: discovery", "stage: discovery\nyes: x")
    commit(repo, "broken")
    for old, new in (("base", "broken"), ("broken", "base")):
        result = diff(repo, old, new)
        assert result.returncode == (1 if new == "broken" else 0), result.stdout + result.stderr
        assert result.stdout.startswith("Playbook changes from"), result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr and "internal error" not in result.stdout
        if new == "broken":
            assert "content/call-sheets/discovery-call.yml:12:8: error: the number 1:0:0:0:0" in result.stdout
            assert "content/principles/side-by-side.yml:3:8: error: the number 99999" in result.stdout
            assert "content/principles/active-listening.yml:6:1: error: YAML reads the key yes" in result.stdout


def test_plain_values_are_what_pyyaml_s_yaml_11_resolver_says_they_are():
    from playbook.yamlscalar import plain_value, resolve_tag

    words = ["yes", "Yes", "YES", "yEs", "no", "NO", "nO", "on", "On", "off", "OFF", "true", "True", "tRue", "false"]
    words += ["null", "Null", "NULL", "nULL", "~", "y", "n", "n/a", "-", "+1", "-1.5", ".5", "1.", "0o7", "0b12"]
    words += ["2026-11-01", "1:30", "1:60", "0x1g", "1e5", "1.0e+5", ".inf", ".NaN", "<<", "=", "12:30:00", "text"]
    kinds = {bool: "bool", type(None): "null", int: "int", float: "float", str: ("str", "timestamp", "merge", "value")}
    for word in words:
        value = plain_value(word)
        assert resolve_tag(word).rsplit(":", 1)[-1] in kinds[type(value)], word


def _plain_values(text: str):
    """(line, col, start, end) of every plain text value of a file, keys left out."""
    lines = text.split("\n")
    doc = read(text)
    for pointer, (line, col) in doc.marks.values.items():
        value = doc.data
        for part in pointer:
            value = value[part]
        start = sum(len(x) + 1 for x in lines[: line - 1]) + col - 1
        if isinstance(value, str) and value and text.startswith(value, start) and "\n" not in value:
            yield line, col, start, start + len(value)


@pytest.mark.parametrize(
    "name", ["playbook.yml", "principles/treat-gatekeepers-well.yml", "call-sheets/discovery-call.yml"]
)
def test_a_huge_number_in_any_field_is_an_error_at_that_field(name):
    text = (ROOT / "tests" / "fixtures" / "basic" / "content" / name).read_text("utf-8")
    places = list(_plain_values(text))
    assert len(places) >= 8
    for line, col, start, end in places:
        for huge in ("1" + ":0" * 2000, "9" * 5000, "1.0e+999"):
            problem = refused(text[:start] + huge + text[end:])
            assert (problem.line, problem.col) == (line, col)
            assert "is too large (at most 18 digits)" in problem.message
