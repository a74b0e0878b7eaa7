"""deploy/nginx/playbook.conf in a real nginx on 127.0.0.1, serving the default playbook.

Files, status codes and content types; cache headers by kind of file; security headers on every
response; and the site in Chromium under the config's Content-Security-Policy: no console error and
no CSP violation on the home page, a principle, a call sheet and search.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import http.client
import os
import pwd
import re
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT

NGINX = Path("/usr/sbin/nginx")
DEPLOY = ROOT / "deploy" / "nginx"
CONF = DEPLOY / "playbook.conf"
HASHES = DEPLOY / "csp_hashes.py"
HOSTING = ROOT / "content" / "hosting.md"

LONG = "public, max-age=31536000, immutable"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "X-Robots-Tag": "noindex, nofollow",
}
# Every directive but script-src, whose hashes are checked against the built site.
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
UPDATE_HINT = (
    f"run: python {HASHES.relative_to(ROOT)} SITE --update {CONF.relative_to(ROOT)} {HOSTING.relative_to(ROOT)}"
)

# Inline scripts the browser runs (Material's JSON config block is data, not script).
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
SCRIPT_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|<[a-z][^>]*\sstyle\s*=", re.I)


def config_text() -> str:
    return CONF.read_text(encoding="utf-8")


def config_csp() -> str:
    match = re.search(r'add_header Content-Security-Policy "([^"]+)" always;', config_text())
    assert match, f"{CONF}: no Content-Security-Policy header"
    return match.group(1)


def csp_directives(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def executed_inline_scripts(html: str) -> list[str]:
    scripts = []
    for attributes, text in SCRIPT.findall(html):
        kind = SCRIPT_TYPE.search(attributes)
        if "src=" not in attributes and (kind.group(1) if kind else "") in ("", "text/javascript", "module"):
            scripts.append(text)
    return scripts


# -- the config and the built site, without a server ------------------------------------------


def test_csp_allows_exactly_the_inline_scripts_of_the_built_site(default_site):
    configured = csp_directives(config_csp())["script-src"]
    # Pagefind's search compiles its WebAssembly from the site's own file: 'wasm-unsafe-eval'.
    assert configured[:2] == ["'self'", "'wasm-unsafe-eval'"], configured
    assert all(s.startswith("'sha256-") for s in configured[2:]), configured
    needed = {
        sha256_source(text)
        for page in default_site.rglob("*.html")
        for text in executed_inline_scripts(page.read_text(encoding="utf-8"))
    }
    assert len(needed) >= 3, needed  # Material's scope, palette and anchor scripts
    missing = needed - set(configured)
    assert not missing, f"inline scripts the CSP blocks: {sorted(missing)}; {UPDATE_HINT}"
    # The helper that writes the list gives exactly what is configured: no stale hash is left over.
    helper = subprocess.run([sys.executable, str(HASHES), str(default_site)], capture_output=True, text=True)
    assert helper.returncode == 0, helper.stderr
    assert helper.stdout.split() == ["script-src", *configured], UPDATE_HINT


def test_pages_need_no_inline_style_or_event_handler(default_site):
    # style-src has no 'unsafe-inline' and script-src no 'unsafe-hashes': either would be blocked.
    offending = []
    for page in sorted(default_site.rglob("*.html")):
        html = SCRIPT.sub("", page.read_text(encoding="utf-8"))
        for pattern in (INLINE_STYLE, EVENT_HANDLER):
            if match := pattern.search(html):
                offending.append(f"{page.relative_to(default_site)}: {match.group(0)[:80]}")
    assert not offending, "\n".join(offending)


def test_hosting_page_shows_the_tested_config():
    assert f"```nginx\n{config_text()}```\n" in HOSTING.read_text(encoding="utf-8"), (
        f"{HOSTING.relative_to(ROOT)} must show {CONF.relative_to(ROOT)} verbatim in an ```nginx block"
    )


# -- a real nginx -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_conf(tmp: Path, site: Path, port: int) -> str:
    server, listens = re.subn(r"(?m)^(\s*)listen [^;]+;", rf"\g<1>listen 127.0.0.1:{port};", config_text())
    server, roots = re.subn(r"(?m)^(\s*)root [^;]+;", rf'\g<1>root "{site}";', server)
    assert (listens, roots) == (1, 1), f"{CONF}: expected one listen and one root directive"
    # As root, nginx would run its worker as "nobody", who cannot read pytest's private tmp folders.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    temp_paths = "\n".join(
        f"    {kind}_temp_path {tmp / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""# written by tests/test_nginx.py
daemon off;  # the test owns the master process and stops it
worker_processes 1;
pid {tmp / "nginx.pid"};
error_log {tmp / "error.log"} warn;
{user}
events {{
    worker_connections 64;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp / "access.log"};
{temp_paths}
{server}
}}
"""


def wait_for_port(process: subprocess.Popen, port: int, logs: list[Path], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = "\n".join(log.read_text() for log in logs if log.exists())
            pytest.fail(f"nginx exited with {process.returncode}:\n{output}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"nginx did not listen on 127.0.0.1:{port} within {timeout} s")


@pytest.fixture(scope="module")
def nginx(default_site, tmp_path_factory):
    """The base URL of nginx running deploy/nginx/playbook.conf on the default playbook."""
    if not NGINX.exists():
        if os.environ.get("PLAYBOOK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"PLAYBOOK_REQUIRE_BROWSER=1 but {NGINX} is missing (apt-get install nginx-light)")
        pytest.skip(f"{NGINX} is missing (apt-get install nginx-light)")
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(nginx_conf(tmp, default_site, port))
    stderr = tmp / "stderr.log"
    with stderr.open("w") as err:
        process = subprocess.Popen(
            [str(NGINX), "-p", f"{tmp}/", "-c", str(conf), "-e", str(tmp / "error.log")],
            stdin=subprocess.DEVNULL,
            stdout=err,
            stderr=err,
        )
    try:
        wait_for_port(process, port, [stderr, tmp / "error.log"])
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()  # SIGTERM: nginx's fast shutdown
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def media_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip()


def get(base: str, path: str, **headers: str) -> Response:
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path, headers={k.replace("_", "-"): v for k, v in headers.items()})
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


def first(site: Path, pattern: str) -> str:
    """The URL path of the first of the built site's files that match a glob pattern."""
    return "/" + min(site.glob(pattern)).relative_to(site).as_posix()


def one(site: Path, pattern: str) -> str:
    """The URL path of the one file of the built site that matches a glob pattern."""
    matches = sorted(site.glob(pattern))
    assert len(matches) == 1, (pattern, matches)
    return "/" + matches[0].relative_to(site).as_posix()


def assert_security_headers(response: Response, what: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (what, name, response.headers.get(name))
    assert response.headers.get("Content-Security-Policy") == config_csp(), what
    assert len(response.headers.get_all("Cache-Control") or []) == 1, what
    assert "nginx/" not in response.headers.get("Server", ""), "server_tokens off"


def test_csp_directives():
    directives = csp_directives(config_csp())
    assert {name: values for name, values in directives.items() if name != "script-src"} == CSP_DIRECTIVES
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(directives["script-src"])


def test_pages_and_assets_are_served_with_their_type(nginx, default_site):
    cases = {
        "/": ("text/html", "index.html"),
        "/principles/active-listening/": ("text/html", "principles/active-listening/index.html"),
        "/call-sheets/discovery-call/": ("text/html", "call-sheets/discovery-call/index.html"),
        "/search/search_index.json": ("application/json", "search/search_index.json"),
        one(default_site, "assets/stylesheets/main.*.min.css"): ("text/css", None),
        one(default_site, "assets/javascripts/bundle.*.min.js"): ("application/javascript", None),
        one(default_site, "assets/javascripts/workers/search.*.min.js"): ("application/javascript", None),
        "/assets/playbook/playbook.js": ("application/javascript", "assets/playbook/playbook.js"),
        "/assets/playbook/search-worker.js": ("application/javascript", "assets/playbook/search-worker.js"),
        "/pagefind/pagefind.js": ("application/javascript", "pagefind/pagefind.js"),
        "/sitemap.xml": ("text/xml", "sitemap.xml"),
    }
    if (default_site / "robots.txt").exists():
        cases["/robots.txt"] = ("text/plain", "robots.txt")
    for path, (media_type, file) in cases.items():
        response = get(nginx, path)
        assert response.status == 200, path
        assert response.media_type in {media_type, "text/javascript" if "javascript" in media_type else media_type}
        assert "charset=utf-8" in response.headers["Content-Type"], (path, response.headers["Content-Type"])
        assert response.body == (default_site / (file or path.lstrip("/"))).read_bytes(), path


def test_a_folder_without_its_slash_redirects_relatively(nginx):
    response = get(nginx, "/principles/active-listening")
    assert response.status == 301
    assert response.headers["Location"] == "/principles/active-listening/"
    assert_security_headers(response, "301")


def test_missing_files_get_the_sites_404_page(nginx, default_site):
    not_found = (default_site / "404.html").read_bytes()
    for path in (
        "/no-such-page/",
        "/principles/no-such-principle/",
        "/assets/",
        "/assets/javascripts/bundle.0000000a.min.js",
    ):
        response = get(nginx, path)
        assert response.status == 404, path
        assert response.media_type == "text/html", path
        assert response.body == not_found, path
        assert response.headers["Cache-Control"] == "no-cache", path  # never a year-long cached 404
        assert_security_headers(response, path)


def test_cache_headers_by_kind(nginx, default_site):
    fingerprinted = [
        one(default_site, "assets/stylesheets/main.*.min.css"),
        one(default_site, "assets/stylesheets/palette.*.min.css"),
        one(default_site, "assets/javascripts/bundle.*.min.js"),
        one(default_site, "assets/javascripts/workers/search.*.min.js"),
        one(default_site, "assets/javascripts/bundle.*.min.js.map"),
        first(default_site, "pagefind/fragment/*.pf_fragment"),
        first(default_site, "pagefind/index/*.pf_index"),
        first(default_site, "pagefind/filter/*.pf_filter"),
        one(default_site, "pagefind/pagefind.*.pf_meta"),
    ]
    revalidated = [
        "/",
        "/principles/active-listening/",
        "/call-sheets/discovery-call/",
        "/search/search_index.json",
        "/sitemap.xml",
        "/assets/playbook/playbook.css",
        "/assets/playbook/playbook.js",
        "/assets/images/favicon.png",
        "/pagefind/pagefind.js",
        "/pagefind/pagefind-entry.json",
    ]
    for path in fingerprinted:
        response = get(nginx, path)
        assert (response.status, response.headers["Cache-Control"]) == (200, LONG), path
        assert_security_headers(response, path)
    for path in revalidated:
        response = get(nginx, path)
        assert (response.status, response.headers["Cache-Control"]) == (200, "no-cache"), path
        assert_security_headers(response, path)
        # no-cache means "ask first": an unchanged file costs a 304 and no body.
        again = get(nginx, path, If_None_Match=response.headers["ETag"])
        assert (again.status, again.body, again.headers["Cache-Control"]) == (304, b"", "no-cache"), path
        assert_security_headers(again, path + " (304)")


def test_text_is_compressed(nginx, default_site):
    for path in (
        "/principles/active-listening/",
        "/pagefind/pagefind.js",
        one(default_site, "assets/stylesheets/main.*.min.css"),
        one(default_site, "assets/javascripts/bundle.*.min.js"),
        "/assets/playbook/playbook.css",
    ):
        response = get(nginx, path, Accept_Encoding="gzip")
        assert response.headers.get("Content-Encoding") == "gzip", path
        assert "Accept-Encoding" in response.headers.get("Vary", ""), path
        file = default_site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        assert gzip.decompress(response.body) == file.read_bytes(), path


def test_html_responses_carry_every_security_header(nginx):
    for path in ("/", "/principles/active-listening/", "/call-sheets/discovery-call/", "/404.html"):
        response = get(nginx, path)
        assert response.status == 200, path
        assert_security_headers(response, path)


# -- the site in Chromium, through nginx, under the CSP -----------------------------------------

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
"""


def test_site_works_in_chromium_under_the_csp(nginx, browser):
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors: list[str] = []
    violations: list[str] = []
    page.on("console", lambda msg: errors.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))

    def settle(step: str) -> None:
        page.wait_for_load_state("networkidle")
        violations.extend(f"{step}: {v}" for v in page.evaluate("window.__cspViolations.splice(0)"))

    try:
        response = page.goto(nginx + "/")
        assert response.headers["content-security-policy"] == config_csp()
        settle("home")
        # Instant navigation: Material fetches the next page and swaps it in, running its scripts.
        page.locator('.md-content a[href$="principles/active-listening/"]').first.click()
        page.wait_for_url("**/principles/active-listening/")
        settle("principle (instant navigation)")
        assert page.locator("[data-pb-item] input[type=checkbox]").count() > 0

        page.goto(nginx + "/call-sheets/discovery-call/")
        item = page.locator("[data-pb-item]").first
        item.locator("label").click()
        assert item.locator("input").is_checked()
        settle("call sheet")

        page.keyboard.press("/")
        box = page.locator("input.md-search__input")
        box.fill("listenin")
        box.press("g")  # Material searches on keyup
        page.wait_for_selector(".md-search-result__item")
        assert page.locator('.md-search-result__item a[href*="principles/active-listening/"]').count() > 0
        settle("search")

        assert violations == [], "\n".join(violations)
        assert errors == [], "\n".join(errors)

        # The policy is enforced and the recorder works: an injected inline script is refused.
        page.evaluate("""() => {
            const s = document.createElement("script");
            s.textContent = "window.__injected = true";
            document.head.append(s);
        }""")
        assert page.evaluate("window.__injected") is None
        page.wait_for_function("window.__cspViolations.length > 0")
        assert "script-src-elem" in page.evaluate("window.__cspViolations[0]")
    finally:
        context.close()
