"""The workflow's review steps, run as GitHub runs them (bash -eo pipefail, the step's env) against a
real git history and a fake GitHub CLI: every problem lands in the job summary with a link to its
line, and the diff becomes one pull-request comment that later pushes edit in place."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from test_diff import PRINCIPLES, commit, edit, git, start_repo

from conftest import ROOT, run_env
from playbook import prcomment

WORKFLOW = ROOT / ".github/workflows/playbook.yml"
FAKE_GH = '''#!{python}
"""A stand-in for `gh api`: comments kept in a JSON file, listed two per page like --paginate does."""
import json, os, sys
state_file = os.environ["FAKE_GH_STATE"]
state = json.load(open(state_file))
args = sys.argv[1:]
state["calls"].append(args)
method = args[args.index("--method") + 1] if "--method" in args else "GET"
path = [a for a in args[1:] if a.startswith("repos/")][0]
if os.environ.get("FAKE_GH_FAIL"):
    print("HTTP 403: Resource not accessible by integration", file=sys.stderr)
    sys.exit(1)
if method == "GET":
    pages = [state["comments"][i:i + 2] for i in range(0, len(state["comments"]), 2)] or [[]]
    print("".join(json.dumps(page) for page in pages))
elif method == "POST":
    state["next_id"] += 1
    body = json.load(sys.stdin)["body"]
    state["comments"].append({{"id": state["next_id"], "user": {{"login": "github-actions[bot]"}}, "body": body}})
elif method == "PATCH":
    comment_id = int(path.rsplit("/", 1)[1])
    body = json.load(sys.stdin)["body"]
    for comment in state["comments"]:
        if comment["id"] == comment_id:
            comment["body"] = body
json.dump(state, open(state_file, "w"))
'''


def steps() -> dict[str, dict]:
    build = yaml.safe_load(WORKFLOW.read_text("utf-8"))["jobs"]["build"]
    return {
        "summary": next(s for s in build["steps"] if "--format summary" in s.get("run", "")),
        "diff": next(s for s in build["steps"] if "playbook diff" in s.get("run", "")),
        "comment": next(s for s in build["steps"] if "playbook.prcomment" in s.get("run", "")),
    }


class Runner:
    """One job's environment: the summary file, RUNNER_TEMP, the fake gh and its state."""

    def __init__(self, repo: Path, tmp: Path):
        self.repo, self.tmp = repo, tmp
        self.summary = tmp / "summary.md"
        self.summary.write_text("")
        (tmp / "runner").mkdir()
        bin_dir = tmp / "bin"
        bin_dir.mkdir()
        gh = bin_dir / "gh"
        gh.write_text(FAKE_GH.format(python=sys.executable))
        gh.chmod(0o755)
        self.state = tmp / "gh.json"
        self.state.write_text(json.dumps({"comments": [], "calls": [], "next_id": 100}))
        self.path = os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent), os.environ["PATH"]])

    def run(self, name: str, **extra: str) -> subprocess.CompletedProcess:
        step = steps()[name]
        script = self.tmp / f"{name}.sh"
        script.write_text(step["run"])
        env = run_env(
            PATH=self.path,
            GITHUB_STEP_SUMMARY=str(self.summary),
            RUNNER_TEMP=str(self.tmp / "runner"),
            GITHUB_SERVER_URL="https://github.com",
            GITHUB_REPOSITORY="example/sales-playbook",
            GITHUB_SHA=git(self.repo, "rev-parse", "HEAD").strip(),
            FAKE_GH_STATE=str(self.state),
        )
        env.update({key: "main" if "base_ref" in value else "7" for key, value in step.get("env", {}).items()})
        env.update(extra)
        command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)]
        return subprocess.run(command, cwd=self.repo, env=env, capture_output=True, text=True, timeout=600)

    @property
    def comments(self) -> list[dict]:
        return json.loads(self.state.read_text())["comments"]

    @property
    def methods(self) -> list[str]:
        calls = json.loads(self.state.read_text())["calls"]
        return [c[c.index("--method") + 1] if "--method" in c else "GET" for c in calls]


@pytest.fixture
def pull_request(tmp_path) -> Runner:
    """main, and a pull request on top that renames a principle and leaves one reference dangling."""
    repo = start_repo(tmp_path / "pb")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "mv", f"{PRINCIPLES}/treat-gatekeepers-well.yml", f"{PRINCIPLES}/befriend-gatekeepers.yml")
    edit(repo / PRINCIPLES / "befriend-gatekeepers.yml", "id: treat-gatekeepers-well", "id: befriend-gatekeepers")
    commit(repo, "pr-1")
    return Runner(repo, tmp_path)


def test_every_problem_is_in_the_job_summary_linked_to_its_line(pull_request):
    done = pull_request.run("summary")
    assert done.returncode == 1, done.stderr  # the step fails like the check; continue-on-error keeps the job going
    sha = git(pull_request.repo, "rev-parse", "HEAD").strip()
    url = f"https://github.com/example/sales-playbook/blob/{sha}/content/principles/side-by-side.yml"
    assert pull_request.summary.read_text() == (
        "### Playbook check: 1 error\n"
        "\n"
        f"#### [`content/principles/side-by-side.yml`]({url})\n"
        "\n"
        f"- **error** [line 12, column 29]({url}#L12): unknown principle 'treat-gatekeepers-well'"
        " (did you mean 'befriend-gatekeepers'?)\n"
    )


def test_the_diff_goes_into_the_summary_and_one_comment_that_the_next_push_edits(pull_request):
    diff = pull_request.run("diff")
    assert diff.returncode == 0, diff.stderr  # the report was written; the head's errors are in it
    summary = pull_request.summary.read_text()
    assert summary.startswith("### Playbook changes: `origin/main` → `HEAD`\n")
    assert "#### Errors in `HEAD`" in summary and "**Renamed** `treat-gatekeepers-well`" in summary
    posted = pull_request.run("comment")
    assert posted.returncode == 0, posted.stderr
    assert posted.stdout == "playbook comment: posted a new comment\n"
    (first,) = pull_request.comments
    assert first["body"].startswith(prcomment.MARKER + "\n### Playbook changes")
    assert "Errors in `HEAD`" in first["body"]

    repo = pull_request.repo
    edit(repo / PRINCIPLES / "side-by-side.yml", "treat-gatekeepers-well]", "befriend-gatekeepers]")
    commit(repo, "pr-2")  # the author fixes the reference and pushes again
    assert pull_request.run("diff").returncode == 0
    again = pull_request.run("comment")
    assert again.returncode == 0, again.stderr
    assert again.stdout == "playbook comment: updated comment 101\n"
    (updated,) = pull_request.comments
    assert updated["id"] == first["id"] and "Errors in" not in updated["body"]
    assert "**Renamed** `treat-gatekeepers-well`" in updated["body"]
    assert pull_request.methods == ["GET", "POST", "GET", "PATCH"]


def test_a_reviewers_comment_quoting_the_marker_is_left_alone(pull_request):
    state = json.loads(pull_request.state.read_text())
    others = [
        {"id": 5, "user": {"login": "octocat"}, "body": "looks good"},
        {"id": 6, "user": {"login": "reviewer"}, "body": f"> {prcomment.MARKER}\n> quoted"},
        {"id": 7, "user": {"login": "octocat"}, "body": "one more"},
    ]
    state["comments"] = others
    pull_request.state.write_text(json.dumps(state))
    assert pull_request.run("diff").returncode == 0
    assert pull_request.run("comment").returncode == 0
    comments = pull_request.comments
    assert comments[:3] == others and len(comments) == 4 and comments[3]["id"] == 101


def test_no_report_means_a_failed_diff_step_and_so_no_comment(pull_request):
    diff = pull_request.run("diff", BASE_REF="no-such-branch")
    assert diff.returncode != 0
    assert "unknown revision 'origin/no-such-branch'" in diff.stderr
    assert "steps.diff.outcome == 'success'" in steps()["comment"]["if"]


def test_a_refused_call_is_one_clear_line_and_exit_1(pull_request):
    assert pull_request.run("diff").returncode == 0
    failed = pull_request.run("comment", FAKE_GH_FAIL="1")
    assert failed.returncode == 1
    assert failed.stderr.startswith("playbook comment: gh api --paginate repos/example/sales-playbook/issues/7/")
    assert "HTTP 403" in failed.stderr and "Traceback" not in failed.stderr


def test_a_report_too_long_for_a_comment_is_cut_at_a_line_and_points_to_the_summary():
    body = prcomment.comment_body("".join(f"- line {n}\n" for n in range(20_000)))
    assert len(body) <= prcomment.MAX_BODY
    assert body.endswith(prcomment.TRUNCATED) and body.startswith(prcomment.MARKER)
    assert body[: -len(prcomment.TRUNCATED)].splitlines()[-1].startswith("- line ")
