"""The live preview's room: everything `serve` needs and a build does not.

``state.LivePreview`` is the one object the plugin makes when serving and calls from its hooks:
the last good build and its error banner, the content cache, the pages remembered between builds
(``memory.py``), warnings printed once. ``server.py`` holds the server and the builder that
``plugins/serve.py`` (the `playbook serve` command) runs. Every MkDocs, Material and watchdog
internal the project touches is used here or in ``plugins/internals.py``.
"""

from .state import LivePreview

__all__ = ["LivePreview"]
