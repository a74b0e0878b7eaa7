"""A cold `playbook check` of many files parses them on every core, and reports exactly what a
check without the cache reports."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from playbook.filecache import ParseStore
from playbook.load import ReadCache, load_playbook
from playbook.load.filechecks import own_principle_checks, principle_context
from playbook.load.findings import Findings
from playbook.load.parallel import MIN_FILES, cores, parse_in_parallel
from playbook.load.registry import Registry
from playbook.settings import read_settings
from playbook.yamlfile import read_yaml

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))
from synth import principle_id, write_playbook  # noqa: E402


def _check(root: Path, store_file: Path | None) -> list[str]:
    store = ParseStore(store_file) if store_file else None
    result = load_playbook(root, read_settings(root), ReadCache(store), resolve=False)
    if store is not None:
        store.save()
    return [str(p) for p in result.problems]


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """A playbook of more principles than the pool needs, a few of them broken in different ways."""
    root = tmp_path_factory.mktemp("many") / "pb"
    write_playbook(root, MIN_FILES + 20)
    principles = root / "content" / "principles"
    for n, (old, new) in enumerate(
        [
            ("\nstage: ", "\nyes: x\nstage: "),
            ("\nstage: ", "\nfirst: " + "9" * 5000 + "\nstage: "),
            ("\nstage: ", "\ncolour: red\nstage: "),
            ("\nstage: ", "\nstage: [a,\nb]\nstage: "),
        ]
    ):
        path = principles / f"{principle_id(n * 7)}.yml"
        path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    return root


def test_a_cold_check_reports_what_a_check_without_the_cache_reports(many, tmp_path):
    without = _check(many, None)
    assert len([p for p in without if ": error: " in p]) >= 4
    store = tmp_path / "cache.marshal"
    assert _check(many, store) == without  # cold: parsed by the pool
    assert _check(many, store) == without  # warm: from the cache


@pytest.mark.skipif(cores() < 2, reason="one core: no pool")
def test_every_file_is_parsed_by_the_pool_when_the_cache_is_empty(many):
    files = [(p, f"content/principles/{p.name}", "principle") for p in sorted((many / "content/principles").iterdir())]
    entries = parse_in_parallel(files)
    assert len(entries) == len(files)
    settings = read_settings(many)
    registry = Registry.from_book(read_yaml(many / "content" / "playbook.yml", "content/playbook.yml"), Findings(many))
    context = principle_context(settings, registry)
    with_checks = parse_in_parallel(files, own_principle_checks(many, settings, registry), context)
    assert len(with_checks) == 2 * len(files) - 3  # and each principle's own checks, but for the 3 that do not parse
    assert parse_in_parallel(files[: MIN_FILES - 1]) == {}  # too few to be worth a second process
