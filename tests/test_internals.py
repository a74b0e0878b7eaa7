"""Each MkDocs, Material or watchdog internal we rely on is still where plugins/internals.py says:
an upgrade that moves one fails here, by name."""

from __future__ import annotations

import pytest

from playbook_plugins.internals import CHECKED, INTERNALS, _attr, _keyword, _source_has, _template_has


@pytest.mark.parametrize("internal", INTERNALS, ids=[internal.name for internal in INTERNALS])
def test_internal_is_still_there(internal):
    try:
        present = internal.probe()
    except (ImportError, AttributeError, OSError, TypeError) as exc:
        present, why = False, f" ({type(exc).__name__}: {exc})"
    else:
        why = ""
    assert present, f"{internal.name} (used by {internal.used_by}) has moved{why}; checked with {CHECKED}"


def test_each_kind_of_probe_is_false_once_its_internal_is_gone():
    assert not _attr("mkdocs.livereload", "LiveReloadServer", "_no_such_method")()
    assert not _source_has("mkdocs.livereload", "LiveReloadServer", "self.no_such_attribute")()
    assert not _template_has("base.html", "{% block no_such_block %}")()
    assert not _template_has("partials/no-such-partial.html")()
    assert not _keyword("watchdog.observers.api", "BaseObserver", "schedule", "no_such_keyword")()
