"""The shape of the code: small modules, imports that go one way, a plugin made of build hooks.

These hold the redesign of issue 19 in place: a module that grows past the limit, an import that
closes a loop, or a helper method that creeps back into the plugin fails here by name.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGES = {"playbook": ROOT / "playbook", "playbook_plugins": ROOT / "plugins"}
MAX_LINES = 300  # "about 300": one job per module, readable in one sitting


def _modules() -> dict[str, Path]:
    """Every module of ours by its dotted name (``plugins/`` is installed as ``playbook_plugins``)."""
    found = {}
    for package, folder in PACKAGES.items():
        for path in sorted(folder.rglob("*.py")):
            parts = [package, *path.relative_to(folder).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported(name: str, path: Path) -> set[str]:
    """The modules of ours that ``name`` imports, anywhere in its body (lazy imports count too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)  # `from . import x`
    return {target for target in targets if target in MODULES and target != name}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import loop, as the list of modules around it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state and (loop := visit(target)):
                return loop
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (loop := visit(module)):
            return loop
    return None


def test_no_module_is_over_the_line_limit():
    long = {name: n for name, path in MODULES.items() if (n := len(path.read_text("utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_no_two_modules_share_a_name():
    names: dict[str, list[str]] = {}
    for name, path in MODULES.items():
        if path.name != "__init__.py":
            names.setdefault(path.stem, []).append(name)
    assert not {stem: found for stem, found in names.items() if len(found) > 1}


def test_no_import_cycle():
    graph = {name: _imported(name, path) for name, path in MODULES.items()}
    assert _cycle(graph) is None, " -> ".join(_cycle(graph))


def test_the_cycle_finder_finds_a_loop():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_the_core_imports_nothing_from_the_plugins():
    for name, path in MODULES.items():
        if name.startswith("playbook."):
            assert not any(t.startswith("playbook_plugins") for t in _imported(name, path)), name


def test_the_plugin_class_holds_only_mkdocs_event_hooks():
    from mkdocs.plugins import EVENTS

    tree = ast.parse(MODULES["playbook_plugins.plugin"].read_text("utf-8"))
    plugin = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "PlaybookPlugin")
    methods = [n.name for n in plugin.body if isinstance(n, ast.FunctionDef)]
    assert "on_config" in methods and "on_files" in methods  # the test reads the right class
    hooks = {f"on_{event}" for event in EVENTS} | {"__init__"}
    assert not [name for name in methods if name not in hooks], "PlaybookPlugin methods that are not hooks"


def _plugin_attributes(cls: ast.ClassDef) -> set[str]:
    """The attributes the plugin class sets on itself (``self.x = ...``), and MkDocs' ``config``."""
    names = {"config"}
    for node in ast.walk(cls):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
            if isinstance(node.ctx, ast.Store):
                names.add(node.attr)
    return names


def _functions_touching(tree: ast.Module, attributes: set[str]) -> list[str]:
    """Module-level functions that read or write one of ``attributes`` on an object they are given."""
    found = []
    for function in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
        params = {a.arg for a in [*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs]}
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in params
                and node.attr in attributes
            ):
                found.append(f"{function.name} ({node.value.id}.{node.attr})")
    return found


def test_no_function_beside_the_plugin_class_reads_or_writes_its_attributes():
    tree = ast.parse(MODULES["playbook_plugins.plugin"].read_text("utf-8"))
    plugin = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "PlaybookPlugin")
    attributes = _plugin_attributes(plugin)
    assert {"build", "builds"} <= attributes  # the test reads the right class
    assert not _functions_touching(tree, attributes), "move the work into a one-job module, handed the build"


def test_the_attribute_finder_finds_a_helper_that_reaches_into_the_plugin():
    source = "def _with_theme(plugin, config):\n    plugin.build = config\n\ndef fine(build):\n    return build.pages\n"
    assert _functions_touching(ast.parse(source), {"build", "config"}) == ["_with_theme (plugin.build)"]


def test_every_package_of_ours_is_in_the_distribution():
    """A package missing from pyproject's list installs from a checkout (editable) but not from a
    wheel: the fresh-environment test found ``playbook.whatsnew`` left out that way."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    packages = {name for name, path in MODULES.items() if path.name == "__init__.py"}
    assert packages == listed
