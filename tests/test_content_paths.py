"""Content paths that are no regular files are refused at once, never read without limit, and
problem lines stay one line each in every output format.

The cases made here are those git cannot hold (FIFOs, sockets, names with line breaks) and links
to endless devices, which would hang any tool that reads the repository's files (ruff formats
Markdown, for one). Links to /dev/null, link loops and links to folders are in
tests/bad/not-a-regular-file.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from conftest import BASIC, copy_playbook, mkdocs, playbook
from playbook import safefile
from playbook.safefile import MAX_BYTES, FileProblem, read_regular_file

NOT_REGULAR = "not a regular file: content files are YAML files"


def _special_files(root: Path) -> None:
    content = root / "content"
    os.mkfifo(content / "principles" / "waiting.yml")
    os.mkfifo(content / "notes.md")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(content / "call-sheets" / "socket.yml"))
    server.close()  # the socket file stays


def test_fifos_and_sockets_are_errors_and_never_block(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    _special_files(root)
    result = playbook("check", cwd=root, timeout=300)  # a read of the FIFO would wait for ever
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"content/call-sheets/socket.yml:1:1: error: this is a socket, {NOT_REGULAR}",
        "content/notes.md:1:1: error: this is a named pipe (FIFO), not a regular file: pages are Markdown files",
        f"content/principles/waiting.yml:1:1: error: this is a named pipe (FIFO), {NOT_REGULAR}",
    ]


def test_links_to_endless_devices_are_errors_and_never_read(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    content = root / "content"
    (content / "principles" / "zero.yml").symlink_to("/dev/zero")
    (content / "call-sheets" / "random.yml").symlink_to("/dev/urandom")
    (content / "zero.md").symlink_to("/dev/zero")
    (content / "principles" / "random.md").symlink_to("/dev/urandom")
    result = playbook("check", cwd=root, timeout=300)
    device = "this is a symbolic link to a character device"
    page = "not a regular file: pages are Markdown files"
    assert result.stdout.splitlines() == [
        f"content/call-sheets/random.yml:1:1: error: {device} (/dev/urandom), {NOT_REGULAR}",
        f"content/principles/random.md:1:1: error: {device} (/dev/urandom), {page}",
        f"content/principles/zero.yml:1:1: error: {device} (/dev/zero), {NOT_REGULAR}",
        f"content/zero.md:1:1: error: {device} (/dev/zero), {page}",
    ]


def test_mkdocs_build_refuses_fifos_before_reading_them(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    _special_files(root)
    result = mkdocs("build", cwd=root, timeout=300)
    assert result.returncode == 1
    assert "content/principles/waiting.yml:1:1: error: this is a named pipe (FIFO)" in result.stderr
    assert not (root / "site").exists()


def test_a_file_is_never_read_past_the_limit_whatever_its_size_said(tmp_path, monkeypatch):
    big = tmp_path / "big.yml"
    big.write_bytes(b"x" * (4 * MAX_BYTES))
    real_stat = os.stat

    class SaysSmall:  # a file that grows between the size check and the read, or a /proc file
        def __init__(self, path):
            info = real_stat(path)
            self.st_mode, self.st_size = info.st_mode, 10

    monkeypatch.setattr(safefile.os, "stat", SaysSmall)
    reads = []
    real_read = os.read
    monkeypatch.setattr(safefile.os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    try:
        read_regular_file(big)
    except FileProblem as exc:
        assert "over 256 KiB" in str(exc)
    else:
        raise AssertionError("a file over the limit was accepted")
    assert sum(reads) <= MAX_BYTES + 1 + (1 << 16)


def test_a_line_break_in_a_file_name_cannot_split_a_problem_or_forge_an_annotation(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    name = "x\n::error file=evil.yml,line=1::forged.yml"
    (root / "content" / "principles" / name).write_text("id: [\n")
    text = playbook("check", cwd=root, timeout=300)
    assert text.stdout.splitlines() == [
        "content/principles/x\\n::error file=evil.yml,line=1::forged.yml:2:1: error: YAML syntax error: "
        + text.stdout.split("YAML syntax error: ", 1)[1].rstrip("\n")
    ]
    github = playbook("check", "--format", "github", cwd=root, timeout=300)
    lines = github.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("::error file=content/principles/x%0A%3A%3Aerror")
    payload = json.loads(playbook("check", "--format", "json", cwd=root, timeout=300).stdout)
    assert payload["errors"] == 1 and "\n" not in payload["problems"][0]["path"]


def test_a_playbook_yml_that_links_to_a_device_is_refused(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    book = root / "content" / "playbook.yml"
    book.unlink()
    book.symlink_to("/dev/zero")
    result = playbook("check", cwd=root, timeout=300)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"content/playbook.yml:1:1: error: this is a symbolic link to a character device (/dev/zero), {NOT_REGULAR}"
    ]


def _layout(root: Path, layout: str) -> None:
    """The same playbook with its content folder reached another way."""
    config = root / "mkdocs.yml"
    if layout == "content is a symlink":
        (root / "content").rename(root / "real-content")
        (root / "content").symlink_to("real-content")
    elif layout == "docs_dir links to content":
        docs = root / "docs"
        docs.mkdir()
        (root / "content" / "index.md").rename(docs / "index.md")
        (docs / "data").symlink_to("../content")
        text = config.read_text().replace("docs_dir: content", "docs_dir: docs")
        config.write_text(text.replace("  - playbook\n", "  - playbook:\n      content_dir: content\n"))
    elif layout == "plugin disabled":
        config.write_text(config.read_text().replace("  - playbook\n", "  - playbook:\n      enabled: false\n"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "layout", ["docs_dir is content", "content is a symlink", "docs_dir links to content", "plugin disabled"]
)
def test_content_sources_of_any_case_never_reach_the_site(tmp_path, layout):
    root = copy_playbook(BASIC, tmp_path / "pb")
    _layout(root, layout)
    content = root / ("real-content" if layout == "content is a symlink" else "content")
    for name in ("notes.YML", "principles/draft.Yaml", "data/more.yaml", "call-sheets/old.yml.YML"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text("a: 1\n")
    result = mkdocs("build", "-d", str(tmp_path / "site"), cwd=root)
    assert result.returncode == 0, result.stderr
    published = [p.name for p in (tmp_path / "site").rglob("*") if p.name.lower().endswith((".yml", ".yaml"))]
    assert published == []
