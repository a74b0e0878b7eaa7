"""The GitHub Actions workflow and the pre-commit hook a playbook repository uses: valid as written,
doing what the contribute page promises, and running commands the CLI still accepts."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BASIC, ROOT, copy_playbook, run, run_env
from playbook import commands, filecache
from playbook.cli import build_parser
from playbook.filecache import fingerprint
from playbook.load import parallel
from playbook.settings import load_settings
from playbook.yamlfile import parse_yaml

WORKFLOW = ROOT / ".github/workflows/playbook.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as true


def step(job: dict, action: str, path: str | None = None) -> dict:
    """The one step using ``action`` (on ``path``, when steps of that action keep several folders)."""
    found = [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]
    found = [s for s in found if path is None or s.get("with", {}).get("path") == path]
    assert len(found) == 1, f"expected one step using {action}" + (f" on {path}" if path else "")
    return found[0]


def run_lines(job: dict) -> list[str]:
    return [s["run"].strip() for s in job["steps"] if "run" in s]


def test_workflow_passes_the_github_workflow_schema(tmp_path):
    """check-jsonschema validates against SchemaStore's GitHub workflow schema, which it ships."""
    checker = shutil.which("check-jsonschema")
    assert checker, "check-jsonschema is part of the test extras"
    skeleton = ROOT / "playbook/skeleton/github/workflows/playbook.yml"
    result = run(checker, "--builtin-schema", "vendor.github-workflows", str(WORKFLOW), str(skeleton), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on:", "run-on:", 1))
    result = run(checker, "--builtin-schema", "vendor.github-workflows", str(broken), cwd=ROOT)
    assert result.returncode == 1 and "run-on" in result.stdout


def test_actionlint_finds_nothing():
    actionlint = shutil.which("actionlint")
    if actionlint is None:
        pytest.skip("actionlint is not installed")
    result = run(actionlint, str(WORKFLOW.relative_to(ROOT)), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_runs_on_pull_requests_and_on_pushes_to_main(workflow):
    on = triggers(workflow)
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}


def test_pull_requests_are_checked_with_annotations_then_built_strictly(workflow):
    build = workflow["jobs"]["build"]
    assert step(build, "actions/checkout")["with"]["fetch-depth"] == 0
    assert str(step(build, "actions/setup-python")["with"]["python-version"]) == "3.11"
    commands = run_lines(build)
    install = commands.index("pip install -r requirements.txt")
    check = commands.index("playbook check --format github --strict")
    site = commands.index("mkdocs build --strict")
    assert install < check < site


def named(job: dict, words: str) -> dict:
    found = [s for s in job["steps"] if words in s.get("name", "")]
    assert len(found) == 1, f"expected one step named with {words!r}"
    return found[0]


def test_every_problem_goes_into_the_job_summary_even_when_the_check_failed(workflow):
    build = workflow["jobs"]["build"]
    summary = named(build, "job summary (annotations")
    assert summary["if"] == "${{ !cancelled() }}"
    assert summary["continue-on-error"] is True
    assert summary["run"].strip() == 'playbook check --format summary >> "$GITHUB_STEP_SUMMARY"'
    assert build["steps"].index(summary) == build["steps"].index(named(build, "annotations on the file")) + 1


def test_pull_requests_get_the_diff_in_the_summary_and_one_comment_and_forks_the_summary_only(workflow):
    build = workflow["jobs"]["build"]
    assert build["permissions"] == {"contents": "read", "pull-requests": "write"}
    diff = next(s for s in build["steps"] if "playbook diff" in s.get("run", ""))
    assert diff["id"] == "diff"
    assert diff["if"] == "${{ !cancelled() && github.event_name == 'pull_request' }}"
    assert diff["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert 'playbook diff "origin/${BASE_REF}" HEAD --format markdown' in diff["run"]
    comment = named(build, "one pull-request comment")
    condition = " ".join(comment["if"].split())
    assert "github.event.pull_request.head.repo.full_name == github.repository" in condition  # no fork
    assert "steps.diff.outcome == 'success'" in condition and "!cancelled()" in condition
    assert comment["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert "python -m playbook.prcomment" in comment["run"]
    steps = build["steps"]
    assert steps.index(diff) < steps.index(comment) < steps.index(named(build, "Build the site"))
    upload = step(build, "actions/upload-artifact")
    assert upload["uses"] == "actions/upload-artifact@v4"
    assert upload["with"]["path"].rstrip("/") == "site"
    assert "if" not in upload  # every push is built and kept, for a preview or a private deployment


def test_github_pages_publishes_only_when_the_repository_opts_in(workflow):
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    pages = step(build, "actions/upload-pages-artifact")
    assert pages["uses"] == "actions/upload-pages-artifact@v3"
    assert pages["with"]["path"].rstrip("/") == "site"
    opted_in = (
        "github.event_name != 'pull_request' && github.ref == 'refs/heads/main' && vars.PLAYBOOK_PUBLIC_PAGES == 'true'"
    )
    assert pages["if"] == deploy["if"] == opted_in
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert step(deploy, "actions/configure-pages")
    deployed = step(deploy, "actions/deploy-pages")
    assert deployed["uses"] == "actions/deploy-pages@v4" and deployed["id"] == "deployment"
    assert "PLAYBOOK_PUBLIC_PAGES" in (ROOT / "content/hosting.md").read_text()
    assert "PLAYBOOK_PUBLIC_PAGES" in (ROOT / "README.md").read_text()


def test_every_playbook_command_in_the_workflow_and_the_hook_is_accepted_by_the_cli(workflow):
    hooks = yaml.safe_load(HOOKS.read_text("utf-8"))
    lines = [line.strip() for job in workflow["jobs"].values() for run in run_lines(job) for line in run.splitlines()]
    commands = [line for line in lines if line.startswith("playbook ")]
    commands += [hook["entry"] for hook in hooks]
    assert len(commands) == 4
    for command in commands:
        words = shlex.split(command.split(">")[0].replace("${BASE_REF}", "main"))
        args = build_parser().parse_args(words[1:])  # a usage error exits the test with SystemExit
        assert callable(args.handler)


def test_pre_commit_hook_checks_content_files_once_per_commit():
    hooks = yaml.safe_load(HOOKS.read_text("utf-8"))
    hook = next(h for h in hooks if h["id"] == "playbook-check")
    assert hook["entry"] == "playbook check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("content/principles/active-listening.yml")
    assert files.search("content/contribute.md")
    assert not files.search("playbook/cli.py") and not files.search("mkdocs.yml")


def test_new_playbooks_get_the_same_workflow():
    skeleton = ROOT / "playbook/skeleton/github/workflows/playbook.yml"
    assert skeleton.read_text() == (ROOT / ".github/workflows/playbook.yml").read_text()


def test_the_check_cache_is_restored_before_the_check_and_saved_after_it_under_the_codes_fingerprint(workflow):
    build = workflow["jobs"]["build"]
    steps = build["steps"]
    find = next(s for s in steps if s.get("id") == "check-cache-key")
    folder = "${{ steps.check-cache-key.outputs.folder }}"
    restore, save = step(build, "actions/cache/restore", folder), step(build, "actions/cache/save", folder)
    assert restore["uses"] == "actions/cache/restore@v4" and save["uses"] == "actions/cache/save@v4"
    prefix = "${{ steps.check-cache-key.outputs.prefix }}"
    # Exact key: this code and this content; restore key: the newest cache of this code, any content.
    assert restore["id"] == "check-cache"
    assert restore["with"]["key"] == prefix + "${{ hashFiles('content/**') }}"
    assert restore["with"]["restore-keys"] == prefix
    assert restore["with"]["path"] == save["with"]["path"] == "${{ steps.check-cache-key.outputs.folder }}"
    assert save["with"]["key"] == "${{ steps.check-cache.outputs.cache-primary-key }}"
    condition = save["if"]
    assert "!cancelled()" in condition and "failure()" not in condition  # saved when the check fails too
    assert "steps.check-cache.outcome == 'success'" in condition
    assert "steps.check-cache.outputs.cache-hit != 'true'" in condition  # an exact hit is already stored
    assert save["continue-on-error"] is True  # a cache service hiccup never fails the pull request
    order = [steps.index(s) for s in (named(build, "Install"), find, restore)]
    order += [steps.index(named(build, "annotations on the file")), steps.index(named(build, "job summary (ann"))]
    assert order + [steps.index(save)] == sorted(order + [steps.index(save)])


def cache_step_outputs(tmp_path, cache: Path) -> dict[str, str]:
    """Run the workflow's step that names the cache, as GitHub runs a `shell: python` step."""
    build = yaml.safe_load(WORKFLOW.read_text("utf-8"))["jobs"]["build"]
    find = next(s for s in build["steps"] if s.get("id") == "check-cache-key")
    assert find["shell"] == "python"
    script, outputs = tmp_path / "find-cache.py", tmp_path / "github-output"
    script.write_text(find["run"])
    env = run_env(GITHUB_OUTPUT=str(outputs), RUNNER_OS="Linux", PLAYBOOK_CACHE_DIR=str(cache))
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return dict(line.split("=", 1) for line in outputs.read_text().splitlines())


def test_the_cache_step_names_the_folder_and_fingerprint_that_check_then_writes(tmp_path):
    cache = tmp_path / "cache"
    outputs = cache_step_outputs(tmp_path, cache)
    assert outputs["folder"] == str(cache)
    assert outputs["prefix"] == f"playbook-check-Linux-{fingerprint()}-"
    root = copy_playbook(BASIC, tmp_path / "pb")
    env = run_env(PLAYBOOK_CACHE_DIR=str(cache))
    command = [sys.executable, "-m", "playbook.cli", "check"]
    assert subprocess.run(command, cwd=root, env=env, capture_output=True, timeout=600).returncode == 0
    (written,) = cache.glob("check-*.marshal")
    assert written.name.endswith(f"-{fingerprint()}.marshal")


def test_a_cache_restored_from_an_earlier_run_is_used_and_never_hides_a_change(tmp_path, monkeypatch):
    """Run 1 checks main and saves; run 2, on a fresh runner with the cache restored and a fresh
    checkout of a pull request at the same path, parses only the file the pull request changed."""
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "runner-1"))
    root = copy_playbook(BASIC, tmp_path / "work/pb")
    assert commands._check(root, load_settings(root)).problems == []
    shutil.copytree(tmp_path / "runner-1", tmp_path / "runner-2")  # what actions/cache carries over
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "runner-2"))
    shutil.rmtree(root)
    copy_playbook(BASIC, root)
    changed = root / "content/principles/side-by-side.yml"
    changed.write_text(changed.read_text().replace("stage: discovery", "stage: discovry\nhow: [TODO]"))
    parsed = []
    monkeypatch.setattr(parallel, "parse_yaml", lambda raw, rel: parsed.append(rel) or parse_yaml(raw, rel))
    cached = commands._check(root, load_settings(root)).problems
    assert parsed == ["content/principles/side-by-side.yml"]
    assert cached == commands._check(root, load_settings(root), cache=False).problems
    assert [p.message[:24] for p in cached] == ["unknown stage 'discovry'", 'how: "TODO" is a placeho']


def test_the_fingerprint_names_installed_releases_so_a_fresh_install_in_ci_keeps_it(tmp_path):
    """pip writes files with the time of the install: a fingerprint made of file times changed on every
    CI run (a fresh environment each time), so no cache was ever found."""
    package = tmp_path / "site-packages/jsonschema"
    package.mkdir(parents=True)
    module = package / "__init__.py"
    module.write_text("# jsonschema\n")
    (tmp_path / "site-packages/jsonschema-4.23.0.dist-info").mkdir()
    (tmp_path / "site-packages/jsonschema_specifications-2025.1.dist-info").mkdir()
    before = filecache._installed("jsonschema", str(module))
    module.unlink()
    module.write_text("# jsonschema\n")  # installed again: the same release, other file times
    os.utime(module, (1_000_000, 1_000_000))
    assert filecache._installed("jsonschema", str(module)) == before == "jsonschema-4.23.0.dist-info"
    (tmp_path / "site-packages/jsonschema-4.23.0.dist-info").rename(
        tmp_path / "site-packages/jsonschema-4.24.0.dist-info"
    )
    assert filecache._installed("jsonschema", str(module)) != before
