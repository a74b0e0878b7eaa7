"""How the two pytest-xdist workers share the suite (``-n 2 --dist loadscope``, pyproject's addopts).

xdist hands each worker whole modules, by default those with the most tests first: so the slow
modules of few tests (browser sweeps, incremental builds, the query sets) went out last, and one of
them running alone at the end left the other worker idle. Here the longest unit left goes out first
(the longest-processing-time rule), by the seconds each module took in a recorded run
(``tests/durations.json``; a module not listed counts ``SECONDS_PER_TEST`` a test), and modules
sharing an expensive session fixture form one unit, so that a single worker makes it, once.

Refresh the seconds after a change of weight: ``PLAYBOOK_RECORD_DURATIONS=1 python -m pytest`` (the
whole suite, on a quiet machine) rewrites the file with each module's setup, call and teardown time.
Only the order of the work depends on it, never what a test proves.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

DURATIONS = Path(__file__).with_name("durations.json")
SECONDS_PER_TEST = 0.3
# Modules that share a session fixture costing seconds to make: one unit each.
TOGETHER = {
    "tests/test_hostile_browser.py": "hostile (tests/test_hostile_*.py)",
    "tests/test_hostile_check.py": "hostile (tests/test_hostile_*.py)",
    "tests/test_hostile_markup.py": "hostile (tests/test_hostile_*.py)",
    "tests/test_faults_interrupted.py": "pausable_site (tests/test_faults_*.py)",
    "tests/test_faults_machine.py": "pausable_site (tests/test_faults_*.py)",
}


def module_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def recorded() -> dict[str, float]:
    return json.loads(DURATIONS.read_text()) if DURATIONS.is_file() else {}


def cost(nodeids, seconds: dict[str, float]) -> float:
    """The expected seconds of a unit of work: its modules' recorded time, or a guess from its size."""
    tests = defaultdict(int)
    for nodeid in nodeids:
        tests[module_of(nodeid)] += 1
    return sum(seconds.get(module, SECONDS_PER_TEST * n) for module, n in tests.items())


def make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class LongestFirst(LoadScopeScheduling):
        seconds = recorded()

        def _split_scope(self, nodeid: str) -> str:
            return TOGETHER.get(module_of(nodeid), module_of(nodeid))

        def _assign_work_unit(self, node) -> None:
            longest = max(self.workqueue, key=lambda scope: cost(self.workqueue[scope], self.seconds))
            self.workqueue.move_to_end(longest, last=False)  # the unit the parent class takes next
            super()._assign_work_unit(node)

    return LongestFirst(config, log)


class Recorder:
    """Adds up each module's seconds as the reports come in, and writes them when the session ends."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    def pytest_runtest_logreport(self, report) -> None:
        self.seconds[module_of(report.nodeid)] += report.duration

    def pytest_sessionfinish(self, session) -> None:
        seconds = {**recorded(), **{m: round(s, 1) for m, s in self.seconds.items()}}
        DURATIONS.write_text(json.dumps(dict(sorted(seconds.items())), indent=1) + "\n")
