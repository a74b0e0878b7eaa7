"""The live preview's room: everything `serve` needs and a build does not.

``preview.LivePreview`` is the plugin the playbook plugin makes when serving: it makes each build
with the preview's caches, keeps the last good build and its error banner, and registers itself for
the hooks only the preview needs (the pages remembered between builds, ``memory.py``). ``server.py``
holds the server and the builder that ``plugins/serve.py`` (the `playbook serve` command) runs.
Every MkDocs, Material and watchdog internal the project touches is used here or in
``plugins/internals.py``.
"""

from .preview import LivePreview

__all__ = ["LivePreview"]
