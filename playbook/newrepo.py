"""``playbook init DIR``: a new playbook repository that installs this tool, builds and passes ``check``.

A new team gets a git repository with one commit (``playbook diff``, the pre-commit hook and the CI
workflow all read git), a ``requirements.txt`` that installs this tool from where this copy came
from, and its repository's address in mkdocs.yml, or the example one that ``check`` warns about.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from importlib import metadata, resources
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import __version__
from .schema import SCHEMA_NAMES

DISTRIBUTION = "mkdocs-sales-playbook"  # the name on the package index (pyproject.toml); the command is `playbook`
BRANCH = "main"  # the branch the workflow publishes from
# Folders and files whose names start with a dot are stored without it in the package.
_DOT_NAMES = {"github": ".github", "gitignore": ".gitignore"}
_SCP_LIKE = re.compile(r"^[\w.-]+@([\w.-]+):(?!//)(.+)$")  # git@github.com:org/repo.git
_FALLBACK_IDENTITY = {"name": "playbook init", "email": "playbook-init@localhost"}


class InitError(Exception):
    """The new repository cannot be made: one line that says why."""


def init_playbook(target: Path, title: str | None = None, repo_url: str | None = None) -> list[Path]:
    """Write the skeleton into ``target`` and commit it; return the files written, relative to it."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InitError(f"{target} exists and is not empty: nothing written")
    if shutil.which("git") is None:
        raise InitError("git is not installed (playbook diff, the hook and the CI workflow need it): nothing written")
    address = repo_address(repo_url) if repo_url is not None else None
    title = title or target.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize() or "Playbook"
    example = f"https://github.com/example/{re.sub(r'[^A-Za-z0-9._-]+', '-', target.resolve().name) or 'playbook'}"
    values = {
        "__TITLE_YAML__": json.dumps(title),
        "__TITLE__": title,
        "__REPO_URL__": json.dumps(address or example),
        "__EDIT_URI__": edit_uri(address or example),
        "__REQUIREMENT__": tool_requirement(),
        "__DISTRIBUTION__": DISTRIBUTION,
        "__VERSION__": __version__,
    }
    written = _write_skeleton(target, values)
    _first_commit(target, title)
    return written


def _write_skeleton(target: Path, values: dict[str, str]) -> list[Path]:
    skeleton = Path(str(resources.files("playbook").joinpath("skeleton")))
    pattern = re.compile("|".join(re.escape(name) for name in values))
    written = []
    for source in sorted(p for p in skeleton.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        parts = list(source.relative_to(skeleton).parts)
        parts[0] = _DOT_NAMES.get(parts[0], parts[0])
        destination = target.joinpath(*parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = pattern.sub(lambda match: values[match.group(0)], source.read_text("utf-8"))
        destination.write_text(text, "utf-8")
        written.append(destination.relative_to(target))
    schemas = target / "schemas"
    schemas.mkdir(exist_ok=True)
    for name in SCHEMA_NAMES:
        source = Path(str(resources.files("playbook").joinpath("schemas", f"{name}.schema.json")))
        shutil.copyfile(source, schemas / source.name)
        written.append((schemas / source.name).relative_to(target))
    return written


def repo_address(text: str) -> str:
    """The repository's web address from what a person pastes: an https address, or git's
    ``git@host:org/repo.git``; without a trailing ``.git`` or slash."""
    text = text.strip()
    if scp := _SCP_LIKE.match(text):
        text = f"https://{scp.group(1)}/{scp.group(2)}"
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if parts is None or parts.scheme not in ("http", "https") or not host or any(c.isspace() for c in text):
        raise InitError(f"'{text}' is not a repository's address: give one such as https://github.com/acme/playbook")
    path = parts.path.rstrip("/").removesuffix(".git").rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], path, "", ""))


def edit_uri(repo_url: str) -> str:
    """Where "Edit this page" opens content files, after the repository's address."""
    host = (urlsplit(repo_url).hostname or "").lower()
    prefix = "-/edit" if "gitlab" in host else "edit"  # GitLab's pages, else GitHub's (and Gitea's)
    return f"{prefix}/{BRANCH}/content/"


def tool_requirement() -> str:
    """The requirements.txt line that installs this tool as this copy was installed, when CI can
    reach that place (a git repository, a wheel on a web server); else this version from the index."""
    return requirement_line(__version__, installed_from())


def installed_from() -> dict | None:
    """PEP 610's ``direct_url.json`` of this copy; None when it came from a package index."""
    try:
        direct = json.loads(metadata.distribution(DISTRIBUTION).read_text("direct_url.json") or "null")
    except (metadata.PackageNotFoundError, ValueError):
        return None
    return direct if isinstance(direct, dict) else None


def requirement_line(version: str, direct: dict | None) -> str:
    """From PEP 610's ``direct_url.json`` (None: installed from a package index)."""
    if isinstance(direct, dict) and isinstance(direct.get("url"), str):
        parts = urlsplit(direct["url"])
        if parts.scheme in ("https", "http", "ssh"):
            netloc = parts.netloc.rsplit("@", 1)[-1]
            user = parts.username if parts.username == "git" and parts.scheme == "ssh" else None
            url = urlunsplit((parts.scheme, f"{user}@{netloc}" if user else netloc, parts.path, "", ""))
            vcs = direct.get("vcs_info")
            if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
                return f"{DISTRIBUTION} @ git+{url}@{vcs['commit_id']}"
            if isinstance(direct.get("archive_info"), dict):
                return f"{DISTRIBUTION} @ {url}"
    return f"{DISTRIBUTION}=={version}"


def _first_commit(target: Path, title: str) -> None:
    """``git init`` on branch main and one commit of everything written, by the person's git identity
    or, on a machine without one, by "playbook init"; dated ``SOURCE_DATE_EPOCH`` when it is set."""
    env = dict(os.environ)
    target.mkdir(parents=True, exist_ok=True)
    for key in ("name", "email"):
        if not _git(target, env, "config", "--get", f"user.{key}", check=False):
            for role in ("AUTHOR", "COMMITTER"):
                env.setdefault(f"GIT_{role}_{key.upper()}", _FALLBACK_IDENTITY[key])
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        for role in ("AUTHOR", "COMMITTER"):
            env.setdefault(f"GIT_{role}_DATE", f"@{epoch} +0000")
    _git(target, env, "-c", f"init.defaultBranch={BRANCH}", "init", "-q")
    _git(target, env, "symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")  # git before 2.28 ignores the default
    _git(target, env, "add", "--all")
    _git(target, env, "commit", "-q", "-m", f"Start {title} (playbook init {__version__})")


def _git(target: Path, env: dict, *args: str, check: bool = True) -> str:
    done = subprocess.run(["git", "-C", str(target), *args], env=env, capture_output=True, text=True)
    if check and done.returncode != 0:
        said = (done.stderr.strip().splitlines() or ["no message"])[-1]
        command = next(arg for arg in args if not arg.startswith("-") and "=" not in arg)
        raise InitError(f"git {command} failed ({said}): the files are written in {target}")
    return done.stdout.strip() if done.returncode == 0 else ""


def ask_repo_url(ask=input) -> str | None:
    """Ask for the repository's address until it is one, or None when the person skips it."""
    question = "The repository's address (e.g. https://github.com/acme/sales-playbook; Enter: later): "
    while True:
        try:
            answer = ask(question)
        except EOFError:
            return None
        except KeyboardInterrupt:
            raise InitError("interrupted: nothing written") from None
        if not answer.strip():
            return None
        try:
            return repo_address(answer)
        except InitError as exc:
            print(exc)
