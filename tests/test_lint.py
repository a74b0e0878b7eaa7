"""The code stays ruff-clean, and the core never imports MkDocs."""

from __future__ import annotations

import ast
import shutil

import pytest

from conftest import ROOT, run


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
def test_ruff_finds_nothing():
    result = run("ruff", "check", ".", cwd=ROOT)
    assert result.returncode == 0, result.stdout
    formatted = run("ruff", "format", "--check", ".", cwd=ROOT)
    assert formatted.returncode == 0, formatted.stdout


def test_core_imports_nothing_from_mkdocs():
    for path in (ROOT / "playbook").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(name.split(".")[0] in ("mkdocs", "material") for name in names), path
