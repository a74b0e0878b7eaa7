"""The content's YAML files as MkDocs sees them: kept out of the site, and the target of edit links."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.structure.files import File, Files


def drop_content_yaml(files: Files, paths) -> Files:
    """The YAML sources are input, not site files: keep them out of the published site.
    ``paths``: the build's ``SitePaths`` (the content folder resolved, and as mkdocs.yml names it)."""
    content_dir = paths.content_dir
    # String prefixes, not Path.resolve() per file: thousands of files, on every preview rebuild.
    folders = {str(content_dir), os.path.abspath(paths.configured_content)}
    prefixes = tuple(folder.rstrip(os.sep) + os.sep for folder in folders)

    def is_content_yaml(file: File) -> bool:
        path = file.abs_src_path
        if not path or not path.lower().endswith((".yml", ".yaml")):  # any case: .YML, .Yaml
            return False
        return os.path.abspath(path).startswith(prefixes) or Path(path).resolve().is_relative_to(content_dir)

    return Files([file for file in files if not is_content_yaml(file)])


def edit_uri(content_dir: Path, docs_dir: Path, source: str) -> str:
    """The source file relative to docs_dir, which MkDocs joins to the site's edit_uri."""
    path = content_dir / source
    try:
        return path.relative_to(docs_dir).as_posix()
    except ValueError:
        return Path(os.path.relpath(path, docs_dir)).as_posix()
