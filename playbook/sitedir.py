"""The site folder, replaced whole: a build writes into a staging folder beside it and swaps it in.

There is no instant at which ``site/`` is missing or half written. On Linux the staging folder and
the site are exchanged by one ``renameat2(RENAME_EXCHANGE)`` call (through ctypes: Python has no
binding), then the old site, now under the staging name, is removed. Where that call is missing
(another system, a kernel before 3.15, a file system that refuses the flag) the site is replaced by
two renames, ``site -> .site-old-*`` then staging ``-> site``, and a note says so: a build killed
between them leaves no ``site/`` until the next build, which puts the old one back first.

Each build holds an ``flock`` on ``.site-building-<token>.lock`` from before its staging folder
exists until the folder is gone (the MkDocs child inherits it, so it is held while either lives).
A later build removes the leftovers of builds whose lock nobody holds: interrupted builds, never
running ones. Staging folders without a lock file come from older versions and are removed too.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import secrets
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2
# The kernel or the file system cannot exchange: replace in two renames instead.
NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}


def _load_renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not Linux, or a C library older than glibc 2.28
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


@dataclass
class Staging:
    """A build's folder beside the site, and the lock that says the build is alive."""

    path: Path
    old: Path  # where the fallback's first rename puts the old site
    lock_path: Path
    fd: int  # the open lock file; pass it to child processes so they hold the lock too

    def discard(self) -> None:
        """Remove the folder (after a swap: the old site) and the fallback's, then release the lock."""
        _remove(self.path)
        _remove(self.old)
        _unlink(self.lock_path)
        os.close(self.fd)


def _names(site: Path, token: str) -> tuple[Path, Path, Path]:
    """The staging folder, the old site's name in the fallback, and the lock file of one build."""
    building = site.with_name(f".{site.name}-building-{token}")
    return building, site.with_name(f".{site.name}-old-{token}"), building.with_name(building.name + ".lock")


def open_staging(site: Path) -> Staging:
    """A new, empty staging folder for ``site``, with the permissions MkDocs would give the site
    (``0o777`` less the umask, not ``mkdtemp``'s ``0o700``), locked for as long as the build runs."""
    while True:
        token = f"{os.getpid()}-{secrets.token_hex(4)}"
        building, old, lock_path = _names(site, token)
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        fcntl.flock(fd, fcntl.LOCK_EX)
        # A sweep may have taken the lock file for an orphan between its creation and our flock,
        # and removed it: then the lock we hold is on a deleted file, so start again.
        if _same_file(fd, lock_path):
            break
        os.close(fd)
    try:
        os.mkdir(building, 0o777)
    except BaseException:
        _unlink(lock_path)
        os.close(fd)
        raise
    return Staging(building, old, lock_path, fd)


def sweep(site: Path) -> list[Path]:
    """Remove the leftovers of interrupted builds of ``site``; returns what was removed.

    A build that is still running holds its lock, and its folders stay. Errors are ignored: the
    build that follows reports a folder it cannot write.
    """
    pattern = re.compile(rf"\.{re.escape(site.name)}-(?:building|old)-(.+?)(?:\.lock)?")
    try:
        tokens = {m.group(1) for name in os.listdir(site.parent) if (m := pattern.fullmatch(name))}
    except OSError:
        return []
    removed = []
    for token in sorted(tokens):
        building, old, lock_path = _names(site, token)
        fd = _lock_if_free(lock_path)
        if fd is False:
            continue  # a running build
        try:
            if old.is_dir() and not site.exists():
                old.rename(site)  # a build killed between the two renames of the fallback
            removed += [path for path in (building, old) if _remove(path)]
            _unlink(lock_path)
        except OSError:
            pass
        finally:
            if fd is not None:
                os.close(fd)
    return removed


def swap_in(staging: Staging, site: Path) -> None:
    """Put the staging folder in the site's place in one step. The old site is left under the
    staging name (or, in the fallback, the old name), for ``Staging.discard`` to remove."""
    for _ in range(3):  # another build may add or replace the site between our steps
        if not os.path.lexists(site):
            try:
                os.rename(staging.path, site)  # no site yet: one rename is atomic
                return
            except OSError as exc:
                if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                    raise
                continue
        try:
            if _exchange(staging.path, site):
                return
        except FileNotFoundError:
            continue
        _replace_in_two_renames(staging, site)
        return
    raise OSError(errno.EEXIST, "another build keeps replacing the site", str(site))


def _replace_in_two_renames(staging: Staging, site: Path) -> None:
    print(
        f"playbook build: note: this system cannot exchange two folders in one step; {site} was "
        "replaced by two renames (a build killed between them leaves it missing until the next build)",
        file=sys.stderr,
    )
    os.rename(site, staging.old)
    try:
        os.rename(staging.path, site)
    except BaseException:  # an interrupt too: the old site goes back before anything else
        os.rename(staging.old, site)
        raise


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two paths atomically; False where this system cannot."""
    if _renameat2 is None:
        return False
    if _renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(b))


def _lock_if_free(lock_path: Path) -> int | None | bool:
    """The lock of a dead build, taken: its fd, None when there is no lock file, False when held."""
    try:
        fd = os.open(lock_path, os.O_RDWR)
    except FileNotFoundError:
        return None
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False
    return fd


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


def _remove(path: Path) -> bool:
    """Remove a folder (or a file in its place); True if something was there."""
    if path.is_symlink() or path.is_file():
        _unlink(path)
        return True
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
        return True
    return False


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
