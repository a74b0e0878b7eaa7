"""mkdocs.yml, read once by one rule: the CLI and the plugin find the same content folder for every
shape of mkdocs.yml, and `playbook check` / `playbook build` refuse a root they cannot trust."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import BASIC, copy_playbook, playbook
from playbook.settings import SettingsError, load_settings, read_settings

BASIC_CONFIG = (BASIC / "mkdocs.yml").read_text()

# (mkdocs.yml lines besides site_name/theme/plugins, where the content goes, the content folder expected)
SHAPES = {
    "neither key": ("", "docs", "docs"),
    "docs_dir only": ("docs_dir: pages\n", "pages", "pages"),
    "content_dir only": ("", "book", "book"),
    "both keys": ("docs_dir: pages\n", "book", "book"),
}


def _layout(tmp_path: Path, shape: str) -> Path:
    """BASIC's content moved where the shape says, with a mkdocs.yml of that shape."""
    extra, folder, _ = SHAPES[shape]
    root = tmp_path / "pb"
    shutil.copytree(BASIC / "content", root / folder)
    (root / "docs").mkdir(exist_ok=True)  # MkDocs insists that docs_dir exists
    (root / "pages").mkdir(exist_ok=True)
    plugin = "  - playbook:\n      content_dir: book\n" if "content_dir" in shape or shape == "both keys" else ""
    plugin = plugin or "  - playbook\n"
    (root / "mkdocs.yml").write_text(f"site_name: Shapes\n{extra}theme:\n  name: material\nplugins:\n{plugin}")
    return root


def _plugin_content_dir(root: Path) -> Path:
    """What the plugin resolves, through MkDocs' own config loading and the plugin's on_config."""
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["playbook"]
    plugin.on_config(config)
    return plugin.paths.content_dir


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_cli_and_plugin_find_the_same_content_folder(tmp_path, shape):
    root = _layout(tmp_path, shape)
    expected = SHAPES[shape][2]
    assert load_settings(root).content_dir == expected
    assert read_settings(root).content_dir == expected
    assert _plugin_content_dir(root) == (root / expected).resolve()
    check = playbook("check", "--strict", cwd=root)
    assert check.returncode == 0, check.stdout + check.stderr


def test_an_inherited_mkdocs_yml_counts(tmp_path):
    root = _layout(tmp_path, "docs_dir only")
    (root / "base.yml").write_text((root / "mkdocs.yml").read_text())
    (root / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: Child\n")
    assert load_settings(root).content_dir == "pages"


def test_env_tags_are_read_as_mkdocs_reads_them(tmp_path, monkeypatch):
    root = copy_playbook(BASIC, tmp_path / "pb")
    config = BASIC_CONFIG.replace("  - playbook\n", "  - playbook:\n      enabled: !ENV [PB_TEST_ON, false]\n")
    (root / "mkdocs.yml").write_text(config)
    monkeypatch.delenv("PB_TEST_ON", raising=False)
    with pytest.raises(SettingsError, match="turns the playbook plugin off"):
        load_settings(root)
    monkeypatch.setenv("PB_TEST_ON", "true")
    assert load_settings(root).content_dir == "content"


def _broken(root: Path, case: str) -> None:
    config = root / "mkdocs.yml"
    if case == "missing":
        config.unlink()
    elif case == "a folder":
        config.unlink()
        config.mkdir()
    elif case == "a link to /dev/zero":
        config.unlink()
        config.symlink_to("/dev/zero")
    elif case == "a link loop":
        config.unlink()
        config.symlink_to("mkdocs.yml")
    elif case == "a FIFO":
        config.unlink()
        os.mkfifo(config)
    elif case == "not UTF-8":
        config.write_bytes(BASIC_CONFIG.replace("Fixture", "Caf\xe9").encode("latin-1"))
    elif case == "not YAML":
        config.write_text(BASIC_CONFIG.replace("theme:\n", "theme: [\n"))
    elif case == "a list":
        config.write_text("- site_name: x\n")
    elif case == "no plugins key":
        config.write_text(BASIC_CONFIG.split("plugins:")[0])
    elif case == "plugin not listed":
        config.write_text(BASIC_CONFIG.replace("  - playbook\n", ""))
    elif case == "plugin turned off":
        config.write_text(BASIC_CONFIG.replace("  - playbook\n", "  - playbook:\n      enabled: false\n"))
    elif case == "inherits a missing file":
        config.write_text("INHERIT: base.yml\n" + BASIC_CONFIG)
    else:
        raise AssertionError(case)


REFUSALS = {
    "missing": (2, "no mkdocs.yml in "),
    "a folder": (1, "mkdocs.yml: this is a folder, not a file"),
    "a link to /dev/zero": (1, "mkdocs.yml: this is a symbolic link to a character device (/dev/zero)"),
    "a link loop": (1, "mkdocs.yml: cannot read the file: Too many levels of symbolic links"),
    "a FIFO": (1, "mkdocs.yml: this is a named pipe (FIFO), not a regular file"),
    "not UTF-8": (1, "mkdocs.yml: the file is not UTF-8"),
    "not YAML": (1, "mkdocs.yml:8:11: not valid YAML: "),
    "a list": (1, "mkdocs.yml: expected the site's settings as `key: value` lines"),
    "no plugins key": (1, "mkdocs.yml does not enable the playbook plugin"),
    "plugin not listed": (1, "mkdocs.yml does not enable the playbook plugin"),
    "plugin turned off": (1, "mkdocs.yml turns the playbook plugin off (enabled: false)"),
    "inherits a missing file": (1, "mkdocs.yml: INHERIT base.yml: the file does not exist"),
}


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_check_and_build_refuse_an_unusable_mkdocs_yml_in_one_line(tmp_path, case, command):
    root = copy_playbook(BASIC, tmp_path / "pb")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous site")
    _broken(root, case)
    code, words = REFUSALS[case]
    result = playbook(command, cwd=root, timeout=300)
    assert result.returncode == code, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and words in result.stderr, result.stderr
    assert result.stderr.startswith(f"playbook {command}: ")
    assert (root / "site" / "index.html").read_text() == "the previous site"
    left = {p.name for p in root.iterdir()}  # no staging folder or half-built site left behind
    assert left == {"content", "site"} | ({"mkdocs.yml"} if case != "missing" else set())
