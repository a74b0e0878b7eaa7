"""Each MkDocs, Material or watchdog internal we rely on is still where plugins/internals.py says:
an upgrade that moves one fails here, by name."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import mkdocs
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


# -- internals found by kind, not only by the names already listed -------------------------------------
def _private_attributes(source: str) -> set[str]:
    """``x._name`` where x is not ``self``/``cls``: a private attribute of someone else's object."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
        ):
            found.add(node.attr)
    return found


def _ours(name: str) -> bool:
    """A private name defined in our own code (a module's helper, imported or called by it)."""
    return any(f"def {name}(" in p.read_text("utf-8") or f"{name} =" in p.read_text("utf-8") for p in _all_ours())


@functools.cache
def _all_ours() -> list[Path]:
    return sorted(PLUGINS.rglob("*.py")) + sorted((PLUGINS.parent / "playbook").rglob("*.py"))


@functools.cache
def _mkdocs_messages() -> set[str]:
    """The texts MkDocs logs (its ``log.info/warning/error(...)`` calls), long enough to be telling."""
    texts = set()
    for path in Path(mkdocs.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
                if node.func.attr in ("debug", "info", "warning", "error", "critical", "exception"):
                    first = node.args[0]
                    parts = first.values if isinstance(first, ast.JoinedStr) else [first]
                    texts |= {p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str)}
    return {text.strip() for text in texts if len(text.strip()) >= 16}


def _listed_marks() -> set[str]:
    return {mark for internal in INTERNALS for mark in internal.marks}


def _string_constants(source: str) -> list[str]:
    """String literals, docstrings left out (they may quote anything)."""
    tree = ast.parse(source)
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    ]


@pytest.mark.parametrize("module", _outside_the_room(), ids=lambda path: path.name)
def test_no_module_outside_the_room_uses_a_private_attribute_of_another_object(module):
    private = {name for name in _private_attributes(module.read_text("utf-8")) if not _ours(name)}
    assert not private, f"plugins/{module.name} uses private attributes {sorted(private)}: move it into the room"


@pytest.mark.parametrize("module", _outside_the_room(), ids=lambda path: path.name)
def test_no_module_outside_the_room_matches_a_message_mkdocs_logs(module):
    texts = [t for t in _string_constants(module.read_text("utf-8")) if len(t) >= 16]
    matched = [m for m in _mkdocs_messages() for t in texts if t in m or m in t]
    assert not matched, f"plugins/{module.name} relies on MkDocs' message texts {matched}: use internals.py"


@pytest.mark.parametrize("module", sorted((PLUGINS / ROOM).glob("*.py")) + [PLUGINS / "internals.py"], ids=str)
def test_every_private_attribute_the_room_uses_is_listed(module):
    source = module.read_text("utf-8")
    unlisted = {
        name
        for name in _private_attributes(source)
        if not _ours(name) and not any(name in mark for mark in _listed_marks())
    }
    assert not unlisted, f"{module.name} uses private attributes {sorted(unlisted)} that internals.py does not list"


def test_the_kind_finders_find_what_they_look_for():
    assert _private_attributes("server._inject(x)\nself._mine = 1\nobj.__class__") == {"_inject"}
    assert any("dirty" in message for message in _mkdocs_messages())
