"""Other doors into the playbook: a new team's repository (made, installed in a fresh environment,
checked and built), the data export, and ProperDocs."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import select
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import jsonschema
import pytest

from conftest import EPOCH, ROOT, playbook, run, run_env
from playbook import __version__
from playbook.newrepo import DISTRIBUTION, requirement_line
from playbook.schema import load_schema

SKELETON_SOURCE = 'content/principles/listen-first.yml:30:13: warning: sources.title: "TODO: the book, article or'
EXAMPLE_ADDRESS = "mkdocs.yml:6:11: warning: repo_url: https://github.com/example/acme-playbook is an example address"


def init(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "playbook.cli", "init", *args]
    return subprocess.run(command, cwd=cwd, env=env or run_env(), capture_output=True, text=True, timeout=600)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def no_git_identity(tmp_path: Path) -> dict[str, str]:
    """The environment of a fresh machine: no git configuration at all, no identity in the environment."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in run_env().items() if not k.startswith(("GIT_AUTHOR", "GIT_COMMITTER", "GIT_CONFIG"))}
    return {**env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "GIT_CONFIG_NOSYSTEM": "1"}


def lines_start(text: str, *beginnings: str) -> bool:
    """Each line of ``text`` starts with its beginning, and there are as many."""
    lines = text.splitlines()
    return len(lines) == len(beginnings) and all(map(str.startswith, lines, beginnings))


def test_init_makes_a_git_repository_with_one_commit_that_checks_and_builds(tmp_path):
    made = init(
        tmp_path, "acme-playbook", "--title", "Acme: Sales Playbook", "--repo-url", "https://github.com/acme/pb/"
    )
    assert made.returncode == 0, made.stderr
    repo = tmp_path / "acme-playbook"
    for path in ("mkdocs.yml", "README.md", ".github/workflows/playbook.yml", "content/playbook.yml", ".gitignore"):
        assert (repo / path).is_file(), path
    first_line = (repo / "content/principles/listen-first.yml").read_text().split("\n", 1)[0]
    assert first_line == "# yaml-language-server: $schema=../../schemas/principle.schema.json"
    assert (repo / "schemas/principle.schema.json").is_file()
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(repo, "symbolic-ref", "--short", "HEAD").strip() == "main"
    assert git(repo, "status", "--porcelain", "--ignored") == ""  # everything written is committed
    mkdocs_yml = (repo / "mkdocs.yml").read_text()
    assert 'repo_url: "https://github.com/acme/pb"' in mkdocs_yml
    assert 'site_name: "Acme: Sales Playbook"' in mkdocs_yml
    # The one placeholder left is the skeleton's source: init lists it; plain check passes, strict not.
    assert any(line.startswith(SKELETON_SOURCE) for line in made.stdout.splitlines())
    assert playbook("check", cwd=repo).returncode == 0
    strict = playbook("check", "--strict", cwd=repo)
    assert strict.returncode == 1 and lines_start(strict.stdout, SKELETON_SOURCE)
    built = playbook("build", cwd=repo)
    assert built.returncode == 0, built.stderr
    home = (repo / "site/index.html").read_text()
    assert "Acme: Sales Playbook" in home and "https://github.com/acme/pb/edit/main/content/index.md" in home
    assert (repo / "site/call-sheets/first-call/index.html").is_file()
    principle = (repo / "site/principles/listen-first/index.html").read_text()
    assert "Pitching in the first five minutes.</span>" in principle
    assert git(repo, "status", "--porcelain") == ""  # the site folder is ignored
    assert playbook("new", "principle", "follow-up", cwd=repo).returncode == 0
    assert playbook("check", cwd=repo).returncode == 0


def test_init_commits_as_playbook_init_where_git_knows_nobody_and_the_same_way_twice(tmp_path):
    env = no_git_identity(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert init(tmp_path / "a", "pb", "--title", "Acme", env=env).returncode == 0
    assert init(tmp_path / "b", "pb", "--title", "Acme", env=env).returncode == 0
    who = git(tmp_path / "a/pb", "log", "--format=%an <%ae> %at, %cn <%ce> %ct: %s").strip()
    identity = "playbook init <playbook-init@localhost>"
    assert who == f"{identity} {EPOCH}, {identity} {EPOCH}: Start Acme (playbook init {__version__})"
    assert git(tmp_path / "a/pb", "rev-parse", "HEAD") == git(tmp_path / "b/pb", "rev-parse", "HEAD")


def test_init_commits_with_the_persons_own_git_identity(tmp_path):
    env = no_git_identity(tmp_path)
    (Path(env["HOME"]) / ".gitconfig").write_text("[user]\n\tname = Ada Rep\n\temail = ada@acme.test\n")
    assert init(tmp_path, "pb", env=env).returncode == 0
    assert git(tmp_path / "pb", "log", "--format=%an <%ae>").strip() == "Ada Rep <ada@acme.test>"


def test_init_without_an_address_leaves_the_example_that_check_warns_about(tmp_path):
    made = init(tmp_path, "acme-playbook")
    assert made.returncode == 0, made.stderr
    repo = tmp_path / "acme-playbook"
    assert 'repo_url: "https://github.com/example/acme-playbook"' in (repo / "mkdocs.yml").read_text()
    strict = playbook("check", "--strict", cwd=repo)
    assert lines_start(strict.stdout, SKELETON_SOURCE, EXAMPLE_ADDRESS)
    assert any(line.startswith(EXAMPLE_ADDRESS) for line in made.stdout.splitlines())


def test_init_asks_for_the_address_in_a_terminal_until_it_is_one(tmp_path):
    primary, secondary = pty.openpty()
    command = [sys.executable, "-m", "playbook.cli", "init", "pb"]
    terminal = {"stdin": secondary, "stdout": secondary, "stderr": secondary}
    process = subprocess.Popen(command, cwd=tmp_path, env=run_env(), **terminal)
    os.close(secondary)
    seen = b""

    def read_until(text: bytes, times: int = 1) -> None:
        nonlocal seen
        while seen.count(text) < times:
            ready, _, _ = select.select([primary], [], [], 60)
            assert ready, seen
            seen += os.read(primary, 4096)

    question = b"Enter: later): "
    read_until(question)
    os.write(primary, b"acme sales\n")
    read_until(b"is not a repository's address")
    read_until(question, times=2)
    os.write(primary, b"git@gitlab.com:acme/sales-playbook.git\n")
    assert process.wait(timeout=600) == 0
    with contextlib.suppress(OSError):
        os.read(primary, 65536)
    os.close(primary)
    mkdocs_yml = (tmp_path / "pb/mkdocs.yml").read_text()
    assert 'repo_url: "https://gitlab.com/acme/sales-playbook"' in mkdocs_yml
    assert "edit_uri: -/edit/main/content/" in mkdocs_yml


@pytest.mark.parametrize("address", ["acme/playbook", "ftp://files.acme.test/pb", "https://", "https://a b.test/x"])
def test_init_refuses_what_is_no_repository_address_and_writes_nothing(tmp_path, address):
    result = init(tmp_path, "pb", "--repo-url", address)
    assert result.returncode == 1 and "is not a repository's address" in result.stderr
    assert not (tmp_path / "pb").exists()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken/notes.txt").write_text("mine")
    result = playbook("init", "taken", cwd=tmp_path)
    assert result.returncode == 1 and "not empty" in result.stderr
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(
    ("direct_url", "line"),
    [
        (None, None),  # from a package index
        ({"url": "file:///home/ada/playbook", "dir_info": {"editable": True}}, None),  # CI cannot reach it
        ({"url": "file:///tmp/w/mkdocs_sales_playbook-1.2.3-py3-none-any.whl", "archive_info": {}}, None),
        (
            {"url": "https://git.acme.test/tools/playbook.git", "vcs_info": {"vcs": "git", "commit_id": "abc123"}},
            "mkdocs-sales-playbook @ git+https://git.acme.test/tools/playbook.git@abc123",
        ),
        (
            {"url": "https://ada:s3cret@git.acme.test/p.git", "vcs_info": {"vcs": "git", "commit_id": "abc"}},
            "mkdocs-sales-playbook @ git+https://git.acme.test/p.git@abc",  # no credentials in the repository
        ),
        (
            {"url": "ssh://git@git.acme.test/tools/playbook.git", "vcs_info": {"vcs": "git", "commit_id": "abc"}},
            "mkdocs-sales-playbook @ git+ssh://git@git.acme.test/tools/playbook.git@abc",
        ),
        (
            {"url": "https://files.acme.test/mkdocs_sales_playbook-1.2.3-py3-none-any.whl", "archive_info": {}},
            "mkdocs-sales-playbook @ https://files.acme.test/mkdocs_sales_playbook-1.2.3-py3-none-any.whl",
        ),
    ],
)
def test_requirements_install_the_tool_from_where_the_copy_that_ran_init_came_from(direct_url, line):
    assert requirement_line("1.2.3", direct_url) == (line or "mkdocs-sales-playbook==1.2.3")


def test_the_distribution_has_a_name_of_its_own_and_the_command_and_plugin_keep_theirs():
    assert f'\nname = "{DISTRIBUTION}"\n' in (ROOT / "pyproject.toml").read_text()
    dist = metadata.distribution(DISTRIBUTION)
    assert dist.metadata["Name"] == DISTRIBUTION == "mkdocs-sales-playbook" and dist.version == __version__
    points = {(e.group, e.name): e.value for e in dist.entry_points}
    assert points[("console_scripts", "playbook")] == "playbook.cli:main"
    assert points[("mkdocs.plugins", "playbook")] == "playbook_plugins.plugin:PlaybookPlugin"
    readme = (ROOT / "README.md").read_text()
    assert f"pip install {DISTRIBUTION}" in readme and f"{DISTRIBUTION} @ git+https://" in readme


WHERE_FROM = """
import json, importlib.metadata as m, playbook, playbook_plugins
dist = m.distribution("mkdocs-sales-playbook")
plugins = [e for e in m.entry_points(group="mkdocs.plugins") if e.name == "playbook"]
print(json.dumps({
    "playbook": playbook.__file__,
    "playbook_plugins": playbook_plugins.__file__,
    "plugins": [str(e.dist.locate_file("")) for e in plugins],
    "dist": str(dist.locate_file("")),
    "direct_url": json.loads(dist.read_text("direct_url.json") or "{}").get("url"),
}))
"""


@pytest.mark.slow
def test_a_fresh_virtual_environment_installs_the_new_repository_then_checks_and_builds_it(tmp_path):
    """What a new team's CI does, on this machine. The tool comes from a wheel of the working tree
    (`pip wheel`: there is no package index of ours); what it needs comes from the system's packages,
    because installing those from the index takes minutes (the closing note of issue 29 has the times)."""
    source = tmp_path / "source"
    for name in ("playbook", "plugins"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    wheel_command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)]
    built = run(*wheel_command, cwd=tmp_path, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    assert [w.name for w in wheels.iterdir()] == [f"mkdocs_sales_playbook-{__version__}-py3-none-any.whl"]

    repo = tmp_path / "acme-playbook"
    assert init(tmp_path, repo.name, "--repo-url", "https://git.acme.test/sales/playbook").returncode == 0
    assert (repo / "requirements.txt").read_text().splitlines()[-1] == f"{DISTRIBUTION}=={__version__}"
    venv = tmp_path / "venv"
    made = run(sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(venv), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = str(venv / "bin/python")
    # This machine may have the tool installed already (CI installs this checkout, editable): the new
    # environment takes the wheel all the same, and what the tool needs from the system's packages.
    install = ["-m", "pip", "install", "-q", "--no-index", "--find-links", str(wheels), "--ignore-installed"]
    install += ["--no-deps", "-r", "requirements.txt"]
    installed = run(python, *install, cwd=repo, timeout=600)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    # The tool under test is the wheel's copy inside the new environment, not this checkout's.
    found = json.loads(run(python, "-c", WHERE_FROM, cwd=repo).stdout)
    inside = str(venv / "lib") + os.sep
    assert found["playbook"].startswith(inside) and found["playbook_plugins"].startswith(inside), found
    assert found["dist"].startswith(inside) and [p.startswith(inside) for p in found["plugins"]] == [True], found
    assert found["direct_url"] is None  # installed by its name, as requirements.txt asks, from the wheel
    installed = Path(found["playbook"]).parent
    for module in ("newrepo.py", "load/placeholders.py", "filecache.py"):  # this checkout's code, as it is now
        assert (installed / module).read_bytes() == (ROOT / "playbook" / module).read_bytes(), module

    def tool(*args: str) -> subprocess.CompletedProcess:
        return run(str(venv / "bin" / args[0]), *args[1:], cwd=repo, timeout=300)

    assert tool("playbook", "check").returncode == 0
    strict = tool("playbook", "check", "--format", "github", "--strict")  # as the workflow runs it
    assert strict.returncode == 1
    assert strict.stdout.startswith("::warning file=content/principles/listen-first.yml,line=30,col=13,")
    listen = repo / "content/principles/listen-first.yml"
    placeholder = "TODO: the book, article or call this principle comes from"
    listen.write_text(listen.read_text().replace(placeholder, "Our own calls"))
    git(repo, "-c", "user.name=Ada Rep", "-c", "user.email=ada@acme.test", "commit", "-qam", "Name the source")
    assert tool("playbook", "check", "--strict").returncode == 0
    # As the workflow builds it (`mkdocs` is the system's here, so run by the environment's Python).
    site = run(python, "-m", "mkdocs", "build", "--strict", cwd=repo, timeout=300)
    assert site.returncode == 0, site.stderr
    edit = "https://git.acme.test/sales/playbook/edit/main/content/principles/listen-first.yml"
    assert edit in (repo / "site/principles/listen-first/index.html").read_text()
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "2" and git(repo, "status", "--porcelain") == ""


def test_export_matches_its_published_schema():
    result = playbook("export", cwd=ROOT)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    jsonschema.validate(data, load_schema("export"))
    assert len(data["principles"]) >= 16 and len(data["call_sheets"]) >= 5


@pytest.mark.skipif(shutil.which("properdocs") is None, reason="properdocs is not installed")
def test_default_playbook_builds_with_properdocs(tmp_path):
    result = run("properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(tmp_path / "site"), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/principles/active-listening/index.html").read_text()
    assert 'data-pb-item="active-listening/' in html
    assert (tmp_path / "site/call-sheets/discovery-call/index.html").is_file()
