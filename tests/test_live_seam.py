"""The live preview behind one seam: a plugin of its own while serving, absent from builds, and
harmless when the playbook plugin is turned off."""

from __future__ import annotations

import re

from conftest import BASIC, copy_playbook
from playbook_plugins.live.builder import PreviewBuilder
from playbook_plugins.live.preview import LivePreview, live_preview_of


def _disabled(root):
    config = root / "mkdocs.yml"
    text = re.sub(r"(?m)^  - playbook$", "  - playbook:\n      enabled: false", config.read_text(), count=1)
    assert "enabled: false" in text
    config.write_text(text)


def test_a_disabled_plugin_survives_dirty_rebuilds_under_serve(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = copy_playbook(BASIC, tmp_path / "pb")
    _disabled(root)
    builder = PreviewBuilder(str(root / "mkdocs.yml"), str(tmp_path / "served"))
    assert builder(builder.config) == []
    (root / "content/how-to-use.md").write_text("# How to use\n\nChanged.\n")
    assert builder() == []  # a second, dirty build: no AttributeError from the remembered pages
    assert live_preview_of(builder.load_config()) is None
    assert "Changed." in (tmp_path / "served/how-to-use/index.html").read_text()


def test_serving_registers_the_live_preview_as_a_plugin_of_its_own(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = copy_playbook(BASIC, tmp_path / "pb")
    builder = PreviewBuilder(str(root / "mkdocs.yml"), str(tmp_path / "served"))
    config = builder.config
    assert builder(config) == []
    live = live_preview_of(config)
    assert isinstance(live, LivePreview) and config.plugins["playbook/live"] is live
    assert config.plugins["playbook"].build is live.last_good
