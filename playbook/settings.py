"""Settings shared by the CLI and the MkDocs plugin, read from the plugin's entry in mkdocs.yml.

Keeping them in one place means ``playbook check`` and ``mkdocs build`` judge content the same way.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PLUGIN_NAME = "playbook"


def today() -> datetime.date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` so builds and tests are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date()
    return datetime.date.today()


@dataclass
class Settings:
    content_dir: str = "content"
    review_age: int = 365  # days after which a `reviewed` date earns a warning
    site_dir: str = "site"  # where `playbook build` writes, relative to the root
    today: datetime.date = field(default_factory=today)


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!!python/name:` and `!ENV` tags we have no need to resolve."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(root: Path) -> Settings:
    """The playbook plugin's options from ``root/mkdocs.yml``; defaults when absent."""
    settings = Settings()
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        return settings
    try:
        config = yaml.load(config_file.read_text("utf-8"), Loader=_TolerantLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError):
        return settings
    options = {}
    for entry in config.get("plugins") or [] if isinstance(config, dict) else []:
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            options = entry[PLUGIN_NAME] or {}
    if isinstance(config.get("plugins"), dict):
        options = config["plugins"].get(PLUGIN_NAME) or {}
    if isinstance(options.get("content_dir"), str):
        settings.content_dir = options["content_dir"]
    elif isinstance(config.get("docs_dir"), str):
        settings.content_dir = config["docs_dir"]
    if isinstance(config.get("site_dir"), str):
        settings.site_dir = config["site_dir"]
    if isinstance(options.get("review_age"), int):
        settings.review_age = options["review_age"]
    return settings
