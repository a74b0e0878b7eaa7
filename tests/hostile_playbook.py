"""The hostile playbook: every payload of tests/hostile/payloads.txt in every text field at once.

One principle, call sheet and pause per payload; stages and roles hold a share of the payloads each;
built with `mkdocs build --strict` with attr_list, md_in_html and snippets turned on. Payloads that
carry a forbidden link scheme must instead fail `playbook check` with a path:line message; they are
still built in the plain-text fields, where no link exists. The tests that use it:
``test_hostile_check.py`` (check), ``test_hostile_markup.py`` (the built HTML against a clean build
of the same configuration), ``test_hostile_browser.py`` (every page and search in Chromium).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from conftest import BASIC, copy_playbook, mkdocs, playbook

HOSTILE = Path(__file__).parent / "hostile"
SCHEMA = "# yaml-language-server: $schema=../../../playbook/schemas/{}.schema.json\n"
MARKER = "window.__pwned"
JINJA_RESULT = "1338337"  # {{ 1337*1001 }}, should a payload ever be evaluated as a template


def read_corpus(name: str) -> list[str]:
    """One payload a line; `## ` starts a comment; a literal backslash-n stands for a line break."""
    lines = (HOSTILE / name).read_text(encoding="utf-8").split("\n")
    return [line.replace("\\n", "\n") for line in lines if line and not line.startswith("## ")]


PAYLOADS = read_corpus("payloads.txt")
REJECTED = set(read_corpus("rejected.txt"))  # payloads whose forbidden links `playbook check` must report
N = len(PAYLOADS)
GROUPS = 6  # stages and roles: each has a page, and every page costs the browser test time; the
# objection card prints a stage a page, so each stage holds a page of payload objections at most


def pid(i: int) -> str:
    return f"hostile-{i:02d}"


def derived_id(text: str) -> str:
    """The item id the content format derives from a text (SPEC: first six runs of a-z0-9)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", folded)[:6])


# -- the hostile playbook ---------------------------------------------------------------------------
def principle_data(i: int, text: str, md: str) -> dict:
    """Principle i: ``text`` in every plain-text field, ``md`` in every Markdown field."""
    items = [{"id": "hostile", "text": text}, {"id": "prefixed", "text": f"Step: {text}"}]
    if derived_id(text) not in ("", "hostile", "prefixed"):
        items.append(text)  # the short form, whose id is derived from the text
    return {
        "id": pid(i),
        "title": text,
        "summary": md,
        "stage": f"stage-{i % GROUPS}",
        "roles": [f"role-{i % GROUPS}"],
        "tags": ["hostile"],
        "why": md,
        "how": [md],
        "checklist": {f"pause-{i:02d}": items},
        "say": [md],
        "avoid": [{"text": text, "instead": md}],
        "signals": [md],
        "objections": [
            {
                "objection": text,
                "means": md,
                "ask": md,
                "say": [md],
                "id": "hostile",
                "phrases": [f"Heard {i}: {text}"[:100]],
            }
        ],
        "related": [pid((i + 1) % N)],
        "sources": [
            {"title": text, "author": text, "url": "https://example.com/?q=" + re.sub(r"\s", "", text)},
            {"title": text},
        ],
        "owner": text,
        "phrases": [f"Phrase {i}: {text}"[:100]],  # search words: shown in small print, indexed
    }


def sheet_data(i: int, text: str, md: str) -> dict:
    return {
        "id": f"sheet-{i:02d}",
        "title": text,
        "summary": md,
        "stage": f"stage-{i % GROUPS}",
        "fields": [text[:40]],
        "principles": [pid(i)],
        "extra": {f"pause-{i:02d}": [text]},
        "say": [pid(i)],
        "objections": [f"{pid(i)}/hostile"],
        "notes": 2,
        "phrases": [f"Sheet {i}: {text}"[:100]],
    }


def book_data(texts: list[str], mds: list[str]) -> dict:
    """Stage and role pages are few (GROUPS): each one's title and summary hold every GROUPS-th payload."""
    modes = ["read-do", "do-confirm", None]
    pauses = [{"id": f"pause-{i:02d}", "title": t, "mode": modes[i % 3]} for i, t in enumerate(texts)]
    groups = [{"title": " ".join(texts[g::GROUPS]), "summary": "\n\n".join(mds[g::GROUPS])} for g in range(GROUPS)]
    return {
        "title": " · ".join(texts),
        "description": "\n\n".join(mds),
        "stages": [{"id": f"stage-{g}", **group} for g, group in enumerate(groups)],
        "roles": [{"id": f"role-{g}", **group} for g, group in enumerate(groups)],
        "pauses": [{k: v for k, v in p.items() if v is not None} for p in pauses],
        # The team's search words: every payload in a two-way group and in a one-way expansion (each
        # entry numbered, so no two fold to the same word, which check refuses).
        "vocabulary": [[f"group{i} {t}"[:60], f"mate{i}"] for i, t in enumerate(texts)]
        + [{"word": f"head{i} {t}"[:60], "also": [f"also{i} {t}"[:60]]} for i, t in enumerate(texts)],
    }


def dump(path: Path, schema: str, data: dict) -> str:
    text = SCHEMA.format(schema) + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def site_config(root: Path) -> None:
    """The fixture's mkdocs.yml with the default site's theme and plugins, and extensions a site might
    enable: content must never reach attr_list, md_in_html, snippets or admonitions."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text())
    config["theme"]["font"] = False
    config["theme"]["features"] += ["navigation.instant", "navigation.top", "search.highlight"]
    config["plugins"] = ["search", "playbook", "tags"]
    config["markdown_extensions"] = [
        {"toc": {"permalink": True}},
        "admonition",
        "attr_list",
        "md_in_html",
        "pymdownx.snippets",
    ]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    (root / "content/index.md").unlink()  # the generated home page shows the title and description


def write_hostile(root: Path, mds: list[str]) -> dict[str, str]:
    """Write the hostile playbook; ``mds`` are the Markdown-field values. Returns file texts by path."""
    copy_playbook(BASIC, root)
    site_config(root)
    content = root / "content"
    for folder in ("principles", "call-sheets"):
        shutil.rmtree(content / folder)
    files = {"content/playbook.yml": dump(content / "playbook.yml", "playbook", book_data(PAYLOADS, mds))}
    for i, (text, md) in enumerate(zip(PAYLOADS, mds, strict=True)):
        files[f"content/principles/{pid(i)}.yml"] = dump(
            content / "principles" / f"{pid(i)}.yml", "principle", principle_data(i, text, md)
        )
        files[f"content/call-sheets/sheet-{i:02d}.yml"] = dump(
            content / "call-sheets" / f"sheet-{i:02d}.yml", "call-sheet", sheet_data(i, text, md)
        )
    # A hand-written page naming every principle as [[id]]: each becomes a link titled with a payload.
    mentions = "\n".join(f"- [[{pid(i)}]]" for i in range(N))
    (content / "mentions.md").write_text(f"# Mentions\n\n{mentions}\n", encoding="utf-8")
    return files


def safe_text(i: int) -> str:
    return f"Safe text {i}."


@dataclass
class Hostile:
    check_all: subprocess.CompletedProcess  # `playbook check` with every payload in every field
    files_all: dict[str, str]
    root: Path  # rejected payloads only in plain-text fields
    site: Path
    clean: Path  # the fixture built with the same mkdocs.yml


def make_hostile(base: Path) -> Hostile:
    """The hostile playbook (checked with every payload, built with the accepted ones) and the clean
    build of the basic fixture with the same configuration, which the built pages are compared with."""
    files_all = write_hostile(base / "all", PAYLOADS)
    root = base / "built"
    write_hostile(root, [safe_text(i) if p in REJECTED else p for i, p in enumerate(PAYLOADS)])
    clean = copy_playbook(BASIC, base / "clean")
    site_config(clean)
    check = playbook("check", cwd=base / "all")
    built = mkdocs("build", "--strict", "-d", str(root / "site"), cwd=root)
    baseline = mkdocs("build", "--strict", "-d", str(clean / "site"), cwd=clean)
    assert baseline.returncode == 0, baseline.stderr
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stdout + built.stderr
    return Hostile(check, files_all, root, root / "site", clean / "site")
