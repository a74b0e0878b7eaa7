"""Options of the ``playbook`` plugin in mkdocs.yml."""

from __future__ import annotations

import difflib
import re
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c

from playbook.layout import DEFAULT_REVIEW_AGE
from playbook.whatsnew.site import DEFAULT_COMMITS, DEFAULT_DAYS

# The plain addresses CRMs hand out (1234567@bcc.hubspot.com, company+123@pipedrivemail.com): letters,
# digits and . _ + - before one @, then a dotted domain. Nothing a mailto: link would need to escape but +.
EMAIL = re.compile(
    r"[A-Za-z0-9._+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")


def email_address(value: object) -> str:
    """A mail address, such as the BCC address a CRM logs emails from."""
    if not isinstance(value, str) or not EMAIL.fullmatch(value.strip()):
        raise ValueError(f"expected an email address such as 1234567@bcc.example-crm.com, got {value!r}")
    return value.strip()


def https_origin(value: object) -> str:
    """The https address of a web app (scheme and host: no path, query or password), without the final /."""
    parts = urlsplit(value.strip()) if isinstance(value, str) else None
    if (
        parts is None
        or parts.scheme != "https"
        or not HOST.fullmatch(parts.hostname or "")
        or parts.username is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise ValueError(f"expected an https address such as https://example.lightning.force.com, got {value!r}")
    return f"https://{parts.netloc}"


CRM_KEYS = {"bcc": email_address, "salesforce": https_origin}


class Crm(c.BaseConfigOption[dict]):
    """`crm: {bcc: ..., salesforce: ...}`: every mistake in it reported at once, unknown keys included."""

    def __init__(self):
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise c.ValidationError(f"expected a mapping with `bcc` and/or `salesforce`, got {value!r}")
        result, problems = {}, []
        for key, given in value.items():
            check = CRM_KEYS.get(key)
            if check is None:
                hint = difflib.get_close_matches(str(key), CRM_KEYS, n=1)
                problems.append(f"unknown key {key!r}" + (f" (did you mean {hint[0]!r}?)" if hint else ""))
                continue
            try:
                result[key] = check(given)
            except ValueError as exc:
                problems.append(f"{key}: {exc}")
        if problems:
            raise c.ValidationError("; ".join(problems))
        return result


class WhatsNewConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """The "What's new" page, its Atom feed and the marks on what changed since a rep's last visit."""

    days = c.Type(int, default=DEFAULT_DAYS)
    """How far back the page reaches: the changes of the last `days` days before the newest commit
    (or before SOURCE_DATE_EPOCH when it is set)."""

    commits = c.Type(int, default=DEFAULT_COMMITS)
    """At most this many changes (commits of the main line, a merged pull request counting once)."""


class PlaybookConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it (for example to build only the hand-written pages)."""

    content_dir = c.Optional(c.Type(str))
    """The folder holding playbook.yml, principles/ and call-sheets/, relative to mkdocs.yml.
    Defaults to the site's docs_dir, so hand-written pages and YAML live side by side."""

    review_age = c.Type(int, default=DEFAULT_REVIEW_AGE)
    """Days after a principle's `reviewed` date at which the build warns that it needs a review."""

    private = c.Type(bool, default=True)
    """An internal playbook: `noindex, nofollow` on every page, a robots.txt that disallows all,
    no compressed sitemap, no generator tag or "Made with" banner."""

    templates_dir = c.Optional(c.Type(str))
    """A folder of page templates (principle.md.j2, call-sheet.md.j2, ...) that override ours."""

    crm = Crm()
    """Where a call sheet's notes go after the call (both optional; nothing is offered without them):
    `bcc`, the logging address a CRM gives each user (HubSpot's BCC address, Email-to-Salesforce,
    Pipedrive's Smart BCC...), and `salesforce`, the https address of a Salesforce Lightning org, where
    a new Task opens filled in."""

    search = c.Choice(("pagefind", "lunr"), default="pagefind")
    """The site's search: Pagefind (indexed after the build, loaded by readers a piece at a time), or
    Material's lunr. Builds under `serve` and `--offline` builds use lunr whatever this says."""

    whats_new = c.SubConfig(WhatsNewConfig)
    """`whats_new: {enabled, days, commits}`: the page of recent changes, read from git at build time."""
