"""Playbook: turns structured principle files into a team sales playbook.

This package is the core (content model, loading, validation, rendering, CLI). It imports nothing
from MkDocs: the adapters in ``playbook_plugins`` (the ``plugins/`` folder) hand its pages to MkDocs.
"""

__version__ = "0.1.0"
