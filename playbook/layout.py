"""Where a playbook keeps things: its folders, the titles of the generated sections, the defaults.

The loader, the renderer, the scaffolder, the diff, the settings and the MkDocs plugin all name
these; a folder name, a title or a default written in two places drifts apart, so each is here once.
"""

from __future__ import annotations

CONFIG_FILE = "mkdocs.yml"  # the site's settings, at the root of a playbook
PLUGIN_NAME = "playbook"  # the plugin's name under `plugins:` in mkdocs.yml (see pyproject.toml)

# -- the content folder ---------------------------------------------------------------------------
PLAYBOOK_FILE = "playbook.yml"  # stages, roles and pause points, at the top of the content folder
PRINCIPLES_DIR = "principles"  # principles/<id>.yml, and the generated pages principles/<id>.md
SHEETS_DIR = "call-sheets"  # call-sheets/<id>.yml, and the generated pages call-sheets/<id>.md
SCHEMA_COMMENT = "# yaml-language-server: $schema="  # the first line of every content file

# -- the generated pages --------------------------------------------------------------------------
STAGES_DIR = "stages"  # stages/<id>.md and stages/index.md, made from playbook.yml
ROLES_DIR = "roles"  # roles/<id>.md and roles/index.md, made from playbook.yml
# The title of each generated section, in the order the navigation lists them.
SECTION_TITLES = {STAGES_DIR: "Sales cycle", ROLES_DIR: "Roles", SHEETS_DIR: "Call sheets"}

# -- defaults -------------------------------------------------------------------------------------
DEFAULT_CONTENT_DIR = "content"  # relative to the root; the library's default, not mkdocs.yml's
DEFAULT_SITE_DIR = "site"  # where `playbook build` writes, relative to the root
MKDOCS_DOCS_DIR = "docs"  # MkDocs' own default for docs_dir
DEFAULT_REVIEW_AGE = 365  # days after which a `reviewed` date earns a warning
