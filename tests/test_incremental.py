"""Incremental rebuilds under `playbook serve` give the same site as a clean build, file for file.

The preview is built in this process exactly as `playbook serve` builds it (``PreviewBuilder``: dirty
builds, plugins kept between builds). After each step of an edit sequence, a clean `mkdocs build` of
the same content runs in a child process, and the two site folders are compared byte for byte.
"""

from __future__ import annotations

import filecmp
import json
import random
import re
from pathlib import Path

import pytest
import yaml

from conftest import EPOCH, ROOT, copy_playbook, mkdocs

SERVE_URL = "http://127.0.0.1:8000/"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """The default playbook, with the site URL and search the preview has (the clean build uses them too)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = tmp_path / "pb"
    root.mkdir()
    copy_playbook(ROOT / "content", root / "content")
    config = (ROOT / "mkdocs.yml").read_text()
    config = re.sub(r"(?m)^site_url: .*$", f"site_url: {SERVE_URL}", config)
    # The preview searches with Material's lunr (Pagefind indexes only published builds): so does
    # the clean build it is compared with.
    config = re.sub(r"(?m)^  - playbook:$", "  - playbook:\n      search: lunr", config, count=1)
    (root / "mkdocs.yml").write_text(config)
    return root


@pytest.fixture
def preview(project, tmp_path):
    from playbook_plugins.live.server import PreviewBuilder

    builder = PreviewBuilder(str(project / "mkdocs.yml"), str(tmp_path / "served"))
    assert builder(builder.config) == []
    return builder


def clean_build(root: Path, target: Path) -> Path:
    result = mkdocs("build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(target), cwd=root)
    assert result.returncode == 0, result.stderr
    return target


def differences(left: Path, right: Path) -> list[str]:
    """Files that exist on one side only or differ in content (relative paths)."""
    found = []
    comparison = filecmp.dircmp(left, right)
    stack = [(comparison, "")]
    while stack:
        node, prefix = stack.pop()
        found += [f"only in served site: {prefix}{name}" for name in node.left_only]
        found += [f"only in clean build: {prefix}{name}" for name in node.right_only]
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
        found += [f"differs: {prefix}{name}" for name in mismatch + errors]
        stack += [(child, f"{prefix}{name}/") for name, child in node.subdirs.items()]
    return sorted(found)


# By design a preview has no service worker (plugins/worker.py), so playbook.js registers none; and
# its What's new page has a "Not committed yet" section (issue 31), which its search index holds too.
BY_DESIGN_IN_PREVIEW = [
    "differs: assets/playbook/playbook.js",
    "differs: search/search_index.json",
    "differs: whats-new/index.html",
    "only in clean build: offline.html",
    "only in clean build: sw.js",
]


def search_entries_beside_whats_new(site: Path) -> list[dict]:
    index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    return [doc for doc in index["docs"] if not doc["location"].startswith("whats-new/")]


def assert_same_as_clean_build(preview, tmp_path, step: str) -> None:
    assert preview() == [], f"{step}: the preview reports problems"
    reference = clean_build(Path(preview.config_file).parent, tmp_path / f"clean-{len(list(tmp_path.iterdir()))}")
    served = Path(preview.site_dir)
    assert differences(served, reference) == BY_DESIGN_IN_PREVIEW, step
    assert search_entries_beside_whats_new(served) == search_entries_beside_whats_new(reference), step
    assert "Not committed yet" in (served / "whats-new/index.html").read_text("utf-8"), step


def set_field(path: Path, key: str, value: str) -> None:
    text, count = re.subn(rf"(?m)^{key}: .*$", f"{key}: {value}", path.read_text(), count=1)
    assert count == 1, f"no {key} in {path}"
    path.write_text(text)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_edit_sequences_give_the_same_site_as_a_clean_build(project, preview, tmp_path):
    principles = project / "content/principles"
    sheets = project / "content/call-sheets"

    edit(principles / "active-listening.yml", "title: ", "title: Hear them out — ")
    assert_same_as_clean_build(preview, tmp_path, "title")

    # A hand-written page that links a principle follows its title.
    guide = project / "content/how-to-use.md"
    guide.write_text(guide.read_text() + "\nStart with [[ask-dont-counter]].\n")
    assert_same_as_clean_build(preview, tmp_path, "mention-in-page")
    set_field(principles / "ask-dont-counter.yml", "title", "Ask before you answer")
    assert_same_as_clean_build(preview, tmp_path, "mentioned-title")

    set_field(principles / "sit-side-by-side.yml", "stage", "closing")
    assert_same_as_clean_build(preview, tmp_path, "stage")

    new = principles / "ask-for-referrals.yml"
    new.write_text(
        (principles / "bring-insights.yml")
        .read_text()
        .replace("id: bring-insights", "id: ask-for-referrals")
        .replace("title: ", "title: Ask for referrals, ", 1)
    )
    assert_same_as_clean_build(preview, tmp_path, "add")

    new.unlink()
    assert_same_as_clean_build(preview, tmp_path, "delete")

    # Rename an id: the file, its id, and every reference to it.
    old_id, new_id = "treat-gatekeepers-well", "befriend-gatekeepers"
    (principles / f"{old_id}.yml").rename(principles / f"{new_id}.yml")
    for path in [*principles.glob("*.yml"), *sheets.glob("*.yml"), *project.glob("content/*.md")]:
        text = path.read_text()
        if old_id in text:
            path.write_text(text.replace(old_id, new_id))
    assert_same_as_clean_build(preview, tmp_path, "rename")

    # Break a file: the last good site stays, with the problem for the banner; then fix it.
    good = (principles / "bring-insights.yml").read_text()
    set_field(principles / "bring-insights.yml", "stage", "nowhere")
    problems = preview()
    assert problems and "bring-insights.yml" in problems[0]
    # The server adds the banner as it sends pages: the files stay those of the last good build.
    assert not [p for p in Path(preview.site_dir).rglob("*.html") if "pb-banner" in p.read_text()]
    (principles / "bring-insights.yml").write_text(good.replace("title: ", "title: Fixed and ", 1))
    assert_same_as_clean_build(preview, tmp_path, "break-and-fix")

    edit(sheets / "discovery-call.yml", "title: ", "title: First ")
    assert_same_as_clean_build(preview, tmp_path, "sheet")

    edit(project / "content/playbook.yml", "title: Discovery", "title: Discovery and fit")
    assert_same_as_clean_build(preview, tmp_path, "stage-title")

    edit(project / "content/how-to-use.md", "# ", "# Using this playbook: ")
    assert_same_as_clean_build(preview, tmp_path, "hand-written-page")

    edit(project / "mkdocs.yml", "site_name: ", "site_name: Our ")
    assert_same_as_clean_build(preview, tmp_path, "mkdocs-yml")


def test_a_title_edit_renders_and_writes_only_the_pages_that_show_the_title(project, preview):
    plugin = preview.config.plugins["playbook"]
    playbook = plugin.build.playbook
    target = playbook.principles["active-listening"]
    site = Path(preview.site_dir)
    before = {path: path.stat().st_mtime_ns for path in site.rglob("*.html")}
    edit(project / "content/principles/active-listening.yml", f"title: {target.title}", "title: Hear them out")
    assert preview() == []

    expected = {"principles/active-listening.md", f"stages/{target.stage.id}.md", "needs-review.md"}
    expected |= {f"roles/{role.id}.md" for role in target.roles}
    expected |= {f"principles/{p.id}.md" for p in playbook.referenced_by(target.id)}
    expected |= {f"principles/{related}.md" for related in target.related}
    expected |= {f"call-sheets/{sheet.id}.md" for sheet in playbook.sheets_using(target.id)}
    if playbook.sheets_using(target.id):
        expected.add("call-sheets/print-all.md")
    assert plugin.build.changed <= expected
    assert "principles/active-listening.md" in plugin.build.changed

    rewritten = {path for path, mtime in before.items() if path.stat().st_mtime_ns != mtime}
    untouched = [p for p in before if "principles/" in p.as_posix() and p not in rewritten]
    assert len(untouched) > 15, "most principle pages must not be written again"
    assert site / "principles/active-listening/index.html" in rewritten


def test_a_mistake_in_mkdocs_yml_keeps_the_last_site_until_it_is_fixed(project, preview, tmp_path):
    config = project / "mkdocs.yml"
    good = config.read_text()
    config.write_text(good.replace("theme:\n", "theme:\n  palette: [\n", 1))
    problems = preview()
    assert len(problems) == 1 and "mkdocs.yml: error:" in problems[0]
    assert (Path(preview.site_dir) / "index.html").is_file()
    config.write_text(good)
    assert_same_as_clean_build(preview, tmp_path, "fixed-config")


def random_edits(root: Path, rng: random.Random, count: int) -> list[str]:
    """``count`` random valid edits of the kinds editors make; returns what was done, for messages."""
    principles = root / "content/principles"
    stages = [stage["id"] for stage in yaml.safe_load((root / "content/playbook.yml").read_text())["stages"]]
    done = []
    for _ in range(count):
        files = sorted(principles.glob("*.yml"))
        path = rng.choice(files)
        other = rng.choice([f for f in files if f != path]).stem
        kind = rng.choice(["title", "stage", "relate", "unrelate", "tags", "mention", "reviewed", "add", "delete"])
        text = path.read_text()
        if kind == "title":
            set_field(path, "title", f"Variant {rng.randint(1, 999)} of a principle")
        elif kind == "stage":
            set_field(path, "stage", rng.choice(stages))
        elif kind == "relate":
            text = re.sub(r"(?m)^related: .*\n", "", text)
            path.write_text(text.replace("\nsources:", f"\nrelated: [{other}]\nsources:", 1))
        elif kind == "unrelate":
            path.write_text(re.sub(r"(?m)^related: .*\n", "", text))
        elif kind == "tags":
            tags = rng.sample(["listening", "trust", "objections", "new-tag", "another"], rng.randint(0, 2))
            text = re.sub(r"(?m)^tags: .*\n", "", text)
            path.write_text(text.replace("\nwhy:", f"\ntags: [{', '.join(tags)}]\nwhy:", 1) if tags else text)
        elif kind == "mention":
            set_field(path, "summary", f"A changed summary that points to [[{other}]] on purpose.")
        elif kind == "reviewed":
            set_field(path, "reviewed", rng.choice(["2024-01-05", "2026-11-01"]))
        elif kind == "add":
            new_id = f"extra-{rng.randint(1, 10**6)}"
            (principles / f"{new_id}.yml").write_text(text.replace(f"id: {path.stem}", f"id: {new_id}", 1))
            path = principles / f"{new_id}.yml"
        elif kind == "delete":
            extras = [f for f in files if f.stem.startswith("extra-")]
            if not extras:
                continue
            path = rng.choice(extras)
            path.unlink()
        done.append(f"{kind} {path.stem}")
    return done


@pytest.mark.parametrize("seed", [1, 2])
def test_random_edit_sequences_give_the_same_site_as_a_clean_build(project, preview, tmp_path, seed):
    rng = random.Random(seed)
    for checkpoint in range(3):
        done = random_edits(project, rng, 4)
        assert_same_as_clean_build(preview, tmp_path, f"{checkpoint}: {done}")


def test_a_warning_is_printed_once_not_on_every_save(project, preview, caplog):
    set_field(project / "content/principles/active-listening.yml", "reviewed", "2020-01-02")
    preview()
    set_field(project / "content/principles/bring-insights.yml", "title", "Bring them insights")
    preview()
    printed = [r.getMessage() for r in caplog.records if "active-listening.yml" in r.getMessage()]
    assert len(printed) == 1 and "last reviewed" in printed[0]
