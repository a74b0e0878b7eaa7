"""deploy/nginx/playbook.conf in a real nginx on 127.0.0.1: the config read as the tests read it,
nginx started on a built site, and requests to it (``test_nginx_csp.py``, ``test_nginx_serving.py``)."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import os
import pwd
import re
import socket
import subprocess
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
    return f"""# written by tests/nginx_server.py
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


@contextlib.contextmanager
def running_nginx(site: Path, tmp: Path):
    """The base URL of nginx running deploy/nginx/playbook.conf on ``site``, until the block ends."""
    if not NGINX.exists():
        if os.environ.get("PLAYBOOK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"PLAYBOOK_REQUIRE_BROWSER=1 but {NGINX} is missing (apt-get install nginx-light)")
        pytest.skip(f"{NGINX} is missing (apt-get install nginx-light)")
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(nginx_conf(tmp, site, port))
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
