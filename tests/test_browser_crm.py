"""A call sheet's notes handed to a CRM (`crm:` in the plugin's options): the exact mailto: and
Salesforce addresses the controls open, hostile notes that cannot add a header or a field, cuts that
keep within what mail apps and browsers take, and nothing new on a site without `crm:`."""

from __future__ import annotations

import shutil
from urllib.parse import quote, unquote, urlsplit

import pytest
from test_browser_phone import DEFAULT

from conftest import BASIC, ROOT, SiteServer, copy_playbook, mkdocs

BCC = "1234567@bcc.example-crm.com"
SALESFORCE = "https://example.lightning.force.com"
BASE = "team/playbook/"  # the site is published below a path: the worker and links respect it
SHEET = "call-sheets/discovery-call/"
HOSTILE = "Budget 10,000 = ok & next?\nCc: boss@example.com\r\nbcc=evil@example.com%0Asubject=x #top, naïve 😀 ü"
CUT = "\n(cut, see the copied notes)"
# Records each link a Send control opens, and stops it there: nothing is followed.
INTERCEPT = """
window.__opened = [];
addEventListener("click", (e) => {
  const a = e.target.closest && e.target.closest("a[data-pb-action^=send-]");
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


@pytest.fixture
def sheet_page(browser, crm_server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"], service_workers="block")
    context.add_init_script(INTERCEPT)
    page = context.new_page()
    page.goto(crm_server.url + SHEET)
    yield page
    context.close()


def fill_sheet(page, notes: str) -> None:
    page.locator("[data-pb-field=Prospect]").fill("Ana Ruiz")
    page.locator("[data-pb-field=Company]").fill("Acme & Sons, Ltd.")
    page.locator("[data-pb-field='Goal of this call']").fill("Agree next step")
    for n in (0, 2):
        page.locator("[data-pb-item] label").nth(n).click()
    page.locator("[data-pb-notes]").fill(notes)


def expected_body(notes: str) -> str:
    lines = ["Prospect: Ana Ruiz", "Company: Acme & Sons, Ltd.", "Goal of this call: Agree next step"]
    lines += ["", "Notes", notes.replace("\r\n", "\n").strip()]  # a textarea's value has \n only
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


def test_send_notes_opens_a_mailto_with_the_bcc_subject_and_body(sheet_page):
    fill_sheet(sheet_page, HOSTILE)
    [[url, target, _]] = opened(sheet_page, "send-notes")
    body = expected_body(HOSTILE).replace("\n", "\r\n")
    assert url == f"mailto:?bcc={enc(BCC).replace('%40', '@')}&subject={enc(SUBJECT)}&body={enc(body)}"
    assert target == ""
    # Read back as a mail app does: three headers, the notes whole inside the body.
    query = urlsplit(url).query
    pairs = [pair.split("=", 1) for pair in query.split("&")]
    assert [k for k, _ in pairs] == ["bcc", "subject", "body"]
    assert [unquote(v) for _, v in pairs] == [BCC, SUBJECT, body]
    assert len(url) <= 2000


def test_salesforce_opens_a_new_task_with_subject_and_description(sheet_page):
    fill_sheet(sheet_page, HOSTILE)
    [[url, target, _]] = opened(sheet_page, "send-salesforce")
    description = expected_body(HOSTILE)
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


def test_long_notes_are_cut_with_a_line_saying_so_and_copied_whole(sheet_page):
    notes = "\n".join(f"Line {n}: they said ü, & more = {n}" for n in range(400))
    fill_sheet(sheet_page, notes)
    for action, limit in (("send-notes", 2000), ("send-salesforce", 4000)):
        sheet_page.evaluate("navigator.clipboard.writeText('')")
        [[url, _, raw]] = opened(sheet_page, action)
        assert url == raw
        assert limit - 30 < len(url) <= limit
        last = unquote(url.rsplit("=", 1)[1]).replace("\r\n", "\n")
        assert last.endswith(CUT) and last.startswith("Prospect: Ana Ruiz\n")
        assert "Line 0: they said ü" in last
        sheet_page.wait_for_function("navigator.clipboard.readText().then(t => t.length > 0)")
        assert notes in sheet_page.evaluate("navigator.clipboard.readText()")


def test_copy_notes_in_call_mode_still_copies_everything(sheet_page):
    notes = "x" * 5000
    fill_sheet(sheet_page, notes)
    sheet_page.locator("[data-pb-action=call-mode]").click()
    sheet_page.wait_for_function("document.documentElement.classList.contains('pb-call')")
    assert sheet_page.locator("[data-pb-action=send-notes]").is_visible()
    sheet_page.locator("[data-pb-action=copy]").click()
    sheet_page.wait_for_function("document.querySelector('[data-pb-action=copy]').textContent === 'Copied'")
    copied = sheet_page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("## Discovery call\n") and notes in copied and "- **Prospect:** Ana Ruiz" in copied


def test_a_site_without_crm_shows_no_send_controls(default_site, default_server, page):
    assert "data-pb-bcc" not in (default_site / SHEET / "index.html").read_text()
    page.goto(default_server.url + SHEET)
    assert page.locator("[data-pb-action=copy]").count() == 1
    assert page.locator("[data-pb-action^=send-]").count() == 0


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


def notes_that_overflow_the_items() -> str:
    """The shortest run of notes after which the sheet's whole message no longer fits in 2,000
    characters: the notes themselves still fit, the end of the item list does not."""
    for n in range(1, 200):
        notes = "Decision in March. " * n
        if len(enc(expected_body(notes).replace("\n", "\r\n"))) > 2000:
            return notes
    raise AssertionError("no run of notes overflows the message")


def test_a_cut_drops_the_end_of_the_item_list_before_any_notes(sheet_page):
    notes = notes_that_overflow_the_items()
    fill_sheet(sheet_page, notes)
    [[url, _, _]] = opened(sheet_page, "send-notes")
    body = unquote(url.rsplit("=", 1)[1]).replace("\r\n", "\n")
    assert notes.strip() in body and body.endswith(CUT) and len(url) <= 2000
    last_item = DEFAULT.call_sheets["discovery-call"].sections[-1].items[-1].text
    assert last_item not in body
