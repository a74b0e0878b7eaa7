"""Settings shared by the CLI and the MkDocs plugin: the one reader of mkdocs.yml.

``playbook check`` reads mkdocs.yml here; the plugin gets the same options from MkDocs, already
parsed, and hands them to ``settings_for``. Both then find the content folder by one rule
(``content_dir``, else ``docs_dir``, else MkDocs' default ``docs``), so ``playbook check`` and
``mkdocs build`` judge the same files the same way.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag

from .layout import (
    CONFIG_FILE,
    DEFAULT_CONTENT_DIR,
    DEFAULT_REVIEW_AGE,
    DEFAULT_SITE_DIR,
    MKDOCS_DOCS_DIR,
    PLUGIN_NAME,
)
from .safefile import FileProblem, read_regular_file

MAX_CONFIG_BYTES = 1024 * 1024
MAX_INHERIT = 8  # INHERIT chains longer than this are a loop
SITE_LINK_KEYS = ("repo_url", "edit_uri", "edit_uri_template")  # addresses every page may link


def today() -> datetime.date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` so builds and tests are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date()
    return datetime.date.today()


@dataclass
class Settings:
    content_dir: str = DEFAULT_CONTENT_DIR
    review_age: int = DEFAULT_REVIEW_AGE
    site_dir: str = DEFAULT_SITE_DIR
    today: datetime.date = field(default_factory=today)
    # mkdocs.yml's repository addresses (repo_url, edit_uri...) as (key, value), and the file's name:
    # `playbook check` warns while one is still an example address (playbook/load/placeholders.py).
    site_links: tuple[tuple[str, str], ...] = ()
    config_file: str = CONFIG_FILE


class SettingsError(Exception):
    """mkdocs.yml cannot be used: one line that says why, for ``playbook check`` and ``build``."""

    def __init__(self, message: str, *, missing: bool = False):
        super().__init__(message)
        self.missing = missing  # no mkdocs.yml at all: the command was run in the wrong folder


def content_dir_for(root: Path, content_dir: str | None, docs_dir: str | None) -> str:
    """The content folder relative to ``root``: ``content_dir``, else ``docs_dir``, else ``docs``.

    The plugin passes MkDocs' docs_dir (absolute, already defaulted); the CLI passes what
    mkdocs.yml says, or nothing.
    """
    chosen = content_dir or docs_dir or MKDOCS_DOCS_DIR
    return Path(os.path.relpath(Path(root) / chosen, root)).as_posix()


def settings_for(
    root: Path,
    *,
    content_dir: str | None,
    docs_dir: str | None,
    review_age: int | None = None,
    site_dir=None,
    config: dict | None = None,
    config_file: str = CONFIG_FILE,
) -> Settings:
    """Settings from the plugin's options and the site's folders, however they were read; ``config``
    (mkdocs.yml as MkDocs or ``read_config`` read it) gives the repository addresses."""
    config = config or {}
    links = tuple((key, config[key]) for key in SITE_LINK_KEYS if isinstance(config.get(key), str))
    return Settings(
        content_dir=content_dir_for(root, content_dir, docs_dir),
        review_age=DEFAULT_REVIEW_AGE if review_age is None else review_age,
        site_dir=site_dir or DEFAULT_SITE_DIR,
        site_links=links,
        config_file=config_file,
    )


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs does: `!ENV` resolved; `!!python/name:`, `!relative`... unneeded."""


_ConfigLoader.add_constructor("!ENV", construct_env_tag)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _read_config_file(path: Path, shown: str, *, top: bool = False) -> dict:
    try:
        raw = read_regular_file(path, MAX_CONFIG_BYTES)
    except FileProblem as exc:
        if exc.missing and top:
            message = f"no {CONFIG_FILE} in {path.parent}: is this a playbook's folder?"
            raise SettingsError(message, missing=True) from None
        raise SettingsError(f"{shown}: {exc}") from None
    try:
        config = yaml.load(raw.decode("utf-8-sig"), Loader=_ConfigLoader)
    except UnicodeDecodeError:
        raise SettingsError(f"{shown}: the file is not UTF-8: save it as UTF-8") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{shown}:{mark.line + 1}:{mark.column + 1}" if mark else shown
        raise SettingsError(f"{where}: not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise SettingsError(f"{shown}: not valid YAML: {exc}") from None
    if not isinstance(config, dict):
        raise SettingsError(f"{shown}: expected the site's settings as `key: value` lines")
    return config


def _merge(parent: Any, child: Any) -> Any:
    """MkDocs' INHERIT: mappings merge key by key, anything else is replaced."""
    if isinstance(parent, dict) and isinstance(child, dict):
        merged = dict(parent)
        for key, value in child.items():
            merged[key] = _merge(parent.get(key), value)
        return merged
    return child


def read_config(root: Path) -> dict:
    """``root/mkdocs.yml`` as a mapping, its INHERIT chain merged; ``SettingsError`` when unusable."""
    path = Path(root) / CONFIG_FILE
    config = _read_config_file(path, CONFIG_FILE, top=True)
    for _ in range(MAX_INHERIT):
        parent_name = config.pop("INHERIT", None)
        if not isinstance(parent_name, str):
            return config
        path = path.parent / parent_name
        config = _merge(_read_config_file(path, f"{CONFIG_FILE}: INHERIT {parent_name}"), config)
    raise SettingsError(f"{CONFIG_FILE}: INHERIT goes more than {MAX_INHERIT} files deep (a loop?)")


def plugin_options(config: dict) -> dict | None:
    """The playbook plugin's options, ``{}`` when listed bare; ``None`` when it is not listed."""
    plugins = config.get("plugins")
    entries = list(plugins.items()) if isinstance(plugins, dict) else []
    for entry in plugins if isinstance(plugins, list) else []:
        if isinstance(entry, str):
            entries.append((entry, {}))
        elif isinstance(entry, dict):
            entries.extend(entry.items())
    for name, options in entries:
        if name == PLUGIN_NAME:
            return options if isinstance(options, dict) else {}
    return None


def _settings(root: Path, config: dict, options: dict) -> Settings:
    def text(value):
        return value if isinstance(value, str) else None

    review_age = options.get("review_age")
    return settings_for(
        root,
        content_dir=text(options.get("content_dir")),
        docs_dir=text(config.get("docs_dir")),
        review_age=review_age if isinstance(review_age, int) and not isinstance(review_age, bool) else None,
        site_dir=text(config.get("site_dir")),
        config=config,
    )


def load_settings(root: Path) -> Settings:
    """The settings of a playbook root, for the commands that must refuse a root that is none:
    ``SettingsError`` when mkdocs.yml is missing, unreadable, not YAML or without the plugin."""
    config = read_config(root)
    options = plugin_options(config)
    if options is not None and options.get("enabled", True) is False:
        raise SettingsError(
            f"{CONFIG_FILE} turns the playbook plugin off (enabled: false): without it MkDocs publishes "
            "the raw content files and none of the playbook's pages"
        )
    if options is None:
        raise SettingsError(
            f"{CONFIG_FILE} does not enable the playbook plugin: add `- {PLUGIN_NAME}` under `plugins:` "
            "(without it MkDocs publishes the raw content files and none of the playbook's pages)"
        )
    return _settings(root, config, options)


def read_settings(root: Path) -> Settings:
    """Like ``load_settings``, for commands that work on whatever they find (diff, new, export):
    the library's defaults when mkdocs.yml cannot be read, its folders even without the plugin."""
    try:
        config = read_config(root)
    except SettingsError:
        return Settings()
    return _settings(root, config, plugin_options(config) or {})
