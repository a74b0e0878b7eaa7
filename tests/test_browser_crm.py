"""A call sheet handed on (`crm:` in the plugin's options): "Email recap", the one message that may
reach a customer, carries the recap box alone, never an item, a field or the notes, whatever they
hold; the Salesforce Task (the team's) carries everything. The exact mailto: and Salesforce addresses,
read back with urllib; hostile text that cannot add a header or a field; cuts that keep within what
mail apps and browsers take."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import pytest
from test_browser_phone import DEFAULT

from conftest import BASIC, ROOT, SiteServer, copy_playbook, mkdocs

BCC = "1234567@bcc.example-crm.com"
SALESFORCE = "https://example.lightning.force.com"
BASE = "team/playbook/"  # the site is published below a path: the worker and links respect it
SHEET = "call-sheets/discovery-call/"
HOSTILE = "Budget 10,000 = ok & next?\nCc: boss@example.com\r\nbcc=evil@example.com%0Asubject=x #top, naïve 😀 ü"
CUT = "\n(cut, see the copied notes)"
RECAP = "Thanks, Ana. Agreed: pilot for 2 teams & a call on 3 May?\nNext: I send the plan."
RECAP_SUBJECT = "Recap and next steps"
# Records each link a Send control opens, and stops it there: nothing is followed.
INTERCEPT = """
window.__opened = [];
addEventListener("click", (e) => {
  const a = e.target.closest && e.target.closest("a[data-pb-action^=send-], a[data-pb-action=email-recap]");
  if (!a || a.href.endsWith("#")) return;
  window.__opened.push([a.href, a.target, a.getAttribute("href")]);
  e.preventDefault();
});
"""


def enc(text: str) -> str:
    """Percent-encoding of everything but letters, digits and - _ . ~ (RFC 3986's unreserved)."""
    return quote(text, safe="-_.~")


@pytest.fixture(scope="session")
def crm_server(tmp_path_factory):
    """The default playbook with `crm:` set, published at https://playbook.example.com/team/playbook/."""
    root = tmp_path_factory.mktemp("crm") / "pb"
    root.mkdir()
    shutil.copytree(ROOT / "content", root / "content")
    config = (ROOT / "mkdocs.yml").read_text()
    config = config.replace("site_url: https://playbook.example.com/", f"site_url: https://playbook.example.com/{BASE}")
    config = config.replace("  - playbook:\n", f"  - playbook:\n      crm: {{bcc: {BCC}, salesforce: {SALESFORCE}/}}\n")
    (root / "mkdocs.yml").write_text(config)
    www = root / "www"
    result = mkdocs("build", "--strict", "-d", str(www / BASE), cwd=root)
    assert result.returncode == 0, result.stderr
    server = SiteServer(www)
    server.url += BASE
    yield server
    server.close()


SIZES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}


@pytest.fixture
def sheet_page(request, browser, crm_server):
    size = SIZES[getattr(request, "param", "desktop")]
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], service_workers="block", **size)
    context.add_init_script(INTERCEPT)
    page = context.new_page()
    page.goto(crm_server.url + SHEET)
    yield page
    context.close()


def fill_sheet(page, notes: str, recap: str = "") -> None:
    page.locator("[data-pb-field=Prospect]").fill("Ana Ruiz")
    page.locator("[data-pb-field=Company]").fill("Acme & Sons, Ltd.")
    page.locator("[data-pb-field='Goal of this call']").fill("Agree next step")
    for n in (0, 2):
        page.locator("[data-pb-item] label").nth(n).click()
    page.locator("[data-pb-notes]").fill(notes)
    page.locator("[data-pb-recap]").fill(recap)


def expected_body(notes: str, recap: str = "") -> str:
    """The Salesforce Task's description: the fields, the notes, the recap, then every item."""
    lines = ["Prospect: Ana Ruiz", "Company: Acme & Sons, Ltd.", "Goal of this call: Agree next step"]
    lines += ["", "Notes", notes.replace("\r\n", "\n").strip()]  # a textarea's value has \n only
    if recap:
        lines += ["", "Recap for the customer", recap]
    n = 0
    for section in DEFAULT.call_sheets["discovery-call"].sections:
        mode = f" ({section.pause.mode_label})" if section.pause.mode else ""
        lines += ["", section.pause.title + mode]
        for item in section.items:
            lines.append(("[x] " if n in (0, 2) else "[ ] ") + item.text)
            n += 1
    return "\n".join(lines)


def opened(page, action: str) -> list:
    page.locator(f"[data-pb-action={action}]").click()
    page.wait_for_function("window.__opened.length > 0")
    return page.evaluate("window.__opened.splice(0)")


SUBJECT = "Discovery call: Ana Ruiz, Acme & Sons, Ltd."


def test_email_recap_opens_a_mailto_with_the_bcc_and_the_recap_alone(sheet_page):
    fill_sheet(sheet_page, HOSTILE, RECAP)
    [[url, target, _]] = opened(sheet_page, "email-recap")
    body = RECAP.replace("\n", "\r\n")
    assert url == f"mailto:?bcc={enc(BCC).replace('%40', '@')}&subject={enc(RECAP_SUBJECT)}&body={enc(body)}"
    assert target == ""
    # Read back as a mail app does: three headers, the recap whole inside the body.
    parts = urlsplit(url)
    assert (parts.scheme, parts.path, parts.fragment) == ("mailto", "", "")
    assert parse_qsl(parts.query, strict_parsing=True) == [("bcc", BCC), ("subject", RECAP_SUBJECT), ("body", body)]


def test_salesforce_opens_a_new_task_with_everything_for_the_team(sheet_page):
    fill_sheet(sheet_page, HOSTILE, RECAP)
    [[url, target, _]] = opened(sheet_page, "send-salesforce")
    description = expected_body(HOSTILE, RECAP)
    assert url == (
        f"{SALESFORCE}/lightning/o/Task/new?defaultFieldValues=Subject={enc(SUBJECT)},Description={enc(description)}"
    )
    assert target == "_blank"
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "example.lightning.force.com", "/lightning/o/Task/new")
    name, value = parts.query.split("=", 1)
    assert name == "defaultFieldValues" and "&" not in parts.query and "#" not in url
    fields = [field.split("=", 1) for field in value.split(",")]  # how Salesforce splits it
    assert [(k, unquote(v)) for k, v in fields] == [("Subject", SUBJECT), ("Description", description)]


# Notes and fields a rep might write, each meant to stay inside the company; every one carries INTERNAL.
PAYLOADS = [
    HOSTILE,
    "line one\nline two\r\nline three\n\n",
    "& ? # = , ; %0A %0D%0A %23 %26 + body=INTERNAL",
    "?body=INTERNAL&cc=boss@example.com#frag",
    "</textarea><script>alert(1)</script>",
    "Clear with your manager what you may concede: 12% max",
    "\u202eRTL naïve 😀 ü 中文 \u0000 \t tab",
    "INTERNAL long " + "walk-away price 80k; " * 400,
]


def customer_message(page, notes: str, recap: str = RECAP) -> tuple[str, list[tuple[str, str]]]:
    fill_sheet(page, "INTERNAL " + notes, recap)
    for field in ("Prospect", "Company", "Goal of this call"):
        page.locator(f"[data-pb-field='{field}']").fill(f"INTERNAL {field} {notes[:60]}")
    [[url, _, _]] = opened(page, "email-recap")
    return url, parse_qsl(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)


@pytest.mark.parametrize("sheet_page", list(SIZES), indirect=True)
def test_no_item_field_or_note_reaches_the_customer_whatever_the_notes_hold(sheet_page):
    items = [item.text for item in DEFAULT.call_sheets["discovery-call"].items]
    for notes in PAYLOADS:
        url, pairs = customer_message(sheet_page, notes)
        assert urlsplit(url).scheme == "mailto" and "#" not in url
        assert pairs == [("bcc", BCC), ("subject", RECAP_SUBJECT), ("body", RECAP.replace("\n", "\r\n"))]
        said = unquote(url)
        assert "INTERNAL" not in said and "Ana Ruiz" not in said
        assert not [item for item in items if item in said]
        assert not [title for title in ("Notes", "[x]", "[ ]", "Discovery call") if title in said]


def test_a_hostile_recap_stays_one_body_with_no_header_added(sheet_page):
    for recap in PAYLOADS[:-1]:
        recap = recap.replace("INTERNAL", "ours").strip()
        fill_sheet(sheet_page, "INTERNAL notes", recap)
        [[url, _, _]] = opened(sheet_page, "email-recap")
        pairs = parse_qsl(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)
        expected = recap.replace("\r\n", "\n").replace("\n", "\r\n")  # a textarea's value has \n only
        assert pairs == [("bcc", BCC), ("subject", RECAP_SUBJECT), ("body", expected)], recap


def test_an_empty_recap_opens_nothing_and_shows_the_box(sheet_page):
    fill_sheet(sheet_page, "INTERNAL notes", "  \n ")
    sheet_page.locator("[data-pb-action=email-recap]").click()
    sheet_page.wait_for_function("document.activeElement.matches('[data-pb-recap]')")
    assert sheet_page.evaluate("window.__opened") == []
    assert sheet_page.locator("[data-pb-action=email-recap]").get_attribute("href") == "#"


def test_a_long_recap_is_cut_and_the_recap_alone_copied(sheet_page):
    recap = "\n".join(f"Step {n}: we agreed ü & more = {n}" for n in range(200))
    fill_sheet(sheet_page, "INTERNAL notes", recap)
    sheet_page.evaluate("navigator.clipboard.writeText('')")
    [[url, _, raw]] = opened(sheet_page, "email-recap")
    assert url == raw and 1970 < len(url) <= 2000
    body = dict(parse_qsl(urlsplit(url).query))["body"].replace("\r\n", "\n")
    assert body.endswith("\n(cut, see the copied recap)") and body.startswith("Step 0: we agreed ü")
    sheet_page.wait_for_function("navigator.clipboard.readText().then(t => t.length > 0)")
    assert sheet_page.evaluate("navigator.clipboard.readText()") == recap  # pasted into the same mail: no notes


def test_long_notes_in_a_task_are_cut_with_a_line_saying_so_and_copied_whole(sheet_page):
    notes = "\n".join(f"Line {n}: they said ü, & more = {n}" for n in range(400))
    fill_sheet(sheet_page, notes)
    sheet_page.evaluate("navigator.clipboard.writeText('')")
    [[url, _, raw]] = opened(sheet_page, "send-salesforce")
    assert url == raw
    assert 4000 - 30 < len(url) <= 4000
    last = unquote(url.rsplit("=", 1)[1]).replace("\r\n", "\n")
    assert last.endswith(CUT) and last.startswith("Prospect: Ana Ruiz\n")
    assert "Line 0: they said ü" in last
    sheet_page.wait_for_function("navigator.clipboard.readText().then(t => t.length > 0)")
    assert notes in sheet_page.evaluate("navigator.clipboard.readText()")


def test_copy_notes_in_call_mode_still_copies_everything(sheet_page):
    notes = "x" * 5000
    fill_sheet(sheet_page, notes, RECAP)
    sheet_page.locator("[data-pb-action=call-mode]").click()
    sheet_page.wait_for_function("document.documentElement.classList.contains('pb-call')")
    assert sheet_page.locator("[data-pb-action=email-recap]").is_visible()
    sheet_page.locator("[data-pb-action=copy]").click()
    sheet_page.wait_for_function("document.querySelector('[data-pb-action=copy]').textContent === 'Copied'")
    copied = sheet_page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("## Discovery call\n") and notes in copied and "- **Prospect:** Ana Ruiz" in copied
    assert copied.endswith(f"### Recap for the customer\n\n{RECAP}\n")


def test_a_site_without_crm_emails_the_recap_without_a_bcc(default_site, default_server, browser):
    assert "data-pb-bcc" not in (default_site / SHEET / "index.html").read_text()
    context = browser.new_context(service_workers="block")
    context.add_init_script(INTERCEPT)
    page = context.new_page()
    page.goto(default_server.url + SHEET)
    assert page.locator("[data-pb-action=copy]").count() == 1
    assert page.locator("[data-pb-action^=send-]").count() == 0
    page.locator("[data-pb-recap]").fill(RECAP)
    page.locator("[data-pb-notes]").fill("INTERNAL")
    [[url, _, _]] = opened(page, "email-recap")
    assert url == f"mailto:?subject={enc(RECAP_SUBJECT)}&body={enc(RECAP.replace(chr(10), chr(13) + chr(10)))}"
    context.close()


def test_the_worker_and_offline_page_follow_the_sites_path(browser, crm_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(crm_server.url + SHEET)
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == crm_server.url
    context.close()


@pytest.mark.parametrize(
    ("crm", "message"),
    [
        ("{bcc: not-an-address}", "bcc: expected an email address"),
        ("{bcc: 'a@b.com?cc=x@y.com'}", "bcc: expected an email address"),
        ("{salesforce: http://example.my.salesforce.com}", "salesforce: expected an https address"),
        ("{salesforce: 'https://example.my.salesforce.com/x?y=1'}", "salesforce: expected an https address"),
        ("{salesforse: https://example.my.salesforce.com}", "unknown key 'salesforse' (did you mean 'salesforce'?)"),
        ("[a@b.com]", "expected a mapping"),
    ],
)
def test_a_mistake_in_crm_is_a_clear_error(tmp_path, crm, message):
    root = copy_playbook(BASIC, tmp_path / "pb")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - playbook\n", f"  - playbook:\n      crm: {crm}\n"))
    result = mkdocs("build", cwd=root)
    assert result.returncode == 1
    assert f"Plugin 'playbook' option 'crm': {message}" in result.stderr
    assert "Traceback" not in result.stderr


def test_both_crm_mistakes_are_reported_at_once(tmp_path):
    root = copy_playbook(BASIC, tmp_path / "pb")
    config = root / "mkdocs.yml"
    crm = "{bcc: nobody, salesforce: 'ftp://x.example.com'}"
    config.write_text(config.read_text().replace("  - playbook\n", f"  - playbook:\n      crm: {crm}\n"))
    result = mkdocs("build", cwd=root)
    assert "bcc: expected an email address" in result.stderr and "salesforce: expected an https" in result.stderr


TASK = f"{SALESFORCE}/lightning/o/Task/new?defaultFieldValues=Subject={enc(SUBJECT)},Description="


def notes_that_overflow_the_items() -> str:
    """The shortest run of notes after which the sheet's whole Task no longer fits in 4,000
    characters: the notes themselves still fit, the end of the item list does not."""
    for n in range(1, 400):
        notes = "Decision in March. " * n
        if len(TASK + enc(expected_body(notes))) > 4000:
            return notes
    raise AssertionError("no run of notes overflows the message")


def test_a_cut_drops_the_end_of_the_item_list_before_any_notes(sheet_page):
    notes = notes_that_overflow_the_items()
    fill_sheet(sheet_page, notes)
    [[url, _, _]] = opened(sheet_page, "send-salesforce")
    body = unquote(url.rsplit("=", 1)[1])
    assert notes.strip() in body and body.endswith(CUT) and len(url) <= 4000
    last_item = DEFAULT.call_sheets["discovery-call"].sections[-1].items[-1].text
    assert last_item not in body
