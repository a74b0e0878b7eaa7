"""deploy/nginx/playbook.conf in a real nginx on 127.0.0.1, serving the default playbook.

Files, status codes and content types; cache headers by kind of file; security headers on every
response; and the site in Chromium under the config's Content-Security-Policy: no console error and
no CSP violation on the home page, a principle, a call sheet and search.
"""

from __future__ import annotations

import gzip

from instant import follow
from nginx_server import LONG, assert_security_headers, config_csp, first, get, one


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
        follow(page, page.locator('.md-content a[href$="principles/active-listening/"]').first)
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
