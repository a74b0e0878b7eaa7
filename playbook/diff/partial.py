"""What can be read of a playbook revision, errors or not.

A reviewer needs to see a change and what it broke side by side: a rename that left references
dangling is still a rename, and a file is not hidden because a file it names has errors.
``load_playbook`` stays the only judge: its problems are the revision's, exactly what
``playbook check`` reports there. A file is left out of the comparison only when the rules of that
one file find an error in it (``ownerrors``); errors across files (a reference to a renamed
principle, a sheet past its page) leave it in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import model
from ..layout import PLAYBOOK_FILE, PRINCIPLES_DIR, SHEETS_DIR
from ..load import ReadCache, load_playbook
from ..load.reading import markdown_pages
from ..problems import Problem
from ..settings import read_settings
from ..yamlfile import YamlFile
from .gitread import GitRevision
from .ownerrors import own_errors

DOES_NOT_PARSE = "does not parse"
HAS_ERRORS = "has errors"
MISSING = "is missing"
SCHEMAS = {PRINCIPLES_DIR: "principle", SHEETS_DIR: "call-sheet"}


@dataclass
class ReadRevision:
    """One revision as far as it can be read."""

    revision: GitRevision
    root: Path
    content: str  # the content folder, relative to the root
    problems: list[Problem]  # as `playbook check` reports them at this revision
    model: model.Playbook | None = None  # the whole playbook, when it has no errors
    docs: dict[str, YamlFile] = field(default_factory=dict)  # each content file that reads as a mapping
    left_out: dict[str, str] = field(default_factory=dict)  # content file -> why it is not compared
    pages: list[str] = field(default_factory=list)  # hand-written Markdown pages
    files: dict[str, str] = field(default_factory=dict)  # every content YAML file -> the name of its schema

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def book_path(self) -> str:
        return f"{self.content}/{PLAYBOOK_FILE}" if self.content != "." else PLAYBOOK_FILE

    @property
    def book(self) -> YamlFile | None:
        """playbook.yml, unless it has errors of its own."""
        return None if self.book_path in self.left_out else self.docs.get(self.book_path)

    def files_in(self, folder: str) -> dict[str, str]:
        """Every ``.yml`` file of a content folder, readable or not: id (the file name) -> path."""
        prefix = f"{self.content}/{folder}/" if self.content != "." else f"{folder}/"
        found = {}
        for rel in self.files:
            if rel.startswith(prefix) and "/" not in rel[len(prefix) :]:
                found[rel[len(prefix) : -len(".yml")]] = rel
        return found

    def compared(self, folder: str) -> dict[str, YamlFile]:
        """The principles (or call sheets) to compare: id -> file, each read and without errors of its own."""
        files = self.files_in(folder)
        return {i: self.docs[rel] for i, rel in files.items() if rel in self.docs and rel not in self.left_out}


def read_revision(rev_root: Path, revision: GitRevision, cache: ReadCache | None = None) -> ReadRevision:
    """Load the revision written under ``rev_root``: its problems, its files, and what is left out.

    A ``cache`` kept between revisions written into the same folder parses only the files that
    changed (the "what's new" page reads a run of revisions that way)."""
    settings = read_settings(rev_root)
    cache = cache or ReadCache()
    loaded = load_playbook(rev_root, settings, cache)
    content = Path(os.path.normpath(rev_root / settings.content_dir))
    read = ReadRevision(revision, rev_root, _rel(rev_root, content), loaded.problems, loaded.playbook)
    if not content.is_dir():
        return read
    files = [(content / PLAYBOOK_FILE, "playbook")]
    for folder, schema in SCHEMAS.items():
        if (content / folder).is_dir():
            names = sorted(n for n in os.listdir(content / folder) if n.endswith(".yml"))
            files += [(content / folder / name, schema) for name in names]
    for path, schema in files:
        rel = _rel(rev_root, path)
        read.files[rel] = schema
        if os.path.lexists(path):
            doc, _ = cache.read(path, rel, schema)  # parsed once: by the load above
            if isinstance(doc, YamlFile) and isinstance(doc.data, dict):
                read.docs[rel] = doc
    read.pages = [_rel(rev_root, page) for page in markdown_pages(content)]
    if loaded.playbook is None:
        _leave_out(read, settings)
    return read


def _leave_out(read: ReadRevision, settings) -> None:
    """Set aside each content file with an error of its own; a file named in an error but never read
    (a syntax error, a folder where a file should be) is set aside too."""
    with_errors = {p.path for p in read.errors}
    for rel, schema in read.files.items():
        if rel not in with_errors and os.path.lexists(read.root / rel):
            continue
        doc = read.docs.get(rel)
        if not os.path.lexists(read.root / rel):
            if rel == read.book_path:
                read.left_out[rel] = MISSING
        elif doc is None:
            read.left_out[rel] = DOES_NOT_PARSE
        elif own_errors(read.root, settings, schema, doc, read.docs.get(read.book_path)):
            read.left_out[rel] = HAS_ERRORS


def _rel(root: Path, path: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()
