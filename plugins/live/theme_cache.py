"""The theme's templates and file list, kept across the preview's builds.

MkDocs makes a new Jinja environment of the theme for every build, and Material's search plugin
makes three more in its ``on_config``; each compiles its templates again, and the build lists every
file of the theme folders to find the static files to copy (Material ships 14,500, ten thousand of
them icons in ``.icons``). At thousands of pages that is a fifth of a save's rebuild, for an answer
that does not change while serving. The builder (``builder.py``) hands each config's theme to
``ThemeCache.adopt`` before MkDocs and the plugins use it:

- compiled templates are kept (Jinja compares each template's source checksum, so an edited
  template is compiled again);
- the list of a theme folder outside the project (an installed package) is kept; a folder of the
  project (``custom_dir``) is listed again on every build, so an override added while serving is
  copied. Names in dot folders are left out of the list: MkDocs never copies them (``'.*'`` in
  ``Files.add_files_from_theme``), and they are two thirds of it.
"""

from __future__ import annotations

from pathlib import Path

import jinja2


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates by Jinja's key (template name and source checksum)."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class KeptListing(jinja2.BaseLoader):
    """A theme's FileSystemLoader whose ``list_templates`` keeps the lists of installed folders."""

    def __init__(self, loader: jinja2.FileSystemLoader, kept: dict[str, list[str]], project: Path):
        self.loader, self.kept, self.project = loader, kept, project
        self.has_source_access = loader.has_source_access

    def get_source(self, environment, template):
        return self.loader.get_source(environment, template)

    def list_templates(self) -> list[str]:
        names: set[str] = set()
        for folder in self.loader.searchpath:
            names.update(self._listed(folder))
        return sorted(names)

    def _listed(self, folder: str) -> list[str]:
        listed = self.kept.get(folder)
        if listed is None:
            loader = jinja2.FileSystemLoader(folder, self.loader.encoding, self.loader.followlinks)
            listed = [name for name in loader.list_templates() if not name.startswith(".")]
            if not Path(folder).resolve().is_relative_to(self.project):
                self.kept[folder] = listed
        return listed


class ThemeCache:
    """What the preview keeps of the theme between builds (see the module's docstring)."""

    def __init__(self):
        self.templates = CompiledTemplates()
        self.listings: dict[str, list[str]] = {}

    def adopt(self, config) -> None:
        """Every Jinja environment of this config's theme uses what is kept."""
        theme = config.theme
        make_env = theme.get_env
        project = Path(config.config_file_path or ".").resolve().parent

        def get_env() -> jinja2.Environment:
            env = make_env()
            if isinstance(env.loader, jinja2.FileSystemLoader):
                env.loader = KeptListing(env.loader, self.listings, project)
            env.bytecode_cache = self.templates
            return env

        theme.get_env = get_env
