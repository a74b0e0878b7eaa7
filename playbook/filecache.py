"""What each content file parsed to, kept on disk between runs of ``playbook check``.

Parsing YAML is most of a check (PyYAML's C parser still hands every event to Python), and a
pre-commit hook checks a playbook in which one file changed. An entry is found by a hash of the
file's bytes and of the schema it is checked against, in a cache whose name holds a fingerprint of
the code that made it (our package's sources and schemas, the versions of PyYAML, fastjsonschema and
jsonschema, Python's): the same bytes under the same code give the same result, so an entry is
never stale. The fingerprint is the same on every machine with the same code (no paths or file
times where a release can be named), so CI can keep the cache between runs under it. Marks (lines
and columns) are not stored: a file with a problem is parsed again when the problem needs them.

The cache lives in ``$PLAYBOOK_CACHE_DIR``, else ``$XDG_CACHE_HOME/playbook``, else
``~/.cache/playbook``, one file per content folder; ``PLAYBOOK_CACHE=off`` turns it off. It is
written with ``marshal`` (plain data only) into a folder only its owner may write; a damaged file is
ignored and replaced.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem
from .yamlfile import YamlFile, decode

_FORMAT = 1  # bump when the layout of an entry changes
_REWRITE_AT = 16  # new entries below which a run does not rewrite the cache (see ParseStore.save)
_UNUSED_FOR = 30 * 24 * 3600  # the cache of a content folder not checked for this long is removed


@cache
def fingerprint() -> str:
    """Everything besides a file's bytes that its parse and schema problems depend on."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{_FORMAT} {sys.version} {yaml.__version__} {yaml.__with_libyaml__}".encode())
    package = Path(__file__).parent
    for path in sorted([*package.rglob("*.py"), *package.glob("schemas/*.json")]):  # load/, diff/... too
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in ("fastjsonschema", "jsonschema"):  # found, not imported: check must start fast
        spec = importlib.util.find_spec(name)
        digest.update(f"{name} {_installed(name, spec.origin if spec and spec.origin else '')}".encode())
    return digest.hexdigest()


def _installed(name: str, origin: str) -> str:
    """Which release of a package is installed: the name of its dist-info folder (the same after
    every fresh install, as in CI, where file times are those of the install), else the file's
    size and time."""
    if not origin:
        return ""
    releases = sorted(p.name for p in Path(origin).parent.parent.glob(f"{name}-*.dist-info"))
    if releases:
        return " ".join(releases)
    stamp = os.stat(origin)
    return f"{origin} {stamp.st_size} {stamp.st_mtime_ns}"


def cache_folder() -> Path | None:
    if os.environ.get("PLAYBOOK_CACHE", "").lower() in ("0", "off", "no", "false"):
        return None
    if folder := os.environ.get("PLAYBOOK_CACHE_DIR"):
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "playbook"


class ParseStore:
    """Parses and schema problems by content hash, loaded at first use and saved by ``save``."""

    def __init__(self, file: Path):
        self.file = file
        self._old: dict[bytes, tuple] | None = None
        self._fresh: dict[bytes, tuple] = {}  # parsed by other processes in this run (see load/parallel.py)
        self._used: dict[bytes, tuple] = {}
        self._changed = False
        self._context: tuple[Any, bytes] | None = None

    @classmethod
    def for_content(cls, content: Path) -> ParseStore | None:
        folder = cache_folder()
        if folder is None:
            return None
        where = hashlib.blake2b(str(Path(content).resolve()).encode(), digest_size=8).hexdigest()
        return cls(folder / f"check-{where}-{fingerprint()}.marshal")

    @staticmethod
    def key(schema: str, raw: bytes) -> bytes:
        return hashlib.blake2b(schema.encode() + b"\0" + raw, digest_size=20).digest()

    def _entries(self) -> dict[bytes, tuple]:
        if self._old is None:
            try:
                loaded = marshal.loads(self.file.read_bytes())
                self._old = loaded if isinstance(loaded, dict) else {}
            except (OSError, EOFError, ValueError, TypeError):
                self._old = {}
        return self._old

    def is_empty(self) -> bool:
        """True when nothing was kept for this content under this code: a cold run."""
        return not self._entries() and not self._fresh

    def preload(self, entries: dict[bytes, tuple]) -> None:
        """Entries made by ``entry`` in another process of this run."""
        self._fresh.update(entries)

    def get(self, key: bytes, raw: bytes, rel: str) -> tuple[YamlFile | Problem, list[Problem]] | None:
        entry = self._entries().get(key) or self._fresh.get(key)
        if entry is None:
            return None
        self._used[key] = entry
        try:
            if entry[0] == "problem":
                return Problem(rel, *entry[1]), []
            _, data, first_line, problems = entry
            doc = YamlFile(rel, data, None, first_line, decode(raw))
            return doc, [Problem(rel, *fields) for fields in problems]
        except (TypeError, ValueError):  # an entry of another shape: parse again
            self._used.pop(key)
            return None

    def lookup(self, key: bytes, context: Any) -> Any:
        """A value derived from one file (its own checks) in ``context``; None when not kept."""
        derived = self._derived_key(key, context)
        value = self._entries().get(derived) or self._fresh.get(derived)
        if value is not None:
            self._used[derived] = value
        return value

    def keep(self, key: bytes, context: Any, value: Any) -> None:
        self._used[self._derived_key(key, context)] = value
        self._changed = True

    def _derived_key(self, key: bytes, context: Any) -> bytes:
        if self._context is None or self._context[0] != context:  # one context per run, in practice
            self._context = (context, repr(context).encode())
        return self.derived_key(key, self._context[1])

    @staticmethod
    def derived_key(key: bytes, context: bytes) -> bytes:
        """The key of what is derived from the file of ``key`` in a context (its ``repr``, encoded)."""
        return hashlib.blake2b(key + context, digest_size=20).digest()

    @staticmethod
    def entry(result: YamlFile | Problem, problems: list[Problem]) -> tuple:
        """What is kept of one file's parse and schema problems (plain data: marshal can hold it)."""
        if isinstance(result, Problem):
            return ("problem", (result.line, result.col, result.message, result.severity))
        fields = [(p.line, p.col, p.message, p.severity) for p in problems]
        return ("doc", result.data, result.first_line, fields)

    def put(self, key: bytes, result: YamlFile | Problem, problems: list[Problem]) -> None:
        self._used[key] = self.entry(result, problems)
        self._changed = True

    def save(self) -> None:
        """Keep what this run used (entries of files gone or changed are dropped); never fails.

        A run that parsed only a few files again leaves the file as it is: writing megabytes costs
        more than parsing those few files again next time (entries never go stale, they only age)."""
        if self._old is None or not self._changed:
            return
        new = sum(1 for key in self._used if key not in self._old)
        if self._old and new <= max(_REWRITE_AT, len(self._used) // 50):
            return
        temp = None
        try:
            payload = marshal.dumps(self._used)
            self.file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".check-", dir=self.file.parent)
            with os.fdopen(fd, "wb") as out:
                out.write(payload)
            os.replace(temp, self.file)
            temp = None
            prefix = self.file.name.rsplit("-", 1)[0] + "-"  # the same folder, made by other code
            aged = time.time() - _UNUSED_FOR
            for other in self.file.parent.glob("check-*.marshal"):
                if other != self.file and (other.name.startswith(prefix) or other.stat().st_mtime < aged):
                    other.unlink(missing_ok=True)
        except (OSError, ValueError):  # a read-only home, a full disk, data marshal cannot hold
            if temp is not None:
                Path(temp).unlink(missing_ok=True)
