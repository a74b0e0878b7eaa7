"""Options of the ``playbook`` plugin in mkdocs.yml."""

from mkdocs.config import base
from mkdocs.config import config_options as c


class PlaybookConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it (for example to build only the hand-written pages)."""

    content_dir = c.Optional(c.Type(str))
    """The folder holding playbook.yml, principles/ and call-sheets/, relative to mkdocs.yml.
    Defaults to the site's docs_dir, so hand-written pages and YAML live side by side."""

    review_age = c.Type(int, default=365)
    """Days after a principle's `reviewed` date at which the build warns that it needs a review."""

    private = c.Type(bool, default=True)
    """An internal playbook: `noindex, nofollow` on every page, a robots.txt that disallows all,
    no compressed sitemap, no generator tag or "Made with" banner."""

    templates_dir = c.Optional(c.Type(str))
    """A folder of page templates (principle.md.j2, call-sheet.md.j2, ...) that override ours."""

    search = c.Choice(("pagefind", "lunr"), default="pagefind")
    """The site's search: Pagefind (indexed after the build, loaded by readers a piece at a time), or
    Material's lunr. Builds under `serve` and `--offline` builds use lunr whatever this says."""
