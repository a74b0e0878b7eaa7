"""Unit tests of the core's small pieces: no build, no browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook.ids import derive_item_id
from playbook.markdown import MarkdownRenderer
from playbook.mdcheck import bad_links
from playbook.problems import Problem, format_github
from playbook.render import md_text
from playbook.settings import today
from playbook.sheetfit import SheetLayout, estimate_pages
from playbook.suggest import did_you_mean
from playbook.yamlfile import read_yaml


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Learn the assistant's name and use it", "learn-the-assistant-s-name-and"),
        ("Café crème: order één", "cafe-creme-order-een"),
        ("  Ask: what makes you think so?  ", "ask-what-makes-you-think-so"),
        ("???", ""),
    ],
)
def test_item_ids_derive_from_the_first_six_words(text, expected):
    assert derive_item_id(text) == expected


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.yml"
    path.write_text(text)
    return path


def test_yaml_keeps_the_position_of_every_key_and_value(tmp_path):
    doc = read_yaml(write(tmp_path, "# c\nid: x\nlist:\n  - a\n  - {id: b}\n"), "x.yml")
    assert doc.data == {"id": "x", "list": ["a", {"id": "b"}]}
    assert doc.marks.key(("list",)) == (3, 1)
    assert doc.marks.value(("list", 1, "id")) == (5, 10)
    assert doc.marks.value(("list", 7)) == (4, 3)  # unknown pointers fall back to the parent


def test_yaml_reads_booleans_and_numbers_the_yaml_11_way_but_keeps_dates_as_text(tmp_path):
    doc = read_yaml(write(tmp_path, "a: No\nb: 1.10\nc: 2026-11-01\nd: '42'\ne: ~\n"), "x.yml")
    assert doc.data == {"a": False, "b": 1.1, "c": "2026-11-01", "d": "42", "e": None}


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes(b"\xef\xbb\xbfa: b\n")
    assert read_yaml(path, "x.yml").data == {"a": "b"}


def test_alias_bomb_is_refused_before_anything_is_expanded(tmp_path):
    levels = zip("abcdefgh", "bcdefghi", strict=True)
    bomb = "a: &a [x, x]\n" + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}]\n" for p, c in levels)
    problem = read_yaml(write(tmp_path, bomb), "x.yml")
    assert isinstance(problem, Problem) and "anchors" in problem.message


def test_safe_markdown_shows_raw_html_as_text_and_drops_bad_links():
    md = MarkdownRenderer()
    assert md.block("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert md.inline("[x](javascript:alert(1))") == "<a>x</a>"
    assert md.inline("[x](JaVaScRiPt&#58;alert(1))") == "<a>x</a>"
    assert md.inline("[ok](https://example.com)") == '<a href="https://example.com" rel="noopener noreferrer">ok</a>'
    assert md.inline("![t](https://tracker.example/p.png)") == "<span>t</span>"
    assert md.inline("[mail](mailto:a@b.c) [rel](../x/)") == '<a href="mailto:a@b.c">mail</a> <a href="../x/">rel</a>'


def test_link_check_finds_forbidden_schemes_in_every_link_form():
    text = "[a](javascript:x(1)) <data:text/html,x>\n[r]: vbscript:y\n[ok](https://a) [rel](b.md)"
    assert bad_links(text) == ["javascript:x(1)", "vbscript:y", "data:text/html,x"]


def test_plain_text_in_markdown_cannot_become_markup():
    assert md_text("<b>[x](javascript:y)</b> *a*") == "&lt;b&gt;\\[x\\]\\(javascript:y\\)&lt;/b&gt; \\*a\\*"


def test_did_you_mean_prefers_a_case_fix_then_a_close_word():
    assert did_you_mean("Discovery", ["discovery", "closing"]) == " (did you mean 'discovery'?)"
    assert did_you_mean("closng", ["discovery", "closing"]) == " (did you mean 'closing'?)"
    assert did_you_mean("zzz", ["discovery"]) == ""


def test_today_honours_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    assert today().isoformat() == "2026-11-18"


def test_github_annotations_escape_newlines_and_commas():
    line = format_github([Problem("a,b.yml", 3, 4, "bad\nthing: 100%")])
    assert line == "::error file=a%2Cb.yml,line=3,col=4,title=playbook check::bad%0Athing: 100%25\n"


def test_sheet_estimate_grows_with_items_and_notes():
    small = SheetLayout(summary_chars=80, field_count=4, sections=[[40] * 3, [40] * 3], notes=4)
    large = SheetLayout(summary_chars=80, field_count=4, sections=[[90] * 9] * 4, notes=20)
    assert estimate_pages(small) < 0.6
    assert estimate_pages(large) > 1.0


def test_plain_text_fast_path_gives_what_markdown_gives():
    from playbook.load import load_playbook
    from playbook.markdown import _is_plain
    from playbook.settings import read_settings

    root = Path(__file__).resolve().parents[1]
    playbook = load_playbook(root, read_settings(root)).playbook
    texts = [t for p in playbook.principles.values() for t in [p.summary, *p.how, *p.say, *p.signals]]
    texts += ['He said "hi" and it\'s fine.', "1999 was a year", "- not a list?", "a  b", "50% off; 3/4 done"]
    md = MarkdownRenderer()
    plain = [t for t in texts if _is_plain(t)]
    assert len(plain) > 50
    for text in plain:
        md._md.reset()
        assert md.block(text) == md._md.convert(text), text
