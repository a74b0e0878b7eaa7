"""Same site, same bytes: Pagefind's filter indexes written in a stable order.

Pagefind writes its filter indexes from hash maps, in an order that changes on every run (its
issue #638: fragments are stable since 1.3, "other files will still change"), so two builds of the
same content would differ. This rewrites each filter file with its values sorted, names it by its
content, and updates the references: the language's metadata file lists the filter files, and
``pagefind-entry.json`` names the metadata file. Pagefind's files are gzip-compressed CBOR after a
``pagefind_dcd`` header; only the CBOR types these files use (unsigned integers, text, arrays) are
read and written here.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path

MAGIC = b"pagefind_dcd"


def stabilise(bundle: Path) -> None:
    """Rewrite ``bundle`` (a site's pagefind/ folder) so its bytes depend only on its content."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    for language in entry["languages"].values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(meta_path)
        renamed = {}
        for path in sorted((bundle / "filter").glob("*.pf_filter")):
            name, values = _read(path)
            data = _write([name, sorted(values, key=lambda pair: pair[0])])
            new = f"{path.stem.split('_')[0]}_{hashlib.sha256(data).hexdigest()[:7]}"
            path.unlink()
            (bundle / "filter" / f"{new}.pf_filter").write_bytes(data)
            renamed[path.stem] = new
        meta = _replace(meta, renamed)
        data = _write(meta)
        meta_path.unlink()
        language["hash"] = f"{language['hash'].split('_')[0]}_{hashlib.sha256(data).hexdigest()[:10]}"
        (bundle / f"pagefind.{language['hash']}.pf_meta").write_bytes(data)
    entry_path.write_text(json.dumps(entry, separators=(",", ":")), "utf-8")


def _replace(value, renamed: dict[str, str]):
    """``value`` with every text naming a renamed file replaced; filter lists sorted by name."""
    if isinstance(value, str):
        return renamed.get(value, value)
    if isinstance(value, list):
        items = [_replace(item, renamed) for item in value]
        if items and all(isinstance(i, list) and len(i) == 2 and i[1] in renamed.values() for i in items):
            items.sort()
        return items
    return value


def _read(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(MAGIC):
        raise ValueError(f"{path}: not a Pagefind file")
    value, end = _decode(raw, len(MAGIC))
    if end != len(raw):
        raise ValueError(f"{path}: unexpected data after the index")
    return value


def _write(value) -> bytes:
    return gzip.compress(MAGIC + _encode(value), compresslevel=9, mtime=0)


def _decode(data: bytes, at: int):
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        arg = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise ValueError(f"unsupported CBOR item at byte {at - 1}")
    if major == 0:
        return arg, at
    if major == 3:
        return data[at : at + arg].decode("utf-8"), at + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"unsupported CBOR type {major} at byte {at - 1}")


def _head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if arg < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, arg)
    raise ValueError(f"{arg} is too large for CBOR")


def _encode(value) -> bytes:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"unsupported value {value!r}")
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(item) for item in value)
    raise ValueError(f"unsupported value {value!r}")
