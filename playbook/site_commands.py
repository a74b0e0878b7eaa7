"""`playbook build` and `playbook serve`: MkDocs, run in a child process.

This core package never imports MkDocs. The build runs MkDocs in a child that writes a staging
folder beside the site, which is swapped in whole on success (``sitedir``), so a failed or killed
build cannot leave a half-written site. The content is loaded once, by the plugin in that child,
which reports its errors itself (plugins/failures.py) before anything touches the site.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from . import environment, sitedir
from .commands import EXIT_CONTENT, EXIT_OK, root_of, settings_or_refusal
from .layout import CONFIG_FILE


def _mkdocs_env(**extra: str) -> dict[str, str]:
    """MkDocs' environment: Material's end-of-life notice silenced unless the caller set it."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": os.environ.get("NO_MKDOCS_2_WARNING", "1"), **extra}


def cmd_build(args) -> int:
    root = root_of(args.root)
    settings = settings_or_refusal(root, "build")
    if isinstance(settings, int):
        return settings
    site = Path(args.site_dir).resolve() if args.site_dir else (root / settings.site_dir).resolve()
    staging = None
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop)
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        if swept := sitedir.sweep(site):
            print(f"playbook build: removed {len(swept)} folder(s) left by interrupted builds", file=sys.stderr)
        staging = sitedir.open_staging(site)
        code = _run_mkdocs(root, staging, site, strict=args.strict, offline=args.offline)
        if code == 0:
            sitedir.swap_in(staging, site)
    except OSError as exc:
        if environment.cause(exc) is None:
            raise
        print(f"playbook build: {environment.describe(exc, site)}; {environment.UNTOUCHED}", file=sys.stderr)
        return EXIT_CONTENT
    finally:
        if staging is not None:
            staging.discard()
    if code == environment.REPORTED:
        return EXIT_CONTENT  # the child said what in one line
    if code != 0:
        print(f"playbook build: the build failed; {environment.UNTOUCHED}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"playbook build: site written to {site}", file=sys.stderr)
    return EXIT_OK


def _run_mkdocs(root: Path, staging: sitedir.Staging, site: Path, *, strict: bool, offline: bool) -> int:
    """MkDocs' build into the staging folder, in a child that inherits the staging lock (so the
    folder is not swept while the child still writes, even if this process is killed)."""
    # MkDocs' own `build` command, run by a module that turns a full disk or a read-only folder
    # into one line instead of MkDocs' traceback.
    command = [sys.executable, "-m", "playbook_plugins.build", "-f", str(root / CONFIG_FILE), "-d", str(staging.path)]
    if strict:
        command.append("--strict")
    # PLAYBOOK_OFFLINE is read by the offline plugin's `enabled: !ENV` in mkdocs.yml.
    env = _mkdocs_env(**{environment.SITE_ENV: str(site)}, **({"PLAYBOOK_OFFLINE": "true"} if offline else {}))
    return subprocess.run(command, cwd=root, env=env, pass_fds=(staging.fd,)).returncode


def _stop(signum, frame) -> None:
    """SIGTERM or SIGHUP unwinds like Ctrl-C: the MkDocs child is stopped, the staging folder removed."""
    raise SystemExit(128 + signum)


def cmd_serve(args) -> int:
    root = root_of(args.root)
    if isinstance(refused := settings_or_refusal(root, "serve"), int):
        return refused  # content errors are the server's to report: it loads the content
    # MkDocs' server with incremental rebuilds; it lives with the plugins, as it imports MkDocs.
    command = [sys.executable, "-m", "playbook_plugins.serve", "-f", str(root / CONFIG_FILE)]
    if args.dev_addr:
        command += ["-a", args.dev_addr]
    if args.poll:
        command.append("--poll")
    env = _mkdocs_env()
    # Become the server (no child process): stopping `playbook serve` stops the server with it.
    os.chdir(root)
    os.execve(sys.executable, command, env)
