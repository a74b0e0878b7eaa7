"""The GitHub Actions workflow and the pre-commit hook a playbook repository uses: valid as written,
doing what the contribute page promises, and running commands the CLI still accepts."""

from __future__ import annotations

import re
import shlex
import shutil

import pytest
import yaml

from conftest import ROOT, run
from playbook.cli import build_parser

WORKFLOW = ROOT / ".github/workflows/playbook.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as true


def step(job: dict, action: str) -> dict:
    found = [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"expected one step using {action}"
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


def test_pull_requests_get_the_diff_in_the_job_summary_and_the_site_as_an_artifact(workflow):
    build = workflow["jobs"]["build"]
    diff = next(s for s in build["steps"] if "playbook diff" in s.get("run", ""))
    assert diff["if"] == "github.event_name == 'pull_request'"
    assert diff["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert re.fullmatch(
        r'playbook diff "origin/\$\{BASE_REF\}" HEAD --format markdown >> "\$GITHUB_STEP_SUMMARY"', diff["run"].strip()
    )
    upload = step(build, "actions/upload-artifact")
    assert upload["uses"] == "actions/upload-artifact@v4"
    assert upload["with"]["path"].rstrip("/") == "site"
    assert "pull_request" in upload["if"]


def test_main_is_published_to_github_pages(workflow):
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    pages = step(build, "actions/upload-pages-artifact")
    assert pages["uses"] == "actions/upload-pages-artifact@v3"
    assert pages["with"]["path"].rstrip("/") == "site"
    only_main = "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    assert pages["if"] == deploy["if"] == only_main
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert step(deploy, "actions/configure-pages")
    deployed = step(deploy, "actions/deploy-pages")
    assert deployed["uses"] == "actions/deploy-pages@v4" and deployed["id"] == "deployment"


def test_every_playbook_command_in_the_workflow_and_the_hook_is_accepted_by_the_cli(workflow):
    hooks = yaml.safe_load(HOOKS.read_text("utf-8"))
    commands = [line for job in workflow["jobs"].values() for line in run_lines(job) if line.startswith("playbook ")]
    commands += [hook["entry"] for hook in hooks]
    assert len(commands) == 3
    for command in commands:
        words = shlex.split(command.split(">>")[0].replace("${BASE_REF}", "main"))
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
