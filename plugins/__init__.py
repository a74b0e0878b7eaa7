"""MkDocs adapters for the playbook core: thin event hooks, theme overrides, CSS and JS."""
