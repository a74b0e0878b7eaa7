"""The CRM hand-off's settings (`crm:` in the plugin's options), given to each call sheet's page.

They travel as data attributes on the sheet's root, ``data-pb-bcc`` and ``data-pb-salesforce``, which
playbook-call.js reads when a rep taps "Email recap" (the recap box alone, with the BCC) or
"Salesforce task" (everything, for the team): no inline script, so the site's CSP stays as it is, and
a site without `crm:` gets pages with nothing new in them.
"""

from __future__ import annotations

import html
import re

# The opening tag of a sheet's root. Page text cannot fake one: Markdown escapes every `<` in text.
SHEET_ROOT = re.compile(r'<[^<>]*\bdata-pb-sheet="[^"]*"')


def with_crm(page_html: str, crm: dict[str, str]) -> str:
    if not crm or "data-pb-sheet=" not in page_html:
        return page_html
    attributes = "".join(f' data-pb-{key}="{html.escape(value)}"' for key, value in sorted(crm.items()))
    return SHEET_ROOT.sub(lambda match: match.group(0) + attributes, page_html)
