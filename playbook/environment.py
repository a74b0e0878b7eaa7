"""Failures of the operator's environment, told in one line: a full disk, a read-only or immutable
folder, a permission, a busy port.

They are not bugs of ours (those are "internal error") and not content errors: the fix is on the
machine, so the line names the cause and the path or address, and never carries a traceback. The
CLI and the MkDocs child it runs (``playbook_plugins.build``) describe them with these functions.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

CAUSES = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large for this file system",
    errno.EROFS: "read-only file system",
    errno.EPERM: "operation not permitted (an immutable folder? `lsattr -d` shows an i)",
    errno.EACCES: "permission denied",
    errno.EBUSY: "device or resource busy (a mount point?)",
    errno.EXDEV: "on another file system (a mount point?)",
    errno.EIO: "input/output error",
    errno.EADDRINUSE: "address already in use",
    errno.EADDRNOTAVAIL: "address not available on this machine",
}
# Errors met while writing: the destination of a copy (``filename2``) is the path to name.
WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}
# The folder `playbook build` replaces: its MkDocs child writes into a hidden sibling of it, which
# messages name as the site folder itself (the sibling is gone by the time the operator looks).
SITE_ENV = "PLAYBOOK_SITE_DIR"
# The exit status of that child when it has already said what went wrong (EX_IOERR of sysexits.h).
REPORTED = 74
UNTOUCHED = "the previous site was left as it was"


def cause(exc: BaseException) -> str | None:
    """What went wrong, in words, when ``exc`` comes from the environment; None for anything else."""
    return CAUSES.get(exc.errno) if isinstance(exc, OSError) else None


def where(exc: OSError, site: Path | None = None) -> str:
    """The path an error is about; a file in a hidden sibling of ``site`` (a build's staging
    folder, or the old site being removed) is named as ``site``."""
    names = [exc.filename2, exc.filename] if exc.errno in WRITE_ERRORS else [exc.filename, exc.filename2]
    path = next((os.fsdecode(name) for name in names if name is not None), None)
    if path is None:
        return str(site) if site is not None else "(no path given)"
    if site is not None and os.path.abspath(path).startswith(str(site.parent / f".{site.name}-")):
        return str(site)
    return path


def describe(exc: OSError, site: Path | None = None) -> str:
    """``cause: path``, the body of the one line the operator gets."""
    return f"{cause(exc) or os.strerror(exc.errno or 0).lower()}: {where(exc, site)}"
