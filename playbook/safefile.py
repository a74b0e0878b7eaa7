"""Reading one file off disk without surprises: a regular file of a bounded size, or one phrase why not.

A content folder is edited by many hands and may hold a link to /dev/zero, a FIFO or a huge file;
reading any of them naively hangs or exhausts the build. Every read of content and of mkdocs.yml
goes through here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 256 * 1024


class FileProblem(Exception):
    """A path that is no regular file of the allowed size, or cannot be read: why, in one phrase."""

    def __init__(self, message: str, *, missing: bool = False, not_regular: bool = False):
        super().__init__(message)
        self.missing = missing
        self.not_regular = not_regular  # a folder, a device, a FIFO, a socket


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def _not_regular(path: Path, mode: int) -> FileProblem:
    if stat.S_ISDIR(mode):
        return FileProblem("this is a folder, not a file", not_regular=True)
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    if os.path.islink(path):
        kind = f"a symbolic link to {kind} ({os.readlink(path)})"
    return FileProblem(f"this is {kind}, not a regular file", not_regular=True)


def read_regular_file(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else ``FileProblem``.

    A symbolic link to /dev/zero, a FIFO or a socket would be read without end (or block): the kind
    is checked before opening, again on the open descriptor (in case the path was swapped in
    between), and never more than ``limit`` + 1 bytes are read, whatever the size said.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise FileProblem("broken symbolic link: it points at a file that does not exist") from None
        raise FileProblem("the file does not exist", missing=True) from None
    except OSError as exc:
        raise FileProblem(f"cannot read the file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(path, info.st_mode)
    if info.st_size > limit:
        raise FileProblem(f"the file is {info.st_size // 1024} KiB; content files may be at most {limit // 1024} KiB")
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise FileProblem(f"cannot read the file: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode)
        chunks, left = [], limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 16))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise FileProblem(f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:
        raise FileProblem(f"the file is over {limit // 1024} KiB; content files may be at most {limit // 1024} KiB")
    return raw
