"""A synthetic playbook of any size, for benchmarks and scale tests.

``write_playbook(root, n, seed)`` writes ``root/mkdocs.yml`` (like the repository's default one) and
``root/content/``: a ``playbook.yml`` with 6 stages, 6 roles and 5 pause points, ``n`` principles of
about 500 words each and ``n // 10`` call sheets of 3 to 4 principles each. The output is
deterministic for a given ``(n, seed)`` and passes ``playbook check``.

Principle ``i`` is generated from its own random stream, and its related principles are its near
neighbours, so the same principle reads the same at every ``n`` (for n > 60): its page size can be
compared across sizes.

    from tests.benchmarks.synth import write_playbook     # or: sys.path + "from synth import ..."
    write_playbook(Path("/tmp/pb"), 1000)
"""

from __future__ import annotations

import random
from pathlib import Path

from playbook.ids import derive_item_id
from playbook.sheetfit import SheetLayout, estimate_pages

STAGES = [
    ("prospecting", "Prospecting and first contact"),
    ("discovery", "Discovery"),
    ("proposal", "Proposal"),
    ("closing", "Closing"),
    ("delivery", "Delivery"),
    ("reorder-and-advocacy", "Re-order and advocacy"),
]
ROLES = [
    ("prospect", "Prospect"),
    ("gatekeeper", "Gatekeeper"),
    ("decision-maker", "Decision-maker"),
    ("champion", "Champion"),
    ("customer", "Customer"),
    ("advocate", "Advocate"),
]
PAUSES = [
    ("before", "Before the call", "read-do"),
    ("opening", "Opening", "do-confirm"),
    ("during", "During the call", "do-confirm"),
    ("closing", "Closing", "do-confirm"),
    ("after", "After the call", "read-do"),
]

VERBS = (
    "ask listen note confirm repeat summarize prepare review share follow explain agree plan check invite "
    "thank mention offer compare clarify record schedule send show name test measure align visit answer "
    "write open close remind update track greet honour respect learn ground frame adapt"
).split()
NOUNS = (
    "prospect client buyer assistant budget deadline order proposal meeting question answer detail goal "
    "risk doubt price scope team plan result story reference sample contract visit call email note "
    "agenda outcome problem need value timeline supplier partner warehouse invoice delivery feedback "
    "concern priority decision champion referral relationship promise estimate quote solution"
).split()
ADJECTIVES = (
    "clear honest small next first last exact real open careful steady useful simple specific personal "
    "shared written short direct quiet patient concrete practical fair early"
).split()
FILLERS = (
    "the a their your our this that every each one more most some any with without before after during "
    "about from into over under when while because so and but or then also still often never always"
).split()
AUTHORS = ["Joshua Chua", "Dana Reyes", "Sam Okafor", "Mira Lind", "Tom Baptiste", "Ana Sousa"]


def _sentence(rng: random.Random, words: int) -> str:
    parts = []
    for index in range(words):
        pool = (VERBS, NOUNS, ADJECTIVES, FILLERS, FILLERS)[index % 5 if index else 0]
        parts.append(rng.choice(pool))
    text = " ".join(parts)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, words: int) -> str:
    out, left = [], words
    while left > 0:
        size = min(left, rng.randint(9, 16))
        out.append(_sentence(rng, size))
        left -= size
    return " ".join(out)


def _quote(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _block(text: str, indent: str = "  ") -> str:
    """A YAML literal block scalar (``|``) holding ``text``."""
    lines = text.rstrip("\n").split("\n")
    return "|\n" + "\n".join(f"{indent}{line}" if line else "" for line in lines) + "\n"


def principle_id(i: int) -> str:
    return f"p{i:05d}-{NOUNS[i % len(NOUNS)]}"


def _principle(i: int, n: int, seed: int) -> tuple[str, dict[str, list[str]]]:
    """The YAML text of principle ``i`` and its item ids per pause point."""
    rng = random.Random(f"{seed}-principle-{i}")
    pid = principle_id(i)
    stage = STAGES[i % len(STAGES)][0]
    roles = sorted(rng.sample([r[0] for r in ROLES], rng.randint(1, 2)), key=[r[0] for r in ROLES].index)
    title = _sentence(rng, rng.randint(5, 8)).rstrip(".")
    lines = [
        "# yaml-language-server: $schema=../../schemas/principle.schema.json",
        f"id: {pid}",
        f"title: {_quote(title)}",
        f"summary: {_quote(_paragraph(rng, 26))}",
        f"stage: {stage}",
        f"roles: [{', '.join(roles)}]",
        f"tags: [{rng.choice(['rapport', 'listening', 'trust'])}, {rng.choice(['follow-up', 'honesty', 'pace'])}]",
        "why: " + _block("\n\n".join(_paragraph(rng, rng.randint(62, 78)) for _ in range(3))).rstrip("\n"),
        "how:",
        *(f"  - {_quote(_sentence(rng, rng.randint(12, 18)))}" for _ in range(4)),
        "checklist:",
    ]
    pause_ids = [p[0] for p in PAUSES]
    chosen = sorted(rng.sample(pause_ids, rng.randint(2, 3)), key=pause_ids.index)
    items: dict[str, list[str]] = {}
    seen: set[str] = set()
    for pause in chosen:
        lines.append(f"  {pause}:")
        for _ in range(3):
            while True:
                text = _sentence(rng, rng.randint(7, 11)).rstrip(".")
                item_id = derive_item_id(text)
                if item_id not in seen:
                    break
            seen.add(item_id)
            items.setdefault(pause, []).append(item_id)
            lines.append(f"    - {_quote(text)}")
    lines.append("say:")
    lines += [f"  - {_quote('“' + _sentence(rng, rng.randint(10, 14)) + '”')}" for _ in range(3)]
    lines.append("avoid:")
    for _ in range(2):
        lines.append(f"  - text: {_quote(_sentence(rng, rng.randint(7, 10)))}")
        lines.append(f"    instead: {_quote(_sentence(rng, rng.randint(8, 12)))}")
    lines.append("signals:")
    lines += [f"  - {_quote(_sentence(rng, rng.randint(8, 12)))}" for _ in range(2)]
    if n > 1:
        offsets = rng.sample(range(1, 60), rng.randint(2, 3))
        related = sorted({(i + d) % n for d in offsets} - {i})
        if related:
            lines.append(f"related: [{', '.join(principle_id(r) for r in related)}]")
    lines.append("sources:")
    source = f"  - {{title: {_quote(_sentence(rng, 5).rstrip('.'))}, author: {rng.choice(AUTHORS)}"
    if rng.random() < 0.5:
        source += f", url: https://example.com/articles/{pid}"
    lines.append(source + "}")
    lines.append("owner: sales-enablement")
    lines.append(f"reviewed: 2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}")
    return "\n".join(lines) + "\n", items


def _sheet(j: int, n: int, seed: int, items_of: list[dict[str, list[str]]]) -> str:
    rng = random.Random(f"{seed}-sheet-{j}")
    sid = f"sheet-{j:04d}"
    stage = STAGES[j % len(STAGES)][0]
    summary = _paragraph(rng, rng.randint(18, 26))
    fields = ["Prospect", "Company", "Date", "Goal of this call"]
    notes = 4
    while True:
        picks = rng.sample(range(n), min(n, rng.randint(3, 4)))
        per_pause: dict[str, int] = {}
        entries = []
        for index in picks:
            pool = [(pause, item) for pause, ids in items_of[index].items() for item in ids]
            taken = rng.sample(pool, rng.randint(2, 3))
            for pause, _ in taken:
                per_pause[pause] = per_pause.get(pause, 0) + 1
            order = [item for _, item in pool]
            entries.append((principle_id(index), sorted((item for _, item in taken), key=order.index)))
        if max(per_pause.values()) > 9:
            continue
        # Every item is at most 11 words of at most 13 letters: about 150 characters, a generous bound.
        sections = [[150] * count for count in per_pause.values()]
        layout = SheetLayout(len(summary), len(fields), sections, notes)
        if estimate_pages(layout) <= 1.0:
            break
    lines = [
        "# yaml-language-server: $schema=../../schemas/call-sheet.schema.json",
        f"id: {sid}",
        f"title: {_quote('Call sheet ' + str(j + 1) + ': ' + _sentence(rng, 4).rstrip('.'))}",
        f"summary: {_quote(summary)}",
        f"stage: {stage}",
        f"fields: [{', '.join(fields)}]",
        "principles:",
    ]
    for pid, ids in entries:
        lines.append(f"  - {{id: {pid}, items: [{', '.join(ids)}]}}")
    lines.append(f"notes: {notes}")
    return "\n".join(lines) + "\n"


MKDOCS_YML = """\
site_name: Synthetic Playbook ({n} principles)
site_description: A generated playbook for benchmarks.
site_url: https://playbook.example.com/
repo_url: https://github.com/example/sales-playbook
edit_uri: edit/main/content/
docs_dir: content

theme:
  name: material
  features:
    - content.action.edit
    - navigation.indexes
    - navigation.prune
    - navigation.instant
    - navigation.top
    - search.highlight
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode

plugins:
  - search
  - playbook:
      review_age: 365

markdown_extensions:
  - toc:
      permalink: true
  - admonition
  - attr_list
"""


def _playbook_yml(seed: int) -> str:
    rng = random.Random(f"{seed}-book")
    lines = [
        "# yaml-language-server: $schema=../schemas/playbook.schema.json",
        "title: Synthetic Playbook",
        f"description: {_quote(_paragraph(rng, 40))}",
        "stages:",
    ]
    lines += [f"  - {{id: {s}, title: {_quote(t)}, summary: {_quote(_paragraph(rng, 16))}}}" for s, t in STAGES]
    lines.append("roles:")
    lines += [f"  - {{id: {r}, title: {_quote(t)}, summary: {_quote(_paragraph(rng, 14))}}}" for r, t in ROLES]
    lines.append("pauses:")
    lines += [f"  - {{id: {p}, title: {_quote(t)}, mode: {m}}}" for p, t, m in PAUSES]
    return "\n".join(lines) + "\n"


def write_playbook(root: Path, n: int, seed: int = 0) -> None:
    """Write a playbook of ``n`` principles and ``n // 10`` call sheets (at least one) under ``root``."""
    if n < 4:
        raise ValueError("a synthetic playbook needs at least 4 principles (a sheet uses 3 or 4)")
    root = Path(root)
    content = root / "content"
    (content / "principles").mkdir(parents=True, exist_ok=True)
    (content / "call-sheets").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(n=n), "utf-8")
    (content / "playbook.yml").write_text(_playbook_yml(seed), "utf-8")
    (content / "index.md").write_text(
        "# Synthetic Playbook\n\nA generated playbook for benchmarks.\n\n<!-- playbook:map -->\n", "utf-8"
    )
    items_of = []
    for i in range(n):
        text, items = _principle(i, n, seed)
        items_of.append(items)
        (content / "principles" / f"{principle_id(i)}.yml").write_text(text, "utf-8")
    for j in range(max(n // 10, 1)):
        (content / "call-sheets" / f"sheet-{j:04d}.yml").write_text(_sheet(j, n, seed, items_of), "utf-8")
