"""Each MkDocs, Material or watchdog internal we rely on is still where plugins/internals.py says:
an upgrade that moves one fails here, by name."""

from __future__ import annotations

from pathlib import Path

import pytest

import playbook_plugins
from playbook_plugins.internals import CHECKED, INTERNALS, _attr, _keyword, _source_has, _template_has


@pytest.mark.parametrize("internal", INTERNALS, ids=[internal.name for internal in INTERNALS])
def test_internal_is_still_there(internal):
    try:
        present = internal.probe()
    except (ImportError, AttributeError, OSError, TypeError) as exc:
        present, why = False, f" ({type(exc).__name__}: {exc})"
    else:
        why = ""
    assert present, f"{internal.name} (used by {internal.used_by}) has moved{why}; checked with {CHECKED}"


def test_each_kind_of_probe_is_false_once_its_internal_is_gone():
    assert not _attr("mkdocs.livereload", "LiveReloadServer", "_no_such_method")()
    assert not _source_has("mkdocs.livereload", "LiveReloadServer", "self.no_such_attribute")()
    assert not _template_has("base.html", "{% block no_such_block %}")()
    assert not _template_has("partials/no-such-partial.html")()
    assert not _keyword("watchdog.observers.api", "BaseObserver", "schedule", "no_such_keyword")()


PLUGINS = Path(playbook_plugins.__file__).parent
ROOM = "live"  # the live-preview room: the internals' one home, with internals.py beside it


def _outside_the_room() -> list[Path]:
    return sorted(path for path in PLUGINS.glob("*.py") if path.name != "internals.py")


@pytest.mark.parametrize("module", _outside_the_room(), ids=lambda path: path.name)
def test_no_module_outside_the_preview_room_touches_an_internal(module):
    source = module.read_text("utf-8")
    touched = [(internal.name, mark) for internal in INTERNALS for mark in internal.marks if mark in source]
    assert not touched, f"plugins/{module.name} touches {touched}: use it from plugins/{ROOM}/ or plugins/internals.py"


@pytest.mark.parametrize("internal", [i for i in INTERNALS if i.marks], ids=lambda internal: internal.name)
def test_each_internal_is_used_where_the_list_says(internal):
    for user in internal.used_by.split(", "):
        source = (PLUGINS / f"{user.replace('.', '/')}.py").read_text("utf-8")
        assert any(mark in source for mark in internal.marks), f"{internal.name}: plugins/{user} does not use it"


@pytest.mark.parametrize("module", sorted((PLUGINS / ROOM).glob("*.py")), ids=lambda path: path.name)
def test_each_room_module_that_touches_an_internal_is_listed_as_its_user(module):
    name = f"{ROOM}.{module.stem}"
    source = module.read_text("utf-8")
    unlisted = [
        internal.name
        for internal in INTERNALS
        if any(mark in source for mark in internal.marks) and name not in internal.used_by.split(", ")
    ]
    assert not unlisted, f"plugins/{ROOM}/{module.name} uses {unlisted}: add {name} to their used_by"
