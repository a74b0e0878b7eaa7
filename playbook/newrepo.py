"""``playbook init DIR``: a new playbook repository that builds and passes ``check`` at once."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

from . import __version__
from .schema import SCHEMA_NAMES

# Folders and files whose names start with a dot are stored without it in the package.
_DOT_NAMES = {"github": ".github", "gitignore": ".gitignore"}


class InitError(Exception):
    """The target cannot receive a new playbook (it exists and is not empty)."""


def init_playbook(target: Path, title: str | None = None) -> list[Path]:
    """Write the skeleton into ``target``; return the files written, relative to it."""
    if target.exists() and any(target.iterdir()):
        raise InitError(f"{target} exists and is not empty: nothing written")
    title = title or target.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize() or "Playbook"
    skeleton = Path(str(resources.files("playbook").joinpath("skeleton")))
    written = []
    for source in sorted(p for p in skeleton.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        parts = list(source.relative_to(skeleton).parts)
        parts[0] = _DOT_NAMES.get(parts[0], parts[0])
        destination = target.joinpath(*parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text("utf-8")
        text = text.replace("__TITLE_YAML__", json.dumps(title)).replace("__TITLE__", title)
        destination.write_text(text.replace("__VERSION__", __version__), "utf-8")
        written.append(destination.relative_to(target))
    schemas = target / "schemas"
    schemas.mkdir(exist_ok=True)
    for name in SCHEMA_NAMES:
        source = Path(str(resources.files("playbook").joinpath("schemas", f"{name}.schema.json")))
        shutil.copyfile(source, schemas / source.name)
        written.append((schemas / source.name).relative_to(target))
    return written
