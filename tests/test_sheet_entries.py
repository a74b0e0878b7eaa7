"""A call sheet's `principles` entry: `- X`, `- {id: X}` and `- {id: X, items: [...]}`, parsed by one rule."""

from __future__ import annotations

from conftest import BASIC, copy_playbook
from playbook.load import load_playbook, sheet_entry
from playbook.settings import read_settings

SHEET = "content/call-sheets/discovery-call.yml"
PICKED = "  - {id: side-by-side, items: [let-them-fill-out-the-order]}"


def _sheet(tmp_path, entry: str):
    root = copy_playbook(BASIC, tmp_path / str(len(list(tmp_path.iterdir()))))
    sheet = root / SHEET
    sheet.write_text(sheet.read_text().replace(PICKED, entry))
    result = load_playbook(root, read_settings(root))
    assert not result.errors, result.errors
    return result.playbook.call_sheets["discovery-call"]


def _items(sheet) -> list[str]:
    return [item.full_id for section in sheet.sections for item in section.items]


def test_the_mapping_without_items_takes_every_item_like_the_plain_id(tmp_path):
    plain = _sheet(tmp_path, "  - side-by-side")
    mapping = _sheet(tmp_path, "  - {id: side-by-side}")
    assert _items(mapping) == _items(plain)
    assert {"side-by-side/plan-to-sit-next-to-them", "side-by-side/let-them-fill-out-the-order"} <= set(_items(plain))


def test_items_pick_only_the_items_named(tmp_path):
    picked = _items(_sheet(tmp_path, PICKED))
    assert "side-by-side/let-them-fill-out-the-order" in picked
    assert "side-by-side/plan-to-sit-next-to-them" not in picked


def test_one_rule_reads_every_form():
    assert sheet_entry("x") == ("x", None)
    assert sheet_entry({"id": "x"}) == ("x", None)
    assert sheet_entry({"id": "x", "items": ["a"]}) == ("x", ["a"])
