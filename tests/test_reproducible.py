"""Same content, same bytes: two builds of one playbook give byte-identical sites.

Each pair of builds writes into two different folders and runs with a different PYTHONHASHSEED, so
neither the output path nor the order of a set or dict of strings can leak into the site.
"""

from __future__ import annotations

import datetime
import gzip
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import BASIC, EPOCH, ROOT, copy_playbook, run_env

EPOCH_DATE = datetime.datetime.fromtimestamp(int(EPOCH), tz=datetime.timezone.utc).date().isoformat()


def build(root: Path, site: Path, seed: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=root,
        env=run_env(PYTHONHASHSEED=seed),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def describe(name: str, first: bytes, second: bytes) -> str:
    """Where two versions of a file part, with a little context, so the cause is plain to see."""
    if name.endswith(".gz"):
        same_payload = gzip.decompress(first) == gzip.decompress(second)
        return f"{name}: {'only the gzip header differs' if same_payload else 'the compressed content differs'}"
    at = next((i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b), min(len(first), len(second)))
    start = max(0, at - 60)
    return f"{name}: first difference at byte {at}:\n  {first[start : at + 60]!r}\n  {second[start : at + 60]!r}"


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    found = [f"{name}: only in the first build" for name in sorted(first.keys() - second.keys())]
    found += [f"{name}: only in the second build" for name in sorted(second.keys() - first.keys())]
    found += [describe(n, first[n], second[n]) for n in sorted(first.keys() & second.keys()) if first[n] != second[n]]
    return found


def public_copy(target: Path) -> Path:
    """The fixture as a public site (`private: false`), which also writes sitemap.xml.gz."""
    root = copy_playbook(BASIC, target)
    config = (root / "mkdocs.yml").read_text()
    assert "  - playbook\n" in config
    (root / "mkdocs.yml").write_text(config.replace("  - playbook\n", "  - playbook:\n      private: false\n"))
    return root


@pytest.fixture(scope="module", params=["basic-fixture", "basic-public", "default-playbook"])
def two_builds(request, tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("reproducible")
    root = {"basic-fixture": BASIC, "default-playbook": ROOT}.get(request.param) or public_copy(base / "public")
    sites = (base / "one" / "site", base / "two" / "site")
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(build, [root] * 2, sites, ["1", "2"]))
    return sites


def test_two_builds_are_byte_identical(two_builds):
    first, second = (tree(site) for site in two_builds)
    found = differences(first, second)
    assert not found, f"{len(found)} file(s) differ between two builds:\n" + "\n".join(found)


def test_build_dates_come_from_source_date_epoch(two_builds):
    site = two_builds[0]
    sitemap = (site / "sitemap.xml").read_text()
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {EPOCH_DATE}
    if not (site / "sitemap.xml.gz").exists():
        return  # a private playbook publishes no compressed sitemap
    header_mtime = int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little")
    expected = datetime.datetime.fromisoformat(EPOCH_DATE).replace(tzinfo=datetime.timezone.utc)
    assert header_mtime == int(expected.timestamp())
