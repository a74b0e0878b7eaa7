"""Properties over generated content (hypothesis).

(a) Any valid playbook, whatever its text (unicode, Markdown punctuation), loads without a problem and
    renders every checklist item and talk track into its page; one of them also goes through a real
    MkDocs build into the search index.
(b) No mutation of valid files (a line deleted or duplicated, a character or byte inserted, indentation
    changed, the file cut short) makes `load_playbook` raise: it reports problems with a path, a line and
    a column inside the file.
"""

from __future__ import annotations

import datetime
import html
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from pagefind_files import fragments
from rendered_pages import all_pages

from conftest import BASIC, ROOT, copy_playbook, mkdocs
from playbook.load import LoadResult, load_playbook
from playbook.mdcheck import bad_links
from playbook.render import PageRenderer
from playbook.settings import Settings

SCHEMA = "# yaml-language-server: $schema=../../../playbook/schemas/{}.schema.json\n"
SETTINGS = Settings(today=datetime.date(2026, 11, 18))  # review dates never depend on the calendar
KINDS = {"playbook.yml": "playbook", "principles": "principle", "call-sheets": "call-sheet"}

# -- (a) valid playbooks --------------------------------------------------------------------------
PUNCTUATION = "*_`[](){}#!<>&\\-+.:;,'\"|~=/@%$^? \t"
# A word: letters and digits of any script. Texts: words with Markdown punctuation and symbols between.
word = st.text(st.characters(categories=("L", "N")), min_size=1, max_size=8).filter(
    lambda w: "TODO" not in w  # a placeholder, which check warns about (playbook/load/placeholders.py)
)
glue = st.one_of(
    st.sampled_from([" ", " ", ", ", ". ", "'", '"', "-", " & "]),
    st.text(st.sampled_from(PUNCTUATION), min_size=1, max_size=3),
    st.characters(categories=("P", "S", "Zs")),
)
plain_text = st.builds(
    lambda first, rest: first + "".join(g + w for g, w in rest),
    word,
    st.lists(st.tuples(glue, word), max_size=6),
)
# Markdown fields: the same, over lines; links with a forbidden scheme and [[mentions]] are invalid content.
markdown_text = (
    st.lists(plain_text, min_size=1, max_size=3).map("\n".join).filter(lambda t: not bad_links(t) and "[[" not in t)
)
# Talk tracks made of words and punctuation Markdown leaves alone, so each must appear as written
# (HTML-escaped): a word first (no list or heading marker), no emphasis, code, link or escape syntax.
INERT = st.sampled_from([" ", " ", ", ", "; ", ": ", "? ", "! ", "'", '"', " <", "> ", " (", ") ", "%", "=", "|", "^"])
talk_track = st.builds(
    lambda first, rest: first + "".join(g + w for g, w in rest),
    st.text(st.characters(categories=("L",)), min_size=1, max_size=8).filter(lambda w: "TODO" not in w),
    st.lists(st.tuples(INERT, word), max_size=6),
)


def derived_id(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", folded)[:6])


@st.composite
def checklist(draw, pauses: list[str]) -> dict[str, list]:
    """1 to 9 items at some pauses; items as {id, text}, or as text when its derived id is free."""
    chosen = draw(st.lists(st.sampled_from(pauses), min_size=1, max_size=len(pauses), unique=True))
    used: set[str] = set()
    result = {}
    for pause in chosen:
        items = []
        for text in draw(st.lists(plain_text, min_size=1, max_size=9)):
            derived = derived_id(text)
            if derived and derived not in used and draw(st.booleans()):
                items.append(text)
                used.add(derived)
            else:
                item_id = f"item-{len(used)}"
                used.add(item_id)
                items.append({"id": item_id, "text": text})
        result[pause] = items
    return result


@st.composite
def playbooks(draw) -> dict[str, dict]:
    """File path (relative to content/) -> data of a valid playbook."""
    n_stages, n_roles, n_pauses = (draw(st.integers(1, 3)) for _ in range(3))
    stages = [f"stage-{i}" for i in range(n_stages)]
    roles = [f"role-{i}" for i in range(n_roles)]
    pauses = [f"pause-{i}" for i in range(n_pauses)]
    book = {
        "title": draw(plain_text),
        "description": draw(markdown_text),
        "stages": [{"id": s, "title": draw(plain_text), "summary": draw(markdown_text)} for s in stages],
        "roles": [{"id": r, "title": draw(plain_text), "summary": draw(markdown_text)} for r in roles],
        "pauses": [
            {
                "id": p,
                "title": draw(plain_text),
                **draw(st.sampled_from([{}, {"mode": "read-do"}, {"mode": "do-confirm"}])),
            }
            for p in pauses
        ],
    }
    files = {"playbook.yml": book}
    ids = draw(
        st.lists(
            st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5}){0,2}", fullmatch=True),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    for pid in ids:
        principle = {
            "id": pid,
            "title": draw(plain_text),
            "summary": draw(markdown_text),
            "stage": draw(st.sampled_from(stages)),
            "roles": draw(st.lists(st.sampled_from(roles), max_size=len(roles), unique=True)),
            "why": draw(markdown_text),
            "how": draw(st.lists(markdown_text, max_size=3)),
            "checklist": draw(checklist(pauses)),
            "say": draw(st.lists(talk_track, max_size=3)),
            "avoid": [{"text": draw(plain_text), "instead": draw(markdown_text)}],
            "signals": draw(st.lists(markdown_text, max_size=2)),
            "related": [other for other in ids if other != pid and draw(st.booleans())],
            "sources": [{"title": draw(plain_text), "author": draw(plain_text), "url": "https://example.com/a?b=c"}],
        }
        files[f"principles/{pid}.yml"] = {k: v for k, v in principle.items() if v != []}
    # A call sheet with the first item of each principle and one extra per pause: at most 5 items a pause.
    first_items = {}
    for pid in ids[:4]:
        entry = next(iter(files[f"principles/{pid}.yml"]["checklist"].values()))[0]
        first_items[pid] = entry["id"] if isinstance(entry, dict) else derived_id(entry)
    files["call-sheets/sheet.yml"] = {
        "id": "sheet",
        "title": draw(plain_text),
        "summary": draw(plain_text.filter(lambda t: not bad_links(t) and "[[" not in t)),
        "stage": stages[0],
        "fields": draw(st.lists(word, max_size=3, unique=True)),
        "principles": [{"id": pid, "items": [item]} for pid, item in first_items.items()],
        "extra": {p: [draw(plain_text)] for p in pauses if draw(st.booleans())},
        "notes": draw(st.integers(0, 4)),
    }
    return files


def write_playbook(root: Path, files: dict[str, dict]) -> None:
    """Files as an editor would save them: a schema line, then YAML quoted wherever it must be."""
    for rel, data in files.items():
        kind = KINDS.get(rel) or KINDS[rel.split("/")[0]]
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
        path.write_text(SCHEMA.format(kind) + text, encoding="utf-8")


def load(files: dict[str, dict]) -> LoadResult:
    with tempfile.TemporaryDirectory() as folder:
        write_playbook(Path(folder), files)
        return load_playbook(Path(folder), SETTINGS)


_RENDERER: list[PageRenderer] = []


def renderer_for(playbook) -> PageRenderer:
    """One renderer for every example, given each playbook as the live preview gives it after each
    save (``for_playbook``): the templates are compiled once, not once an example (two thirds of
    the test's time went there)."""
    if not _RENDERER:
        _RENDERER.append(PageRenderer(playbook))
    return _RENDERER[0].for_playbook(playbook)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(playbooks())
def test_any_valid_playbook_renders_every_item_and_talk_track(files):
    result = load(files)
    assert not result.problems, "\n".join(map(str, result.problems))
    pages = {page.src_uri: page.markdown for page in all_pages(renderer_for(result.playbook))}
    for principle in result.playbook.principles.values():
        page = pages[f"principles/{principle.id}.md"]
        for item in principle.items:
            assert str(escape(item.text)) in page, item
        for line in principle.say:
            assert html.escape(line, quote=False) in page, line
    for sheet in result.playbook.call_sheets.values():
        page = pages[f"call-sheets/{sheet.id}.md"]
        for item in sheet.items:
            assert str(escape(item.text)) in page, item


def squash(text: str) -> str:
    return " ".join(html.unescape(text).split())


@settings(max_examples=2, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
@given(playbooks())
def test_a_random_playbook_builds_and_its_items_are_searchable(files):
    with tempfile.TemporaryDirectory() as folder:
        root = copy_playbook(BASIC, Path(folder) / "pb")
        for sub in ("principles", "call-sheets"):
            shutil.rmtree(root / "content" / sub)
        write_playbook(root, files)
        result = mkdocs("build", "--strict", cwd=root)
        assert result.returncode == 0, result.stderr
        pages = fragments(root / "site")
    playbook = load(files).playbook
    for principle in playbook.principles.values():
        page = pages[f"/principles/{principle.id}/"]
        text = squash(page["meta"]["title"] + " " + page["content"])
        for item in principle.items:
            assert squash(item.text) in text, item
        for line in principle.say:
            assert squash(line) in text, line


# -- (b) mutations of valid files never raise -----------------------------------------------------
# The fixture's files and the default playbook's: flow and block styles, long texts, every field.
SOURCES = [
    (root, p.relative_to(root).as_posix()) for root in (BASIC, ROOT) for p in sorted((root / "content").rglob("*.yml"))
]


@st.composite
def mutated(draw) -> tuple[Path, str, bytes]:
    """One content file with one to three random edits, as bytes (edits may break UTF-8)."""
    source, rel = draw(st.sampled_from(SOURCES))
    data = (source / rel).read_bytes()
    for _ in range(draw(st.integers(1, 3))):
        lines = data.split(b"\n")
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        kind = draw(
            st.sampled_from(["delete", "duplicate", "insert-char", "insert-byte", "indent", "dedent", "truncate"])
        )
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind in ("insert-char", "insert-byte"):
            piece = (
                draw(st.characters(exclude_categories=("Cs",))).encode("utf-8")  # no lone surrogates: not encodable
                if kind == "insert-char"
                else draw(st.binary(min_size=1, max_size=1))
            )
            col = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:col] + piece + lines[at][col:]
        elif kind == "indent":
            lines[at] = b" " * draw(st.integers(1, 4)) + lines[at]
        elif kind == "dedent":
            lines[at] = lines[at][draw(st.integers(1, 4)) :]
        data = b"\n".join(lines)
        if kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
    return source, rel, data


def test_a_control_character_is_one_line_at_its_place(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    path = root / "content/principles/side-by-side.yml"
    path.write_text(path.read_text().replace("title: Sit side", "title: Sit\x1f side"))
    (problem,) = load_playbook(root, SETTINGS).problems
    assert "\n" not in problem.message
    assert (problem.path, problem.line, problem.col) == ("content/principles/side-by-side.yml", 3, 11)


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> dict[Path, Path]:
    """A copy of each source's content, made once: an example changes one file and puts it back."""
    made = {}
    for source in (BASIC, ROOT):
        made[source] = tmp_path_factory.mktemp("mutated")
        shutil.copytree(source / "content", made[source] / "content")
    return made


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation=mutated())
def test_mutated_files_give_problems_never_a_traceback(copies, mutation):
    source, rel, data = mutation
    root = copies[source]
    try:
        (root / rel).write_bytes(data)
        result = load_playbook(root, SETTINGS)
    finally:
        shutil.copyfile(source / rel, root / rel)
    assert isinstance(result, LoadResult)
    lines = data.count(b"\n") + 1
    for problem in result.problems:
        assert problem.path.startswith("content/"), problem
        assert isinstance(problem.line, int) and isinstance(problem.col, int), problem
        assert problem.line >= 1 and problem.col >= 1, problem
        if problem.path == rel:
            assert problem.line <= lines + 1, f"{problem} (the file has {lines} lines)"
        assert problem.message, problem
        assert "\n" not in problem.message, problem
        assert problem.severity in ("error", "warning"), problem
        assert "internal error" not in problem.message, problem
    if result.errors:
        assert result.playbook is None
    else:
        assert result.playbook is not None
